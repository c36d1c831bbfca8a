/* The ranges a chart shows: the plot's bounds where it gives them, else
 * the data's span (see nn_plot in chart.h). */
#include <string.h>

#include "chart_internal.h"

void nn_plot_init(nn_plot *p)
{
    memset(p, 0, sizeof *p);
    p->x_min = p->x_max = p->y_min = p->y_max = NAN;
}

double nn_series_x(const nn_series *s, size_t i)
{
    return s->x.at ? nn_number_at(s->x, i) : s->x_first + (double)i * s->x_step;
}

/* lo/hi given (finite) stay; the others come from the data's [dmin, dmax]
 * (have: there is data) with `pad` of its span added.  A range left empty
 * or inverted is widened by `unit` at the ends that were not given. */
static void settle_range(double *lo, double *hi, bool have, double dmin, double dmax,
                         double pad, double unit)
{
    bool fixed_lo = isfinite(*lo), fixed_hi = isfinite(*hi);
    if (!have)
        dmin = 0, dmax = 1, pad = 0;
    double span = dmax - dmin;
    if (!fixed_lo)
        *lo = dmin - pad * span;
    if (!fixed_hi)
        *hi = dmax + pad * span;
    if (fixed_lo && fixed_hi && *lo > *hi) {
        double t = *lo;
        *lo = *hi, *hi = t;
    }
    if (!(*hi > *lo)) {
        if (fixed_lo && !fixed_hi) {
            *hi = *lo + unit;
        } else if (fixed_hi && !fixed_lo) {
            *lo = *hi - unit;
        } else {
            double mid = (*lo + *hi) / 2;
            *lo = mid - unit, *hi = mid + unit;
        }
    }
    /* Within +-1e300 the span is finite and wide enough to divide by. */
    *lo = fmax(fmin(*lo, 1e300), -1e300);
    *hi = fmax(fmin(*hi, 1e300), -1e300);
    if (!(*hi - *lo > fabs(*lo) * 1e-12)) {
        double u = fmax(fabs(*lo) * 0.1, 1e-300);
        *lo -= u, *hi = *lo + 2 * u;
    }
}

/* One pass over the points that count for the y range (a series that
 * does not skip it, x inside the x range, y plottable): how many, how
 * many are <= cut, and their span, in plotted units. */
static size_t y_points(const nn_plot *p, const nn_chart_axis *x, const nn_chart_axis *y, double cut,
                       size_t *below, double *lo, double *hi)
{
    size_t n = 0;
    *below = 0, *lo = INFINITY, *hi = -INFINITY;
    for (int k = 0; k < p->n_series; k++) {
        const nn_series *s = &p->series[k];
        for (size_t i = 0; i < s->n && !(s->skip_range & NN_RANGE_SKIP_Y); i++) {
            double vx = nn_series_x(s, i), vy = nn_number_at(s->y, i);
            if (vx >= x->lo && vx <= x->hi && chart_plottable(y, vy)) {
                vy = chart_plotted(y, vy);
                *lo = fmin(*lo, vy), *hi = fmax(*hi, vy);
                *below += vy <= cut;
                n++;
            }
        }
    }
    return n;
}

/* The q-quantile of those n points (the smallest with more than
 * q * (n - 1) points at or below it), by bisection on the value between
 * lo and hi: a pass per halving and no copy, as the model allocates
 * nothing; 60 halvings reach a double's resolution. */
static double y_quantile(const nn_plot *p, const nn_chart_axis *x, const nn_chart_axis *y, double q,
                         double lo, double hi, size_t n)
{
    double want = q * (double)(n - 1), ignored_lo, ignored_hi;
    for (int step = 0; step < 60 && hi > lo; step++) {
        double mid = lo + (hi - lo) / 2;
        size_t below;
        y_points(p, x, y, mid, &below, &ignored_lo, &ignored_hi);
        if ((double)below > want)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

void chart_find_ranges(const nn_plot *p, nn_chart_axis *x, nn_chart_axis *y)
{
    bool have = false;
    double lo = INFINITY, hi = -INFINITY;
    x->log = false;
    y->log = p->log_y;
    for (int k = 0; k < p->n_series; k++) {
        const nn_series *s = &p->series[k];
        if (s->skip_range & NN_RANGE_SKIP_X)
            continue;
        for (size_t i = 0; i < s->n; i++) {
            double vx = nn_series_x(s, i);
            if (isfinite(vx) && chart_plottable(y, nn_number_at(s->y, i))) {
                lo = fmin(lo, vx), hi = fmax(hi, vx);
                have = true;
            }
        }
    }
    x->lo = p->x_min, x->hi = p->x_max;
    double unit = p->x_whole || !have || lo == 0 ? 1 : fabs(lo) * 0.1;
    settle_range(&x->lo, &x->hi, have, lo, hi, 0, unit);

    size_t below, n = y_points(p, x, y, INFINITY, &below, &lo, &hi);
    have = n > 0;
    if (p->y_ignore_outliers && n > 2) {
        double q5 = y_quantile(p, x, y, 0.05, lo, hi, n), q95 = y_quantile(p, x, y, 0.95, lo, hi, n);
        lo = q5, hi = q95;
    }
    y->lo = chart_plottable(y, p->y_min) ? chart_plotted(y, p->y_min) : NAN;
    y->hi = chart_plottable(y, p->y_max) ? chart_plotted(y, p->y_max) : NAN;
    unit = y->log ? 0.5 : !have || lo == 0 ? 1 : fabs(lo) * 0.1;
    settle_range(&y->lo, &y->hi, have, lo, hi, 0.05, unit);
}

double nn_chart_lo(const nn_chart_axis *a)
{
    return a->log ? pow(10, a->lo) : a->lo;
}

double nn_chart_hi(const nn_chart_axis *a)
{
    return a->log ? pow(10, a->hi) : a->hi;
}
