/* Tick values and labels: round numbers, spaced so their labels never
 * touch (see chart.h for the rules). */
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "chart/text.h"

/* The cell a value's tick falls in: a row counted from the top for y. */
static int tick_cell(const nn_chart_axis *a, double v, int per_cell, bool is_y)
{
    long d = chart_round_dot(chart_dot_of(a, chart_plotted(a, v)));
    if (is_y)
        d = a->dots - 1 - d;
    return (int)(d / per_cell);
}

/* Multiples of `step` in [lo, hi] (data units; lo/hi of a log axis are
 * its decades when `decades`), as ticks.  False if there are too many. */
static bool make_ticks(const nn_chart_axis *a, double lo, double hi, double step, int step_exp,
                       bool decades, int per_cell, bool is_y, nn_chart_ticks *t)
{
    double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
    if (k1 - k0 + 1 > NN_CHART_MAX_TICKS)
        return false;
    double biggest = 0;
    for (double k = k0; k <= k1; k++)
        biggest = fmax(biggest, fabs(k * step));
    int sig = decades || biggest == 0 ? 1 : (int)floor(log10(biggest)) - step_exp + 1;
    sig = sig < 1 ? 1 : sig > 6 ? 6 : sig;
    t->n = 0;
    t->width = 0;
    for (double k = k0; k <= k1; k++) {
        double v = decades ? pow(10, k * step) : k * step;
        if (!decades && fabs(v) < step * 1e-9)
            v = 0;
        t->pos[t->n] = tick_cell(a, v, per_cell, is_y);
        t->value[t->n] = v;
        int w = nn_format_number(t->label[t->n], NN_CHART_LABEL_MAX, v, sig);
        t->width = w > t->width ? w : t->width;
        t->n++;
    }
    return true;
}

/* Ticks at least `gap` cells apart (gap 0: apart by the widest label
 * and a space, for x). */
static bool spaced(const nn_chart_ticks *t, int gap)
{
    int need = gap > 0 ? gap : t->width + 1;
    for (int i = 1; i < t->n; i++)
        if (abs(t->pos[i] - t->pos[i - 1]) < need)
            return false;
    return true;
}

/* Drops ticks closer than `gap` to the one kept before (from the first,
 * the lowest value); false unless at least two and half of them stay. */
static bool thin_ticks(nn_chart_ticks *t, int gap)
{
    int kept = 0, n = t->n;
    t->width = 0;
    for (int i = 0; i < n; i++) {
        if (kept && abs(t->pos[i] - t->pos[kept - 1]) < gap)
            continue;
        t->pos[kept] = t->pos[i];
        t->value[kept] = t->value[i];
        memmove(t->label[kept], t->label[i], NN_CHART_LABEL_MAX);
        int w = (int)strlen(t->label[kept]);
        t->width = w > t->width ? w : t->width;
        kept++;
    }
    t->n = kept;
    return kept >= 2 && 2 * kept >= n;
}

/* Tries steps 1, 2, 5 x 10^e upwards from `smallest` until the ticks are
 * spaced; keeps the first spaced set with at least min_n ticks.  With
 * `thin`, a set may also lose up to half its ticks to get spaced. */
static bool nice_ticks(const nn_chart_axis *a, double lo, double hi, double smallest, bool decades,
                       int per_cell, bool is_y, int gap, int min_n, bool thin, nn_chart_ticks *t)
{
    if (!(hi > lo) || !(smallest > 0))
        return false;
    int e = (int)floor(log10(smallest));
    static const double mant[] = {1, 2, 5};
    for (int tries = 0; tries < 60; tries++, e++) {
        for (int m = 0; m < 3; m++) {
            double step = mant[m] * pow(10, e);
            if (step < smallest * (1 - 1e-9))
                continue;
            if (!make_ticks(a, lo, hi, step, e, decades, per_cell, is_y, t))
                continue;
            if (t->n < min_n)
                return false; /* larger steps give fewer */
            if (spaced(t, gap) || (thin && thin_ticks(t, gap)))
                return true;
        }
    }
    return false;
}

/* Log ticks over a decade or two: decades first, then 3 x 10^k, then
 * 2 and 5 x 10^k, each kept if it is `gap` rows from those kept. */
static bool log_greedy_ticks(const nn_chart_axis *y, int per_cell, int gap, nn_chart_ticks *t)
{
    static const double mant[] = {1, 3, 2, 5};
    double v[NN_CHART_MAX_TICKS];
    int n = 0;
    for (int m = 0; m < 4; m++) {
        for (double k = floor(y->lo); k <= ceil(y->hi) && n < NN_CHART_MAX_TICKS; k++) {
            double value = mant[m] * pow(10, k), lv = log10(value);
            if (lv < y->lo - 1e-9 || lv > y->hi + 1e-9)
                continue;
            int row = tick_cell(y, value, per_cell, true);
            bool clear = true;
            for (int i = 0; i < n && clear; i++)
                clear = abs(tick_cell(y, v[i], per_cell, true) - row) >= gap;
            if (clear)
                v[n++] = value;
        }
    }
    if (n < 2)
        return false;
    for (int i = 1; i < n; i++) /* ascending, as the other tick sets */
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double tmp = v[j];
            v[j] = v[j - 1], v[j - 1] = tmp;
        }
    t->n = 0;
    t->width = 0;
    for (int i = 0; i < n; i++) {
        t->pos[i] = tick_cell(y, v[i], per_cell, true);
        t->value[i] = v[i];
        int w = nn_format_number(t->label[i], NN_CHART_LABEL_MAX, v[i], 1);
        t->width = w > t->width ? w : t->width;
        t->n++;
    }
    return true;
}

void chart_y_ticks(const nn_chart_axis *y, int rows, int per_cell, nn_chart_ticks *t)
{
    int gap = rows >= 3 ? 2 : 1;
    double vlo = y->log ? pow(10, y->lo) : y->lo, vhi = y->log ? pow(10, y->hi) : y->hi;
    if (y->log && (nice_ticks(y, y->lo, y->hi, 1, true, per_cell, true, gap, 2, false, t) ||
                   log_greedy_ticks(y, per_cell, gap, t)))
        return;
    double smallest = (vhi - vlo) / (rows > 0 ? rows : 1);
    if (nice_ticks(y, vlo, vhi, smallest, false, per_cell, true, gap, 2, false, t) ||
        nice_ticks(y, vlo, vhi, smallest, false, per_cell, true, gap, 2, true, t))
        return;
    /* Too few rows for two nice values: the ends themselves. */
    t->n = 0;
    t->width = 0;
    double ends[2] = {vhi, vlo};
    int n = rows >= 2 ? 2 : 1;
    for (int i = 0; i < n; i++) {
        double v = n == 1 ? (y->log ? pow(10, (y->lo + y->hi) / 2) : (vlo + vhi) / 2) : ends[i];
        t->pos[i] = n == 1 ? 0 : i * (rows - 1);
        t->value[i] = v;
        int w = nn_format_number(t->label[i], NN_CHART_LABEL_MAX, v, 3);
        t->width = w > t->width ? w : t->width;
        t->n++;
    }
}

void chart_x_ticks(const nn_chart_axis *x, bool whole, int cols, int per_cell, nn_chart_ticks *t)
{
    double smallest = (x->hi - x->lo) / (cols > 0 ? cols : 1);
    if (whole && smallest < 1)
        smallest = 1;
    if (!nice_ticks(x, x->lo, x->hi, smallest, false, per_cell, false, 0, 1, false, t))
        t->n = 0;
}

/* x tick labels centred under their ticks, kept on the grid and apart;
 * then the axis name at the right end, else left of the first label, or
 * at the right end of a row of its own. */
void chart_place_x_labels(nn_chart_frame *f, bool name_row)
{
    nn_chart_ticks *t = &f->x_ticks;
    int right = f->grid.w;
    int first = -1, last_end = -2; /* first column of the first label; after the last */
    for (int i = 0; i < t->n; i++) {
        int w = (int)strlen(t->label[i]);
        int x = f->data.x + t->pos[i] - (w - 1) / 2;
        if (x + w > right)
            x = right - w;
        if (x < 0)
            x = 0;
        t->label_x[i] = -1;
        if (x <= last_end || x + w > right)
            continue;
        t->label_x[i] = x;
        if (first < 0)
            first = x;
        last_end = x + w;
    }
    const char *name = f->plot->x_name;
    if (!name || !*name)
        return;
    int nw = nn_text_width(name, f->grid.ascii_only);
    f->x_name_y = f->x_labels_y;
    if (name_row)
        f->x_name_y++, f->x_name_x = nw < right ? right - nw : 0, f->x_name_cols = nw < right ? nw : right;
    else if (right - nw >= last_end + 1)
        f->x_name_x = right - nw, f->x_name_cols = nw;
    else if (first >= 0 && nw < first)
        f->x_name_x = first - 1 - nw, f->x_name_cols = nw;
}
