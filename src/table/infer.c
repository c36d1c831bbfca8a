#include "infer.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_date.h"
#include "parse_number.h"

enum {
    CATEGORICAL_MAX = 50,      /* distinct values */
    MOSTLY_MIN = 20,           /* "mostly numbers/dates" needs at least this many */
    MOSTLY_PERCENT = 95,
    FEW_WORDS = 5,             /* words among numbers read as missing: at most this many, */
    FEW_WORDS_PERCENT = 1,     /* or this share of the present values */
    WORDS_SHOWN = 5,           /* cells a note names */
    MAX_LEVELS = 1 << 24,      /* codes are float32: exact up to 2^24 */
};

/* --- positions and messages ------------------------------------------------- */

static size_t line_of(const nn_infer_context *ctx, size_t row)
{
    return nn_line_map_line(ctx->map, row);
}

/* "FILE:LINE:COLUMN: column "name": " */
static int at_cell(char *buf, size_t len, const nn_infer_context *ctx, size_t row)
{
    return snprintf(buf, len, "%s:%zu:%zu: column \"%s\"", ctx->path, line_of(ctx, row),
                    ctx->col + 1, ctx->name);
}

#define FAIL_AT(ctx, row, err, fmt, ...)                                                         \
    do {                                                                                         \
        char where_[512];                                                                        \
        at_cell(where_, sizeof where_, ctx, row);                                                \
        return nn_fail(err, "%s: " fmt, where_, __VA_ARGS__);                                    \
    } while (0)

#define NOTE_AT(notes, ctx, row, fmt, ...)                                                       \
    do {                                                                                         \
        char where_[512];                                                                        \
        at_cell(where_, sizeof where_, ctx, row);                                                \
        nn_notes_add(notes, "%s: " fmt, where_, __VA_ARGS__);                                    \
    } while (0)

static int out_of_memory(const nn_infer_context *ctx, nn_error *err)
{
    return nn_fail(err, "%s: out of memory", ctx->path);
}

/* --- helpers ------------------------------------------------------------------ */

static int mostly(size_t part, size_t whole)
{
    return part >= MOSTLY_MIN && part * 100 >= (size_t)MOSTLY_PERCENT * whole;
}

/* A few words among numbers, read as missing: see infer.h. */
static int few_words(size_t words, size_t numbers)
{
    return words < numbers &&
           (words <= FEW_WORDS || 100 * words <= (size_t)FEW_WORDS_PERCENT * (words + numbers));
}

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
    return b->texts > 0 && numbers > 0 && !few_words(b->texts, numbers);
}

/* Hands the values array over, exactly nrows long. */
static float *take_values(nn_col_builder *b, size_t nrows)
{
    float *v = realloc(b->values, (nrows ? nrows : 1) * sizeof *v);
    if (!v)
        v = b->values; /* shrinking cannot really fail; keep the bigger block */
    b->values = NULL;
    return v;
}

/* The first row with a number (not missing, not text). */
static size_t first_number_row(const nn_col_builder *b, size_t nrows)
{
    for (size_t r = 0; r < nrows; r++)
        if (!isnan(b->values[r]) && !(b->codes && b->codes[r]))
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
                later->text, mark, later_role, first->text, line_of(ctx, first->row),
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
                         line_of(ctx, c->row), ctx->col + 1, c->text);
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
                         ctx->path, line_of(ctx, r), ctx->col + 1,
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
                line_of(ctx, b->dot_decimal.row));
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

static int set_levels(nn_column *out, const char *const *words, size_t n)
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

static int numeric_column(nn_col_builder *b, const nn_infer_context *ctx, int may_be_boolean,
                          nn_column *out, nn_notes *notes, nn_error *err)
{
    if (check_separators(b, ctx, err) < 0)
        return -1;
    numeric_notes(b, ctx, notes);
    out->values = take_values(b, ctx->nrows);
    out->missing = ctx->nrows - b->numbers;
    out->type = NN_COL_NUMERIC;
    if (b->numbers == 0 && ctx->nrows > 0)
        nn_notes_add(notes, "%s: column \"%s\" (column %zu) has no values: every cell is missing",
                     ctx->path, ctx->name, ctx->col + 1);
    if (may_be_boolean && only_zeros_and_ones(out->values, ctx->nrows)) {
        static const char *const labels[] = {"0", "1"};
        out->type = NN_COL_BOOLEAN;
        if (set_levels(out, labels, 2) < 0)
            return out_of_memory(ctx, err);
    }
    return 0;
}

/* --- boolean words ---------------------------------------------------------- */

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
    int8_t *value = malloc(t->n ? t->n : 1);
    if (!value)
        return out_of_memory(ctx, err);
    size_t best[2] = {NN_NO_ROW, NN_NO_ROW};
    int kind[2] = {0, 0};
    for (size_t i = 0; i < t->n; i++) {
        int k, v = bool_value(nn_strtab_text(t, i), t->entries[i].len, kinds, &k);
        value[i] = (int8_t)v;
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
    out->type = NN_COL_BOOLEAN;
    out->values = take_values(b, ctx->nrows);
    for (size_t r = 0; r < ctx->nrows; r++) {
        uint32_t c = b->codes ? b->codes[r] : 0;
        out->values[r] = c ? (float)value[c - 1] : NAN;
    }
    out->missing = ctx->nrows - b->texts;
    free(value);
    return set_levels(out, labels, 2) < 0 ? out_of_memory(ctx, err) : 0;
}

static int all_boolean_words(const nn_string_table *t, int kinds)
{
    int k;
    for (size_t i = 0; i < t->n; i++)
        if (bool_value(nn_strtab_text(t, i), t->entries[i].len, kinds, &k) < 0)
            return 0;
    return t->n > 0;
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
    uint32_t *rank = malloc((t->n ? t->n : 1) * sizeof *rank);
    if (!order || !rank) {
        free(order);
        free(rank);
        return out_of_memory(ctx, err);
    }
    for (uint32_t i = 0; i < t->n; i++)
        order[i] = i;
    qsort_r(order, t->n, sizeof *order, by_text, (void *)t);
    for (uint32_t i = 0; i < t->n; i++)
        rank[order[i]] = i;
    out->type = type;
    out->values = take_values(b, ctx->nrows);
    for (size_t r = 0; r < ctx->nrows; r++) {
        uint32_t c = b->codes ? b->codes[r] : 0;
        out->values[r] = c ? (float)rank[c - 1] : NAN;
    }
    out->missing = ctx->nrows - b->texts;
    free(rank);
    out->levels = calloc(t->n ? t->n : 1, sizeof *out->levels);
    int ok = out->levels != NULL;
    if (ok)
        out->nlevels = t->n;
    for (size_t i = 0; ok && i < t->n; i++)
        ok = (out->levels[i] = strdup(nn_strtab_text(t, order[i]))) != NULL;
    free(order);
    return ok ? 0 : out_of_memory(ctx, err);
}

/* --- dates --------------------------------------------------------------------- */

static int date_column(nn_col_builder *b, const nn_infer_context *ctx, int format,
                       nn_column *out, nn_error *err)
{
    const nn_string_table *t = &b->strings;
    double *seconds = malloc((t->n ? t->n : 1) * sizeof *seconds);
    out->times = malloc((ctx->nrows ? ctx->nrows : 1) * sizeof *out->times);
    if (!seconds || !out->times) {
        free(seconds);
        return out_of_memory(ctx, err);
    }
    int has_time = 0;
    for (size_t i = 0; i < t->n; i++) {
        int with_time = 0;
        if (nn_date_parse(nn_strtab_text(t, i), t->entries[i].len, format, &seconds[i],
                          &with_time) < 0) {
            free(seconds);
            FAIL_AT(ctx, t->entries[i].first_row, err,
                    "found \"%s\", expected a date in the %s form%s%s", nn_strtab_text(t, i),
                    nn_date_format_name(format), ctx->like ? " of " : "",
                    ctx->like ? ctx->like_source : "");
        }
        has_time |= with_time;
    }
    for (size_t r = 0; r < ctx->nrows; r++) {
        uint32_t c = b->codes ? b->codes[r] : 0;
        out->times[r] = c ? seconds[c - 1] : NAN;
    }
    free(seconds);
    out->type = NN_COL_DATE;
    out->date_format = format;
    out->has_time = has_time;
    out->missing = ctx->nrows - b->texts;
    return 0;
}

/* How the values of a text column read as dates: the formats every value
 * fits, the cells each format reads, the cells that read in only one
 * numeric order (they settle day or month first), and the first value
 * fitting no format. */
typedef struct date_fit {
    unsigned all;       /* formats every value fits */
    size_t cells[NN_DATE_FORMAT_COUNT];
    size_t date_cells;  /* cells some format reads */
    size_t dmy_only, mdy_only;
    size_t first_other; /* entry index of the first value fitting none */
} date_fit;

static const unsigned BOTH_ORDERS = 1u << NN_DATE_DMY | 1u << NN_DATE_MDY;

static date_fit fit_dates(const nn_string_table *t)
{
    date_fit f = {.all = ~0u, .first_other = NN_NO_ROW};
    for (size_t i = 0; i < t->n; i++) {
        unsigned m = nn_date_formats(nn_strtab_text(t, i), t->entries[i].len);
        size_t count = t->entries[i].count;
        f.all &= m;
        for (int k = 0; k < NN_DATE_FORMAT_COUNT; k++)
            f.cells[k] += m & (1u << k) ? count : 0;
        f.date_cells += m ? count : 0;
        f.dmy_only += (m & BOTH_ORDERS) == 1u << NN_DATE_DMY ? count : 0;
        f.mdy_only += (m & BOTH_ORDERS) == 1u << NN_DATE_MDY ? count : 0;
        if (!m && (f.first_other == NN_NO_ROW ||
                   t->entries[i].first_row < t->entries[f.first_other].first_row))
            f.first_other = i;
    }
    return f;
}

/* "dates such as "01/02/2000" read month first (mdy) but could be day first ..." */
static void note_order(nn_notes *notes, const nn_infer_context *ctx, size_t row,
                       const char *example, int day_first)
{
    NOTE_AT(notes, ctx, row,
            "dates such as \"%s\" read %s first (%s) but could be %s first; dayfirst=%d reads "
            "them %s first", example, day_first ? "day" : "month",
            nn_date_format_name(day_first ? NN_DATE_DMY : NN_DATE_MDY),
            day_first ? "month" : "day", !day_first, day_first ? "month" : "day");
}

static int inferred_dates(nn_col_builder *b, const nn_infer_context *ctx, unsigned mask,
                          nn_column *out, nn_notes *notes, nn_error *err)
{
    int ambiguous = 0;
    int format = nn_date_pick_format(mask, ctx->dayfirst, &ambiguous);
    size_t first = b->first_text.row;
    char example[sizeof b->first_text.text];
    memcpy(example, b->first_text.text, sizeof example);
    if (date_column(b, ctx, format, out, err) < 0)
        return -1;
    if (ambiguous)
        note_order(notes, ctx, first, example, 0);
    return 0;
}

/* --- dates in more than one form ------------------------------------------------ */

/* How one distinct value was read. */
enum { READ_NONE, READ_COLUMN, READ_OTHER, READ_KINDS };

/* The column's form, and the order for values that fit both day first
 * and month first but not the column's form. */
typedef struct date_forms {
    int format;
    int day_first;
    int settled; /* dayfirst= or the dates themselves decided the order */
} date_forms;

/* The column's form is the one most cells fit (ties as nn_date_pick_format). */
static date_forms choose_forms(const date_fit *f, int dayfirst)
{
    size_t most = 0;
    unsigned mask = 0;
    for (int k = 0; k < NN_DATE_FORMAT_COUNT; k++) {
        if (f->cells[k] > most) {
            most = f->cells[k];
            mask = 0;
        }
        if (most && f->cells[k] == most)
            mask |= 1u << k;
    }
    date_forms d;
    d.format = nn_date_pick_format(mask, dayfirst, NULL);
    if (d.format < 0)
        d.format = nn_date_pick_format(mask, -1, NULL);
    d.settled = dayfirst >= 0 || (f->dmy_only > 0) != (f->mdy_only > 0);
    if (dayfirst >= 0)
        d.day_first = dayfirst;
    else if (d.format == NN_DATE_DMY || d.format == NN_DATE_MDY)
        d.day_first = d.format == NN_DATE_DMY;
    else
        d.day_first = f->dmy_only > f->mdy_only;
    return d;
}

/* Reads one value: in the column's form if it fits, else in the one form
 * that does (the order chosen when both numeric orders fit). *unsettled:
 * it fits both orders and nothing decided which. */
static int read_value(const char *s, size_t len, const date_forms *d, double *seconds,
                      int *with_time, int *unsettled)
{
    unsigned m = nn_date_formats(s, len);
    *unsettled = (m & BOTH_ORDERS) == BOTH_ORDERS && !d->settled;
    int format = d->format >= 0 && (m & (1u << d->format)) ? d->format
                 : (m & BOTH_ORDERS) == BOTH_ORDERS
                     ? (d->day_first ? NN_DATE_DMY : NN_DATE_MDY)
                     : nn_date_pick_format(m, -1, NULL);
    if (format < 0 || nn_date_parse(s, len, format, seconds, with_time) < 0)
        return READ_NONE;
    return format == d->format ? READ_COLUMN : READ_OTHER;
}

/* The first few cells whose value was read as `kind`: "FILE:LINE:COLUMN
 * "text"", with what a date in another form became. */
static void list_cells(const nn_col_builder *b, const nn_infer_context *ctx,
                       const unsigned char *how, const double *seconds, int kind, size_t count,
                       int with_time, char *buf, size_t len)
{
    size_t used = 0, shown = 0;
    buf[0] = '\0';
    for (size_t r = 0; r < ctx->nrows && shown < WORDS_SHOWN && used < len; r++) {
        uint32_t c = b->codes ? b->codes[r] : 0;
        if (!c || how[c - 1] != kind)
            continue;
        char date[40] = "";
        if (kind == READ_OTHER) {
            strcpy(date, " as ");
            nn_date_format_iso(seconds[c - 1], with_time, date + 4, sizeof date - 4);
        }
        int n = snprintf(buf + used, len - used, "%s%s:%zu:%zu \"%.40s\"%s", shown++ ? ", " : "",
                         ctx->path, line_of(ctx, r), ctx->col + 1,
                         nn_strtab_text(&b->strings, c - 1), date);
        used += n > 0 ? (size_t)n : 0;
    }
    if (count > WORDS_SHOWN && used < len)
        snprintf(buf + used, len - used, " and %zu more", count - WORDS_SHOWN);
}

/* The first row of a value read as `kind`. */
static size_t first_row_of(const nn_string_table *t, const unsigned char *how, int kind)
{
    size_t row = NN_NO_ROW;
    for (size_t i = 0; i < t->n; i++)
        if (how[i] == kind && t->entries[i].first_row < row)
            row = t->entries[i].first_row;
    return row;
}

static void mixed_notes(const nn_col_builder *b, const nn_infer_context *ctx,
                        const date_forms *d, const unsigned char *how, const double *seconds,
                        const size_t *cells, size_t first_unsettled, const nn_column *out,
                        nn_notes *notes)
{
    const nn_string_table *t = &b->strings;
    char list[1400];
    if (first_unsettled != NN_NO_ROW)
        note_order(notes, ctx, t->entries[first_unsettled].first_row,
                   nn_strtab_text(t, first_unsettled), d->day_first);
    if (cells[READ_OTHER]) {
        size_t like = first_row_of(t, how, READ_COLUMN);
        list_cells(b, ctx, how, seconds, READ_OTHER, cells[READ_OTHER], out->has_time, list,
                   sizeof list);
        NOTE_AT(notes, ctx, first_row_of(t, how, READ_OTHER),
                "%zu date%s not in the column's form (%s, like \"%s\") %s read in another "
                "form: %s", cells[READ_OTHER], cells[READ_OTHER] == 1 ? "" : "s",
                nn_date_format_name(d->format),
                like == NN_NO_ROW ? "" : nn_strtab_text(t, b->codes[like] - 1),
                cells[READ_OTHER] == 1 ? "was" : "were", list);
    }
    if (cells[READ_NONE]) {
        char why[200];
        list_cells(b, ctx, how, seconds, READ_NONE, cells[READ_NONE], 0, list, sizeof list);
        if (ctx->forced)
            snprintf(why, sizeof why, "types=%s:date", ctx->name);
        else
            snprintf(why, sizeof why, "if such words mark missing values, add them to na=");
        NOTE_AT(notes, ctx, first_row_of(t, how, READ_NONE),
                "%zu %s and read as missing (the column holds dates): %s (%s)", cells[READ_NONE],
                cells[READ_NONE] == 1 ? "cell is not a date" : "cells are not dates", list, why);
    }
}

/* Dates in more than one form, or with a few words: each value read in
 * the column's form or the one form that fits it, words missing. With
 * more than a few words, not a date column (returns 1), or an error when
 * the column is mostly dates; forced by types=, any number of words. */
static int mixed_dates(nn_col_builder *b, const nn_infer_context *ctx, const date_fit *f,
                       nn_column *out, nn_notes *notes, nn_error *err)
{
    const nn_string_table *t = &b->strings;
    date_forms d = choose_forms(f, ctx->dayfirst);
    double *seconds = malloc((t->n ? t->n : 1) * sizeof *seconds);
    unsigned char *how = malloc(t->n ? t->n : 1);
    if (!seconds || !how) {
        free(seconds);
        free(how);
        return out_of_memory(ctx, err);
    }
    size_t cells[READ_KINDS] = {0}, first_unsettled = NN_NO_ROW;
    int has_time = 0;
    for (size_t i = 0; i < t->n; i++) {
        int with_time = 0, unsettled;
        how[i] = (unsigned char)read_value(nn_strtab_text(t, i), t->entries[i].len, &d,
                                           &seconds[i], &with_time, &unsettled);
        cells[how[i]] += t->entries[i].count;
        has_time |= how[i] != READ_NONE && with_time;
        if (unsettled && first_unsettled == NN_NO_ROW)
            first_unsettled = i;
    }
    size_t read = cells[READ_COLUMN] + cells[READ_OTHER];
    int rc = 0;
    if (read == 0 || (!ctx->forced && !few_words(cells[READ_NONE], read))) {
        size_t like = first_row_of(t, how, READ_COLUMN);
        if (read == 0)
            rc = nn_fail(err, "%s:%zu:%zu: column \"%s\": found \"%s\", expected a date "
                         "(types=%s:date)", ctx->path, line_of(ctx, b->first_text.row),
                         ctx->col + 1, ctx->name, b->first_text.text, ctx->name);
        else if (mostly(f->date_cells, b->texts))
            rc = nn_fail(err, "%s:%zu:%zu: column \"%s\": found \"%s\", expected a date like "
                         "\"%s\" (if it marks a missing value, add it to na=; types=%s:date "
                         "reads such cells as missing)", ctx->path,
                         line_of(ctx, t->entries[f->first_other].first_row), ctx->col + 1,
                         ctx->name, nn_strtab_text(t, f->first_other),
                         nn_strtab_text(t, b->codes[like] - 1), ctx->name);
        else
            rc = 1;
        free(seconds);
        free(how);
        return rc;
    }
    out->times = malloc((ctx->nrows ? ctx->nrows : 1) * sizeof *out->times);
    if (out->times) {
        out->missing = 0;
        for (size_t r = 0; r < ctx->nrows; r++) {
            uint32_t c = b->codes ? b->codes[r] : 0;
            out->times[r] = c && how[c - 1] != READ_NONE ? seconds[c - 1] : NAN;
            out->missing += isnan(out->times[r]);
        }
        out->type = NN_COL_DATE;
        out->date_format = d.format;
        out->has_time = has_time;
        mixed_notes(b, ctx, &d, how, seconds, cells, first_unsettled, out, notes);
    } else {
        rc = out_of_memory(ctx, err);
    }
    free(seconds);
    free(how);
    return rc;
}

/* A date column, if the values make one: 0, 1 (they do not) or -1. */
static int dates_of_text(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                         nn_notes *notes, nn_error *err)
{
    date_fit f = fit_dates(&b->strings);
    if (f.all)
        return inferred_dates(b, ctx, f.all, out, notes, err);
    if (f.date_cells == 0 && !ctx->forced)
        return 1;
    return mixed_dates(b, ctx, &f, out, notes, err);
}

/* --- text columns ------------------------------------------------------------- */

static int text_column(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                       nn_notes *notes, nn_error *err)
{
    const nn_string_table *t = &b->strings;
    if (all_boolean_words(t, BOOL_WORD_KINDS))
        return boolean_column(b, ctx, BOOL_WORD_KINDS, out, err);
    int rc = dates_of_text(b, ctx, out, notes, err);
    if (rc != 1)
        return rc;
    int few = t->n <= CATEGORICAL_MAX && 2 * t->n <= b->texts;
    return level_column(b, ctx, few ? NN_COL_CATEGORICAL : NN_COL_TEXT, out, err);
}

/* --- types imposed by `like` ---------------------------------------------------- */

static int imposed_boolean(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
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
        out->values = take_values(b, ctx->nrows);
        out->missing = ctx->nrows - b->numbers;
        return set_levels(out, labels, 2) < 0 ? out_of_memory(ctx, err) : 0;
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
        return imposed_boolean(b, ctx, out, err);
    case NN_COL_DATE:
        if (b->numbers || b->infinite)
            FAIL_AT(ctx, first_number_row(b, ctx->nrows), err,
                    "found a number, expected a date in the %s form (the column holds dates in "
                    "%s)", nn_date_format_name(like->date_format), ctx->like_source);
        return date_column(b, ctx, like->date_format, out, err);
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
        return; /* mostly words: plainly a text column */
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
        return dates_of_text(b, ctx, out, notes, err);
    if (ctx->forced)
        return level_column(b, ctx, *ctx->forced, out, err);
    if (ctx->like)
        return imposed_type(b, ctx, out, notes, err);
    if (b->texts == 0 || few_words(b->texts, b->numbers + b->infinite))
        return numeric_column(b, ctx, 1, out, notes, err);
    note_too_many_words(b, ctx, notes);
    return text_column(b, ctx, out, notes, err);
}

int nn_infer_column(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                    nn_notes *notes, nn_error *err)
{
    memset(out, 0, sizeof *out);
    out->name = strdup(ctx->name);
    int rc = out->name ? infer(b, ctx, out, notes, err) : out_of_memory(ctx, err);
    nn_colb_free(b);
    if (rc < 0)
        nn_column_clear(out);
    return rc;
}
