/* A sweep's lanes (sweep_lanes.h). Running trials side by side keeps the
 * result of one after the other: at a rung, a trial waits until every
 * earlier trial has been judged there or has ended, then meets exactly
 * the figures it would have met had they all ended before it began. No
 * trial waits for a later one, so the waits always end. */
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "sweep_lanes.h"

int sweep_lanes_choose(long lanes, int threads)
{
    if (lanes > 0)
        return lanes < SWEEP_MAX_LANES ? (int)lanes : SWEEP_MAX_LANES;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads >= 2 || cores < 2)
        return 1;
    return cores < SWEEP_MAX_LANES ? (int)cores : SWEEP_MAX_LANES;
}

int sweep_lanes_init(sweep *sw, int nlanes)
{
    if (pthread_mutex_init(&sw->lock, NULL) != 0)
        return -1;
    if (pthread_cond_init(&sw->moved, NULL) != 0) {
        pthread_mutex_destroy(&sw->lock);
        return -1;
    }
    sw->locks = true, sw->nlanes = nlanes;
    for (int i = 0; i < SWEEP_MAX_LANES; i++)
        sw->lane[i] = (sweep_lane){.trial = -1, .sw = sw};
    return 0;
}

bool sweep_improves(const sweep *sw, double v, double best)
{
    return !isnan(v) && (isnan(best) || (sw->higher ? v > best : v < best));
}

/* Every trial before t has been judged at rung k or trains no more. */
static bool earlier_met(const sweep *sw, int t, int k)
{
    for (int j = 0; j < t; j++)
        if (!sw->trial[j].over && sw->trial[j].rungs_met <= k)
            return false;
    return true;
}

/* At rung k, whether trial t (figure v) goes on; under the lock. */
static bool judge(sweep *sw, int t, int k, double v)
{
    while (!sw->stopping && !earlier_met(sw, t, k))
        pthread_cond_wait(&sw->moved, &sw->lock);
    double others[1024];
    int n = 0;
    for (int j = 0; j < t && n < 1024; j++)
        if (!isnan(sw->trial[j].rung[k]))
            others[n++] = sw->trial[j].rung[k];
    sw->trial[t].rung[k] = v, sw->trial[t].rungs_met = k + 1;
    pthread_cond_broadcast(&sw->moved);
    return !sw->stopping && sweep_promotable(others, n, v, sw->higher);
}

/* On the lane's training thread, after each epoch: at a rung, whether
 * the trial stops there. A trial is judged by its best figure so far, as
 * it is ranked (its best epoch's weights are the ones kept). */
static bool at_rung(void *user, const nn_epoch_event *e)
{
    sweep_lane *l = user;
    sweep *sw = l->sw;
    double v = sw->on_loss ? e->val_loss : e->val_metric;
    if (sweep_improves(sw, v, l->live_best))
        l->live_best = v;
    for (int k = 0; k < sw->nrungs; k++) {
        if (e->epoch != sw->rungs[k])
            continue;
        l->live_rung[k] = l->live_best;
        pthread_mutex_lock(&sw->lock);
        bool goes_on = judge(sw, l->trial, k, l->live_best);
        pthread_mutex_unlock(&sw->lock);
        if (!goes_on) {
            l->pruned_at = e->epoch;
            return true;
        }
    }
    return false;
}

/* On the lane's training thread, once its run's end is recorded. */
static void at_end(void *user)
{
    sweep_lane *l = user;
    sweep *sw = l->sw;
    pthread_mutex_lock(&sw->lock);
    l->ended = true;
    if (!sw->cv || l->fold + 1 == sw->cv) /* cv: its last fold (a stop makes every trial over) */
        sw->trial[l->trial].over = true;
    pthread_cond_broadcast(&sw->moved);
    pthread_mutex_unlock(&sw->lock);
}

void sweep_lane_watch(sweep *sw, sweep_lane *l)
{
    for (int k = 0; k < SWEEP_MAX_RUNGS; k++)
        l->live_rung[k] = NAN;
    l->live_best = NAN, l->pruned_at = 0, l->ended = false;
    run_lane_hooks(l->run, sw->halving ? at_rung : NULL, at_end, l);
}

bool sweep_lane_ended(sweep *sw, sweep_lane *l)
{
    pthread_mutex_lock(&sw->lock);
    bool ended = l->ended;
    pthread_mutex_unlock(&sw->lock);
    return ended;
}

void sweep_lanes_stop(sweep *sw)
{
    if (!sw->locks)
        return;
    pthread_mutex_lock(&sw->lock);
    sw->stopping = true;
    for (int t = 0; t < sw->ntrials; t++)
        sw->trial[t].over = true; /* no trial waits at a rung for another */
    pthread_cond_broadcast(&sw->moved);
    pthread_mutex_unlock(&sw->lock);
    for (int i = 0; i < sw->nlanes; i++)
        if (sw->lane[i].run) {
            nn_trainer_stop(run_lane_trainer(sw->lane[i].run));
            nn_trainer_wait(run_lane_trainer(sw->lane[i].run));
        }
}

void sweep_lanes_free(sweep *sw)
{
    if (!sw || !sw->locks)
        return;
    sweep_lanes_stop(sw);
    for (int i = 0; i < sw->nlanes; i++) {
        run_lane_free(sw->lane[i].run); /* before the model it trains */
        nn_model_free(sw->lane[i].model);
        sw->lane[i].run = NULL, sw->lane[i].model = NULL;
    }
    pthread_cond_destroy(&sw->moved);
    pthread_mutex_destroy(&sw->lock);
    sw->locks = false;
}

void sweep_lanes_pause(sweep *sw)
{
    sw->paused = true;
    for (int i = 0; i < sw->nlanes; i++)
        if (sw->lane[i].run)
            nn_trainer_pause(run_lane_trainer(sw->lane[i].run));
}

void sweep_lanes_resume(sweep *sw)
{
    sw->paused = false;
    for (int i = 0; i < sw->nlanes; i++)
        if (sw->lane[i].run)
            nn_trainer_resume(run_lane_trainer(sw->lane[i].run));
}

void sweep_lanes_idle(sweep *sw)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 50000000L;
    if (until.tv_nsec >= 1000000000L)
        until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&sw->lock);
    bool any = false;
    for (int i = 0; i < sw->nlanes; i++)
        any |= sw->lane[i].run && sw->lane[i].ended;
    while (!any && pthread_cond_timedwait(&sw->moved, &sw->lock, &until) == 0)
        for (int i = 0; i < sw->nlanes; i++)
            any |= sw->lane[i].run && sw->lane[i].ended;
    pthread_mutex_unlock(&sw->lock);
}
