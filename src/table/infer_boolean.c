/* Boolean columns: yes/no, true/false, y/n or t/f words (any case),
 * labelled with their most frequent spelling, and the boolean type a
 * `like` column imposes (0/1 numbers too). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer_boolean.h"

static const char *const bool_words[][2] = {{"no", "yes"}, {"false", "true"}, {"n", "y"},
                                            {"f", "t"}, {"0", "1"}};
enum { BOOL_WORD_KINDS = 4 }; /* "0"/"1" only when the type is imposed */

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int word_equal(const char *s, size_t len, const char *word)
{
    if (strlen(word) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (ascii_lower((unsigned char)s[i]) != word[i])
            return 0;
    return 1;
}

/* 0 or 1 for a boolean word, -1 otherwise; *kind is its pair. */
static int bool_value(const char *s, size_t len, int kinds, int *kind)
{
    for (int k = 0; k < kinds; k++)
        for (int v = 0; v < 2; v++)
            if (word_equal(s, len, bool_words[k][v])) {
                *kind = k;
                return v;
            }
    return -1;
}

/* The other word of the pair, spelled in the same case as `like`. */
static void complement(const char *like, int kind, int value, char *buf, size_t len)
{
    const char *w = bool_words[kind][!value];
    int upper_first = like[0] >= 'A' && like[0] <= 'Z';
    int upper_all = upper_first && (!like[1] || (like[1] >= 'A' && like[1] <= 'Z'));
    size_t i = 0;
    for (; w[i] && i + 1 < len; i++)
        buf[i] = (char)((upper_all || (upper_first && i == 0)) ? w[i] - 32 : w[i]);
    buf[i] = '\0';
}

/* levels[v] = the most frequent spelling of value v. */
static int boolean_column(nn_col_builder *b, const nn_infer_context *ctx, int kinds,
                          nn_column *out, nn_error *err)
{
    const nn_string_table *t = &b->strings;
    float *value = malloc((t->n ? t->n : 1) * sizeof *value);
    if (!value)
        return infer_out_of_memory(ctx, err);
    size_t best[2] = {NN_NO_ROW, NN_NO_ROW};
    int kind[2] = {0, 0};
    for (size_t i = 0; i < t->n; i++) {
        int k, v = bool_value(nn_strtab_text(t, i), t->entries[i].len, kinds, &k);
        value[i] = (float)v;
        if (v >= 0 && (best[v] == NN_NO_ROW || t->entries[i].count > t->entries[best[v]].count)) {
            best[v] = i;
            kind[v] = k;
        }
    }
    char spelled[2][8];
    const char *labels[2];
    for (int v = 0; v < 2; v++) {
        if (best[v] != NN_NO_ROW)
            labels[v] = nn_strtab_text(t, best[v]);
        else if (best[!v] != NN_NO_ROW) {
            complement(nn_strtab_text(t, best[!v]), kind[!v], !v, spelled[v], sizeof spelled[v]);
            labels[v] = spelled[v];
        } else
            labels[v] = ctx->like && ctx->like->nlevels == 2 ? ctx->like->levels[v]
                                                             : bool_words[1][v];
    }
    infer_values_by_code(b, ctx, NN_COL_BOOLEAN, value, out);
    free(value);
    return infer_set_levels(out, labels, 2) < 0 ? infer_out_of_memory(ctx, err) : 0;
}

static int all_boolean_words(const nn_string_table *t, int kinds)
{
    int k;
    for (size_t i = 0; i < t->n; i++)
        if (bool_value(nn_strtab_text(t, i), t->entries[i].len, kinds, &k) < 0)
            return 0;
    return t->n > 0;
}

int infer_boolean_words(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                        nn_error *err)
{
    if (!all_boolean_words(&b->strings, BOOL_WORD_KINDS))
        return 1;
    return boolean_column(b, ctx, BOOL_WORD_KINDS, out, err);
}

int infer_imposed_boolean(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                           nn_error *err)
{
    enum { ALL_KINDS = BOOL_WORD_KINDS + 1 };
    if (b->texts == 0) {
        for (size_t r = 0; r < ctx->nrows; r++)
            if (!isnan(b->values[r]) && b->values[r] != 0.0f && b->values[r] != 1.0f)
                FAIL_AT(ctx, r, err, "found a number other than 0 and 1, expected a boolean "
                                     "(the column is boolean in %s)", ctx->like_source);
        if (b->infinite)
            FAIL_AT(ctx, b->infinite_cells[0].row, err, "found \"%s\", expected a boolean",
                    b->infinite_cells[0].text);
        static const char *const labels[] = {"0", "1"};
        out->type = NN_COL_BOOLEAN;
        out->values = infer_take_values(b, ctx->nrows);
        out->missing = ctx->nrows - b->numbers;
        return infer_set_levels(out, labels, 2) < 0 ? infer_out_of_memory(ctx, err) : 0;
    }
    const nn_string_table *t = &b->strings;
    for (size_t i = 0; i < t->n; i++) {
        int k;
        if (bool_value(nn_strtab_text(t, i), t->entries[i].len, ALL_KINDS, &k) < 0)
            FAIL_AT(ctx, t->entries[i].first_row, err,
                    "found \"%s\", expected a boolean such as yes/no, true/false or 0/1 (the "
                    "column is boolean in %s)", nn_strtab_text(t, i), ctx->like_source);
    }
    return boolean_column(b, ctx, ALL_KINDS, out, err);
}
