/* Controls of a running trainer, callable from any thread.  The loop only
 * takes the lock when `attention` is set, so an undisturbed run pays one
 * atomic load per batch. */
#include <limits.h>
#include <string.h>
#include <time.h>

#include "trainer_internal.h"

double nn_monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

double nn_trainer_clock(const nn_trainer *t)
{
    return nn_monotonic_seconds() - t->paused_seconds;
}

static void poke(nn_trainer *t)
{
    atomic_store(&t->attention, 1);
    pthread_cond_broadcast(&t->wake);
}

void nn_trainer_pause(nn_trainer *t)
{
    pthread_mutex_lock(&t->lock);
    t->pause_requested = true;
    poke(t);
    pthread_mutex_unlock(&t->lock);
}

void nn_trainer_resume(nn_trainer *t)
{
    pthread_mutex_lock(&t->lock);
    t->pause_requested = false;
    t->step_budget = -1;
    t->step_epochs = 0;
    poke(t);
    pthread_mutex_unlock(&t->lock);
}

void nn_trainer_step(nn_trainer *t, int batches)
{
    pthread_mutex_lock(&t->lock);
    t->pause_requested = false;
    t->step_budget = batches > 0 ? batches : 1;
    t->step_epochs = 0;
    poke(t);
    pthread_mutex_unlock(&t->lock);
}

void nn_trainer_step_epochs(nn_trainer *t, int n)
{
    pthread_mutex_lock(&t->lock);
    t->pause_requested = false;
    t->step_epochs = n > 0 ? n : 1;
    poke(t);
    pthread_mutex_unlock(&t->lock);
}

/* Under the lock, on the training thread before a batch: the batches
 * from here to the end of this epoch and step_epochs - 1 more (t->step
 * counts this run's batches, all epochs the same number of them). */
static void count_step_epochs(nn_trainer *t)
{
    if (t->step_epochs <= 0)
        return;
    long per_epoch = (t->train.n + t->batch - 1) / t->batch;
    long budget = per_epoch - t->step % per_epoch + (long)(t->step_epochs - 1) * per_epoch;
    t->step_budget = budget < INT_MAX ? (int)budget : INT_MAX;
    t->step_epochs = 0;
}

void nn_trainer_stop(nn_trainer *t)
{
    pthread_mutex_lock(&t->lock);
    t->stop_requested = true;
    poke(t);
    pthread_mutex_unlock(&t->lock);
}

void nn_trainer_set_pace(nn_trainer *t, double epochs_per_second)
{
    pthread_mutex_lock(&t->lock);
    t->pace_seconds = epochs_per_second > 0 ? 1.0 / epochs_per_second : 0.0;
    poke(t);
    pthread_mutex_unlock(&t->lock);
}

void nn_trainer_watch(nn_trainer *t, volatile sig_atomic_t *interrupt) { t->interrupt = interrupt; }

void nn_trainer_keep_pace(nn_trainer *t, double began)
{
    pthread_mutex_lock(&t->lock);
    double from = nn_monotonic_seconds();
    for (double left; t->pace_seconds > 0 && !t->stop_requested && !t->pause_requested &&
                      (left = began + t->pace_seconds - nn_monotonic_seconds()) > 0;) {
        if (t->interrupt && *t->interrupt) {
            *t->interrupt = 0;
            t->stop_requested = true;
            poke(t); /* the next checkpoint ends the run */
            break;
        }
        left = left < 0.05 ? left : 0.05; /* to look at the flag */
        struct timespec until; /* the condition variable's clock is the real-time one */
        clock_gettime(CLOCK_REALTIME, &until);
        double ns = until.tv_nsec + left * 1e9;
        until.tv_sec += (time_t)(ns / 1e9);
        until.tv_nsec = (long)(ns - (double)(time_t)(ns / 1e9) * 1e9);
        pthread_cond_timedwait(&t->wake, &t->lock, &until);
    }
    t->paused_seconds += nn_monotonic_seconds() - from;
    pthread_mutex_unlock(&t->lock);
}

bool nn_trainer_settled(nn_trainer *t)
{
    pthread_mutex_lock(&t->lock);
    nn_train_state st = (nn_train_state)atomic_load(&t->state);
    bool settled = st == NN_STATE_STOPPED || st == NN_STATE_FINISHED || st == NN_STATE_IDLE ||
                   (st == NN_STATE_PAUSED && t->pause_requested);
    pthread_mutex_unlock(&t->lock);
    return settled;
}

nn_train_state nn_trainer_state(const nn_trainer *t)
{
    return (nn_train_state)atomic_load(&((nn_trainer *)t)->state);
}

const char *nn_train_state_name(nn_train_state s)
{
    static const char *const names[] = {"idle", "training", "paused", "stopped", "finished"};
    return names[s];
}

int nn_trainer_set(nn_trainer *t, const char *key, const char *value, nn_error *err)
{
    const nn_setting_field *f = nn_setting_field_find(key);
    if (f && !f->live)
        return nn_fail(err, "%s cannot change while training runs; it applies to the next run",
                       key);
    pthread_mutex_lock(&t->lock);
    nn_settings next = t->pending;
    int rc = nn_settings_set(&next, key, value, err);
    if (rc == 0) {
        t->pending = next;
        t->pending_changed = true;
        poke(t);
    }
    pthread_mutex_unlock(&t->lock);
    return rc;
}

/* Under the lock: the live settings other threads wrote become the loop's. */
static void take_settings(nn_trainer *t)
{
    if (!t->pending_changed)
        return;
    t->s = t->pending;
    t->sched = nn_schedule_find(t->s.schedule);
    t->pending_changed = false;
}

/* Under the lock: waits while paused, showing the paused weights first;
 * then what a step asked for.  Returns whether to go on. */
static bool wait_while_paused(nn_trainer *t)
{
    if (t->pause_requested && !t->stop_requested)
        nn_trainer_publish(t); /* what the pause (or the end of a step) shows */
    double waited_from = nn_monotonic_seconds();
    while (t->pause_requested && !t->stop_requested) {
        atomic_store(&t->state, NN_STATE_PAUSED);
        pthread_cond_wait(&t->wake, &t->lock);
        take_settings(t);
    }
    t->paused_seconds += nn_monotonic_seconds() - waited_from;
    count_step_epochs(t);
    bool go_on = !t->stop_requested;
    if (go_on)
        atomic_store(&t->state, NN_STATE_RUNNING);
    /* keep looking while a step budget counts down */
    if (t->step_budget > 0)
        atomic_store(&t->attention, 1);
    return go_on;
}

static bool checkpoint_alone(nn_trainer *t)
{
    if (!atomic_load_explicit(&t->attention, memory_order_acquire))
        return true;
    pthread_mutex_lock(&t->lock);
    atomic_store(&t->attention, 0);
    take_settings(t);
    bool go_on = wait_while_paused(t);
    pthread_mutex_unlock(&t->lock);
    return go_on;
}

/* Part 0's requests, without waiting: NN_AGREE_* flags. */
static int requests(nn_trainer *t)
{
    if (!atomic_load_explicit(&t->attention, memory_order_acquire))
        return 0;
    pthread_mutex_lock(&t->lock);
    atomic_store(&t->attention, 0);
    take_settings(t);
    count_step_epochs(t);
    int flags = t->stop_requested ? NN_AGREE_STOP : t->pause_requested ? NN_AGREE_PAUSE : 0;
    if (t->step_budget > 0)
        atomic_store(&t->attention, 1);
    pthread_mutex_unlock(&t->lock);
    return flags;
}

/* Parts controlled through part 0 (grad_reducer.h, agree): every part
 * takes part 0's settings, stop and pause before each batch.  In a pause
 * part 0 waits here as alone, the others in the reducer's next agree,
 * patiently (without spinning); then part 0's state after the pause
 * reaches them all. */
static bool checkpoint_parts(nn_trainer *t)
{
    nn_grad_reducer *r = t->reducer;
    for (bool patient = false;; patient = true) {
        int flags = requests(t);
        if (r->ops->agree(r, &t->s, &flags, patient))
            t->sched = nn_schedule_find(t->s.schedule);
        if (flags & NN_AGREE_STOP)
            return false;
        if (!(flags & NN_AGREE_PAUSE))
            return true;
        pthread_mutex_lock(&t->lock); /* part 0 only was asked to pause: the others pass */
        wait_while_paused(t);
        pthread_mutex_unlock(&t->lock);
    }
}

bool nn_trainer_checkpoint(nn_trainer *t)
{
    return t->reducer->ops->agree ? checkpoint_parts(t) : checkpoint_alone(t);
}

void nn_trainer_batch_done(nn_trainer *t)
{
    if (!atomic_load_explicit(&t->attention, memory_order_acquire))
        return;
    pthread_mutex_lock(&t->lock);
    if (t->step_budget > 0 && --t->step_budget == 0) {
        t->pause_requested = true;
        t->step_budget = -1;
    }
    pthread_mutex_unlock(&t->lock);
}

/* Publication numbers come from one counter, so that a reader holding a
 * number from a trainer since freed never mistakes a new trainer's
 * publication for the one it has. */
static atomic_long publications;

void nn_trainer_publish(nn_trainer *t)
{
    const nn_model *m = t->model;
    pthread_mutex_lock(&t->publish_lock);
    memcpy(t->published, m->params, m->n_params * sizeof *m->params);
    t->published_number = atomic_fetch_add(&publications, 1) + 1;
    pthread_mutex_unlock(&t->publish_lock);
}

long nn_trainer_copy_params(nn_trainer *t, long have, float *dst, size_t n)
{
    if (n != t->model->n_params) /* fixed while the trainer lives */
        return -1;
    pthread_mutex_lock(&t->publish_lock);
    long number = t->published_number;
    if (number != have)
        memcpy(dst, t->published, n * sizeof *dst);
    pthread_mutex_unlock(&t->publish_lock);
    return number;
}
