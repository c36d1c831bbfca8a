/* Quick charts as data: a numeric column over the table's first date
 * column, a histogram with numpy's 'auto' bins, or bars of the most
 * frequent levels. The rules are in stats.h. */
#include "stats.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct point {
    double x, y;
    size_t row;
} point;

static int by_x_then_row(const void *a, const void *b)
{
    const point *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return p->row < q->row ? -1 : p->row > q->row;
}

static int chart_alloc(nn_chart *c, size_t n)
{
    c->n = n;
    c->x = malloc((n ? n : 1) * sizeof *c->x);
    c->y = malloc((n ? n : 1) * sizeof *c->y);
    return c->x && c->y ? 0 : -1;
}

void nn_chart_free(nn_chart *c)
{
    if (!c)
        return;
    free(c->x);
    free(c->y);
    free(c->labels);
    memset(c, 0, sizeof *c);
}

/* --- line ---------------------------------------------------------------- */

static int first_date_column(const nn_table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].type == NN_COL_DATE)
            return (int)i;
    return -1;
}

static int has_repeated_x(const point *p, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (p[i].x == p[i - 1].x)
            return 1;
    return 0;
}

typedef struct key_time {
    float key;
    double time;
} key_time;

static int by_key_then_time(const void *a, const void *b)
{
    const key_time *p = a, *q = b;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return p->time < q->time ? -1 : p->time > q->time;
}

/* 1 when no (key, date) pair repeats among the points: the key column
 * then tells the interleaved series apart, as symbol does for prices. */
static int key_separates(const nn_column *key, const point *p, size_t n, key_time *scratch)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(key->values[p[i].row]))
            scratch[m++] = (key_time){key->values[p[i].row], p[i].x};
    qsort(scratch, m, sizeof *scratch, by_key_then_time);
    for (size_t i = 1; i < m; i++)
        if (scratch[i].key == scratch[i - 1].key && scratch[i].time == scratch[i - 1].time)
            return 0;
    return m > 0;
}

static int find_key_column(const nn_table *t, size_t col, const point *p, size_t n)
{
    key_time *scratch = malloc(n * sizeof *scratch);
    if (!scratch)
        return -2;
    int found = -1;
    for (size_t k = 0; k < t->ncols && found < 0; k++) {
        nn_col_type type = t->cols[k].type;
        if (k != col && (type == NN_COL_CATEGORICAL || type == NN_COL_TEXT) &&
            key_separates(&t->cols[k], p, n, scratch))
            found = (int)k;
    }
    free(scratch);
    return found;
}

/* Keeps the points of the key level found on the earliest row. */
static size_t keep_first_key(const nn_column *key, point *p, size_t n, size_t *level)
{
    size_t first_row = (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (!isnan(key->values[p[i].row]) && p[i].row < first_row) {
            first_row = p[i].row;
            *level = (size_t)key->values[p[i].row];
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (key->values[p[i].row] == (float)*level)
            p[m++] = p[i];
    return m;
}

/* Replaces the points sharing a date by their mean. */
static size_t mean_per_x(point *p, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double sum = 0;
        for (; j < n && p[j].x == p[i].x; j++)
            sum += p[j].y;
        p[m] = p[i];
        p[m++].y = sum / (double)(j - i);
        i = j;
    }
    return m;
}

/* The sorted points, or max_points bucket means of them: bucket i holds
 * points [i*n/m, (i+1)*n/m), so bucket sizes differ by one at most. */
static int line_from_points(nn_chart *c, const point *p, size_t n, size_t max_points)
{
    size_t m = n < max_points ? n : max_points;
    if (chart_alloc(c, m) < 0)
        return -1;
    for (size_t b = 0; b < m; b++) {
        size_t lo = b * n / m, hi = (b + 1) * n / m;
        double sx = 0, sy = 0;
        for (size_t i = lo; i < hi; i++) {
            sx += p[i].x;
            sy += p[i].y;
        }
        c->x[b] = sx / (double)(hi - lo);
        c->y[b] = sy / (double)(hi - lo);
    }
    return 0;
}

static bool meets(const nn_table *t, const nn_chart_match *where, size_t n_where, size_t row)
{
    for (size_t k = 0; k < n_where; k++)
        if (t->cols[where[k].col].values[row] != (float)where[k].level)
            return false;
    return true;
}

/* The title: the column, then each condition ("price, symbol = AAPL"). */
static void line_title(const nn_table *t, size_t col, const nn_chart_match *where, size_t n_where, nn_chart *c)
{
    size_t used = (size_t)snprintf(c->title, sizeof c->title, "%s", t->cols[col].name);
    for (size_t k = 0; k < n_where && used < sizeof c->title; k++) {
        const nn_column *key = &t->cols[where[k].col];
        used += (size_t)snprintf(c->title + used, sizeof c->title - used, ", %s = %s", key->name,
                                 key->levels[where[k].level]);
    }
}

/* Dates that repeat: the line of one key (found as key_separates says),
 * else the mean per date.  n, or (size_t)-1 when out of memory. */
static size_t one_line(const nn_table *t, size_t col, const nn_column *x, point *p, size_t n, nn_chart *c)
{
    if (!has_repeated_x(p, n))
        return n;
    int key = find_key_column(t, col, p, n);
    size_t level = 0, used = strlen(c->title);
    if (key == -2)
        return (size_t)-1;
    if (key >= 0) {
        n = keep_first_key(&t->cols[key], p, n, &level);
        snprintf(c->title + used, sizeof c->title - used, ", %s = %s", t->cols[key].name,
                 t->cols[key].levels[level]);
    } else {
        n = mean_per_x(p, n);
        snprintf(c->title + used, sizeof c->title - used, ", mean per %s", x->name);
    }
    return n;
}

static int line_chart(const nn_table *t, size_t col, size_t date, const nn_chart_match *where, size_t n_where,
                      size_t max_points, nn_chart *c)
{
    const nn_column *y = &t->cols[col], *x = &t->cols[date];
    point *p = malloc((t->nrows ? t->nrows : 1) * sizeof *p);
    if (!p)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (!isnan(x->times[i]) && !isnan(y->values[i]) && meets(t, where, n_where, i))
            p[n++] = (point){x->times[i], y->values[i], i};
    qsort(p, n, sizeof *p, by_x_then_row);
    c->kind = NN_CHART_LINE;
    c->x_is_time = 1;
    line_title(t, col, where, n_where, c);
    snprintf(c->x_label, sizeof c->x_label, "%s", x->name);
    snprintf(c->y_label, sizeof c->y_label, "%s", y->name);
    n = one_line(t, col, x, p, n, c);
    c->x_first = n && n != (size_t)-1 ? p[0].x : NAN;
    c->x_last = n && n != (size_t)-1 ? p[n - 1].x : NAN;
    int rc = n == (size_t)-1 ? -1 : line_from_points(c, p, n, max_points);
    free(p);
    return rc;
}

/* --- histogram ----------------------------------------------------------- */

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double sorted_quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)h;
    return lo + 1 >= n ? v[n - 1] : v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/* numpy's bins='auto': the narrower of the Freedman-Diaconis width
 * 2 IQR n^(-1/3) and the Sturges width range / (log2 n + 1), Sturges
 * alone when the IQR is 0; then as many bins as the range needs. */
static double auto_bins(const double *v, size_t n, double lo, double hi)
{
    double sturges = (v[n - 1] - v[0]) / (log2((double)n) + 1);
    double iqr = sorted_quantile(v, n, 0.75) - sorted_quantile(v, n, 0.25);
    double fd = 2 * iqr * pow((double)n, -1.0 / 3);
    double width = fd > 0 ? fmin(fd, sturges) : sturges;
    if (!(width > 0))
        return 1;
    return fmax(1, ceil((hi - lo) / width));
}

/* The bin of value x: the arithmetic guess checked against the edges, so
 * a value on an edge falls as numpy puts it (the last bin is closed). */
static size_t bin_of(double x, double lo, double hi, double step, size_t bins)
{
    size_t b = (size_t)((x - lo) / (hi - lo) * (double)bins);
    if (b >= bins)
        b = bins - 1;
    if (b > 0 && x < lo + (double)b * step)
        b--;
    else if (b + 1 < bins && x >= lo + (double)(b + 1) * step)
        b++;
    return b;
}

static int histogram_chart(const nn_column *col, size_t nrows, size_t max_points, nn_chart *c)
{
    int dates = col->type == NN_COL_DATE;
    double *v = malloc((nrows ? nrows : 1) * sizeof *v);
    if (!v)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < nrows; i++) {
        double x = dates ? col->times[i] : col->values[i];
        if (!isnan(x))
            v[n++] = x;
    }
    c->kind = NN_CHART_HISTOGRAM;
    c->x_is_time = dates;
    snprintf(c->title, sizeof c->title, "%s", col->name);
    snprintf(c->x_label, sizeof c->x_label, "%s", col->name);
    snprintf(c->y_label, sizeof c->y_label, "count");
    if (n == 0) {
        free(v);
        return 0;
    }
    qsort(v, n, sizeof *v, by_double);
    double lo = v[0], hi = v[n - 1];
    if (lo == hi) { /* one value: a bin of width 1 around it, as numpy */
        lo -= 0.5;
        hi += 0.5;
    }
    double want = auto_bins(v, n, lo, hi);
    size_t bins = want < (double)max_points ? (size_t)want : max_points;
    if (chart_alloc(c, bins) < 0) {
        free(v);
        return -1;
    }
    double step = (hi - lo) / (double)bins;
    c->bin_width = step;
    for (size_t b = 0; b < bins; b++) {
        c->x[b] = (double)b * step + lo;
        c->y[b] = 0;
    }
    for (size_t i = 0; i < n; i++)
        c->y[bin_of(v[i], lo, hi, step, bins)]++;
    free(v);
    return 0;
}

/* --- bars ---------------------------------------------------------------- */

static int bars_chart(const nn_column *col, size_t nrows, size_t max_points, nn_chart *c)
{
    nn_level_count *ranked;
    long n = nn_rank_levels(col, nrows, &ranked);
    if (n < 0)
        return -1;
    size_t m = (size_t)n < max_points ? (size_t)n : max_points;
    c->kind = NN_CHART_BARS;
    snprintf(c->title, sizeof c->title, "%s", col->name);
    snprintf(c->x_label, sizeof c->x_label, "%s", col->name);
    snprintf(c->y_label, sizeof c->y_label, "count");
    c->labels = malloc((m ? m : 1) * sizeof *c->labels);
    if (!c->labels || chart_alloc(c, m) < 0) {
        free(ranked);
        return -1;
    }
    for (size_t i = 0; i < m; i++) {
        c->x[i] = (double)i;
        c->y[i] = (double)ranked[i].count;
        c->labels[i] = col->levels[ranked[i].level];
    }
    free(ranked);
    return 0;
}

int nn_column_chart(const nn_table *t, size_t col, size_t max_points, nn_chart *c, nn_error *err)
{
    memset(c, 0, sizeof *c);
    c->x_first = c->x_last = NAN;
    if (col >= t->ncols)
        return nn_fail(err, "column %zu: the table has %zu columns", col, t->ncols);
    if (max_points < 1)
        return nn_fail(err, "max_points=0: must be at least 1");
    const nn_column *column = &t->cols[col];
    int date = first_date_column(t), rc;
    switch (column->type) {
    case NN_COL_NUMERIC:
        rc = date >= 0 ? line_chart(t, col, (size_t)date, NULL, 0, max_points, c)
                       : histogram_chart(column, t->nrows, max_points, c);
        break;
    case NN_COL_DATE:
        rc = histogram_chart(column, t->nrows, max_points, c);
        break;
    default:
        rc = bars_chart(column, t->nrows, max_points, c);
        break;
    }
    if (rc < 0) {
        nn_chart_free(c);
        return nn_fail(err, "out of memory charting column '%s'", column->name);
    }
    return 0;
}

int nn_column_line(const nn_table *t, size_t col, const nn_chart_match *where, size_t n_where, size_t max_points,
                   nn_chart *c, nn_error *err)
{
    memset(c, 0, sizeof *c);
    c->x_first = c->x_last = NAN;
    if (col >= t->ncols || max_points < 1)
        return nn_fail(err, "column %zu of %zu, max_points=%zu: out of range", col, t->ncols, max_points);
    if (t->cols[col].type != NN_COL_NUMERIC)
        return nn_fail(err, "'%s' is %s: a line needs a numeric column", t->cols[col].name,
                       nn_col_type_name(t->cols[col].type));
    int date = first_date_column(t);
    if (date < 0)
        return nn_fail(err, "a line of '%s' needs a date column, and the data has none", t->cols[col].name);
    for (size_t k = 0; k < n_where; k++) {
        const nn_column *key = where[k].col < t->ncols ? &t->cols[where[k].col] : NULL;
        if (!key || !key->levels || where[k].level >= key->nlevels)
            return nn_fail(err, "'%s' has no levels to pick rows by", key ? key->name : "?");
    }
    if (line_chart(t, col, (size_t)date, where, n_where, max_points, c) < 0) {
        nn_chart_free(c);
        return nn_fail(err, "out of memory charting column '%s'", t->cols[col].name);
    }
    return 0;
}
