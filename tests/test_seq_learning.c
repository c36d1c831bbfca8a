/* Sequence layers learn what only they can see easily, through the
 * trainer and on rows laid out as a recipe's window writes them (each
 * series newest first): an lstm carries a sequence's first value to its
 * end, a conv1d finds a planted pattern wherever it is.  Fails when
 * learning through time breaks (with no gradient reaching earlier steps
 * the lstm stays near the last step's error, 0.30); subtler errors in a
 * derivative are the gradient checks' to catch. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"
#include "engine/rng.h"
#include "engine/trainer.h"
#include "tap.h"

static nn_model *model_of(const char *const *specs, int n, int steps, int channels)
{
    nn_model *m = nn_model_new();
    nn_error err;
    for (int i = 0; i < n; i++) {
        nn_layer_spec s;
        CHECK(nn_layer_spec_parse(&s, specs[i], &err) == 0 && nn_model_add(m, &s, &err) == 0);
    }
    nn_model_set_layout(m, (nn_seq_layout){steps, channels});
    return m;
}

static void train(nn_model *m, nn_settings *s, const nn_dataset *d)
{
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, s, d, NULL, NULL, &err);
    if (!t)
        printf("#   nn_trainer_new: %s\n", err.msg);
    CHECK(t && nn_trainer_run(t)->reason == NN_END_FINISHED);
    nn_trainer_free(t);
}

enum { STEPS = 10, ROWS = 1536, TEST = 256 };

/* y = the first step + the last: the first must survive nine steps. */
static void an_lstm_remembers_the_first_step(void)
{
    static float x[(ROWS + TEST) * STEPS], y[ROWS + TEST], p[TEST];
    nn_rng r;
    nn_rng_seed(&r, 1);
    for (int i = 0; i < ROWS + TEST; i++) {
        float *row = x + (size_t)i * STEPS; /* newest first: row[STEPS - 1] is the first step */
        for (int t = 0; t < STEPS; t++)
            row[t] = 2.0f * nn_rng_uniform(&r) - 1.0f;
        y[i] = row[STEPS - 1] + row[0];
    }
    nn_model *m = model_of((const char *const[]){"lstm units=16", "dense units=1"}, 2, STEPS, 1);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.loss, "mse");
    s.lr = 0.01f, s.batch = 32, s.epochs = 40, s.seed = 2;
    nn_dataset d = {x, y, ROWS, STEPS, 1};
    train(m, &s, &d);
    nn_error err;
    CHECK(nn_model_predict(m, x + (size_t)ROWS * STEPS, TEST, p, &err) == 0);
    double mse = 0;
    for (int i = 0; i < TEST; i++)
        mse += (p[i] - y[ROWS + i]) * (p[i] - y[ROWS + i]) / TEST;
    /* the mean's error is var(y) = 2/3; the last step alone leaves 1/3 */
    printf("#   lstm: test mse %.4f (the last step alone: 0.333)\n", mse);
    CHECK(mse < 0.02);
    nn_model_free(m);
}

/* Noise with the pattern +1 -1 +1 planted at a random place in half the
 * rows: a causal conv1d and a max over the steps tell which. */
static void a_conv1d_finds_a_planted_pattern(void)
{
    enum { LEN = 20 };
    static float x[(ROWS + TEST) * LEN], y[ROWS + TEST], p[TEST];
    nn_rng r;
    nn_rng_seed(&r, 4);
    for (int i = 0; i < ROWS + TEST; i++) {
        float *row = x + (size_t)i * LEN;
        for (int t = 0; t < LEN; t++)
            row[t] = 0.3f * nn_rng_normal(&r);
        y[i] = (float)(i % 2);
        int at = (int)nn_rng_below(&r, LEN - 2);
        for (int k = 0; y[i] && k < 3; k++)
            row[at + k] += k == 1 ? -1.0f : 1.0f;
    }
    nn_model *m = model_of((const char *const[]){"conv1d filters=4 kernel=3 act=relu",
                                                 "maxpool1d pool=20", "dense units=1 act=sigmoid"},
                           3, LEN, 1);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.loss, "bce");
    s.lr = 0.01f, s.batch = 32, s.epochs = 30, s.seed = 5;
    nn_dataset d = {x, y, ROWS, LEN, 1};
    train(m, &s, &d);
    nn_error err;
    CHECK(nn_model_predict(m, x + (size_t)ROWS * LEN, TEST, p, &err) == 0);
    int right = 0;
    for (int i = 0; i < TEST; i++)
        right += (p[i] > 0.5f) == (y[ROWS + i] > 0.5f);
    printf("#   conv1d: %d of %d test rows right\n", right, TEST);
    CHECK(right >= TEST * 95 / 100);
    nn_model_free(m);
}

/* One thread, one seed: two trainings end with the same weights, bit
 * for bit (batch norm's running statistics included). */
static void training_is_deterministic_with_one_thread(void)
{
    enum { N = 256, LEN = 8 };
    static float x[N * LEN * 2], y[N];
    nn_rng r;
    nn_rng_seed(&r, 9);
    for (int i = 0; i < N * LEN * 2; i++)
        x[i] = nn_rng_normal(&r);
    for (int i = 0; i < N; i++)
        y[i] = x[i * LEN * 2] - x[i * LEN * 2 + LEN];
    const char *const layers[] = {"conv1d filters=4 kernel=3 act=relu", "batchnorm",
                                  "gru units=4 return=all", "lstm units=4", "dense units=1"};
    float *weights[2] = {NULL, NULL};
    size_t n = 0;
    for (int run = 0; run < 2; run++) {
        nn_model *m = model_of(layers, 5, LEN, 2);
        nn_settings s;
        nn_settings_default(&s);
        strcpy(s.loss, "mse");
        s.batch = 64, s.epochs = 3, s.seed = 3, s.threads = 1;
        nn_dataset d = {x, y, N, LEN * 2, 1};
        train(m, &s, &d);
        n = m->n_params;
        weights[run] = malloc(n * sizeof(float));
        memcpy(weights[run], m->params, n * sizeof(float));
        nn_model_free(m);
    }
    CHECK(n > 0 && memcmp(weights[0], weights[1], n * sizeof(float)) == 0);
    free(weights[0]);
    free(weights[1]);
}

/* With two threads the batch is split; the replica's batch norm reads the
 * shared running statistics and only the main model moves them (run
 * under ThreadSanitizer in CI: no race). */
static void batchnorm_trains_with_the_two_thread_split(void)
{
    enum { N = 512, LEN = 8 };
    static float x[N * LEN], y[N];
    nn_rng r;
    nn_rng_seed(&r, 12);
    for (int i = 0; i < N * LEN; i++)
        x[i] = 3.0f + nn_rng_normal(&r);
    for (int i = 0; i < N; i++)
        y[i] = x[i * LEN];
    const char *const layers[] = {"conv1d filters=4 kernel=2", "batchnorm momentum=0.5",
                                  "globalavgpool1d", "dense units=1"};
    nn_model *m = model_of(layers, 4, LEN, 1);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.loss, "mse");
    s.batch = 128, s.epochs = 2, s.seed = 3, s.threads = 2;
    nn_dataset d = {x, y, N, LEN, 1};
    train(m, &s, &d);
    const nn_layer *bn = &m->layers[1];
    bool moved = true;
    for (int j = 0; j < 4; j++) /* mean from 0, variance from 1 */
        moved &= bn->w[8 + j] != 0.0f && bn->w[12 + j] != 1.0f && isfinite(bn->w[12 + j]);
    CHECK(moved);
    nn_model_free(m);
}

/* Batch norm's running statistics are not trained: AdamW's decoupled
 * decay (here 0.1 * 0.5 of every weight per step, which would halve them
 * in 14 steps) leaves them where the batches moved them, computed here
 * from the batches in double. */
static void adamw_decay_leaves_batchnorm_statistics_alone(void)
{
    enum { N = 512, LEN = 4, BATCH = 32 };
    static float x[N * LEN], y[N];
    nn_rng r;
    nn_rng_seed(&r, 21);
    for (int i = 0; i < N * LEN; i++)
        x[i] = 2.0f + 0.5f * nn_rng_normal(&r);
    for (int i = 0; i < N; i++)
        y[i] = x[i * LEN];
    nn_model *m = model_of((const char *const[]){"batchnorm momentum=0.8", "dense units=1"}, 2,
                           LEN, 1);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.loss, "mse");
    strcpy(s.optimizer, "adamw");
    s.hp.weight_decay = 0.5f;
    s.lr = 0.1f, s.batch = BATCH, s.epochs = 2, s.seed = 3, s.threads = 1, s.shuffle = 0;
    nn_dataset d = {x, y, N, LEN, 1};
    train(m, &s, &d);
    /* the batch norm is first: it sees x's columns (its channels), batch
     * after batch */
    const float *run_mean = m->layers[0].w + 2 * LEN, *run_var = run_mean + LEN;
    bool agree = true;
    for (int j = 0; j < LEN; j++) {
        double mean = 0, var = 1;
        for (int e = 0; e < 2; e++)
            for (int b = 0; b < N / BATCH; b++) {
                const float *v = x + (size_t)b * BATCH * LEN + j;
                double sum = 0, ss = 0;
                for (int k = 0; k < BATCH; k++)
                    sum += v[k * LEN];
                for (int k = 0; k < BATCH; k++)
                    ss += (v[k * LEN] - sum / BATCH) * (v[k * LEN] - sum / BATCH);
                mean = 0.8 * mean + 0.2 * sum / BATCH;
                var = 0.8 * var + 0.2 * ss / (BATCH - 1);
            }
        printf("#   channel %d: running mean %.6f (expected %.6f), variance %.6f (%.6f)\n", j,
               run_mean[j], mean, run_var[j], var);
        agree &= fabs(run_mean[j] - mean) < 1e-5 * mean && fabs(run_var[j] - var) < 1e-5 * var;
    }
    CHECK(agree);
    nn_model_free(m);
}

int main(void)
{
    TEST(an_lstm_remembers_the_first_step);
    TEST(a_conv1d_finds_a_planted_pattern);
    TEST(training_is_deterministic_with_one_thread);
    TEST(batchnorm_trains_with_the_two_thread_split);
    TEST(adamw_decay_leaves_batchnorm_statistics_alone);
    return tap_done();
}
