/* Which earlier runs the loss chart overlays (`compare`): by default the
 * last earlier run that trained on the same data with the same loss (the
 * only runs whose loss compares: `nn_run_summary.fit_key`), or none, or
 * the runs the user names, each named in the legend as `runs` numbers it.
 * A run that continued an earlier one is drawn at the epochs its weights
 * trained (from N + 1 on), and the default overlay is a run that began
 * where the current one did. */
#include "chart_runs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "session_internal.h"

/* Epochs a run's weights had trained before it (an opened model's: 0). */
static int start_of(const nn_run_summary *r)
{
    return r->continued_from > 0 ? r->continued_from : 0;
}

/* The runs to draw now, as indices in the session's run list; *from
 * gets the current run's start. */
static int chosen(const nn_session *s, int *runs, int *from)
{
    const nn_loss_view *v = &s->loss_view;
    int current = nn_session_run_count(s) - 1;
    nn_run_summary now, r;
    *from = 0;
    if (current < 0)
        return 0;
    nn_history_summary(nn_session_run_record(s, current), &now);
    *from = start_of(&now);
    if (v->compare == NN_COMPARE_OFF)
        return 0;
    int n = 0;
    if (v->compare == NN_COMPARE_RUNS) {
        for (int i = 0; i < v->n_runs; i++)
            if (v->runs[i] != current)
                runs[n++] = v->runs[i];
        return n;
    }
    for (int i = current - 1; i >= 0 && now.fit_key; i--) {
        nn_history_summary(nn_session_run_record(s, i), &r);
        if (r.fit_key == now.fit_key && r.continued_from == now.continued_from) {
            runs[0] = i;
            return 1;
        }
    }
    return 0;
}

void nn_chart_runs_read(const nn_session *s, nn_chart_runs *r)
{
    int runs[NN_LOSS_MAX_OVERLAYS];
    int n = chosen(s, runs, &r->run_from);
    r->hide_outliers = s->loss_view.hide_outliers;
    r->smooth = s->loss_view.smooth, r->smoothing = s->loss_view.smoothing;
    r->n_overlays = 0;
    for (int i = 0; i < n; i++) {
        int k = r->n_overlays;
        nn_error err;
        nn_history *h = nn_session_run_record(s, runs[i]);
        if (nn_history_read(h, &r->snap[k], &err) < 0)
            continue; /* out of memory: drawn without it */
        nn_run_summary sum;
        nn_history_summary(h, &sum);
        snprintf(r->name[k], sizeof r->name[k], "run %d", runs[i] + 1);
        r->overlay[k] = (nn_loss_overlay){&r->snap[k], r->name[k], s->loss_view.compare == NN_COMPARE_RUNS,
                                          start_of(&sum)};
        r->n_overlays++;
    }
}

nn_loss_options nn_chart_runs_options(const nn_chart_runs *r, bool smooth, bool log_y)
{
    return (nn_loss_options){smooth, r->smoothing, log_y, r->hide_outliers, r->run_from, r->overlay, r->n_overlays};
}

int nn_loss_view_parse_smoothing(const char *cmd, const char *key, const char *value, double *w, nn_error *err)
{
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    /* 1 would hold the first epoch's loss for ever: TensorBoard's slider ends at 0.999 */
    if (errno || end == value || *end || !(v >= 0 && v <= NN_LOSS_SMOOTHING_MAX))
        return nn_fail(err, "%s: %s=%s: expected a number from 0 to %g (the smoothing weight, below 1; 0: the raw "
                       "curves)", cmd, key, value, NN_LOSS_SMOOTHING_MAX);
    *w = v;
    return 0;
}

void nn_loss_view_set_smoothing(nn_session *s, double w)
{
    nn_loss_view *v = &s->loss_view;
    v->smooth = w > 0;
    if (w > 0)
        v->smoothing = w; /* 0 turns smoothing off; F4 brings back the last weight */
    if (v->smooth)
        session_print(s, "the loss chart is smoothed with weight %g, the raw curves dim (F4 or smoothing=0: raw)",
                      w);
    else
        session_print(s, "the loss chart draws the raw curves (smoothing off)");
}

void nn_loss_view_toggle_smooth(nn_session *s)
{
    s->loss_view.smooth = !s->loss_view.smooth;
}

void nn_chart_runs_init(nn_chart_runs *r)
{
    for (int i = 0; i < NN_LOSS_MAX_OVERLAYS; i++)
        nn_history_snapshot_init(&r->snap[i]);
    r->n_overlays = r->run_from = 0;
    r->hide_outliers = false;
}

void nn_chart_runs_free(nn_chart_runs *r)
{
    for (int i = 0; i < NN_LOSS_MAX_OVERLAYS; i++)
        nn_history_snapshot_free(&r->snap[i]);
}
