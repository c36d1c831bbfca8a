/* A series as dots: points mapped to the data area's dot grid, runs of
 * points in one dot column reduced to that column, and the lines that
 * join them handed to the renderer's pen. */
#include "chart_internal.h"

/* Consecutive points in one dot column. */
typedef struct column {
    bool active;
    long x;
    double first, last, lo, hi, sum;
    size_t count;
} column;

typedef struct tracer {
    const nn_chart_pen *pen;
    const nn_series *s;
    bool joined;   /* lines between points */
    bool has_prev; /* where the line continues from */
    double prev_x, prev_y;
    column col;
} tracer;

static void line(tracer *t, double x0, double y0, double x1, double y1)
{
    t->pen->line(t->pen->ctx, x0, y0, x1, y1);
}

static void point(tracer *t, double x, double y)
{
    t->pen->point(t->pen->ctx, (long)x, chart_round_dot(y));
}

static void flush_column(tracer *t)
{
    column *c = &t->col;
    if (!c->active)
        return;
    double x = (double)c->x;
    double enter = c->first, leave = c->last;
    if (t->s->reduce == NN_REDUCE_MEAN)
        enter = leave = c->lo = c->hi = c->sum / (double)c->count;
    if (t->joined) {
        if (t->has_prev)
            line(t, t->prev_x, t->prev_y, x, enter);
        if (c->hi > c->lo)
            line(t, x, c->lo, x, c->hi);
    }
    point(t, x, c->lo);
    point(t, x, c->hi);
    t->has_prev = true;
    t->prev_x = x, t->prev_y = leave;
    c->active = false;
}

static void add_point(tracer *t, double dx, double dy)
{
    column *c = &t->col;
    long x = chart_round_dot(dx);
    if (c->active && c->x == x) {
        c->last = dy;
        c->lo = fmin(c->lo, dy), c->hi = fmax(c->hi, dy);
        c->sum += dy;
        c->count++;
        return;
    }
    flush_column(t);
    *c = (column){true, x, dy, dy, dy, dy, dy, 1};
}

/* A scatter: every point, where it falls. */
static void scatter(const nn_chart_frame *f, const nn_series *s, const nn_chart_pen *pen)
{
    for (size_t i = 0; i < s->n; i++) {
        double x = nn_series_x(s, i), y = nn_number_at(s->y, i);
        if (isfinite(x) && chart_plottable(&f->y, y))
            pen->point(pen->ctx, chart_round_dot(chart_dot_of(&f->x, x)),
                       chart_round_dot(chart_dot_of(&f->y, chart_plotted(&f->y, y))));
    }
}

void nn_chart_trace(const nn_chart_frame *f, const nn_series *s, const nn_chart_pen *pen)
{
    if (s->style == NN_STYLE_SCATTER) {
        scatter(f, s, pen);
        return;
    }
    tracer t = {.pen = pen, .s = s, .joined = s->style != NN_STYLE_POINTS};
    for (size_t i = 0; i < s->n; i++) {
        double x = nn_series_x(s, i), y = nn_number_at(s->y, i);
        if (!isfinite(x) || !chart_plottable(&f->y, y)) {
            flush_column(&t);
            t.has_prev = false; /* a gap */
            continue;
        }
        add_point(&t, chart_dot_of(&f->x, x), chart_dot_of(&f->y, chart_plotted(&f->y, y)));
    }
    flush_column(&t);
}
