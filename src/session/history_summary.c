/* What `runs` says of a run: its settings as text (with the changes made
 * while it trained), its model and label, how far it got and how it ended. */
#include "history_internal.h"
#include "settings_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


/* --- summary for `runs` --- */

const char *nn_end_reason_name(nn_end_reason r)
{
    switch (r) {
    case NN_END_FINISHED: return "finished";
    case NN_END_STOPPED: return "stopped";
    case NN_END_EARLY_STOP: return "early stop";
    case NN_END_NONFINITE: return "NaN/Inf";
    }
    return "?";
}

void nn_history_summary(nn_history *h, nn_run_summary *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&h->lock);
    memcpy(out->hyperparams, h->hyperparams, sizeof out->hyperparams);
    memcpy(out->model, h->model, sizeof out->model);
    memcpy(out->label, h->label, sizeof out->label);
    memcpy(out->metric, h->metric, sizeof out->metric);
    out->epochs_run = h->n_epochs;
    const nn_epoch_record *last = h->n_epochs ? &h->epoch[h->n_epochs - 1] : NULL;
    out->final_loss = last ? last->loss : NAN;
    out->final_val_loss = last ? last->val_loss : NAN;
    out->best_epoch = h->best_epoch;
    out->best_val_loss = h->best_epoch ? h->best_val_loss : NAN;
    out->best_val_metric = NAN;
    for (int i = 0; i < h->n_epochs; i++)
        if (h->epoch[i].epoch == h->best_epoch)
            out->best_val_metric = h->epoch[i].val_metric;
    out->n_changes = h->n_markers;
    out->ended = h->ended;
    out->reason = h->end.reason;
    memcpy(out->end_message, h->end.message, sizeof out->end_message);
    out->restored_best = h->ended && h->end.restored_best;
    out->fit_key = h->fit_key;
    out->continued_from = h->continued_from;
    pthread_mutex_unlock(&h->lock);
}

void nn_history_set_model(nn_history *h, const char *model)
{
    pthread_mutex_lock(&h->lock);
    snprintf(h->model, sizeof h->model, "%s", model);
    pthread_mutex_unlock(&h->lock);
}

void nn_history_set_start(nn_history *h, unsigned long fit_key, int continued_from)
{
    pthread_mutex_lock(&h->lock);
    h->fit_key = fit_key;
    h->continued_from = continued_from;
    pthread_mutex_unlock(&h->lock);
}

void nn_history_set_label(nn_history *h, const char *label)
{
    pthread_mutex_lock(&h->lock);
    snprintf(h->label, sizeof h->label, "%s", label);
    pthread_mutex_unlock(&h->lock);
}

int nn_history_change(nn_history *h, const char *key, const char *value, nn_error *err)
{
    char mark[64]; /* the loss chart marks where it changed */
    snprintf(mark, sizeof mark, "%s=%s", key, value);
    int rc = nn_history_mark(h, mark, err);
    pthread_mutex_lock(&h->lock);
    nn_error ignored; /* the trainer took the value: it is valid */
    nn_settings next = h->settings;
    if (nn_settings_set(&next, key, value, &ignored) == 0) {
        h->settings = next;
        nn_settings_describe(&h->settings, h->hyperparams, sizeof h->hyperparams);
    }
    pthread_mutex_unlock(&h->lock);
    return rc;
}
