/* Exploding gradients: the epoch's mean global gradient norm exceeds
 * exploding_norm [1e3], or it rose at each of the last exploding_epochs
 * [3] epochs and grew at least exploding_growth [10] times over them.
 * Gradients from an output layer that does not fit the loss (bce without
 * sigmoid, cce without softmax) get that layer named, not clipping. */
#include <stdio.h>

#include "warning_rule.h"

typedef struct exploding {
    bool high; /* above the norm, rather than growing */
} exploding;

/* Whether the gradient norm rose strictly at each of the last k epochs. */
static bool rising_for(const nn_monitor_run *run, int k)
{
    int t = run->n - 1;
    if (t < k)
        return false;
    for (int i = t - k; i < t; i++)
        if (!(run->pt[i + 1].grad > run->pt[i].grad))
            return false;
    return true;
}

static unsigned condition(const nn_monitor_run *run, void *state, const nn_monitor_event *e)
{
    (void)e;
    exploding *x = state;
    int t = run->n - 1, E = run->r.exploding_epochs;
    const nn_monitor_point *p = &run->pt[t];
    x->high = isfinite(p->grad) && p->grad > run->r.exploding_norm;
    bool growing = !x->high && rising_for(run, E) && run->pt[t - E].grad > 0.0 &&
                   p->grad >= run->r.exploding_growth * run->pt[t - E].grad;
    return x->high || growing ? NN_VERDICT_HOLDS | NN_VERDICT_FIRES : 0;
}

static void message(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                    char *buf, size_t len)
{
    (void)e;
    const nn_monitor_point *p = nn_monitor_newest(run);
    if (((const exploding *)state)->high) {
        snprintf(buf, len, "at epoch %d, the mean gradient norm is %.4g, above %g: the gradients "
                 "are exploding", p->epoch, p->grad, run->r.exploding_norm);
        return;
    }
    const nn_monitor_point *s = &run->pt[run->n - 1 - run->r.exploding_epochs];
    snprintf(buf, len, "at epoch %d, the mean gradient norm grew %.0f-fold in %d epochs (%.3g at "
             "epoch %d, now %.3g): the gradients are exploding",
             p->epoch, p->grad / s->grad, run->r.exploding_epochs, s->grad, s->epoch, p->grad);
}

static void remedy(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                   char *buf, size_t len)
{
    (void)state, (void)e;
    if (run->bad_output[0])
        snprintf(buf, len, "%s", run->bad_output);
    else
        nn_monitor_lower_lr_remedy(run, buf, len, "clip gradients with `set clip=1`, or ",
                                   run->recurrent ? ", or fewer steps (a shorter `window`)" : "");
}

const nn_warning_rule nn_warn_exploding = {
    .name = "exploding gradients", .severity = 1, .repeat = NN_REPEAT_AFTER_QUIET,
    .state_size = sizeof(exploding), .at_epoch = condition,
    .message = message, .remedy = remedy,
};
