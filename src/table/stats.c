/* Column summaries, computed in double from the float32 values with
 * pandas' conventions (sample std, linearly interpolated quartiles), so
 * that `describe` here and DataFrame.describe() agree. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


static int by_count_then_level(const void *a, const void *b)
{
    const nn_level_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->level < y->level ? -1 : x->level > y->level;
}

long nn_rank_levels(const nn_column *c, size_t nrows, nn_level_count **ranked)
{
    *ranked = NULL;
    size_t *counts = calloc(c->nlevels ? c->nlevels : 1, sizeof *counts);
    if (!counts)
        return -1;
    for (size_t i = 0; i < nrows; i++) {
        float v = c->values[i];
        if (!isnan(v) && v >= 0 && (size_t)v < c->nlevels)
            counts[(size_t)v]++;
    }
    size_t n = 0;
    for (size_t l = 0; l < c->nlevels; l++)
        n += counts[l] > 0;
    if (n > 0) {
        *ranked = malloc(n * sizeof **ranked);
        if (!*ranked) {
            free(counts);
            return -1;
        }
        n = 0;
        for (size_t l = 0; l < c->nlevels; l++)
            if (counts[l] > 0)
                (*ranked)[n++] = (nn_level_count){l, counts[l]};
        qsort(*ranked, n, sizeof **ranked, by_count_then_level);
    }
    free(counts);
    return (long)n;
}

static int by_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Quantile p of sorted values by linear interpolation between the two
 * nearest ranks (numpy's and pandas' default). */
static double quantile(const float *sorted, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)h;
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * ((double)sorted[lo + 1] - sorted[lo]);
}

/* count, mean, std and the five-number summary of the present values. */
static int describe_numbers(const nn_column *c, size_t nrows, nn_column_stats *s)
{
    float *sorted = malloc((nrows ? nrows : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    size_t n = 0;
    double sum = 0;
    for (size_t i = 0; i < nrows; i++)
        if (!isnan(c->values[i])) {
            sorted[n++] = c->values[i];
            sum += c->values[i];
        }
    s->count = n;
    if (n > 0) {
        s->mean = sum / (double)n;
        double squares = 0; /* two passes: no cancellation for large means */
        for (size_t i = 0; i < n; i++)
            squares += (sorted[i] - s->mean) * (sorted[i] - s->mean);
        s->std = n > 1 ? sqrt(squares / (double)(n - 1)) : NAN;
        qsort(sorted, n, sizeof *sorted, by_float);
        s->min = sorted[0];
        s->q1 = quantile(sorted, n, 0.25);
        s->median = quantile(sorted, n, 0.5);
        s->q3 = quantile(sorted, n, 0.75);
        s->max = sorted[n - 1];
    }
    free(sorted);
    return 0;
}

static int describe_levels(const nn_column *c, size_t nrows, nn_column_stats *s)
{
    nn_level_count *ranked;
    long n = nn_rank_levels(c, nrows, &ranked);
    if (n < 0)
        return -1;
    s->distinct = (size_t)n;
    s->ntop = s->distinct < NN_STATS_TOP ? s->distinct : NN_STATS_TOP;
    for (size_t i = 0; i < s->ntop; i++) {
        s->top[i] = c->levels[ranked[i].level];
        s->top_count[i] = ranked[i].count;
    }
    if (c->type != NN_COL_BOOLEAN) /* a boolean counts itself in describe_numbers */
        for (long i = 0; i < n; i++)
            s->count += ranked[i].count;
    free(ranked);
    return 0;
}

static void describe_dates(const nn_column *c, size_t nrows, nn_column_stats *s)
{
    for (size_t i = 0; i < nrows; i++) {
        double t = c->times[i];
        if (isnan(t))
            continue;
        if (s->count == 0 || t < s->first)
            s->first = t;
        if (s->count == 0 || t > s->last)
            s->last = t;
        s->count++;
    }
}

int nn_column_describe(const nn_table *t, size_t col, nn_column_stats *s, nn_error *err)
{
    if (col >= t->ncols)
        return nn_fail(err, "column %zu: the table has %zu columns", col, t->ncols);
    const nn_column *c = &t->cols[col];
    memset(s, 0, sizeof *s);
    s->type = c->type;
    s->mean = s->std = s->min = s->q1 = s->median = s->q3 = s->max = NAN;
    s->first = s->last = NAN;
    int rc = 0;
    switch (c->type) {
    case NN_COL_NUMERIC:
        rc = describe_numbers(c, t->nrows, s);
        break;
    case NN_COL_BOOLEAN:
        rc = describe_numbers(c, t->nrows, s);
        if (rc == 0)
            rc = describe_levels(c, t->nrows, s);
        break;
    case NN_COL_CATEGORICAL:
    case NN_COL_TEXT:
        rc = describe_levels(c, t->nrows, s);
        break;
    case NN_COL_DATE:
        describe_dates(c, t->nrows, s);
        break;
    default:
        return nn_fail(err, "column '%s' has an unknown type", c->name);
    }
    if (rc < 0)
        return nn_fail(err, "out of memory describing column '%s'", c->name);
    s->missing = t->nrows - s->count;
    return 0;
}
