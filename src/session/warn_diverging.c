/* Diverging loss: the smoothed training loss (exponential, weight
 * diverging_smooth [0.3] on the new epoch) has stayed for diverging_epochs
 * [3] epochs above its lowest by a share that batch noise cannot reach:
 * at least diverging_rise [10%] and diverging_noise [4] times the noise,
 * the smoothed standard error of an epoch's mean batch loss (sd / sqrt
 * batches, from the batch losses); or the raw loss exceeds
 * diverging_factor [10] times its lowest.  Fires once per episode: again
 * only after the smoothed loss made a new low.  Remedy: a tenth of the lr. */
#include <stdio.h>

#include "warning_rule.h"

typedef struct diverging {
    double b_sum, b_sq;   /* the current epoch's batch losses */
    int b_n;
    double smooth, noise; /* smoothed training loss and its batch noise (standard error) */
    bool has_low;         /* the lows below are set */
    double low_smooth, low_train; /* lowest smoothed and raw training loss */
    int low_epoch, low_train_epoch, rise_streak;
    /* what fired: far above the raw low (as it was before this epoch), or
     * rising above the smoothed one */
    bool far;
    double was_low_train, was_low;
    int was_low_train_epoch, was_low_epoch;
} diverging;

static void batch(void *state, double loss)
{
    diverging *d = state;
    if (!isfinite(loss))
        return;
    d->b_sum += loss, d->b_sq += loss * loss, d->b_n++;
}

/* Folds this epoch's batch losses into the noise estimate: the standard
 * error of the epoch's mean batch loss, sd / sqrt(batches), smoothed like
 * the loss.  Without batches (or with one) the noise stays as it was. */
static void update_noise(diverging *d, double a)
{
    int nb = d->b_n;
    if (nb >= 2) {
        double var = (d->b_sq - d->b_sum * d->b_sum / nb) / (nb - 1);
        double se = var > 0.0 ? sqrt(var / nb) : 0.0;
        d->noise = d->noise > 0.0 ? d->noise + a * (se - d->noise) : se;
    }
    d->b_sum = d->b_sq = 0.0, d->b_n = 0;
}

/* Whether the smoothed loss has risen above `low` by more than the
 * threshold and the noise allow, for diverging_epochs epochs. */
static bool rising(const nn_monitor_run *run, diverging *d, double low)
{
    double need = run->r.diverging_rise;
    if (low > 0.0 && run->r.diverging_noise * d->noise / low > need)
        need = run->r.diverging_noise * d->noise / low;
    bool up = low > 0.0 && d->smooth >= (1.0 + need) * low;
    d->rise_streak = up ? d->rise_streak + 1 : 0;
    return up && d->rise_streak >= run->r.diverging_epochs;
}

static unsigned condition(const nn_monitor_run *run, void *state, const nn_monitor_event *e)
{
    (void)e;
    diverging *d = state;
    const nn_monitor_point *p = nn_monitor_newest(run);
    double a = run->r.diverging_smooth;
    update_noise(d, a);
    if (!isfinite(p->train))
        return 0;
    bool had_low = d->has_low;
    d->smooth = had_low ? d->smooth + a * (p->train - d->smooth) : p->train;
    d->far = had_low && d->low_train > 0.0 && p->train > run->r.diverging_factor * d->low_train;
    d->was_low_train = d->low_train, d->was_low_train_epoch = d->low_train_epoch;
    d->was_low = d->low_smooth, d->was_low_epoch = d->low_epoch;
    if (!had_low || p->train < d->low_train)
        d->low_train = p->train, d->low_train_epoch = p->epoch;
    d->has_low = true;
    unsigned verdict = 0;
    if (!had_low || d->smooth < d->was_low) { /* a new low: a new episode */
        d->low_smooth = d->smooth, d->low_epoch = p->epoch;
        d->rise_streak = 0;
        verdict = NN_VERDICT_NEW_EPISODE;
        if (!d->far)
            return verdict;
    }
    bool up = rising(run, d, had_low ? d->was_low : NAN);
    return d->far || up ? verdict | NN_VERDICT_FIRES : verdict;
}

static void message(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                    char *buf, size_t len)
{
    const diverging *d = state;
    double train = nn_monitor_newest(run)->train;
    if (d->far)
        snprintf(buf, len, "at epoch %d, training loss (%.3g) is %.0f times its lowest (%.3g at "
                 "epoch %d): training is diverging", e->epoch, train, train / d->was_low_train,
                 d->was_low_train, d->was_low_train_epoch);
    else
        snprintf(buf, len, "at epoch %d, the smoothed training loss is up %.0f%% from its lowest "
                 "(%.3g at epoch %d, now %.3g) for %d epochs, more than batch noise (%.2g) "
                 "explains: training is diverging",
                 e->epoch, nn_monitor_percent(d->smooth, d->was_low), d->was_low, d->was_low_epoch,
                 d->smooth, d->rise_streak, d->noise);
}

static void remedy(const nn_monitor_run *run, const void *state, const nn_monitor_event *e,
                   char *buf, size_t len)
{
    (void)state, (void)e;
    nn_monitor_lower_lr_remedy(run, buf, len, "the learning rate is too high: ", "");
}

const nn_warning_rule nn_warn_diverging = {
    .name = "diverging loss", .severity = 5, .repeat = NN_REPEAT_PER_EPISODE,
    .state_size = sizeof(diverging), .at_batch = batch, .at_epoch = condition,
    .message = message, .remedy = remedy,
};
