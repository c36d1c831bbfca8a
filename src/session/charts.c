/* The session's charts as plots.  See charts.h. */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/evaluate_curves.h"
#include "engine/model.h"
#include "table/parse_date.h"
#include "table/stats.h"

enum { INK, AXIS, TITLE, BAR, TRAIN, VAL, TRAIN_RAW, VAL_RAW, BATCH, BEST, PREVIOUS, MARKER, GRAD, PRINT_COLOURS = GRAD + 6 };
const nn_chart_palette nn_print_palette = {
    {INK, AXIS, TITLE, BAR, TRAIN, VAL, TRAIN_RAW, VAL_RAW, BATCH, BEST, PREVIOUS, MARKER,
     {GRAD, GRAD + 1, GRAD + 2, GRAD + 3, GRAD + 4, GRAD + 5}},
    {[INK] = 0x333333, [AXIS] = 0x888888, [TITLE] = 0x111111, [BAR] = 0x1f5fa8, [TRAIN] = 0x1f5fa8,
     [VAL] = 0xc25a00, [TRAIN_RAW] = 0x7fa6d4, [VAL_RAW] = 0xe0a070, [BATCH] = 0x999999, [BEST] = 0x2e8b3a,
     [PREVIOUS] = 0xaaaaaa, [MARKER] = 0x9c27b0, [GRAD] = 0x1f5fa8, 0xc25a00, 0x2e8b3a, 0x9c27b0, 0x555555, 0xc62828},
    PRINT_COLOURS,
    0xffffff,
};

void nn_chart_plot_init(nn_plot *p, const nn_chart_roles *r)
{
    nn_plot_init(p);
    p->text_role = r->text, p->axis_role = r->axis, p->title_role = r->title;
}

/* --- the loss curves -------------------------------------------------------- */

static void add(nn_loss_chart *c, nn_series s)
{
    if (c->n < NN_LOSS_MAX_SERIES)
        c->series[c->n++] = s;
}

static nn_series dim_line(nn_numbers y, size_t n, int role)
{
    return (nn_series){NULL, {0}, y, 1, 1, n, role, NN_STYLE_DIM, NN_REDUCE_MINMAX, 0};
}

static nn_numbers loss_of(const nn_epoch_record *r)
{
    return nn_double_field(&r->loss, sizeof *r);
}

/* The per-batch losses, at their positions after the epochs the weights
 * had trained before; out of the y range, which the epoch lines set. */
static void batch_trace(nn_loss_chart *c, const nn_history_snapshot *s, int from, const nn_chart_roles *r)
{
    if ((size_t)s->n_batches > c->batch_cap) {
        c->batch_cap = (size_t)s->n_batches;
        c->batch_x = realloc(c->batch_x, c->batch_cap * sizeof *c->batch_x);
        c->batch_y = realloc(c->batch_y, c->batch_cap * sizeof *c->batch_y);
    }
    if (!c->batch_x || !c->batch_y) { /* out of memory: the trace is left out */
        c->batch_cap = 0;
        return;
    }
    for (int i = 0; i < s->n_batches; i++) {
        const nn_batch_record *b = nn_history_snapshot_batch(s, i);
        c->batch_x[i] = from + nn_batch_position(b);
        c->batch_y[i] = b->loss;
    }
    add(c, (nn_series){NULL, nn_doubles(c->batch_x), nn_doubles(c->batch_y), 0, 0, (size_t)s->n_batches,
                       r->loss_batch, NN_STYLE_POINTS, NN_REDUCE_MINMAX, NN_RANGE_SKIP_Y});
}

/* The epoch lines, smoothed on request with the raw ones kept dim. */
static void epoch_lines(nn_loss_chart *c, const nn_history_snapshot *s, const nn_loss_options *o,
                        const nn_chart_roles *r)
{
    size_t n = (size_t)s->n_epochs;
    if (n == 0) /* batches only so far (or the ring holds none): no record to read */
        return;
    if (n > c->cap) {
        c->cap = n;
        c->smooth[0] = realloc(c->smooth[0], n * sizeof(double));
        c->smooth[1] = realloc(c->smooth[1], n * sizeof(double));
    }
    const nn_epoch_record *e = s->epoch;
    nn_numbers train = loss_of(e), val = nn_double_field(&e->val_loss, sizeof *e);
    bool has_val = e[0].has_val;
    if (o->smooth && c->smooth[0] && c->smooth[1]) {
        add(c, dim_line(train, n, r->loss_train_raw));
        nn_ema_smooth(train, n, o->smoothing, c->smooth[0]);
        train = nn_doubles(c->smooth[0]);
        if (has_val) {
            add(c, dim_line(val, n, r->loss_val_raw));
            nn_ema_smooth(val, n, o->smoothing, c->smooth[1]);
            val = nn_doubles(c->smooth[1]);
        }
    }
    add(c, nn_series_epochs("loss", train, n, r->loss_train));
    if (has_val)
        add(c, nn_series_epochs("val_loss", val, n, r->loss_val));
}

/* Earlier runs' training loss, named in the legend: the one that compares
 * dim and within the current run's ranges, the ones `compare` named each
 * in a colour of its own and in full.  True when `compare` named any. */
static bool overlay_lines(nn_loss_chart *c, const nn_loss_options *o, const nn_chart_roles *r)
{
    bool explicit_overlays = false;
    for (int i = 0; i < o->n_overlays; i++) {
        const nn_loss_overlay *v = &o->overlays[i];
        if (v->snap->n_epochs == 0)
            continue;
        explicit_overlays |= v->explicit_choice;
        nn_series line = nn_series_epochs(v->name, loss_of(v->snap->epoch), (size_t)v->snap->n_epochs,
                                          r->loss_previous);
        line.x_first += v->from;
        line.skip_range = v->explicit_choice ? 0 : NN_RANGE_SKIP_X | NN_RANGE_SKIP_Y;
        if (v->explicit_choice) /* the grads' last four colours: loss and val_loss keep theirs */
            line.role = r->grad[2 + i % (NN_CHART_GRAD_ROLES - 2)];
        else
            line.style = NN_STYLE_DIM;
        add(c, line);
    }
    return explicit_overlays;
}

static void loss_markers(nn_loss_chart *c, const nn_history_snapshot *s, const nn_chart_roles *r)
{
    if (s->best_epoch > 0)
        c->markers[c->n_markers++] = (nn_marker){s->best_epoch, false, "best", r->loss_best};
    for (int i = 0; i < s->n_markers && c->n_markers < NN_LOSS_MAX_MARKERS; i++)
        c->markers[c->n_markers++] = (nn_marker){s->marker[i].position, false, s->marker[i].what, r->loss_marker};
}

/* Series first..c->n - 1 and every marker moved right by `from` epochs: a
 * run that continues an earlier one is drawn at the epochs its weights
 * have trained, as are the runs overlaid.  (The trace's x are positions,
 * placed already: x_first does not move them.) */
static void shift(nn_loss_chart *c, int first, double from)
{
    for (int i = first; i < c->n; i++)
        c->series[i].x_first += from;
    for (int i = 0; i < c->n_markers; i++)
        c->markers[i].at += from;
}

bool nn_loss_plot(nn_loss_chart *c, const nn_history_snapshot *s, const nn_loss_options *o,
                  const nn_chart_roles *r, nn_plot *p)
{
    c->n = c->n_markers = 0;
    nn_chart_plot_init(p, r);
    if (s->n_epochs + s->n_batches == 0)
        return false;
    bool explicit_overlays = overlay_lines(c, o, r);
    int first = c->n;
    batch_trace(c, s, o->run_from, r);
    epoch_lines(c, s, o, r);
    loss_markers(c, s, r);
    shift(c, first, o->run_from);
    p->title = "Loss";
    p->series = c->series, p->n_series = c->n;
    p->markers = c->markers, p->n_markers = c->n_markers;
    p->log_y = o->log_y;
    p->y_ignore_outliers = o->hide_outliers;
    p->x_whole = true;
    p->x_name = o->run_from > 0 ? "epoch (continued)" : "epoch";
    p->x_min = explicit_overlays ? NAN : o->run_from; /* the current run, unless `compare` named others */
    return true;
}

void nn_loss_chart_free(nn_loss_chart *c)
{
    free(c->smooth[0]), free(c->smooth[1]);
    free(c->batch_x), free(c->batch_y);
    memset(c, 0, sizeof *c);
}

/* --- gradient norms ------------------------------------------------------------ */

/* A line of c at each epoch of s: the floats at `at` of each row of norms. */
static void grads_line(nn_grads_chart *c, int n, const nn_history_snapshot *s, const float *at,
                       int from, const nn_chart_roles *r)
{
    size_t row = (size_t)NN_LAYER_NORMS(s->n_layers) * sizeof(float);
    c->series[n] = nn_series_epochs(c->names[n], nn_float_field(at, row), (size_t)s->n_epochs,
                                    r->grad[n % NN_CHART_GRAD_ROLES]);
    c->series[n].x_first += from; /* at the epochs the loss chart shows */
}

bool nn_grads_plot(nn_grads_chart *c, const nn_history_snapshot *s, const nn_model *m, bool weights,
                   int from, const nn_chart_roles *r, nn_plot *p)
{
    nn_chart_plot_init(p, r);
    if (s->n_epochs == 0 || s->n_layers == 0)
        return false;
    const float *base = weights ? s->layer_weight_norms : s->layer_grad_norms;
    bool known = m && m->n_layers == s->n_layers; /* the model that ran */
    int n = 0;
    for (int layer = 0; layer < s->n_layers && n < NN_GRADS_MAX_SERIES; layer++) {
        const nn_layer *l = known ? &m->layers[layer] : NULL;
        if (l && l->n_params == 0)
            continue; /* activations and dropout have no weights */
        if (l)
            snprintf(c->names[n], sizeof c->names[n], "%d %s", layer + 1, l->spec.kind->name);
        else
            snprintf(c->names[n], sizeof c->names[n], "layer %d", layer + 1);
        grads_line(c, n++, s, base + layer, from, r);
        if (l && l->n_recurrent && n < NN_GRADS_MAX_SERIES) {
            snprintf(c->names[n], sizeof c->names[n], "%d %s rec", layer + 1, l->spec.kind->name);
            grads_line(c, n++, s, base + s->n_layers + layer, from, r);
        }
    }
    p->title = weights ? "Weight norms" : "Gradient norms";
    p->series = c->series, p->n_series = n;
    p->log_y = true;
    p->x_whole = true;
    p->x_name = "epoch";
    p->legend_whole_names = true; /* "1 d…" would not say which layer */
    return true;
}

/* --- the chart of `plot` ------------------------------------------------------- */

void nn_column_view_free(nn_column_view *v)
{
    for (int i = 0; i < v->n_series; i++)
        free(v->x[i]), free(v->y[i]);
    memset(v, 0, sizeof *v);
    v->time_first = v->time_last = NAN;
}

/* Room for one more series of n points in v; its index, or -1. */
static int add_series(nn_column_view *v, size_t n, const char *name)
{
    int i = v->n_series;
    if (i == NN_VIEW_MAX_SERIES)
        return -1;
    v->x[i] = malloc((n + 1) * sizeof *v->x[i]);
    v->y[i] = malloc((n + 1) * sizeof *v->y[i]);
    v->n_series++; /* freed with v, even half made */
    if (!v->x[i] || !v->y[i])
        return -1;
    v->n[i] = n;
    snprintf(v->name[i], sizeof v->name[i], "%s", name);
    return i;
}

/* The caption under a line: the earliest and latest date of its lines. */
static void date_caption(nn_column_view *v, const nn_chart *c)
{
    if (!c->x_is_time || isnan(c->x_first))
        return;
    if (isnan(v->time_first) || c->x_first < v->time_first)
        v->time_first = c->x_first;
    if (isnan(v->time_last) || c->x_last > v->time_last)
        v->time_last = c->x_last;
    nn_date_format_iso(v->time_first, 0, v->first, sizeof v->first);
    nn_date_format_iso(v->time_last, 0, v->last, sizeof v->last);
}

int nn_column_view_add(nn_column_view *v, const nn_chart *c, const char *name)
{
    int s = add_series(v, c->n, name);
    if (s < 0)
        return -1;
    for (size_t i = 0; i < c->n; i++) /* time runs in years, so the x labels read as such */
        v->x[s][i] = c->x_is_time ? 1970 + c->x[i] / (365.2425 * 86400) : c->x[i], v->y[s][i] = c->y[i];
    if (c->kind == NN_CHART_LINE)
        date_caption(v, c);
    return 0;
}

int nn_column_view_set(nn_column_view *v, const nn_chart *c)
{
    nn_column_view_free(v);
    if (nn_column_view_add(v, c, "") < 0) {
        nn_column_view_free(v);
        return -1;
    }
    v->kind = c->kind;
    snprintf(v->title, sizeof v->title, "%s", c->title);
    snprintf(v->x_name, sizeof v->x_name, "%s",
             c->kind == NN_CHART_LINE ? "year" : c->kind == NN_CHART_BARS ? "level" : "value");
    if (c->kind == NN_CHART_BARS && c->n) {
        snprintf(v->first, sizeof v->first, "first bar: %s", c->labels[0]);
        snprintf(v->last, sizeof v->last, "last: %s", c->labels[c->n - 1]);
    } else if (c->kind == NN_CHART_HISTOGRAM && c->x_is_time && c->n) {
        nn_date_format_iso(c->x[0], 0, v->first, sizeof v->first);
        nn_date_format_iso(c->x[c->n - 1] + c->bin_width, 0, v->last, sizeof v->last);
    }
    return 0;
}

/* The line a classifier that guesses draws: the diagonal of the ROC, the
 * share of positives on the precision-recall chart. */
static int chance_line(nn_column_view *v, const nn_binary_curves *c, bool roc)
{
    int i = add_series(v, 2, "chance");
    if (i < 0)
        return -1;
    double base = (double)c->positives / (double)(c->positives + c->negatives);
    v->x[i][0] = 0, v->x[i][1] = 1;
    v->y[i][0] = roc ? 0 : base, v->y[i][1] = roc ? 1 : base;
    v->dim[i] = true;
    return 0;
}

int nn_curves_view_set(nn_column_view *v, const nn_binary_curves *const *c, const char *const *names, int k,
                       bool roc)
{
    nn_column_view_free(v);
    v->kind = NN_VIEW_CURVES;
    snprintf(v->title, sizeof v->title, roc ? "ROC: true against false positive rate"
                                            : "precision against recall");
    snprintf(v->x_name, sizeof v->x_name, roc ? "false positive rate" : "recall");
    int rc = k > 0 ? chance_line(v, c[0], roc) : 0;
    for (int j = 0; rc == 0 && j < k; j++) {
        char name[40];
        snprintf(name, sizeof name, roc ? "%s auc %.3f" : "%s ap %.3f", names[j],
                 roc ? c[j]->auc : c[j]->average_precision);
        int i = add_series(v, c[j]->n, name);
        if (i < 0) {
            rc = -1;
            break;
        }
        for (size_t p = 0; p < c[j]->n; p++) { /* precision at recall 0 is 1 by convention, not drawn */
            v->x[i][p] = roc ? c[j]->fpr[p] : c[j]->tpr[p];
            v->y[i][p] = roc ? c[j]->tpr[p] : p == 0 ? NAN : c[j]->precision[p];
        }
    }
    if (rc < 0)
        nn_column_view_free(v);
    return rc;
}

void nn_column_plot(const nn_column_view *v, const nn_chart_roles *r, nn_series *series, nn_plot *p)
{
    nn_chart_plot_init(p, r);
    bool curves = v->kind == NN_VIEW_CURVES;
    bool keyed = curves || v->n_series > 1 || v->name[0][0]; /* lines told apart by colour */
    for (int i = 0, line = 0; i < v->n_series; i++) {
        int role = v->dim[i] ? r->loss_previous : keyed ? r->grad[line++ % NN_CHART_GRAD_ROLES] : r->bar;
        series[i] = (nn_series){v->name[i][0] ? v->name[i] : curves ? NULL : v->title, nn_doubles(v->x[i]),
                                nn_doubles(v->y[i]), 0, 0, v->n[i], role, v->dim[i] ? NN_STYLE_DIM : NN_STYLE_LINE,
                                NN_REDUCE_MINMAX, 0};
    }
    p->series = series, p->n_series = v->n_series;
    p->title = v->title;
    p->x_name = v->x_name;
    if (v->kind != NN_CHART_LINE)
        p->y_min = 0;
    if (curves)
        p->x_min = 0, p->x_max = 1, p->y_max = 1;
}
