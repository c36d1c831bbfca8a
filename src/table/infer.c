/* Choosing a column's type (the rules are in infer.h): numbers, levels,
 * and the order in which the families of types are tried. */
#include "infer.h"
#include "infer_boolean.h"
#include "infer_cells.h"
#include "infer_dates.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_date.h"
#include "parse_loose.h"

int nn_infer_needs_text(const nn_col_builder *b, const nn_column *like, const nn_col_type *forced)
{
    size_t numbers = b->numbers + b->infinite;
    if (forced)
        return *forced != NN_COL_NUMERIC && numbers > 0;
    if (like) {
        switch (like->type) {
        case NN_COL_BOOLEAN: return b->texts > 0 && numbers > 0;
        case NN_COL_CATEGORICAL:
        case NN_COL_TEXT: return numbers > 0;
        default: return 0;
        }
    }
    return b->texts > 0 && numbers > 0 && !infer_few_words(b->texts, numbers);
}

/* The first row with a number (not missing, not text). */
static size_t first_number_row(const nn_col_builder *b, size_t nrows)
{
    for (size_t r = 0; r < nrows; r++)
        if (!isnan(b->values[r]) && !infer_row_code(b, r))
            return r;
    return b->infinite_cells[0].row;
}

/* --- numeric columns -------------------------------------------------------- */

/* ',' (or '.') as thousands separator in one cell and decimal mark in
 * another: the column's readings disagree. Reported at the later cell,
 * where the disagreement shows, naming the earlier one. */
static int check_separators(const nn_col_builder *b, const nn_infer_context *ctx, nn_error *err)
{
    const nn_cell_sample *pairs[2][2] = {{&b->comma_thousands, &b->comma_decimal},
                                         {&b->dot_thousands, &b->dot_decimal}};
    for (int k = 0; k < 2; k++) {
        const nn_cell_sample *group = pairs[k][0], *decimal = pairs[k][1];
        if (group->row == NN_NO_ROW || decimal->row == NN_NO_ROW)
            continue;
        int group_first = group->row < decimal->row;
        const nn_cell_sample *first = group_first ? group : decimal;
        const nn_cell_sample *later = group_first ? decimal : group;
        const char *decimal_role = k == 0 ? "the decimal mark" : "the decimal point";
        const char *first_role = group_first ? "a thousands separator" : decimal_role;
        const char *later_role = group_first ? decimal_role : "a thousands separator";
        char mark = k == 0 ? ',' : '.';
        FAIL_AT(ctx, later->row, err,
                "\"%s\" reads '%c' as %s but \"%s\" (line %zu, column %zu) reads it as %s; %s",
                later->text, mark, later_role, first->text, infer_line(ctx, first->row),
                ctx->col + 1, first_role,
                k == 0 ? "say which with decimal=. or decimal=,"
                       : "a column must write its numbers one way");
    }
    return 0;
}

/* "3:2 "inf", 5:2 "1e39"": the first few infinite cells. */
static void list_infinite(const nn_col_builder *b, const nn_infer_context *ctx, char *buf,
                          size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NN_INFINITE_SHOWN && i < b->infinite && used < len; i++) {
        const nn_cell_sample *c = &b->infinite_cells[i];
        int n = snprintf(buf + used, len - used, "%s%zu:%zu \"%s\"", i ? ", " : "",
                         infer_line(ctx, c->row), ctx->col + 1, c->text);
        used += n > 0 ? (size_t)n : 0;
    }
    if (b->infinite > NN_INFINITE_SHOWN && used < len)
        snprintf(buf + used, len - used, " and %zu more", b->infinite - NN_INFINITE_SHOWN);
}

/* "t.csv:14:2 "n.a.", t.csv:530:2 "12*"": the first few words. */
static void list_words(const nn_col_builder *b, const nn_infer_context *ctx, char *buf, size_t len)
{
    size_t used = 0, shown = 0;
    buf[0] = '\0';
    for (size_t r = 0; r < ctx->nrows && shown < WORDS_SHOWN && used < len; r++) {
        if (!b->codes[r])
            continue;
        int n = snprintf(buf + used, len - used, "%s%s:%zu:%zu \"%.40s\"", shown++ ? ", " : "",
                         ctx->path, infer_line(ctx, r), ctx->col + 1,
                         nn_strtab_text(&b->strings, b->codes[r] - 1));
        used += n > 0 ? (size_t)n : 0;
    }
    if (b->texts > WORDS_SHOWN && used < len)
        snprintf(buf + used, len - used, " and %zu more", b->texts - WORDS_SHOWN);
}

static void note_words(const nn_col_builder *b, const nn_infer_context *ctx, nn_notes *notes)
{
    char cells[1200], why[200];
    list_words(b, ctx, cells, sizeof cells);
    if (ctx->forced)
        snprintf(why, sizeof why, "types=%s:numeric", ctx->name);
    else
        snprintf(why, sizeof why, "if such words mark missing values, add them to na=");
    NOTE_AT(notes, ctx, b->first_text.row,
            "%zu %s and read as missing (the column is numeric): %s (%s)", b->texts,
            b->texts == 1 ? "cell is not a number" : "cells are not numbers", cells, why);
}

static void numeric_notes(const nn_col_builder *b, const nn_infer_context *ctx, nn_notes *notes)
{
    if (b->texts)
        note_words(b, ctx, notes);
    if (b->infinite) {
        char cells[400];
        list_infinite(b, ctx, cells, sizeof cells);
        NOTE_AT(notes, ctx, b->infinite_cells[0].row,
                "%zu infinite or out-of-range value%s read as missing: %s", b->infinite,
                b->infinite == 1 ? "" : "s", cells);
    }
    /* "1,234" needs no word when other cells of the column settle what ',' is. */
    unsigned settled =
        ctx->decimal == ',' ? NN_NUM_USED_DECIMAL_COMMA : NN_NUM_USED_THOUSANDS_COMMA;
    if (b->ambiguous && !ctx->decimal_given && !(b->loose & settled))
        NOTE_AT(notes, ctx, b->first_ambiguous.row,
                "%zu value%s such as \"%s\" could use ',' for thousands or for decimals; read "
                "with ',' as %s (decimal=%c reads it as %s)",
                b->ambiguous, b->ambiguous == 1 ? "" : "s", b->first_ambiguous.text,
                ctx->decimal == ',' ? "the decimal mark" : "a thousands separator",
                ctx->decimal == ',' ? '.' : ',',
                ctx->decimal == ',' ? "a thousands separator" : "the decimal mark");
    if (b->tiny)
        NOTE_AT(notes, ctx, b->first_tiny.row,
                "%zu value%s too small for float32 (below %g) %s read as the nearest it holds, "
                "with fewer digits or as 0: \"%s\" as %g", b->tiny, b->tiny == 1 ? "" : "s",
                FLT_MIN, b->tiny == 1 ? "was" : "were", b->first_tiny.text, b->first_tiny_value);
    if (b->spaced)
        NOTE_AT(notes, ctx, b->first_spaced.row,
                "%zu value%s with spaces (or apostrophes) between thousands %s read as one "
                "number: \"%s\" as %.9g", b->spaced, b->spaced == 1 ? "" : "s",
                b->spaced == 1 ? "was" : "were", b->first_spaced.text,
                b->values[b->first_spaced.row]);
    if (b->first_percent.row != NN_NO_ROW)
        NOTE_AT(notes, ctx, b->first_percent.row,
                "percentages such as \"%s\" are read as the number before the %% sign "
                "(not divided by 100)", b->first_percent.text);
    if (b->comma_decimal.row != NN_NO_ROW && b->dot_decimal.row != NN_NO_ROW &&
        b->comma_thousands.row == NN_NO_ROW && b->dot_thousands.row == NN_NO_ROW)
        NOTE_AT(notes, ctx, b->comma_decimal.row,
                "\"%s\" has a decimal comma but \"%s\" (line %zu) a decimal point; both are read "
                "as decimals", b->comma_decimal.text, b->dot_decimal.text,
                infer_line(ctx, b->dot_decimal.row));
}

static int only_zeros_and_ones(const float *v, size_t n)
{
    int zero = 0, one = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == 0.0f)
            zero = 1;
        else if (v[i] == 1.0f)
            one = 1;
        else if (!isnan(v[i]))
            return 0;
    }
    return zero && one;
}

static int numeric_column(nn_col_builder *b, const nn_infer_context *ctx, int may_be_boolean,
                          nn_column *out, nn_notes *notes, nn_error *err)
{
    if (check_separators(b, ctx, err) < 0)
        return -1;
    numeric_notes(b, ctx, notes);
    out->values = infer_take_values(b, ctx->nrows);
    out->missing = ctx->nrows - b->numbers;
    out->type = NN_COL_NUMERIC;
    if (b->numbers == 0 && ctx->nrows > 0)
        nn_notes_add(notes, "%s: column \"%s\" (column %zu) has no values: every cell is missing",
                     ctx->path, ctx->name, ctx->col + 1);
    if (may_be_boolean && only_zeros_and_ones(out->values, ctx->nrows)) {
        static const char *const labels[] = {"0", "1"};
        out->type = NN_COL_BOOLEAN;
        if (infer_set_levels(out, labels, 2) < 0)
            return infer_out_of_memory(ctx, err);
    }
    return 0;
}

/* --- levels (categorical and text) ------------------------------------------ */

static int by_text(const void *a, const void *b, void *table)
{
    return strcmp(nn_strtab_text(table, *(const uint32_t *)a),
                  nn_strtab_text(table, *(const uint32_t *)b));
}

/* Levels sorted; each row's value is its level's index. */
static int level_column(nn_col_builder *b, const nn_infer_context *ctx, nn_col_type type,
                        nn_column *out, nn_error *err)
{
    const nn_string_table *t = &b->strings;
    if (t->n > MAX_LEVELS)
        FAIL_AT(ctx, b->first_text.row, err, "more than %d distinct values", MAX_LEVELS);
    uint32_t *order = malloc((t->n ? t->n : 1) * sizeof *order);
    float *rank = malloc((t->n ? t->n : 1) * sizeof *rank); /* exact: n <= MAX_LEVELS */
    if (!order || !rank) {
        free(order);
        free(rank);
        return infer_out_of_memory(ctx, err);
    }
    for (uint32_t i = 0; i < t->n; i++)
        order[i] = i;
    qsort_r(order, t->n, sizeof *order, by_text, (void *)t);
    for (uint32_t i = 0; i < t->n; i++)
        rank[order[i]] = (float)i;
    infer_values_by_code(b, ctx, type, rank, out);
    free(rank);
    out->levels = calloc(t->n ? t->n : 1, sizeof *out->levels);
    int ok = out->levels != NULL;
    if (ok)
        out->nlevels = t->n;
    for (size_t i = 0; ok && i < t->n; i++)
        ok = (out->levels[i] = strdup(nn_strtab_text(t, order[i]))) != NULL;
    free(order);
    return ok ? 0 : infer_out_of_memory(ctx, err);
}

/* --- text columns ------------------------------------------------------------- */

static int text_column(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                       nn_notes *notes, nn_error *err)
{
    const nn_string_table *t = &b->strings;
    int rc = infer_boolean_words(b, ctx, out, err);
    if (rc != 1)
        return rc;
    rc = infer_dates_of_text(b, ctx, out, notes, err);
    if (rc != 1)
        return rc;
    int few = t->n <= CATEGORICAL_MAX && 2 * t->n <= b->texts;
    return level_column(b, ctx, few ? NN_COL_CATEGORICAL : NN_COL_TEXT, out, err);
}

/* --- types imposed by `like` ---------------------------------------------------- */

static int imposed_type(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                        nn_notes *notes, nn_error *err)
{
    const nn_column *like = ctx->like;
    switch (like->type) {
    case NN_COL_NUMERIC:
        if (b->texts)
            FAIL_AT(ctx, b->first_text.row, err,
                    "found \"%s\", expected a number (the column is numeric in %s)",
                    b->first_text.text, ctx->like_source);
        return numeric_column(b, ctx, 0, out, notes, err);
    case NN_COL_BOOLEAN:
        return infer_imposed_boolean(b, ctx, out, err);
    case NN_COL_DATE:
        if (b->numbers || b->infinite)
            FAIL_AT(ctx, first_number_row(b, ctx->nrows), err,
                    "found a number, expected a date in the %s form (the column holds dates in "
                    "%s)", nn_date_format_name(like->date_format), ctx->like_source);
        return infer_date_column(b, ctx, like->date_format, out, err);
    case NN_COL_CATEGORICAL:
    case NN_COL_TEXT:
        return level_column(b, ctx, like->type, out, err);
    default:
        return nn_fail(err, "%s: column \"%s\": unknown type in %s", ctx->path, ctx->name,
                       ctx->like_source);
    }
}

/* --- the entry point ----------------------------------------------------------- */

/* Mostly numbers but too many words to read them as missing: say why
 * the column is not numeric, at its first word. */
static void note_too_many_words(const nn_col_builder *b, const nn_infer_context *ctx,
                                nn_notes *notes)
{
    size_t words = b->typed.texts, numbers = b->typed.numbers;
    if (numbers <= words)
        return; /* infer_mostly words: plainly a text column */
    NOTE_AT(notes, ctx, b->typed.first_text.row,
            "%zu of its %zu values are not numbers, such as \"%s\" here: too many to read as "
            "missing (at most %d, or %d %% of the values), so the column is not numeric (types=%s:numeric "
            "reads them as missing)", words, words + numbers, b->typed.first_text.text, FEW_WORDS,
            FEW_WORDS_PERCENT, ctx->name);
}

static int infer(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out, nn_notes *notes,
                 nn_error *err)
{
    if (ctx->forced && *ctx->forced == NN_COL_NUMERIC)
        return numeric_column(b, ctx, 0, out, notes, err);
    if (ctx->forced && *ctx->forced == NN_COL_DATE)
        return infer_dates_of_text(b, ctx, out, notes, err);
    if (ctx->forced)
        return level_column(b, ctx, *ctx->forced, out, err);
    if (ctx->like)
        return imposed_type(b, ctx, out, notes, err);
    if (b->texts == 0 || infer_few_words(b->texts, b->numbers + b->infinite))
        return numeric_column(b, ctx, 1, out, notes, err);
    note_too_many_words(b, ctx, notes);
    return text_column(b, ctx, out, notes, err);
}

int nn_infer_column(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                    nn_notes *notes, nn_error *err)
{
    memset(out, 0, sizeof *out);
    out->name = strdup(ctx->name);
    int rc = out->name ? infer(b, ctx, out, notes, err) : infer_out_of_memory(ctx, err);
    nn_colb_free(b);
    if (rc < 0)
        nn_column_clear(out);
    return rc;
}
