/* Overfitting (needs validation rows; judged on epochs with finite losses)
 *   A. Rising validation loss: the lowest validation loss so far is at
 *      epoch b, the current epoch t is at least `overfit_patience` [5]
 *      epochs later, val(t) >= (1 + overfit_rise [0.05]) * val(b) and
 *      train(t) <= (1 - overfit_train_fall [0.01]) * train(b).
 *   B. Widening gap: with gap(k) = (val(k) - train(k)) / train(k), the
 *      gap grew at each of the last `overfit_patience` epochs, gap(t) >=
 *      gap_ratio [0.5] and gap(t) - gap(t - patience) >= gap_widening [0.2].
 * Either fires the warning; it fires again only after validation loss
 * has made a new low while gap < gap_ratio (a new episode).  A model that
 * has dropout already is not told to add it. */
#include <stdio.h>

#include "warning_rule.h"

typedef struct overfitting {
    bool has_best;
    int best;    /* index of the lowest validation loss */
    bool rising; /* which of A and B fired */
} overfitting;

/* gap(k) = (val - train) / train, NAN when not defined */
static double gap(const nn_monitor_point *p)
{
    return p->train > 0.0 && isfinite(p->val) ? (p->val - p->train) / p->train : NAN;
}

/* Rule B: the gap grew at each of the last `patience` epochs. */
static bool gap_widening(const nn_monitor_run *run)
{
    int patience = run->r.overfit_patience, t = run->n - 1;
    if (t < patience)
        return false;
    for (int k = t - patience; k < t; k++)
        if (!(gap(&run->pt[k + 1]) > gap(&run->pt[k])))
            return false;
    double now = gap(&run->pt[t]), then = gap(&run->pt[t - patience]);
    return now >= run->r.gap_ratio && now - then >= run->r.gap_widening;
}

static unsigned condition(const nn_monitor_run *run, void *state, const nn_monitor_event *e)
{
    (void)e;
    overfitting *o = state;
    int t = run->n - 1;
    const nn_monitor_point *p = &run->pt[t];
    if (!isfinite(p->val) || !isfinite(p->train))
        return 0;
    unsigned verdict = 0;
    if (!o->has_best || p->val < run->pt[o->best].val) {
        o->has_best = true, o->best = t;
        double g = gap(p);
        if (isfinite(g) && g < run->r.gap_ratio)
            verdict |= NN_VERDICT_NEW_EPISODE; /* validation recovered */
    }
    const nn_monitor_point *b = &run->pt[o->best];
    o->rising = p->epoch - b->epoch >= run->r.overfit_patience &&
                p->val >= (1.0 + run->r.overfit_rise) * b->val &&
                p->train <= (1.0 - run->r.overfit_train_fall) * b->train;
    if (o->rising || gap_widening(run))
        verdict |= NN_VERDICT_FIRES;
    return verdict;
}

static void message(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                    char *buf, size_t len)
{
    (void)e;
    const overfitting *o = state;
    const nn_monitor_point *p = nn_monitor_newest(run), *b = &run->pt[o->best];
    if (o->rising) {
        snprintf(buf, len, "at epoch %d, validation loss is up %.0f%% since its lowest at epoch %d "
                 "(%.3g to %.3g) while training loss fell %.0f%% (%.3g to %.3g): the model is "
                 "learning the training rows rather than the pattern",
                 p->epoch, nn_monitor_percent(p->val, b->val), b->epoch, b->val, p->val,
                 nn_monitor_percent(p->train, b->train), b->train, p->train);
        return;
    }
    const nn_monitor_point *s = &run->pt[run->n - 1 - run->r.overfit_patience];
    snprintf(buf, len, "at epoch %d, validation loss (%.3g) is %.0f%% above training loss (%.3g) and "
             "the gap has widened for %d epochs (it was %.0f%% at epoch %d): the model fits the "
             "training rows better than new ones",
             p->epoch, p->val, 100.0 * gap(p), p->train, run->r.overfit_patience,
             100.0 * gap(s), s->epoch);
}

/* A model that has dropout already gets the other cures. */
static void remedy(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                   char *buf, size_t len)
{
    (void)state, (void)e;
    char l2[32] = "1e-4";
    if (run->l2 > 0.0f)
        snprintf(l2, sizeof l2, "%g", (double)run->l2 * 10.0);
    if (run->dropout > 0.0f)
        snprintf(buf, len, "raise the dropout rate (now %g), try `set l2=%s`, fewer units, or early "
                 "stopping (`set patience=10`)", (double)run->dropout, l2);
    else
        snprintf(buf, len, "add dropout (`add dropout 0.2`) or try `set l2=%s`", l2);
}

/* Overfitting holds while the last validation loss is above its lowest. */
static bool pinned(const nn_history_snapshot *h)
{
    if (h->n_epochs < 1 || !h->epoch[h->n_epochs - 1].has_val)
        return false;
    double last = h->epoch[h->n_epochs - 1].val_loss, low = last;
    for (int i = 0; i < h->n_epochs; i++)
        if (h->epoch[i].has_val && h->epoch[i].val_loss < low)
            low = h->epoch[i].val_loss;
    return last > low;
}

const nn_warning_rule nn_warn_overfitting = {
    .name = "overfitting", .severity = 2, .repeat = NN_REPEAT_PER_EPISODE,
    .state_size = sizeof(overfitting), .at_epoch = condition,
    .message = message, .remedy = remedy, .pinned = pinned,
};
