/* The loss chart: training and validation loss per epoch over a faint
 * per-batch trace, the best epoch and hyperparameter changes marked,
 * earlier runs that compare behind it (overlays.c); F3 log scale, F4
 * smoothing (a debiased moving average, the raw lines kept dim).  The
 * ranges follow the current run's epoch lines: the trace is clipped to
 * them, an overlay is cut to the current run's epochs unless `compare`
 * named it, and `view outliers=hide` leaves out the extreme 10%. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pane_chart.h"

enum { MAX_SERIES = 8 + TUI_MAX_OVERLAYS, MAX_MARKERS = 10 };
#define SMOOTHING 0.6

typedef struct chart {
    nn_series series[MAX_SERIES];
    int n;
    nn_marker markers[MAX_MARKERS];
    int n_markers;
    double *smooth[2], *batch_x, *batch_y; /* reused buffers */
    size_t cap, batch_cap;
} chart;

static chart loss_chart;

static void add(chart *c, nn_series s)
{
    if (c->n < MAX_SERIES)
        c->series[c->n++] = s;
}

static nn_numbers field(const nn_epoch_record *r, const double *member)
{
    (void)r;
    return nn_double_field(member, sizeof *r);
}

static void batch_trace(tui *t, chart *c, const nn_history_snapshot *s)
{
    if ((size_t)s->n_batches > c->batch_cap) {
        c->batch_cap = (size_t)s->n_batches;
        c->batch_x = realloc(c->batch_x, c->batch_cap * sizeof *c->batch_x);
        c->batch_y = realloc(c->batch_y, c->batch_cap * sizeof *c->batch_y);
    }
    if (!c->batch_x || !c->batch_y)
        return;
    for (int i = 0; i < s->n_batches; i++) {
        const nn_batch_record *b = nn_history_snapshot_batch(s, i);
        c->batch_x[i] = t->run_from + nn_batch_position(b);
        c->batch_y[i] = b->loss;
    }
    nn_series trace = {NULL, nn_doubles(c->batch_x), nn_doubles(c->batch_y), 0, 0, (size_t)s->n_batches,
                       NN_ROLE_LOSS_BATCH, NN_STYLE_POINTS, NN_REDUCE_MINMAX, NN_RANGE_SKIP_Y};
    add(c, trace);
}

/* The epoch lines, smoothed on request with the raw ones kept dim. */
static void epoch_lines(tui *t, chart *c, const nn_history_snapshot *s)
{
    size_t n = (size_t)s->n_epochs;
    if (n == 0) /* batches only so far (or the ring holds none): nothing to draw, no record to read */
        return;
    if (n > c->cap) {
        c->cap = n;
        c->smooth[0] = realloc(c->smooth[0], n * sizeof(double));
        c->smooth[1] = realloc(c->smooth[1], n * sizeof(double));
    }
    const nn_epoch_record *r = s->epoch;
    nn_numbers train = field(r, &r->loss), val = field(r, &r->val_loss);
    bool has_val = r[0].has_val;
    if (t->smooth && c->smooth[0] && c->smooth[1]) {
        add(c, (nn_series){NULL, {0}, train, 1, 1, n, NN_ROLE_LOSS_TRAIN_RAW, NN_STYLE_DIM, NN_REDUCE_MINMAX, 0});
        nn_ema_smooth(train, n, SMOOTHING, c->smooth[0]);
        train = nn_doubles(c->smooth[0]);
        if (has_val) {
            add(c, (nn_series){NULL, {0}, val, 1, 1, n, NN_ROLE_LOSS_VAL_RAW, NN_STYLE_DIM, NN_REDUCE_MINMAX, 0});
            nn_ema_smooth(val, n, SMOOTHING, c->smooth[1]);
            val = nn_doubles(c->smooth[1]);
        }
    }
    add(c, nn_series_epochs("loss", train, n, NN_ROLE_LOSS_TRAIN));
    if (has_val)
        add(c, nn_series_epochs("val_loss", val, n, NN_ROLE_LOSS_VAL));
}

/* Earlier runs' training loss, named in the legend: the one that compares
 * dim and within the current run's ranges, the ones `compare` named each
 * in a colour of its own and in full. */
static bool overlay_lines(tui *t, chart *c)
{
    bool explicit_overlays = false;
    static const int roles[] = {NN_ROLE_GRAD_3, NN_ROLE_GRAD_4, NN_ROLE_GRAD_5, NN_ROLE_GRAD_6};
    for (int i = 0; i < t->n_overlays; i++) {
        const run_overlay *o = &t->overlay[i];
        if (o->snap.n_epochs == 0)
            continue;
        explicit_overlays |= o->explicit_choice;
        nn_series line = nn_series_epochs(o->name, field(o->snap.epoch, &o->snap.epoch->loss),
                                          (size_t)o->snap.n_epochs, NN_ROLE_LOSS_PREVIOUS);
        line.x_first += o->from;
        line.skip_range = o->explicit_choice ? 0 : NN_RANGE_SKIP_X | NN_RANGE_SKIP_Y;
        if (o->explicit_choice)
            line.role = roles[i % 4];
        else
            line.style = NN_STYLE_DIM;
        add(c, line);
    }
    return explicit_overlays;
}

/* Series first..c->n - 1 and the markers from first_marker on, moved
 * right by `from` epochs: a run that continues an earlier one is drawn at the
 * epochs its weights have trained, as are the runs overlaid. */
static void shift(chart *c, int first, int first_marker, double from)
{
    for (int i = first; i < c->n; i++)
        c->series[i].x_first += from;
    for (int i = first_marker; i < c->n_markers; i++)
        c->markers[i].at += from;
}

static void draw_loss(tui *t, WINDOW *w, int h, int width)
{
    chart *c = &loss_chart;
    const nn_history_snapshot *s = &t->snap;
    c->n = c->n_markers = 0;
    if (!t->snap_of || s->n_epochs + s->n_batches == 0) {
        draw_wrapped(t, w, 1, 1, width - 2, 0, h - 2, NN_ROLE_DIM, "the loss is drawn here once `train` runs");
        return;
    }
    bool explicit_overlays = overlay_lines(t, c);
    int first = c->n;
    batch_trace(t, c, s);
    epoch_lines(t, c, s);
    if (s->best_epoch > 0)
        c->markers[c->n_markers++] = (nn_marker){s->best_epoch, false, "best", NN_ROLE_LOSS_BEST};
    for (int i = 0; i < s->n_markers && c->n_markers < MAX_MARKERS; i++)
        c->markers[c->n_markers++] = (nn_marker){s->marker[i].position, false, s->marker[i].what,
                                                 NN_ROLE_LOSS_MARKER};
    shift(c, first, 0, t->run_from); /* (the trace's x are positions, placed already) */
    nn_plot p;
    pane_chart_init(&p);
    p.series = c->series, p.n_series = c->n;
    p.markers = c->markers, p.n_markers = c->n_markers;
    p.log_y = t->log_y;
    p.y_ignore_outliers = t->hide_outliers;
    p.x_whole = true;
    p.x_name = t->run_from > 0 ? "epoch (continued)" : "epoch";
    p.hide = NN_PLOT_HIDE_TITLE;
    p.x_min = explicit_overlays ? NAN : t->run_from; /* the current run, unless `compare` named others */
    pane_chart_draw(t, w, h - 2, width, &p);
}

const pane_kind pane_loss = {"loss", "Loss", draw_loss};
