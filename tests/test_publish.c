/* The parameters a trainer publishes for other threads (a screen drawing
 * the model's decision boundary while it trains): present from the start,
 * whole and current at each epoch's end, at a pause and after a step, the
 * restored best weights at the end, and numbered so that a reader never
 * copies what it already has.  Clean under ThreadSanitizer: the training
 * thread's observer reports through atomics, and every wait is bounded. */
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/model.h"
#include "engine/trainer.h"
#include "tap.h"

#define WAIT_SECONDS 5.0

enum { ROWS = 64, IN = 2 };
static float X[ROWS * IN], Y[ROWS];

static void make_data(void)
{
    for (int i = 0; i < ROWS; i++) { /* xor-like signs */
        X[2 * i] = (float)((i * 37) % 17) / 8.0f - 1.0f;
        X[2 * i + 1] = (float)((i * 11) % 13) / 6.0f - 1.0f;
        Y[i] = X[2 * i] * X[2 * i + 1] > 0.0f;
    }
}

/* ---- what the training thread saw, read by the test's thread ---- */

typedef struct seen {
    nn_trainer *_Atomic trainer; /* set before the thread starts */
    atomic_int epochs;           /* epoch events so far */
    atomic_int mismatches;       /* epochs whose publication was not the model's weights */
    atomic_long last_number;     /* of the publication found in the epoch event */
    atomic_int numbers_rose;     /* 0 once a number failed to rise */
} seen;

static seen sh;
static nn_model *the_model; /* made before a trainer starts, freed after it ends */
static float last_epoch[64];  /* the last epoch event's publication */
static bool slow;             /* epochs take a millisecond more */

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The model is idle during the event: what was published must be it. */
static void on_epoch(void *user, const nn_epoch_event *e)
{
    (void)e;
    seen *s = user;
    nn_trainer *t = atomic_load(&s->trainer);
    long number = nn_trainer_copy_params(t, 0, last_epoch, the_model->n_params);
    if (number <= 0 || memcmp(last_epoch, the_model->params, the_model->n_params * sizeof(float)) != 0)
        atomic_fetch_add(&s->mismatches, 1);
    if (number <= atomic_load(&s->last_number))
        atomic_store(&s->numbers_rose, 0);
    atomic_store(&s->last_number, number);
    atomic_fetch_add(&s->epochs, 1);
    if (slow) /* so that the other thread sees several */
        sleep_ms(1);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static bool wait_state(const nn_trainer *t, nn_train_state want)
{
    for (double end = seconds_now() + WAIT_SECONDS; seconds_now() < end; sleep_ms(1))
        if (nn_trainer_state(t) == want)
            return true;
    return nn_trainer_state(t) == want;
}

static bool wait_settled(nn_trainer *t)
{
    for (double end = seconds_now() + WAIT_SECONDS; seconds_now() < end; sleep_ms(1))
        if (nn_trainer_settled(t))
            return true;
    return nn_trainer_settled(t);
}

/* A 2-8-1 classifier; epochs and validation as asked. */
static nn_trainer *rig(int epochs, int patience, bool with_val, nn_error *err)
{
    memset(&sh, 0, sizeof sh);
    atomic_store(&sh.numbers_rose, 1);
    the_model = nn_model_new();
    nn_layer_spec a, b;
    nn_layer_spec_parse(&a, "dense units=8 act=tanh", err);
    nn_layer_spec_parse(&b, "dense units=1 act=sigmoid", err);
    nn_model_add(the_model, &a, err);
    nn_model_add(the_model, &b, err);
    nn_settings s;
    nn_settings_default(&s);
    snprintf(s.loss, sizeof s.loss, "bce");
    s.lr = 0.05f;
    s.batch = 16;
    s.epochs = epochs;
    s.patience = patience;
    nn_dataset train = {X, Y, 48, IN, 1}, val = {X + 48 * IN, Y + 48, 16, IN, 1};
    nn_observer obs = {&sh, NULL, on_epoch, NULL};
    nn_trainer *t = nn_trainer_new(the_model, &s, &train, with_val ? &val : NULL, &obs, err);
    if (!t)
        printf("#   nn_trainer_new: %s\n", err->msg);
    atomic_store(&sh.trainer, t);
    return t;
}

static void unrig(nn_trainer *t)
{
    nn_trainer_free(t);
    nn_model_free(the_model);
    the_model = NULL;
}

static bool same(const float *a, const float *b, size_t n) { return memcmp(a, b, n * sizeof *a) == 0; }

/* ---- the tests ---- */

static void a_new_trainer_publishes_its_starting_weights(void)
{
    nn_error err;
    nn_trainer *t = rig(5, 0, false, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    size_t n = the_model->n_params;
    CHECK(n == 2 * 8 + 8 + 8 * 1 + 1);
    float *dst = calloc(n, sizeof *dst);
    long number = nn_trainer_copy_params(t, 0, dst, n);
    CHECK(number > 0);
    CHECK(same(dst, the_model->params, n));
    /* the number it has: nothing is copied */
    for (size_t i = 0; i < n; i++)
        dst[i] = 12345.0f;
    CHECK(nn_trainer_copy_params(t, number, dst, n) == number);
    CHECK(dst[0] == 12345.0f && dst[n - 1] == 12345.0f);
    /* the wrong size: refused, nothing copied */
    CHECK(nn_trainer_copy_params(t, 0, dst, n - 1) == -1);
    CHECK(nn_trainer_copy_params(t, 0, dst, n + 1) == -1);
    CHECK(dst[0] == 12345.0f);
    free(dst);
    unrig(t);
}

/* On the training thread, inside each epoch event, the publication is
 * the model's weights at that moment; meanwhile the test's thread copies
 * away without a race (TSan) and always gets one of them, ending with the
 * final weights. */
static void each_epoch_end_is_published_while_training_runs(void)
{
    nn_error err;
    enum { EPOCHS = 60 };
    nn_trainer *t = rig(EPOCHS, 0, false, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    slow = true;
    size_t n = the_model->n_params;
    float *dst = calloc(n, sizeof *dst);
    CHECK(nn_trainer_start(t, &err) == 0);
    long have = 0, copies = 0;
    bool rose = true;
    for (double end = seconds_now() + WAIT_SECONDS;
         seconds_now() < end && nn_trainer_state(t) == NN_STATE_RUNNING;) {
        long number = nn_trainer_copy_params(t, have, dst, n);
        rose = rose && number >= have;
        if (number != have)
            copies++, have = number;
    }
    const nn_end_event *e = nn_trainer_wait(t);
    CHECK(e->reason == NN_END_FINISHED);
    CHECK(atomic_load(&sh.epochs) == EPOCHS);
    CHECK(atomic_load(&sh.mismatches) == 0);
    CHECK(atomic_load(&sh.numbers_rose) == 1);
    CHECK(rose);
    CHECK(copies >= 2); /* it saw the weights move */
    printf("#   %ld distinct publications copied during %d epochs\n", copies, EPOCHS);
    slow = false;
    long last = nn_trainer_copy_params(t, have, dst, n);
    CHECK(last > atomic_load(&sh.last_number)); /* the end's own publication */
    CHECK(same(dst, the_model->params, n));
    free(dst);
    unrig(t);
}

/* A pause, and the end of a step, publish the weights they stop at, so a
 * step shows on the screen without waiting for the epoch's end. */
static void a_pause_and_a_step_publish_where_they_stop(void)
{
    nn_error err;
    nn_trainer *t = rig(1000000, 0, false, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    size_t n = the_model->n_params;
    float *dst = calloc(n, sizeof *dst), *before = calloc(n, sizeof *before);
    CHECK(nn_trainer_start(t, &err) == 0);
    sleep_ms(20);
    nn_trainer_pause(t);
    CHECK(wait_state(t, NN_STATE_PAUSED));
    long paused = nn_trainer_copy_params(t, 0, dst, n);
    CHECK(paused > 0);
    CHECK(same(dst, the_model->params, n)); /* parked: the model is still */
    memcpy(before, dst, n * sizeof *dst);
    nn_trainer_step(t, 1); /* one batch, mid-epoch (3 batches an epoch) */
    sleep_ms(5);
    CHECK(wait_settled(t));
    long stepped = nn_trainer_copy_params(t, paused, dst, n);
    CHECK(stepped > paused);
    CHECK(same(dst, the_model->params, n));
    CHECK(!same(dst, before, n)); /* the step moved the weights */
    nn_trainer_stop(t);
    nn_trainer_wait(t);
    free(dst), free(before);
    unrig(t);
}

/* Early stopping restores the best epoch's weights: those are published
 * last, not the final epoch's. */
static void the_end_publishes_the_restored_best_weights(void)
{
    nn_error err;
    nn_trainer *t = rig(400, 3, true, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    size_t n = the_model->n_params;
    float *dst = calloc(n, sizeof *dst);
    const nn_end_event *e = nn_trainer_run(t);
    CHECK(e->restored_best);
    printf("#   %s; best epoch %d of %d\n", e->message, e->best_epoch, e->epochs_run);
    CHECK(nn_trainer_copy_params(t, 0, dst, n) > 0);
    CHECK(same(dst, the_model->params, n));
    if (e->best_epoch < e->epochs_run)
        CHECK(!same(dst, last_epoch, n)); /* not the last epoch's */
    free(dst);
    unrig(t);
}

static void numbers_are_never_reused_by_another_trainer(void)
{
    nn_error err;
    nn_trainer *t = rig(2, 0, false, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    size_t n = the_model->n_params;
    float *dst = calloc(n, sizeof *dst);
    nn_trainer_run(t);
    long first = nn_trainer_copy_params(t, 0, dst, n);
    unrig(t);
    t = rig(2, 0, false, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(nn_trainer_copy_params(t, 0, dst, n) > first);
        unrig(t);
    }
    free(dst);
}

int main(void)
{
    alarm(60); /* a deadlock fails the program instead of hanging it */
    make_data();
    TEST(a_new_trainer_publishes_its_starting_weights);
    TEST(each_epoch_end_is_published_while_training_runs);
    TEST(a_pause_and_a_step_publish_where_they_stop);
    TEST(the_end_publishes_the_restored_best_weights);
    TEST(numbers_are_never_reused_by_another_trainer);
    return tap_done();
}
