/* What every part of type inference shares: where a cell is, for
 * messages; what "mostly" and "a few" mean; handing values over. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer_cells.h"

size_t infer_line(const nn_infer_context *ctx, size_t row)
{
    return nn_line_map_line(ctx->map, row);
}

int infer_at_cell(char *buf, size_t len, const nn_infer_context *ctx, size_t row)
{
    return snprintf(buf, len, "%s:%zu:%zu: column \"%s\"", ctx->path, infer_line(ctx, row),
                    ctx->col + 1, ctx->name);
}

int infer_out_of_memory(const nn_infer_context *ctx, nn_error *err)
{
    return nn_fail(err, "%s: out of memory", ctx->path);
}

int infer_mostly(size_t part, size_t whole)
{
    return part >= MOSTLY_MIN && part * 100 >= (size_t)MOSTLY_PERCENT * whole;
}

int infer_few_words(size_t words, size_t numbers)
{
    return words < numbers &&
           (words <= FEW_WORDS || 100 * words <= (size_t)FEW_WORDS_PERCENT * (words + numbers));
}

float *infer_take_values(nn_col_builder *b, size_t nrows)
{
    float *v = realloc(b->values, (nrows ? nrows : 1) * sizeof *v);
    if (!v)
        v = b->values; /* shrinking cannot really fail; keep the bigger block */
    b->values = NULL;
    return v;
}

uint32_t infer_row_code(const nn_col_builder *b, size_t r)
{
    return b->codes ? b->codes[r] : 0;
}

void infer_values_by_code(nn_col_builder *b, const nn_infer_context *ctx, nn_col_type type,
                          const float *by_code, nn_column *out)
{
    out->type = type;
    out->values = infer_take_values(b, ctx->nrows);
    for (size_t r = 0; r < ctx->nrows; r++) {
        uint32_t c = infer_row_code(b, r);
        out->values[r] = c ? by_code[c - 1] : NAN;
    }
    out->missing = ctx->nrows - b->texts;
}

int infer_set_levels(nn_column *out, const char *const *words, size_t n)
{
    out->levels = calloc(n, sizeof *out->levels);
    if (!out->levels)
        return -1;
    out->nlevels = n;
    for (size_t i = 0; i < n; i++)
        if (!(out->levels[i] = strdup(words[i])))
            return -1;
    return 0;
}
