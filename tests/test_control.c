/* Controlling a trainer that runs on its own thread: pause, resume, step,
 * stop, live settings and freeing while running.  The training thread
 * reports through the observer into atomics (and a log published by them),
 * so the test is clean under ThreadSanitizer.  Every wait is bounded, and
 * an alarm ends the program if the engine ever blocks the test itself. */
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/model.h"
#include "engine/trainer.h"
#include "tap.h"

#define LR_LOG (1 << 20)
#define WAIT_SECONDS 5.0

/* Written by the training thread, read by the test's. */
typedef struct shared {
    atomic_long batches;      /* batch events so far; publishes lr[0..batches-1] */
    atomic_int ends;          /* end events */
    atomic_int end_reason;
    float lr[LR_LOG];         /* lr of batch event i, written before `batches` moves */
    double rate, run_seconds; /* of the latest batch event, likewise */
} shared;

static shared sh;

static void on_batch(void *user, const nn_batch_event *e)
{
    shared *s = user;
    long i = atomic_load_explicit(&s->batches, memory_order_relaxed);
    if (i < LR_LOG)
        s->lr[i] = e->lr;
    s->rate = e->samples_per_sec;
    s->run_seconds = e->run_seconds;
    atomic_store_explicit(&s->batches, i + 1, memory_order_release);
}

static void on_end(void *user, const nn_end_event *e)
{
    shared *s = user;
    atomic_store(&s->end_reason, (int)e->reason);
    atomic_fetch_add(&s->ends, 1);
}

static long batches_now(void)
{
    return atomic_load_explicit(&sh.batches, memory_order_acquire);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Polls every millisecond; false if the time ran out. */
static bool wait_batches(long at_least)
{
    for (double end = seconds_now() + WAIT_SECONDS; seconds_now() < end; sleep_ms(1))
        if (batches_now() >= at_least)
            return true;
    return batches_now() >= at_least;
}

static bool wait_state(const nn_trainer *t, nn_train_state want)
{
    for (double end = seconds_now() + WAIT_SECONDS; seconds_now() < end; sleep_ms(1))
        if (nn_trainer_state(t) == want)
            return true;
    return nn_trainer_state(t) == want;
}

/* --- a trainer that would run for hours --- */

enum { ROWS = 256, IN = 8 };
static float X[ROWS * IN], Y[ROWS];

typedef struct rig {
    nn_model *m;
    nn_trainer *t;
} rig;

static void make_data(void)
{
    for (int i = 0; i < ROWS * IN; i++)
        X[i] = (float)((i * 37) % 101) / 101.0f;
    for (int i = 0; i < ROWS; i++)
        Y[i] = X[i * IN] * 0.5f + X[i * IN + 3] * 0.25f;
}

static bool rig_new(rig *r)
{
    memset(&sh, 0, sizeof sh);
    nn_error err;
    r->m = nn_model_new();
    nn_layer_spec a, b;
    nn_layer_spec_parse(&a, "dense units=32 act=relu", &err);
    nn_layer_spec_parse(&b, "dense units=1", &err);
    nn_model_add(r->m, &a, &err);
    nn_model_add(r->m, &b, &err);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.optimizer, "sgd");
    s.lr = 0.001f;
    s.batch = 16;
    s.epochs = 1000000; /* never finishes on its own */
    nn_dataset d = {X, Y, ROWS, IN, 1};
    nn_observer obs = {&sh, on_batch, NULL, on_end};
    r->t = nn_trainer_new(r->m, &s, &d, NULL, &obs, &err);
    if (!r->t)
        printf("#   nn_trainer_new: %s\n", err.msg);
    CHECK(r->t != NULL);
    return r->t != NULL;
}

static bool rig_start(rig *r)
{
    if (!rig_new(r))
        return false;
    nn_error err;
    int rc = nn_trainer_start(r->t, &err);
    CHECK(rc == 0);
    CHECK(wait_batches(20)); /* it is really training */
    return rc == 0;
}

static void rig_free(rig *r)
{
    nn_trainer_free(r->t);
    nn_model_free(r->m);
}

/* Pauses and waits until the loop is parked; returns the batch count. */
static long pause_and_settle(nn_trainer *t)
{
    nn_trainer_pause(t);
    CHECK(wait_state(t, NN_STATE_PAUSED));
    return batches_now();
}

/* --- the tests --- */

static void start_runs_on_its_own_thread(void)
{
    rig r;
    if (!rig_new(&r))
        goto done;
    CHECK(nn_trainer_state(r.t) == NN_STATE_IDLE);
    nn_error err;
    CHECK(nn_trainer_start(r.t, &err) == 0);
    CHECK(wait_batches(50));
    CHECK(nn_trainer_state(r.t) == NN_STATE_RUNNING);
    err.msg[0] = '\0';
    CHECK(nn_trainer_start(r.t, &err) == -1); /* one thread per trainer */
    CHECK(err.msg[0] != '\0');
done:
    rig_free(&r);
}

static void pause_stops_batches_and_resume_restarts_them(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    long paused_at = pause_and_settle(r.t);
    sleep_ms(50);
    CHECK(batches_now() == paused_at);
    CHECK(nn_trainer_state(r.t) == NN_STATE_PAUSED);
    nn_trainer_resume(r.t);
    CHECK(wait_batches(paused_at + 20));
    CHECK(wait_state(r.t, NN_STATE_RUNNING));
done:
    rig_free(&r);
}

static void step_runs_exactly_n_batches_then_pauses(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    long paused_at = pause_and_settle(r.t);
    nn_trainer_step(r.t, 5);
    CHECK(wait_batches(paused_at + 5));
    CHECK(wait_state(r.t, NN_STATE_PAUSED));
    sleep_ms(50);
    CHECK(batches_now() == paused_at + 5);
    /* and again, to see the budget is not left over from the first */
    nn_trainer_step(r.t, 3);
    CHECK(wait_batches(paused_at + 8));
    CHECK(wait_state(r.t, NN_STATE_PAUSED));
    sleep_ms(50);
    CHECK(batches_now() == paused_at + 8);
done:
    rig_free(&r);
}

/* A pause is no part of the rate or the run's time: after 1.5 s paused,
 * the next batch's samples/s over its epoch (at most 256 rows) would be
 * under 256/1.5 = 171 if the wait counted; a 32-unit net trains 256 rows
 * in far less than the second the bound allows. */
static void pause_is_not_counted_as_training_time(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    long paused_at = pause_and_settle(r.t);
    double before = sh.run_seconds; /* the loop is parked: no writer */
    sleep_ms(1500);
    nn_trainer_step(r.t, 1);
    CHECK(wait_batches(paused_at + 1));
    CHECK(wait_state(r.t, NN_STATE_PAUSED));
    printf("#   after the pause: %.0f samples/s, run time %.3f s -> %.3f s\n", sh.rate, before, sh.run_seconds);
    CHECK(sh.rate > ROWS / 1.0);
    CHECK(sh.run_seconds - before < 1.0);
done:
    rig_free(&r);
}

/* Set while paused, the new rate is the one of the very next batch. */
static void live_lr_applies_from_the_next_batch(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    long paused_at = pause_and_settle(r.t);
    CHECK(paused_at > 0 && sh.lr[paused_at - 1] == 0.001f);
    nn_error err;
    CHECK(nn_trainer_set(r.t, "lr", "0.0005", &err) == 0);
    nn_trainer_resume(r.t);
    CHECK(wait_batches(paused_at + 10));
    for (long i = paused_at; i < paused_at + 10 && i < LR_LOG; i++)
        CHECK(sh.lr[i] == 0.0005f);
done:
    rig_free(&r);
}

/* Set while running, it applies at the latest from the batch after the
 * one in flight when nn_trainer_set returned (the count is read after the
 * call: the training thread may run any number of batches during it). */
static void live_lr_applies_while_running(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    nn_error err;
    CHECK(nn_trainer_set(r.t, "lr", "0.0002", &err) == 0);
    long done_when_set = batches_now();
    CHECK(wait_batches(done_when_set + 20));
    long end = batches_now() < LR_LOG ? batches_now() : LR_LOG;
    /* event index done_when_set is the batch in flight; the next must change */
    for (long i = done_when_set + 1; i < end; i++)
        if (sh.lr[i] != 0.0002f) {
            printf("#   batch %ld (set before batch %ld ended) used lr %g\n", i + 1,
                   done_when_set + 1, sh.lr[i]);
            CHECK(sh.lr[i] == 0.0002f);
            break;
        }
done:
    rig_free(&r);
}

static void refused_settings_change_nothing(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    nn_error err = {{0}};
    CHECK(nn_trainer_set(r.t, "batch", "64", &err) == -1);
    CHECK(strstr(err.msg, "batch") != NULL);
    printf("#   %s\n", err.msg);
    err.msg[0] = '\0';
    CHECK(nn_trainer_set(r.t, "optimizer", "adam", &err) == -1);
    CHECK(strstr(err.msg, "optimizer") != NULL);
    CHECK(nn_trainer_set(r.t, "no_such_setting", "1", &err) == -1);
    CHECK(strstr(err.msg, "no_such_setting") != NULL);
    CHECK(nn_trainer_set(r.t, "lr", "fast", &err) == -1);
    CHECK(strstr(err.msg, "fast") != NULL);
    long before = batches_now();
    CHECK(wait_batches(before + 20));
    for (long i = before; i < before + 20 && i < LR_LOG; i++)
        CHECK(sh.lr[i] == 0.001f);
    CHECK(nn_trainer_state(r.t) == NN_STATE_RUNNING);
done:
    rig_free(&r);
}

static void stop_ends_with_stopped(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    nn_trainer_stop(r.t);
    CHECK(wait_state(r.t, NN_STATE_STOPPED));
    const nn_end_event *end = nn_trainer_wait(r.t);
    CHECK(end->reason == NN_END_STOPPED);
    CHECK(end->message[0] != '\0');
    CHECK(atomic_load(&sh.ends) == 1);
    CHECK(atomic_load(&sh.end_reason) == NN_END_STOPPED);
    long after = batches_now();
    sleep_ms(20);
    CHECK(batches_now() == after);
done:
    rig_free(&r);
}

/* A pace of 0.1 epochs a second: after epoch 1's 16 batches the trainer
 * waits 10 s, and a new pace or a stop ends the wait at once (well
 * within WAIT_SECONDS, half that wait). */
static void pace_waits_between_epochs_and_wakes_for_changes(void)
{
    rig r;
    if (!rig_new(&r))
        goto done;
    nn_trainer_set_pace(r.t, 0.1);
    nn_error err;
    CHECK(nn_trainer_start(r.t, &err) == 0);
    CHECK(wait_batches(16));
    sleep_ms(100); /* not a race: the pace forbids a 17th batch for 10 s */
    CHECK(batches_now() == 16);
    nn_trainer_set_pace(r.t, 0); /* live: the wait ends */
    CHECK(wait_batches(64));
    nn_trainer_set_pace(r.t, 0.1);
    long seen = batches_now();
    CHECK(wait_batches(seen - seen % 16 + 16)); /* the next epoch's end, where it waits */
    nn_trainer_stop(r.t);
    double from = seconds_now();
    CHECK(wait_state(r.t, NN_STATE_STOPPED));
    CHECK(seconds_now() - from < WAIT_SECONDS);
    CHECK(nn_trainer_wait(r.t)->reason == NN_END_STOPPED);
done:
    rig_free(&r);
}

static void stop_while_paused_ends_with_stopped(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    long paused_at = pause_and_settle(r.t);
    nn_trainer_stop(r.t);
    CHECK(wait_state(r.t, NN_STATE_STOPPED));
    CHECK(nn_trainer_wait(r.t)->reason == NN_END_STOPPED);
    CHECK(batches_now() == paused_at); /* stopping does not run a batch */
    CHECK(atomic_load(&sh.ends) == 1);
done:
    rig_free(&r);
}

static void free_stops_a_running_trainer(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    nn_trainer_free(r.t); /* stops and joins */
    r.t = NULL;
    CHECK(atomic_load(&sh.ends) == 1);
    CHECK(atomic_load(&sh.end_reason) == NN_END_STOPPED);
    long after = batches_now();
    sleep_ms(20);
    CHECK(batches_now() == after);
done:
    rig_free(&r);
}

static void free_stops_a_paused_trainer(void)
{
    rig r;
    if (!rig_start(&r))
        goto done;
    pause_and_settle(r.t);
    nn_trainer_free(r.t);
    r.t = NULL;
    CHECK(atomic_load(&sh.ends) == 1);
    CHECK(atomic_load(&sh.end_reason) == NN_END_STOPPED);
done:
    rig_free(&r);
}

int main(void)
{
    alarm(60); /* a deadlock in the engine fails the program instead of hanging it */
    make_data();
    TEST(start_runs_on_its_own_thread);
    TEST(pause_stops_batches_and_resume_restarts_them);
    TEST(step_runs_exactly_n_batches_then_pauses);
    TEST(pause_is_not_counted_as_training_time);
    TEST(pace_waits_between_epochs_and_wakes_for_changes);
    TEST(live_lr_applies_from_the_next_batch);
    TEST(live_lr_applies_while_running);
    TEST(refused_settings_change_nothing);
    TEST(stop_ends_with_stopped);
    TEST(stop_while_paused_ends_with_stopped);
    TEST(free_stops_a_running_trainer);
    TEST(free_stops_a_paused_trainer);
    return tap_done();
}
