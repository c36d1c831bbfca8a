/* `step` in a session: N batches, or to the end of the current epoch
 * (`step epoch`, `step N epochs`), then paused, so a class can watch one
 * update at a time. The credit card sample trains on 923 rows (70 % of
 * 1319), so an epoch of batches of 32 is ceil(923 / 32) = 29 batches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session/session_internal.h"
#include "session_capture.h"
#include "tap.h"

enum { BATCHES_PER_EPOCH = 29 };

static char samples[512];

/* Credit card data and a small model, not trained yet. */
static nn_session *credit_session(void)
{
    nn_session *s = capturing_session();
    char line[1024];
    snprintf(line, sizeof line, "load %s/credit_card.csv; target card; drop share expenditure; "
             "add dense 4 relu; add dense 1 sigmoid", samples);
    run(s, line);
    return s;
}

/* What the run's record says: epochs recorded, batches seen, the last batch. */
typedef struct record {
    int epochs;
    long batches;
    int last_epoch, last_batch, last_batches;
} record;

static record read_record(nn_session *s)
{
    record r = {0};
    nn_history *h = nn_session_history(s);
    if (!h)
        return r;
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    nn_error err;
    if (nn_history_read(h, &snap, &err) == 0) {
        r.epochs = snap.n_epochs, r.batches = snap.batches_seen;
        if (snap.has_batch)
            r.last_epoch = snap.last.epoch, r.last_batch = snap.last.batch, r.last_batches = snap.last.batches;
    }
    nn_history_snapshot_free(&snap);
    return r;
}

static int paused(const nn_session *s) { return strcmp(nn_session_state(s), "paused") == 0; }

static void step_epoch_trains_one_epoch_then_pauses(void)
{
    nn_session *s = credit_session();
    CHECK(run(s, "step epoch") == 0);
    record r = read_record(s);
    CHECK(r.epochs == 1);
    CHECK(r.batches == BATCHES_PER_EPOCH);
    CHECK(r.last_batch == BATCHES_PER_EPOCH && r.last_batches == BATCHES_PER_EPOCH);
    CHECK(paused(s));
    /* a script sees the epoch line, as `train` prints it, and where it stopped */
    CHECK(strncmp(output, "training on 923 rows", 20) == 0);
    CHECK(strstr(output, "\nepoch 1/100 loss=") != NULL);
    CHECK(strstr(output, "stepped 29 batches to the end of epoch 1: paused\n") != NULL);

    CHECK(run(s, "step epoch") == 0);
    r = read_record(s);
    CHECK(r.epochs == 2 && r.batches == 2 * BATCHES_PER_EPOCH && paused(s));
    CHECK(strstr(output, "epoch 2/100 loss=") != NULL && strstr(output, "epoch 1/100") == NULL);
    nn_session_free(s);
}

static void step_counts_batches_as_before(void)
{
    nn_session *s = credit_session();
    CHECK(run(s, "step") == 0);
    record r = read_record(s);
    CHECK(r.batches == 1 && r.epochs == 0 && paused(s));
    CHECK(run(s, "step 5") == 0);
    r = read_record(s);
    CHECK(r.batches == 6 && r.epochs == 0 && paused(s));
    CHECK(strstr(output, "stepped 5 batches: paused\n") != NULL);
    CHECK(run(s, "step 30 batches") == 0); /* crosses the end of epoch 1 */
    r = read_record(s);
    CHECK(r.batches == 36 && r.epochs == 1 && paused(s));
    CHECK(strstr(output, "epoch 1/100 loss=") != NULL);
    nn_session_free(s);
}

/* Paused inside an epoch, `step epoch` finishes that epoch: the next
 * pause falls on an epoch boundary again. */
static void step_epoch_mid_epoch_finishes_it(void)
{
    nn_session *s = credit_session();
    CHECK(run(s, "step 5") == 0);
    CHECK(run(s, "step epoch") == 0);
    record r = read_record(s);
    CHECK(r.epochs == 1 && r.batches == BATCHES_PER_EPOCH && paused(s));
    CHECK(strstr(output, "stepped 24 batches to the end of epoch 1: paused\n") != NULL);
    CHECK(run(s, "step 1; step epoch") == 0);
    r = read_record(s);
    CHECK(r.epochs == 2 && r.batches == 2 * BATCHES_PER_EPOCH && paused(s));
    nn_session_free(s);
}

static void step_n_epochs(void)
{
    nn_session *s = credit_session();
    CHECK(run(s, "step 3 epochs") == 0);
    record r = read_record(s);
    CHECK(r.epochs == 3 && r.batches == 3 * BATCHES_PER_EPOCH && paused(s));
    CHECK(strstr(output, "epoch 1/100") && strstr(output, "epoch 2/100") && strstr(output, "epoch 3/100"));
    CHECK(run(s, "step unit=epoch") == 0);
    r = read_record(s);
    CHECK(r.epochs == 4 && paused(s));
    nn_session_free(s);
}

/* An epoch is ceil(rows / batch) batches of the run's batch size:
 * 923 rows in batches of 100 are 10 batches, the last one of 23 rows. */
static void an_epoch_follows_the_batch_size(void)
{
    nn_session *s = credit_session();
    CHECK(run(s, "set batch=100; step epoch") == 0);
    record r = read_record(s);
    CHECK(r.epochs == 1 && r.batches == 10 && r.last_batches == 10 && paused(s));
    nn_session_free(s);
}

/* Stepping past the last epoch ends the run as training would. */
static void stepping_past_the_last_epoch_finishes(void)
{
    nn_session *s = credit_session();
    CHECK(run(s, "set epochs=2; step 5 epochs") == 0);
    record r = read_record(s);
    CHECK(r.epochs == 2 && r.batches == 2 * BATCHES_PER_EPOCH);
    CHECK(strcmp(nn_session_state(s), "finished") == 0);
    CHECK(strstr(output, "epoch 2/2 loss=") && strstr(output, "\nfinished after 2 epochs"));
    nn_session_free(s);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Waits until the step has run out (the trainer waits, paused) or the run
 * has ended: what a screen's user sees once the panes stop moving. */
static void settle(nn_session *s)
{
    for (int i = 0; i < 10000 && !nn_trainer_settled(s->trainer); i++)
        sleep_ms(1);
}

/* In the workbench training runs in the background and `step` returns at
 * once: `step epoch` while it runs pauses at the end of the epoch that is
 * running, and the next `step epoch` trains exactly one more. */
static void step_epoch_while_training_pauses_at_an_epoch_end(void)
{
    nn_session *s = credit_session();
    nn_session_set_foreground(s, 0);
    CHECK(run(s, "set epochs=100000; train") == 0);
    sleep_ms(30);
    CHECK(run(s, "step epoch") == 0);
    settle(s);
    CHECK(paused(s));
    record r = read_record(s);
    CHECK(r.epochs >= 1 && r.epochs == r.last_epoch);
    CHECK(r.last_batch == BATCHES_PER_EPOCH && r.batches == (long)r.epochs * BATCHES_PER_EPOCH);
    CHECK(run(s, "step epoch") == 0);
    settle(s);
    record next = read_record(s);
    CHECK(next.epochs == r.epochs + 1 && next.batches == r.batches + BATCHES_PER_EPOCH && paused(s));
    CHECK(run(s, "step 3") == 0);
    settle(s);
    CHECK(read_record(s).batches == next.batches + 3 && paused(s));
    CHECK(run(s, "stop") == 0);
    nn_session_free(s);
}

static void step_refuses_bad_units(void)
{
    nn_session *s = credit_session();
    CHECK(nn_session_run(s, "step 2 epcohs", "test") < 0);
    CHECK(nn_session_run(s, "step 0", "test") < 0);
    CHECK(nn_session_history(s) == NULL); /* no run was started */
    nn_session_free(s);
}

int main(void)
{
    const char *src = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
    snprintf(samples, sizeof samples, "%s/samples", src);
    TEST(step_epoch_trains_one_epoch_then_pauses);
    TEST(step_counts_batches_as_before);
    TEST(step_epoch_mid_epoch_finishes_it);
    TEST(step_n_epochs);
    TEST(an_epoch_follows_the_batch_size);
    TEST(stepping_past_the_last_epoch_finishes);
    TEST(step_epoch_while_training_pauses_at_an_epoch_end);
    TEST(step_refuses_bad_units);
    return tap_done();
}
