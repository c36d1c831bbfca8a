/* What each of the session's charts shows, as an nn_plot (chart/chart.h):
 * the loss curves of a run, its per-layer gradient (or weight) norms, and
 * the chart of the last `plot COLUMN`.  One builder per chart, read by
 * every consumer: the workbench's panes draw the plots in the terminal,
 * `export plot` draws them into a file.  Colours are the caller's: each
 * series and marker takes its role from an nn_chart_roles the caller fills
 * with its own (a theme's roles, a print palette's indices). */
#ifndef NN_SESSION_CHARTS_H
#define NN_SESSION_CHARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "boundary_field.h"
#include "chart/chart.h"
#include "history.h"

struct nn_chart;
struct nn_model;

#define NN_CHART_GRAD_ROLES 6

typedef struct nn_chart_roles {
    int text, axis, title;
    int bar;                                   /* the chart of `plot` */
    int loss_train, loss_val, loss_train_raw, loss_val_raw, loss_batch;
    int loss_best, loss_previous, loss_marker;
    int grad[NN_CHART_GRAD_ROLES];             /* layer k's line: grad[k % 6] */
} nn_chart_roles;

/* nn_plot_init with the roles' text, axis and title. */
void nn_chart_plot_init(nn_plot *p, const nn_chart_roles *r);

/* The colours a picture is drawn in: the roles of each part and each
 * role's colour (colours[role], 0xrrggbb), on a background.  The files'
 * default is nn_print_palette; a front-end fills one from a theme. */
enum { NN_PALETTE_MAX = 64 };
typedef struct nn_chart_palette {
    nn_chart_roles roles;
    unsigned colours[NN_PALETTE_MAX];
    int n;
    unsigned background;
} nn_chart_palette;

/* Dark text and saturated lines that hold up on white paper and in
 * greyscale print (the lines differ in lightness too). */
extern const nn_chart_palette nn_print_palette;

/* --- the loss curves -------------------------------------------------------- */

enum { NN_LOSS_MAX_OVERLAYS = 8, NN_LOSS_MAX_SERIES = 8 + NN_LOSS_MAX_OVERLAYS, NN_LOSS_MAX_MARKERS = 10 };

/* The series and markers of a loss plot, with buffers reused from one
 * build to the next (zero it before the first; nn_loss_chart_free). */
typedef struct nn_loss_chart {
    nn_series series[NN_LOSS_MAX_SERIES];
    int n;
    nn_marker markers[NN_LOSS_MAX_MARKERS];
    int n_markers;
    double *smooth[2], *batch_x, *batch_y;
    size_t cap, batch_cap;
} nn_loss_chart;

/* An earlier run drawn behind the current one (chart_runs.h chooses). */
typedef struct nn_loss_overlay {
    const nn_history_snapshot *snap;
    const char *name;       /* in the legend: "run 3", as `runs` numbers it */
    bool explicit_choice;   /* named by `compare`: a colour of its own, its epochs widen the x range */
    int from;               /* epochs its weights had trained before it began */
} nn_loss_overlay;

/* The loss chart's smoothing weight until `view smoothing=` sets one. */
#define NN_LOSS_SMOOTHING 0.6
/* The highest weight, as TensorBoard's slider's end (nn_ema_smooth's cap). */
#define NN_LOSS_SMOOTHING_MAX 0.999

typedef struct nn_loss_options {
    bool smooth;            /* a debiased moving average, the raw lines kept dim */
    double smoothing;       /* its weight on the previous average, 0 <= w < 1 */
    bool log_y;
    bool hide_outliers;     /* `view outliers=hide`: y from the 5th to the 95th percentile */
    int run_from;           /* epochs the current run's weights had trained before it */
    const nn_loss_overlay *overlays;
    int n_overlays;
} nn_loss_options;

/* Training and validation loss per epoch of run s over its faint
 * per-batch trace, the best epoch and each hyperparameter change marked,
 * earlier runs behind it.  The ranges follow the current run's epoch
 * lines: the trace is clipped to them, an overlay is cut to the current
 * run's epochs unless `compare` named it; a continued run is drawn at the
 * epochs its weights trained (from run_from + 1).  p points into c.
 * False when s has nothing to draw yet. */
bool nn_loss_plot(nn_loss_chart *c, const nn_history_snapshot *s, const nn_loss_options *o,
                  const nn_chart_roles *r, nn_plot *p);
void nn_loss_chart_free(nn_loss_chart *c);

/* --- gradient norms ------------------------------------------------------------ */

enum { NN_GRADS_MAX_SERIES = 64 };

typedef struct nn_grads_chart {
    nn_series series[NN_GRADS_MAX_SERIES];
    char names[NN_GRADS_MAX_SERIES][40];
} nn_grads_chart;

/* One line per layer of m with parameters, named by its number and kind
 * ("3 dense"), and for a recurrent layer a second one for its recurrent
 * kernel ("2 lstm rec"), so vanishing or exploding through time shows:
 * its mean gradient norm per epoch of run s (its weight norm when
 * `weights`), on a log scale, at the epochs the loss chart shows (from
 * `from` + 1).  Every line is drawn (up to 64); the legend names those
 * that fit, whole, and "+N more".  False when s has no epoch yet. */
bool nn_grads_plot(nn_grads_chart *c, const nn_history_snapshot *s, const struct nn_model *m, bool weights,
                   int from, const nn_chart_roles *r, nn_plot *p);

/* --- the chart of `plot` ------------------------------------------------------- */

enum { NN_VIEW_MAX_SERIES = 8, NN_VIEW_CURVES = 16 /* a kind beside nn_chart_kind's */ };

/* A copy of what `plot` drew, as it is drawn: a column chart
 * (table/stats.h) as one series, or one line per key of a series
 * (`plot price by=symbol`), time in years (so the x labels read as such),
 * the first and last bar's text or the data's first and last date for a
 * line under it; or a classifier's ROC or precision-recall curves
 * (NN_VIEW_CURVES), one series per split and a dim line of chance, on the
 * unit square. */
typedef struct nn_column_view {
    int kind;           /* nn_chart_kind or NN_VIEW_CURVES */
    int n_series;
    size_t n[NN_VIEW_MAX_SERIES];
    double *x[NN_VIEW_MAX_SERIES], *y[NN_VIEW_MAX_SERIES];
    char name[NN_VIEW_MAX_SERIES][40]; /* in the legend; "" keeps it out */
    bool dim[NN_VIEW_MAX_SERIES];      /* the line of chance */
    char title[128], x_name[24];
    char first[64], last[64];
    double time_first, time_last;      /* the dates' span, seconds (NAN: none yet) */
    char note[128];                    /* under the chart: the keys left out */
} nn_column_view;

/* Replaces v's copy with chart c; -1 when out of memory (v is then empty). */
int nn_column_view_set(nn_column_view *v, const struct nn_chart *c);
/* Adds line chart c to v as a series named name (a key), the caption
 * widened to its dates; -1 when v is full or out of memory (v unchanged
 * but for a series left empty). */
int nn_column_view_add(nn_column_view *v, const struct nn_chart *c, const char *name);
void nn_column_view_free(nn_column_view *v);

struct nn_binary_curves;
/* Replaces v with the ROC (roc) or precision-recall curves of c[0..k-1],
 * each named by names[i] with its AUC or average precision; -1 when out
 * of memory (v is then empty). */
int nn_curves_view_set(nn_column_view *v, const struct nn_binary_curves *const *c, const char *const *names, int k,
                       bool roc);

/* A plot of v, its series in series[NN_VIEW_MAX_SERIES]; p points into v
 * and series. */
void nn_column_plot(const nn_column_view *v, const nn_chart_roles *r, nn_series *series, nn_plot *p);

/* --- the decision boundary ------------------------------------------------------ */

enum { NN_BOUNDARY_MAX_SERIES = 8 };

/* What a boundary plot points into (zero it before the first build;
 * nn_boundary_chart_free). */
typedef struct nn_boundary_chart {
    nn_model_follower model;
    float *grid, *values;
    nn_field field;
    int class_roles[NN_CHART_GRAD_ROLES];
    nn_series series[NN_BOUNDARY_MAX_SERIES];
    double *px[NN_BOUNDARY_MAX_SERIES], *py[NN_BOUNDARY_MAX_SERIES];
    char title[160];
} nn_boundary_chart;

/* The decision boundary of session s's model over the plane of its two
 * features: the field of its outputs on a cols x rows grid (computed
 * with the weights the session published, as the pane does) under the
 * training points, a series per class (the first 8) named by the class,
 * or one for a regression.  p points into c.  -1 with the reason the
 * Boundary pane would show. */
int nn_boundary_plot(nn_boundary_chart *c, const nn_session *s, int cols, int rows, const nn_chart_roles *r,
                     nn_plot *p, nn_error *err);
void nn_boundary_chart_free(nn_boundary_chart *c);

#endif
