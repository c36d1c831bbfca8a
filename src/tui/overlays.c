/* Which earlier runs the loss chart overlays (`compare`): by default the
 * last earlier run that trained on the same data with the same loss (the
 * only runs whose loss compares: `nn_run_summary.fit_key`), or none, or
 * the runs the user names.  Each is copied into a snapshot of its own
 * once a frame (a finished run's copy costs nothing after the first) and
 * named in the legend as `runs` numbers it.  A run that continued an
 * earlier one is drawn at the epochs its weights trained (from N + 1 on),
 * and the default overlay is a run that began where the current one did. */
#include <stdio.h>

#include "overlays.h"

/* Epochs a run's weights had trained before it (an opened model's: 0). */
static int start_of(const nn_run_summary *r)
{
    return r->continued_from > 0 ? r->continued_from : 0;
}

/* The runs to draw now, as indices in the session's run list. */
static int chosen(tui *t, int *runs)
{
    int current = nn_session_run_count(t->session) - 1;
    nn_run_summary now, r;
    t->run_from = 0;
    if (current < 0)
        return 0;
    nn_history_summary(nn_session_run_record(t->session, current), &now);
    t->run_from = start_of(&now);
    if (t->compare == NN_COMPARE_OFF)
        return 0;
    int n = 0;
    if (t->compare == NN_COMPARE_RUNS) {
        for (int i = 0; i < t->n_compare; i++)
            if (t->compare_runs[i] != current)
                runs[n++] = t->compare_runs[i];
        return n;
    }
    for (int i = current - 1; i >= 0 && now.fit_key; i--) {
        nn_history_summary(nn_session_run_record(t->session, i), &r);
        if (r.fit_key == now.fit_key && r.continued_from == now.continued_from) {
            runs[0] = i;
            return 1;
        }
    }
    return 0;
}

void overlays_refresh(tui *t)
{
    int runs[TUI_MAX_OVERLAYS];
    int n = chosen(t, runs);
    t->n_overlays = 0;
    for (int i = 0; i < n; i++) {
        nn_error err;
        run_overlay *o = &t->overlay[t->n_overlays];
        nn_history *h = nn_session_run_record(t->session, runs[i]);
        if (nn_history_read(h, &o->snap, &err) < 0)
            continue; /* out of memory: drawn without it */
        nn_run_summary r;
        nn_history_summary(h, &r);
        o->from = start_of(&r);
        snprintf(o->name, sizeof o->name, "run %d", runs[i] + 1);
        o->explicit_choice = t->compare == NN_COMPARE_RUNS;
        t->n_overlays++;
    }
}

int overlays_hook(void *user, nn_compare_mode mode, const int *runs, int n, nn_error *err)
{
    (void)err; /* the session has checked the run numbers */
    tui *t = user;
    t->compare = mode;
    t->n_compare = 0;
    for (int i = 0; i < n && i < TUI_MAX_OVERLAYS; i++)
        t->compare_runs[t->n_compare++] = runs[i];
    overlays_refresh(t);
    log_add(&t->log, LOG_TEXT, mode == NN_COMPARE_OFF ? "the loss chart shows the current run alone"
                               : mode == NN_COMPARE_PREVIOUS ? "the loss chart overlays the last earlier run "
                                                               "on the same data and loss"
                                                             : "the loss chart overlays the runs named");
    t->dirty = true;
    return 0;
}

void overlays_init(tui *t)
{
    for (int i = 0; i < TUI_MAX_OVERLAYS; i++)
        nn_history_snapshot_init(&t->overlay[i].snap);
}

void overlays_free(tui *t)
{
    for (int i = 0; i < TUI_MAX_OVERLAYS; i++)
        nn_history_snapshot_free(&t->overlay[i].snap);
}
