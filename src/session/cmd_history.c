/* The record of training: `history` (the epochs of the last run),
 * `runs` (every run of the session with its hyperparameters and best
 * validation figures) and `export history FILE`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "session_internal.h"

static nn_history *last_run(const nn_session *s)
{
    return s->nruns ? s->runs[s->nruns - 1] : NULL;
}

HANDLER(cmd_history)
{
    (void)c;
    nn_history *h = last_run(s);
    if (!h)
        return nn_fail(err, "history: nothing trained yet");
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    if (nn_history_read(h, &snap, err) < 0) {
        nn_history_snapshot_free(&snap);
        return -1;
    }
    session_print(s, "%5s %12s %12s %12s %12s %10s %10s", "epoch", "loss", "val_loss", snap.metric,
                  "val_metric", "lr", "grad_norm");
    for (int i = 0; i < snap.n_epochs; i++) {
        const nn_epoch_record *r = &snap.epoch[i];
        session_print(s, "%5d %12.6g %12.6g %12.6g %12.6g %10.4g %10.4g%s", r->epoch, r->loss, r->val_loss,
                      r->metric, r->val_metric, r->lr, r->grad_norm, r->epoch == snap.best_epoch ? "  best" : "");
    }
    nn_history_snapshot_free(&snap);
    return 0;
}

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
        char best[96] = "best_val_loss=none";
        if (r.best_epoch > 0)
            snprintf(best, sizeof best, "best_val_loss=%.6g best_epoch=%d", r.best_val_loss, r.best_epoch);
        session_print(s, "run %zu: epochs=%d loss=%.6g %s end=%s %s", i + 1, r.epochs_run, r.final_loss, best,
                      r.ended ? nn_end_reason_name(r.reason) : "running", r.hyperparams);
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
