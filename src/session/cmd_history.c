/* The record of training: `history` (the epochs of the last run),
 * `runs` (every run of the session with its hyperparameters and best
 * validation figures) and `export history FILE`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "session_internal.h"
#include "sweep.h"

static nn_history *last_run(const nn_session *s)
{
    return s->nruns ? s->runs[s->nruns - 1] : NULL;
}

/* Fits 80 columns: 12 for the metrics, whose names can be that long
 * (val_accuracy). */
HANDLER(cmd_history)
{
    nn_history *h = last_run(s);
    if (!h)
        return nn_fail(err, "history: nothing trained yet");
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    if (nn_history_read(h, &snap, err) < 0) {
        nn_history_snapshot_free(&snap);
        return -1;
    }
    if (nn_call_given(c, "last") && !nn_call_given(c, "n")) {
        nn_history_snapshot_free(&snap);
        return nn_fail(err, "history: last needs a number of epochs: `history last 10`");
    }
    int first = 0;
    if (nn_call_given(c, "n") && nn_call_int(c, "n") < snap.n_epochs)
        first = snap.n_epochs - (int)nn_call_int(c, "n");
    char val_metric[NN_NAME_LEN + 8];
    snprintf(val_metric, sizeof val_metric, "val_%s", snap.metric);
    session_print(s, "%5s %10s %10s %12.12s %12.12s %9s %9s", "epoch", "loss", "val_loss", snap.metric, val_metric,
                  "lr", "grad_norm");
    for (int i = first; i < snap.n_epochs; i++) {
        const nn_epoch_record *r = &snap.epoch[i];
        session_print(s, "%5d %10.6g %10.6g %12.6g %12.6g %9.3g %9.3g%s", r->epoch, r->loss, r->val_loss, r->metric,
                      r->val_metric, r->lr, r->grad_norm, r->epoch == snap.best_epoch ? "  best" : "");
    }
    if (first > 0)
        session_print(s, "(the last %d of %d epochs)", snap.n_epochs - first, snap.n_epochs);
    nn_history_snapshot_free(&snap);
    return 0;
}

/* One line a run: its layers, the settings it ended with, how it ended,
 * its best validation figures. */
HANDLER(cmd_runs)
{
    (void)c, (void)err;
    if (s->nruns == 0) {
        session_print(s, "no runs yet");
        return 0;
    }
    for (size_t i = 0; i < s->nruns; i++) {
        nn_run_summary r;
        nn_history_summary(s->runs[i], &r);
        char best[160] = "best val: none";
        if (r.best_epoch > 0)
            snprintf(best, sizeof best, "best val_loss=%.6g val_%s=%.6g at epoch %d", r.best_val_loss, r.metric,
                     r.best_val_metric, r.best_epoch);
        char from[48] = "";
        if (r.continued_from != 0)
            snprintf(from, sizeof from, r.continued_from > 0 ? " (continued from epoch %d)" : " (continued from "
                     "an opened model)", r.continued_from);
        session_print(s, "run %zu%s%s%s: %s%s; %s; %d epoch%s, %s; %s", i + 1, r.label[0] ? " (" : "", r.label,
                      r.label[0] ? ")" : "", r.model[0] ? r.model : "?", from, r.hyperparams,
                      r.epochs_run, r.epochs_run == 1 ? "" : "s", r.ended ? nn_end_reason_name(r.reason) : "running",
                      best);
    }
    return 0;
}

int export_history(nn_session *s, const char *path, nn_error *err)
{
    nn_history *h = last_run(s);
    if (!h)
        return nn_fail(err, "export history: nothing trained yet");
    session_save_notes(s, path);
    if (nn_history_export_csv(h, path, err) < 0)
        return -1;
    session_print(s, "wrote history to %s", path);
    return 0;
}

/* The loss chart's overlays become mode's (runs[0..n) named), in the
 * Loss pane (read each frame) and in `export plot loss`. */
static int set_compare(nn_session *s, nn_compare_mode mode, const int *runs, int n)
{
    nn_loss_view *v = &s->loss_view;
    v->compare = mode;
    v->n_runs = 0;
    for (int i = 0; i < n && i < NN_LOSS_MAX_OVERLAYS; i++)
        v->runs[v->n_runs++] = runs[i];
    session_print(s, "%s", mode == NN_COMPARE_OFF ? "the loss chart shows the current run alone"
                           : mode == NN_COMPARE_PREVIOUS ? "the loss chart overlays the last earlier run on the same "
                                                           "data and loss"
                                                         : "the loss chart overlays the runs named");
    return 0;
}

/* The place in the run list of `compare`'s word: a run number as `runs`
 * lists them, or trial:N, trial N of the last sweep (its last fold's run
 * with cv=K), as the sweep's lines number them; -1 with err if neither. */
static long run_index(const nn_session *s, const char *word, nn_error *err)
{
    char *end;
    if (strncmp(word, "trial:", 6) == 0) {
        const sweep *sw = s->sweep;
        long t = strtol(word + 6, &end, 10);
        if (!sw || end == word + 6 || *end || t < 1 || t > sw->ntrials)
            return sw ? nn_fail(err, "compare: '%s' is not a trial: give trial:N with N from 1 to %d", word,
                                sw->ntrials)
                      : nn_fail(err, "compare: '%s' is not a trial: no sweep has run", word);
        for (size_t i = 0; sw->trial[t - 1].run && i < s->nruns; i++)
            if (s->runs[i] == sw->trial[t - 1].run)
                return (long)i;
        return nn_fail(err, "compare: trial %ld has not begun", t);
    }
    long k = strtol(word, &end, 10);
    if (end == word || *end || k < 1 || (size_t)k > s->nruns)
        return nn_fail(err, "compare: '%s' is not a run: give run numbers from 1 to %zu as `runs` lists "
                       "them, trial:N for a sweep's trial, `previous` or `off`", word, s->nruns);
    return k - 1;
}

/* Run numbers, `previous` or `off`; a run that trained on other data or
 * with another loss than the current one is drawn, with a warning.  The
 * session keeps the choice: the Loss pane and `export plot loss` draw it. */
HANDLER(cmd_compare)
{
    const char *const *words;
    size_t n = nn_call_list(c, "runs", &words);
    if (n == 0 || (n == 1 && strcmp(words[0], "previous") == 0))
        return set_compare(s, NN_COMPARE_PREVIOUS, NULL, 0);
    if (n == 1 && strcmp(words[0], "off") == 0)
        return set_compare(s, NN_COMPARE_OFF, NULL, 0);
    int runs[NN_LOSS_MAX_OVERLAYS];
    if (n > sizeof runs / sizeof runs[0])
        return nn_fail(err, "compare: at most %zu runs at once", sizeof runs / sizeof runs[0]);
    for (size_t i = 0; i < n; i++) {
        long k = run_index(s, words[i], err);
        if (k < 0)
            return -1;
        runs[i] = (int)k;
    }
    nn_run_summary now, r;
    nn_history_summary(last_run(s), &now);
    for (size_t i = 0; i < n; i++) {
        nn_history_summary(s->runs[runs[i]], &r);
        if (r.fit_key != now.fit_key || !r.fit_key)
            session_warn(s, "compare: run %d trained on other data or with another loss than run %zu: "
                         "its loss does not compare", runs[i] + 1, s->nruns);
    }
    return set_compare(s, NN_COMPARE_RUNS, runs, (int)n);
}
