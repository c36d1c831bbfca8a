#include "table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse_date.h"

static const char *const type_names[NN_COL_TYPE_COUNT] = {
    [NN_COL_NUMERIC] = "numeric", [NN_COL_BOOLEAN] = "boolean",
    [NN_COL_CATEGORICAL] = "categorical", [NN_COL_DATE] = "date", [NN_COL_TEXT] = "text",
};

const char *nn_col_type_name(nn_col_type t)
{
    return (unsigned)t < NN_COL_TYPE_COUNT ? type_names[t] : "?";
}

int nn_col_type_parse(const char *name)
{
    for (int t = 0; t < NN_COL_TYPE_COUNT; t++)
        if (strcasecmp(name, type_names[t]) == 0)
            return t;
    return -1;
}

void nn_column_clear(nn_column *c)
{
    free(c->name);
    free(c->values);
    free(c->times);
    for (size_t i = 0; i < c->nlevels; i++)
        free(c->levels[i]);
    free(c->levels);
    free(c->notes);
    memset(c, 0, sizeof *c);
}

void nn_table_free(nn_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        nn_column_clear(&t->cols[i]);
    free(t->cols);
    free(t->source);
    free(t->notes);
    free(t);
}

int nn_table_find(const nn_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void *dup_bytes(const void *p, size_t n)
{
    if (!p)
        return NULL;
    void *q = malloc(n ? n : 1);
    if (q)
        memcpy(q, p, n);
    return q;
}

static int copy_column(nn_column *dst, const nn_column *src, size_t nrows)
{
    *dst = *src;
    dst->name = strdup(src->name);
    dst->values = dup_bytes(src->values, nrows * sizeof *src->values);
    dst->times = dup_bytes(src->times, nrows * sizeof *src->times);
    dst->levels = src->nlevels ? calloc(src->nlevels, sizeof *dst->levels) : NULL;
    dst->notes = src->notes ? strdup(src->notes) : NULL;
    int ok = dst->name && (!src->values || dst->values) && (!src->times || dst->times) &&
             (!src->nlevels || dst->levels) && (!src->notes || dst->notes);
    for (size_t i = 0; ok && i < src->nlevels; i++)
        ok = (dst->levels[i] = strdup(src->levels[i])) != NULL;
    if (!dst->levels)
        dst->nlevels = 0;
    return ok ? 0 : -1;
}

nn_table *nn_table_copy(const nn_table *t)
{
    nn_table *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->nrows = t->nrows;
    c->source = t->source ? strdup(t->source) : NULL;
    c->notes = t->notes ? strdup(t->notes) : NULL;
    c->cols = calloc(t->ncols ? t->ncols : 1, sizeof *c->cols);
    if (!c->cols || (t->source && !c->source) || (t->notes && !c->notes)) {
        nn_table_free(c);
        return NULL;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        c->ncols = i + 1;
        if (copy_column(&c->cols[i], &t->cols[i], t->nrows) < 0) {
            nn_table_free(c);
            return NULL;
        }
    }
    return c;
}

int nn_table_missing(const nn_table *t, size_t row, size_t col)
{
    const nn_column *c = &t->cols[col];
    return c->type == NN_COL_DATE ? isnan(c->times[row]) : isnan(c->values[row]);
}

int nn_table_cell(const nn_table *t, size_t row, size_t col, char *buf, size_t len)
{
    const nn_column *c = &t->cols[col];
    if (nn_table_missing(t, row, col))
        return snprintf(buf, len, "%s", "");
    switch (c->type) {
    case NN_COL_DATE:
        return nn_date_format_iso(c->times[row], c->has_time, buf, len);
    case NN_COL_NUMERIC:
        return snprintf(buf, len, "%.7g", c->values[row]);
    default: {
        size_t code = (size_t)c->values[row];
        return snprintf(buf, len, "%s", code < c->nlevels ? c->levels[code] : "?");
    }
    }
}

size_t nn_column_distinct_numbers(const nn_column *c, size_t nrows, size_t limit)
{
    float seen[NN_CODES_MAX_SEEN + 1];
    size_t n = 0;
    limit = limit < NN_CODES_MAX_SEEN ? limit : NN_CODES_MAX_SEEN;
    for (size_t r = 0; r < nrows && n <= limit; r++) {
        float v = c->values[r];
        size_t k = 0;
        while (k < n && seen[k] != v)
            k++;
        if (k == n && !isnan(v))
            seen[n++] = v;
    }
    return n;
}

size_t nn_column_integer_codes(const nn_column *c, size_t nrows)
{
    if (c->type != NN_COL_NUMERIC)
        return 0;
    for (size_t r = 0; r < nrows; r++)
        if (!isnan(c->values[r]) && c->values[r] != floorf(c->values[r]))
            return 0;
    size_t n = nn_column_distinct_numbers(c, nrows, NN_CODES_MAX);
    return n >= 2 && n <= NN_CODES_MAX ? n : 0;
}
