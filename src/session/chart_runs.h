/* Which earlier runs the loss chart overlays and how it scales, as the
 * session's `compare` and `view` chose, read into snapshots for one
 * drawing: the workbench's Loss pane reads them each frame, `export plot
 * loss` once, so both draw the same chart.  See chart_runs.c. */
#ifndef NN_SESSION_CHART_RUNS_H
#define NN_SESSION_CHART_RUNS_H

#include <stdbool.h>

#include "charts.h"
#include "history.h"
#include "session.h"

/* What `compare` and `view` chose (the session keeps one). */
typedef struct nn_loss_view {
    nn_compare_mode compare;
    int runs[NN_LOSS_MAX_OVERLAYS], n_runs; /* NN_COMPARE_RUNS: indices in the run list */
    bool hide_outliers;
    bool smooth;      /* F4, `view smoothing=W`: the epoch lines as a moving average, the raw ones dim */
    double smoothing; /* its weight W, 0 <= W < 1 (TensorBoard's slider): NN_LOSS_SMOOTHING at first */
} nn_loss_view;

/* The runs drawn now, copied. */
typedef struct nn_chart_runs {
    nn_history_snapshot snap[NN_LOSS_MAX_OVERLAYS];
    char name[NN_LOSS_MAX_OVERLAYS][16];
    nn_loss_overlay overlay[NN_LOSS_MAX_OVERLAYS];
    int n_overlays;
    int run_from;       /* epochs the current run's weights had trained before it */
    bool hide_outliers;
    bool smooth;        /* the view's smoothing, on or off, and its weight */
    double smoothing;
} nn_chart_runs;

void nn_chart_runs_init(nn_chart_runs *r);
void nn_chart_runs_free(nn_chart_runs *r);
/* Copies the runs s's loss chart overlays now into r (a finished run's
 * copy costs nothing after the first); one out of memory is left out.
 * UI thread only, as nn_session_history. */
void nn_chart_runs_read(const nn_session *s, nn_chart_runs *r);
/* r as the loss chart's options, with the viewer's scale; smoothed (with
 * r's weight) when smooth. */
nn_loss_options nn_chart_runs_options(const nn_chart_runs *r, bool smooth, bool log_y);

/* The smoothing weight given as cmd's key=value: 0 <= W < 1, else an
 * error naming cmd, key and the value. */
int nn_loss_view_parse_smoothing(const char *cmd, const char *key, const char *value, double *w, nn_error *err);
/* Smooths the loss chart with weight w (0: the raw curves), and says so. */
void nn_loss_view_set_smoothing(nn_session *s, double w);
/* F4: smoothing on with the last weight, or off. */
void nn_loss_view_toggle_smooth(nn_session *s);

#endif
