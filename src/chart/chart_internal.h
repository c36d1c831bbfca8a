/* What the parts of the chart model share: the mapping from values to
 * dots, and the steps of laying a frame out (each in its own file). */
#ifndef NN_CHART_INTERNAL_H
#define NN_CHART_INTERNAL_H

#include <math.h>

#include "chart/chart.h"

static inline double chart_plotted(const nn_chart_axis *a, double v)
{
    return a->log ? log10(v) : v;
}

static inline bool chart_plottable(const nn_chart_axis *a, double v)
{
    return isfinite(v) && (!a->log || v > 0);
}

/* A plotted value's dot, unrounded; far-off values are pulled in so that
 * the integer arithmetic that follows cannot overflow. */
static inline double chart_dot_of(const nn_chart_axis *a, double t)
{
    if (a->dots <= 1)
        return 0;
    double d = (t - a->lo) / (a->hi - a->lo) * (a->dots - 1);
    return isnan(d) || d < -1e7 ? -1e7 : d > 1e7 ? 1e7 : d;
}

static inline long chart_round_dot(double d)
{
    return (long)floor(d + 0.5);
}

/* axis.c: the ranges, from the plot's bounds and its data */
void chart_find_ranges(const nn_plot *p, nn_chart_axis *x, nn_chart_axis *y);

/* ticks.c: ticks on `rows` rows (or `cols` columns) of `per_cell` dots;
 * the x labels placed on the grid under the data area, the x name beside
 * them or (name_row) on the row under them */
void chart_y_ticks(const nn_chart_axis *y, int rows, int per_cell, nn_chart_ticks *t);
void chart_x_ticks(const nn_chart_axis *x, bool whole, int cols, int per_cell, nn_chart_ticks *t);
void chart_place_x_labels(nn_chart_frame *f, bool name_row);

/* legend.c: whether any series is named and shown; the fullest legend
 * that fits in `room` columns */
bool chart_has_legend(const nn_plot *p);
nn_chart_legend chart_fit_legend(const nn_plot *p, bool ascii_only, int room);

/* marks.c: each marker's line and label */
void chart_place_marks(nn_chart_frame *f);

#endif
