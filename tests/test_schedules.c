/* Learning-rate schedules: each one's rate at chosen points of training
 * against hand-computed values, then the same schedules as the trainer
 * applies them (the lr of every batch and epoch event), including
 * reduce-on-plateau driven by a validation loss that cannot improve. */
#include <string.h>

#include "engine/model.h"
#include "engine/schedule.h"
#include "engine/trainer.h"
#include "tap.h"

#define TOL 1e-7

static nn_settings base(const char *schedule)
{
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.schedule, schedule);
    s.lr = 0.1f;
    s.decay = 0.5f;
    s.decay_epochs = 10.0f;
    return s;
}

static double lr_at(const nn_settings *s, double epoch)
{
    const nn_schedule *sched = nn_schedule_find(s->schedule);
    CHECK(sched != NULL);
    return sched ? sched->lr(s, epoch, 1.0f) : -1.0;
}

static void every_schedule_is_registered(void)
{
    const char *names[] = {"constant", "step", "exponential", "cosine", "plateau"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        CHECK(nn_schedule_find(names[i]) != NULL);
    const nn_schedule *plateau = nn_schedule_find("plateau"), *step = nn_schedule_find("step");
    CHECK(plateau && plateau->on_plateau);
    CHECK(step && !step->on_plateau);
    CHECK(nn_schedule_find("linear") == NULL);
}

static void constant_never_changes(void)
{
    nn_settings s = base("constant");
    CHECK_NEAR(lr_at(&s, 0.0), 0.1, TOL);
    CHECK_NEAR(lr_at(&s, 9.9), 0.1, TOL);
    CHECK_NEAR(lr_at(&s, 1000.0), 0.1, TOL);
}

static void step_halves_every_ten_epochs(void)
{
    nn_settings s = base("step");
    CHECK_NEAR(lr_at(&s, 0.0), 0.1, TOL);
    CHECK_NEAR(lr_at(&s, 9.9), 0.1, TOL);   /* floor(0.99) = 0 */
    CHECK_NEAR(lr_at(&s, 10.0), 0.05, TOL); /* 0.1 * 0.5^1 */
    CHECK_NEAR(lr_at(&s, 25.0), 0.025, TOL); /* 0.1 * 0.5^floor(2.5) */
}

static void exponential_decays_smoothly(void)
{
    nn_settings s = base("exponential");
    CHECK_NEAR(lr_at(&s, 0.0), 0.1, TOL);
    CHECK_NEAR(lr_at(&s, 5.0), 0.0707106781, TOL);  /* 0.1 * 0.5^0.5 */
    CHECK_NEAR(lr_at(&s, 10.0), 0.05, TOL);         /* 0.1 * 0.5^1 */
    CHECK_NEAR(lr_at(&s, 25.0), 0.0176776695, TOL); /* 0.1 * 0.5^2.5 */
}

static void cosine_warms_up_then_anneals(void)
{
    nn_settings s = base("cosine");
    s.warmup = 2.0f;
    s.epochs = 12;
    s.min_lr = 0.0f;
    CHECK_NEAR(lr_at(&s, 0.0), 0.0, TOL);  /* warm-up starts from zero */
    CHECK_NEAR(lr_at(&s, 1.0), 0.05, TOL); /* halfway up */
    CHECK_NEAR(lr_at(&s, 2.0), 0.1, TOL);  /* end of warm-up: the full rate */
    /* a quarter of the 10 annealing epochs: 0.05 (1 + cos(pi/4)) */
    CHECK_NEAR(lr_at(&s, 4.5), 0.0853553391, TOL);
    CHECK_NEAR(lr_at(&s, 7.0), 0.05, TOL); /* midway: lr / 2 */
    CHECK_NEAR(lr_at(&s, 12.0), 0.0, TOL); /* the end: min_lr */
}

static void cosine_anneals_to_min_lr(void)
{
    nn_settings s = base("cosine");
    s.warmup = 2.0f;
    s.epochs = 12;
    s.min_lr = 0.01f;
    CHECK_NEAR(lr_at(&s, 2.0), 0.1, TOL);
    CHECK_NEAR(lr_at(&s, 7.0), 0.055, TOL); /* 0.01 + (0.1 - 0.01) / 2 */
    CHECK_NEAR(lr_at(&s, 12.0), 0.01, TOL);
}

static void plateau_scales_and_floors(void)
{
    nn_settings s = base("plateau");
    const nn_schedule *p = nn_schedule_find("plateau");
    s.min_lr = 0.0f;
    CHECK_NEAR(p->lr(&s, 3.0, 1.0f), 0.1, TOL);
    CHECK_NEAR(p->lr(&s, 3.0, 0.25f), 0.025, TOL);
    s.min_lr = 0.03f;
    CHECK_NEAR(p->lr(&s, 3.0, 0.25f), 0.03, TOL); /* never below min_lr */
}

/* --- schedules as the trainer applies them --- */

#define MAX_EVENTS 64

typedef struct lr_log {
    float batch_lr[MAX_EVENTS], epoch_lr[MAX_EVENTS];
    double val_loss[MAX_EVENTS];
    int batches, epochs;
} lr_log;

static void log_batch(void *user, const nn_batch_event *e)
{
    lr_log *l = user;
    if (l->batches < MAX_EVENTS)
        l->batch_lr[l->batches] = e->lr;
    l->batches++;
}

static void log_epoch(void *user, const nn_epoch_event *e)
{
    lr_log *l = user;
    if (l->epochs < MAX_EVENTS) {
        l->epoch_lr[l->epochs] = e->lr;
        l->val_loss[l->epochs] = e->val_loss;
    }
    l->epochs++;
}

/* One dense unit with zero initial weights, trained with SGD, in order. */
static void train_logged(nn_settings *s, const nn_dataset *train, const nn_dataset *val,
                         lr_log *log)
{
    memset(log, 0, sizeof *log);
    nn_error err;
    nn_model *m = nn_model_new();
    nn_layer_spec spec;
    CHECK(nn_layer_spec_parse(&spec, "dense units=1 init=zeros", &err) == 0);
    CHECK(nn_model_add(m, &spec, &err) == 0);
    strcpy(s->optimizer, "sgd");
    s->shuffle = 0;
    nn_observer obs = {log, log_batch, log_epoch, NULL};
    nn_trainer *t = nn_trainer_new(m, s, train, val, &obs, &err);
    CHECK(t != NULL);
    if (t)
        CHECK(nn_trainer_run(t)->reason == NN_END_FINISHED);
    nn_trainer_free(t);
    nn_model_free(m);
}

static const float X4[4] = {1, 2, 3, 4}, Y4[4] = {2, 4, 6, 8};

static void trainer_steps_by_epoch(void)
{
    nn_settings s = base("step");
    s.decay_epochs = 1.0f;
    s.epochs = 3;
    s.batch = 2; /* two batches an epoch */
    s.lr = 0.001f;
    nn_dataset train = {X4, Y4, 4, 1, 1};
    lr_log log;
    train_logged(&s, &train, NULL, &log);
    CHECK(log.batches == 6);
    /* 0.001 * 0.5^(epochs completed) */
    const double want[6] = {0.001, 0.001, 0.0005, 0.0005, 0.00025, 0.00025};
    for (int i = 0; i < 6; i++)
        CHECK_NEAR(log.batch_lr[i], want[i], 1e-9);
}

static void trainer_uses_fractional_progress(void)
{
    nn_settings s = base("exponential");
    s.decay_epochs = 1.0f;
    s.epochs = 2;
    s.batch = 2;
    s.lr = 0.001f;
    nn_dataset train = {X4, Y4, 4, 1, 1};
    lr_log log;
    train_logged(&s, &train, NULL, &log);
    CHECK(log.batches == 4);
    /* progress before each batch: 0, 0.5, 1, 1.5 epochs; 0.001 * 0.5^progress */
    const double want[4] = {0.001, 0.000707106781, 0.0005, 0.000353553391};
    for (int i = 0; i < 4; i++)
        CHECK_NEAR(log.batch_lr[i], want[i], 1e-9);
}

static void trainer_starts_cosine_at_zero(void)
{
    nn_settings s = base("cosine");
    s.warmup = 2.0f;
    s.epochs = 4;
    s.batch = 2;
    s.lr = 0.001f;
    nn_dataset train = {X4, Y4, 4, 1, 1};
    lr_log log;
    train_logged(&s, &train, NULL, &log);
    CHECK(log.batches == 8);
    /* warm-up over progress 0, 0.5, 1, 1.5 = 0.001 * progress / 2 */
    CHECK_NEAR(log.batch_lr[0], 0.0, 1e-12);
    CHECK_NEAR(log.batch_lr[1], 0.00025, 1e-9);
    CHECK_NEAR(log.batch_lr[3], 0.00075, 1e-9);
    CHECK_NEAR(log.batch_lr[4], 0.001, 1e-9); /* progress 2: warm-up done */
    /* progress 3 is midway through the 2 annealing epochs */
    CHECK_NEAR(log.batch_lr[6], 0.0005, 1e-9);
}

/* Training targets are zero and the weights start at zero, so every
 * gradient is zero and the weights never move: the validation loss (targets
 * of one) stays at exactly 1 and never improves. */
static void plateau_reduces_when_validation_stalls(void)
{
    static const float x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, zeros[8] = {0}, ones[8] = {1, 1, 1, 1,
                                                                                  1, 1, 1, 1};
    nn_settings s = base("plateau");
    s.epochs = 12;
    s.batch = 4;
    s.plateau_patience = 3;
    s.min_lr = 0.02f;
    nn_dataset train = {x, zeros, 8, 1, 1}, val = {x, ones, 8, 1, 1};
    lr_log log;
    train_logged(&s, &train, &val, &log);
    CHECK(log.epochs == 12);
    CHECK(log.batches == 24);
    CHECK_NEAR(log.val_loss[0], 1.0, 1e-12);
    CHECK_NEAR(log.val_loss[11], 1.0, 1e-12);
    /* epoch 1 sets the best; epochs 2-4 are three without improvement, so
     * from epoch 5 the rate is halved, again from epoch 8 and epoch 11,
     * where 0.0125 is floored at min_lr = 0.02 */
    const double want[12] = {0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02,
                             0.02};
    for (int e = 0; e < 12; e++) {
        CHECK_NEAR(log.epoch_lr[e], want[e], TOL);
        CHECK_NEAR(log.batch_lr[2 * e], want[e], TOL);
        CHECK_NEAR(log.batch_lr[2 * e + 1], want[e], TOL);
    }
}

/* Full-batch gradient descent with a small rate on y = 2x lowers the
 * loss every epoch, so reduce-on-plateau (even with patience 1) must keep
 * the rate. */
static void plateau_keeps_rate_while_improving(void)
{
    nn_settings s = base("plateau");
    s.lr = 0.01f;
    s.epochs = 10;
    s.batch = 4;
    s.plateau_patience = 1;
    nn_dataset train = {X4, Y4, 4, 1, 1};
    lr_log log;
    train_logged(&s, &train, &train, &log);
    CHECK(log.epochs == 10);
    for (int e = 1; e < 10; e++)
        CHECK(log.val_loss[e] < log.val_loss[e - 1]);
    for (int e = 0; e < 10; e++)
        CHECK_NEAR(log.epoch_lr[e], 0.01, 1e-9);
}

int main(void)
{
    TEST(every_schedule_is_registered);
    TEST(constant_never_changes);
    TEST(step_halves_every_ten_epochs);
    TEST(exponential_decays_smoothly);
    TEST(cosine_warms_up_then_anneals);
    TEST(cosine_anneals_to_min_lr);
    TEST(plateau_scales_and_floors);
    TEST(trainer_steps_by_epoch);
    TEST(trainer_uses_fractional_progress);
    TEST(trainer_starts_cosine_at_zero);
    TEST(plateau_reduces_when_validation_stalls);
    TEST(plateau_keeps_rate_while_improving);
    return tap_done();
}
