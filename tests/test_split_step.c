/* The two-core split's optimizer step: each core steps one range of the
 * parameters, and without penalties, clipping or an observer the halves'
 * gradients are combined range by range inside that step.  Both must train
 * like one thread (the same maths, only the halves summed in another
 * order), deterministically, and keep the NaN promise: a step that
 * overflows leaves the last finite weights. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"
#include "engine/trainer.h"
#include "engine/trainer_internal.h" /* to see whether a batch was split */
#include "lcg_random.h"
#include "model_by_text.h"
#include "tap.h"

/* 1,000+ parameters, so that each core's range is long and the cut
 * (a multiple of 16) falls inside the first layer's kernel. */
enum { ROWS = 256, IN = 8, UNITS = 64 };

static float X[ROWS * IN], Y[ROWS];
static bool linear_only; /* the model without its hidden layer */
static int rows_used = ROWS;   /* the first rows_used rows of X and Y */
static int shuffle = 1;
static int epochs = 3;

static void make_data(double scale)
{
    lcg_seed(21);
    for (int i = 0; i < ROWS * IN; i++)
        X[i] = (float)(scale * uniform(-1, 1));
    for (int r = 0; r < ROWS; r++)
        Y[r] = X[r * IN] - 0.5f * X[r * IN + 1];
}

typedef struct run {
    float *params;
    size_t n;
    bool split;
    nn_end_event end;
} run;

/* `epochs` epochs of batches of 128 rows (split in two halves of 64 with
 * two threads). */
static run train(const char *optimizer, float lr, float clip, float l2, int threads)
{
    const char *layers[] = {"dense units=64 act=relu", "dense units=1"};
    nn_model *m = model_of_layers(linear_only ? layers + 1 : layers, linear_only ? 1 : 2, IN);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.optimizer, optimizer);
    s.lr = lr;
    s.clip = clip;
    s.l2 = l2;
    s.batch = 128;
    s.epochs = epochs;
    s.seed = 3;
    s.shuffle = shuffle;
    s.threads = threads;
    nn_dataset d = {X, Y, rows_used, IN, 1};
    nn_error err;
    run out = {0};
    nn_trainer *t = nn_trainer_new(m, &s, &d, NULL, NULL, &err);
    CHECK(t != NULL);
    if (t) {
        out.split = t->split != NULL;
        out.end = *nn_trainer_run(t);
    }
    nn_trainer_free(t);
    out.n = m->n_params;
    out.params = malloc(out.n * sizeof *out.params);
    memcpy(out.params, m->params, out.n * sizeof *out.params);
    nn_model_free(m);
    return out;
}

static double worst_relative_gap(const run *a, const run *b)
{
    double worst = 0.0;
    for (size_t i = 0; i < a->n; i++)
        worst = fmax(worst, fabs((double)a->params[i] - b->params[i]) /
                                fmax(1.0, fabs((double)a->params[i])));
    return worst;
}

static void check_like_one_thread(const char *optimizer, float clip, float l2)
{
    make_data(1.0);
    run one = train(optimizer, 0.01f, clip, l2, 1), two = train(optimizer, 0.01f, clip, l2, 2),
        again = train(optimizer, 0.01f, clip, l2, 2);
    CHECK(!one.split && two.split);
    CHECK(one.n == (IN + 1) * UNITS + UNITS + 1); /* ranges cut at 320, in the kernel */
    CHECK(two.end.reason == NN_END_FINISHED);
    /* Adam divides by sqrt(v): a gradient summed in another order moves a
     * weight by a few float steps of its size, never more */
    CHECK_NEAR(worst_relative_gap(&one, &two), 0.0, 1e-5);
    CHECK(memcmp(two.params, again.params, two.n * sizeof *two.params) == 0);
    free(one.params), free(two.params), free(again.params);
}

/* The step and the combining of the halves in one pass per core. */
static void adam_on_two_cores_trains_like_one(void)
{
    check_like_one_thread("adam", 0.0f, 0.0f);
}

/* Clipping and penalties read the combined gradients first: the halves are
 * combined, then the step runs on both cores. */
static void clipped_penalised_step_on_two_cores_trains_like_one(void)
{
    check_like_one_thread("adam", 0.5f, 0.01f);
}

static void momentum_on_two_cores_trains_like_one(void)
{
    check_like_one_thread("momentum", 0.0f, 0.0f);
}

/* Two threads must stop at the second batch, with the same message as
 * one, and keep the weights of the last finite step: those of the same
 * run on the first batch's rows alone (no shuffling), to the bit. */
static void check_blow_up(double scale)
{
    make_data(scale);
    shuffle = 0;
    run one = train("sgd", 1e30f, 0.0f, 0.0f, 1), two = train("sgd", 1e30f, 0.0f, 0.0f, 2);
    rows_used = 128, epochs = 1;
    run first = train("sgd", 1e30f, 0.0f, 0.0f, 2);
    rows_used = ROWS, epochs = 3;
    shuffle = 1;
    CHECK(two.split && first.split);
    CHECK(one.end.reason == NN_END_NONFINITE);
    CHECK(two.end.reason == NN_END_NONFINITE);
    printf("#   one thread: %s\n#   two threads: %s\n", one.end.message, two.end.message);
    CHECK(strcmp(one.end.message, two.end.message) == 0);
    CHECK(strstr(two.end.message, "epoch 1, batch 2") != NULL);
    CHECK(first.end.reason == NN_END_FINISHED);
    CHECK(memcmp(two.params, first.params, two.n * sizeof *two.params) == 0);
    free(one.params), free(two.params), free(first.params);
}

/* lr = 1e30 on inputs of 1e3: the loss is NaN at the second batch, after
 * the step (combined with the halves) already ran into the spare buffer. */
static void nan_loss_on_two_cores_keeps_last_finite_weights(void)
{
    check_blow_up(1e3);
}

/* One linear layer at lr = 1e30: the first step makes the weights about
 * 1e30, the second overflows them while the loss is still finite. */
static void overflow_on_two_cores_keeps_last_finite_weights(void)
{
    linear_only = true;
    check_blow_up(1.0);
    linear_only = false;
}

int main(void)
{
    TEST(adam_on_two_cores_trains_like_one);
    TEST(clipped_penalised_step_on_two_cores_trains_like_one);
    TEST(momentum_on_two_cores_trains_like_one);
    TEST(nan_loss_on_two_cores_keeps_last_finite_weights);
    TEST(overflow_on_two_cores_keeps_last_finite_weights);
    return tap_done();
}
