/* The training loop end to end: problems with known answers (XOR, a linear
 * target, separable classes, the Keras tutorial), early stopping and best
 * weights, NaN handling, determinism, construction errors, batching, and
 * the observer's event stream. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"
#include "engine/tensor.h"
#include "engine/trainer.h"
#include "engine/trainer_internal.h" /* to see whether a batch was split */
#include "lcg_random.h"
#include "model_by_text.h"
#include "tap.h"

/* --- helpers --- */

/* A model from layer descriptions, NULL-terminated. */
static nn_model *model_of(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    nn_model *m = model_of_va(first, ap);
    va_end(ap);
    return m;
}

static bool all_finite(const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

/* Mean squared error of the model's evaluation-mode predictions. */
static double predicted_mse(nn_model *m, const nn_dataset *d)
{
    size_t n = (size_t)d->n * d->y_width;
    float *out = malloc(n * sizeof *out);
    nn_error err;
    CHECK(nn_model_predict(m, d->x, d->n, out, &err) == 0);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += ((double)out[i] - d->y[i]) * ((double)out[i] - d->y[i]);
    free(out);
    return sum / (double)n;
}

/* Last epoch event, kept by observers that need only that. */
static void keep_last_epoch(void *user, const nn_epoch_event *e)
{
    *(nn_epoch_event *)user = *e;
}

static nn_end_reason train(nn_model *m, const nn_settings *s, const nn_dataset *tr,
                           const nn_dataset *val, const nn_observer *obs)
{
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, s, tr, val, obs, &err);
    if (!t)
        printf("#   nn_trainer_new: %s\n", err.msg);
    CHECK(t != NULL);
    nn_end_reason reason = t ? nn_trainer_run(t)->reason : NN_END_STOPPED;
    nn_trainer_free(t);
    return reason;
}

/* --- (a) XOR --- */

static void xor_is_learned(void)
{
    static const float x[8] = {0, 0, 0, 1, 1, 0, 1, 1}, y[4] = {0, 1, 1, 0};
    nn_model *m = model_of("dense units=8 act=tanh", "dense units=1 act=sigmoid", NULL);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.loss, "bce");
    s.lr = 0.05f;
    s.batch = 4;
    s.epochs = 300;
    s.seed = 3;
    nn_dataset d = {x, y, 4, 2, 1};
    nn_epoch_event last = {0};
    nn_observer obs = {&last, NULL, keep_last_epoch, NULL};
    CHECK(train(m, &s, &d, NULL, &obs) == NN_END_FINISHED);
    CHECK(strcmp(last.metric, "accuracy") == 0);
    CHECK(last.train_metric == 1.0);
    float p[4];
    nn_error err;
    CHECK(nn_model_predict(m, x, 4, p, &err) == 0);
    for (int i = 0; i < 4; i++) {
        CHECK((p[i] > 0.5f) == (y[i] > 0.5f));
        CHECK(fabsf(p[i] - y[i]) < 0.2f); /* confidently, not just across 0.5 */
        printf("#   xor(%g, %g) = %.4f\n", x[2 * i], x[2 * i + 1], p[i]);
    }
    nn_model_free(m);
}

/* --- (b) a linear target --- */

static void linear_target_is_recovered(void)
{
    enum { ROWS = 100 };
    static float x[ROWS * 2], y[ROWS];
    lcg_seed(11);
    for (int i = 0; i < ROWS; i++) {
        x[2 * i] = (float)uniform(-1, 1);
        x[2 * i + 1] = (float)uniform(-1, 1);
        y[i] = 3.0f * x[2 * i] - 2.0f * x[2 * i + 1] + 0.5f;
    }
    nn_model *m = model_of("dense units=1", NULL);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.optimizer, "sgd");
    s.lr = 0.1f;
    s.batch = 10;
    s.epochs = 100;
    nn_dataset d = {x, y, ROWS, 2, 1};
    CHECK(train(m, &s, &d, NULL, NULL) == NN_END_FINISHED);
    CHECK(m->n_params == 3); /* W[2][1], then b */
    CHECK_NEAR(m->params[0], 3.0, 1e-3);
    CHECK_NEAR(m->params[1], -2.0, 1e-3);
    CHECK_NEAR(m->params[2], 0.5, 1e-3);
    nn_model_free(m);
}

/* --- (c) three Gaussian blobs --- */

static void blobs(float *x, float *y, int n)
{
    static const double cx[3] = {0.0, 2.6, -2.6}, cy[3] = {3.0, -1.5, -1.5};
    for (int i = 0; i < n; i++) {
        int c = i % 3;
        x[2 * i] = (float)(cx[c] + 0.5 * normal());
        x[2 * i + 1] = (float)(cy[c] + 0.5 * normal());
        for (int k = 0; k < 3; k++)
            y[3 * i + k] = k == c;
    }
}

static double own_accuracy(nn_model *m, const nn_dataset *d)
{
    float *p = malloc((size_t)d->n * 3 * sizeof *p);
    nn_error err;
    CHECK(nn_model_predict(m, d->x, d->n, p, &err) == 0);
    int right = 0;
    for (int i = 0; i < d->n; i++) {
        const float *r = p + 3 * i;
        int best = r[1] > r[0] ? 1 : 0;
        best = r[2] > r[best] ? 2 : best;
        right += d->y[3 * i + best] == 1.0f;
        CHECK_NEAR(r[0] + r[1] + r[2], 1.0, 1e-5); /* softmax rows */
    }
    free(p);
    return (double)right / d->n;
}

static void three_blobs_are_separated(void)
{
    enum { TRAIN = 300, VAL = 150 };
    static float xt[TRAIN * 2], yt[TRAIN * 3], xv[VAL * 2], yv[VAL * 3];
    lcg_seed(5);
    blobs(xt, yt, TRAIN);
    blobs(xv, yv, VAL);
    nn_model *m = model_of("dense units=3 act=softmax", NULL);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.loss, "cce");
    s.lr = 0.05f;
    s.batch = 32;
    s.epochs = 20;
    nn_dataset tr = {xt, yt, TRAIN, 2, 3}, val = {xv, yv, VAL, 2, 3};
    nn_epoch_event last = {0};
    nn_observer obs = {&last, NULL, keep_last_epoch, NULL};
    CHECK(train(m, &s, &tr, &val, &obs) == NN_END_FINISHED);
    CHECK(last.epoch == 20);
    CHECK(strcmp(last.metric, "accuracy") == 0);
    CHECK(last.has_val);
    CHECK(last.train_metric >= 0.98);
    CHECK(last.val_metric >= 0.98);
    CHECK(own_accuracy(m, &val) >= 0.98);
    printf("#   accuracy: train %.4f, validation %.4f\n", last.train_metric, last.val_metric);
    nn_model_free(m);
}

/* --- (d) early stopping and best weights --- */

/* A wide network on 8 noisy rows of y = x overfits; validation rows are
 * noise-free, so the validation loss falls and then rises. */
enum { ES_TRAIN = 8, ES_VAL = 64 };
static float es_xt[ES_TRAIN], es_yt[ES_TRAIN], es_xv[ES_VAL], es_yv[ES_VAL];

static void overfit_data(void)
{
    lcg_seed(21);
    for (int i = 0; i < ES_TRAIN; i++) {
        es_xt[i] = (float)uniform(-1, 1);
        es_yt[i] = es_xt[i] + (float)(i % 2 ? 0.6 : -0.6);
    }
    for (int i = 0; i < ES_VAL; i++) {
        es_xv[i] = -1.0f + 2.0f * i / (ES_VAL - 1);
        es_yv[i] = es_xv[i];
    }
}

/* The observer's own record of the best epoch and its weights. */
typedef struct best_tracker {
    nn_model *m;
    int epochs, best_epoch;
    double best_val, last_val;
    float *best_params;
} best_tracker;

static void track_epoch(void *user, const nn_epoch_event *e)
{
    best_tracker *b = user;
    b->epochs++;
    CHECK(e->epoch == b->epochs);
    b->last_val = e->val_loss;
    if (e->val_loss < b->best_val) { /* strictly lower, as min_delta = 0 asks */
        b->best_val = e->val_loss;
        b->best_epoch = e->epoch;
        /* the training thread is this one: reading the weights is allowed */
        memcpy(b->best_params, b->m->params, b->m->n_params * sizeof(float));
    }
}

typedef struct es_result {
    nn_end_event end;
    best_tracker b;
    double final_val_mse;
    bool params_are_best;
} es_result;

static void run_overfit(int patience, int epochs, es_result *r)
{
    overfit_data();
    nn_model *m = model_of("dense units=32 act=tanh", "dense units=32 act=tanh", "dense units=1",
                           NULL);
    nn_error err;
    CHECK(nn_model_build(m, nn_shape_vector(1), 9, &err) == 0);
    nn_settings s;
    nn_settings_default(&s);
    s.lr = 0.01f;
    s.batch = ES_TRAIN;
    s.epochs = epochs;
    s.patience = patience;
    s.seed = 9;
    nn_dataset tr = {es_xt, es_yt, ES_TRAIN, 1, 1}, val = {es_xv, es_yv, ES_VAL, 1, 1};
    memset(r, 0, sizeof *r);
    r->b = (best_tracker){m, 0, 0, INFINITY, NAN, malloc(m->n_params * sizeof(float))};
    nn_observer obs = {&r->b, NULL, track_epoch, NULL};
    nn_trainer *t = nn_trainer_new(m, &s, &tr, &val, &obs, &err);
    CHECK(t != NULL);
    if (t) {
        r->end = *nn_trainer_run(t);
        r->final_val_mse = predicted_mse(m, &val);
        r->params_are_best =
            memcmp(m->params, r->b.best_params, m->n_params * sizeof(float)) == 0;
    }
    nn_trainer_free(t);
    free(r->b.best_params);
    r->b.best_params = NULL;
    nn_model_free(m);
}

static void early_stopping_keeps_the_best_epoch(void)
{
    enum { PATIENCE = 20 };
    es_result r;
    run_overfit(PATIENCE, 3000, &r);
    printf("#   best epoch %d (val %.6f), stopped after %d: %s\n", r.end.best_epoch,
           r.end.best_val_loss, r.end.epochs_run, r.end.message);
    CHECK(r.end.reason == NN_END_EARLY_STOP);
    CHECK(r.end.epochs_run == r.b.epochs);
    CHECK(r.end.best_epoch == r.b.best_epoch);
    CHECK(r.end.epochs_run == r.end.best_epoch + PATIENCE);
    CHECK(r.end.best_val_loss == r.b.best_val);
    CHECK(r.end.restored_best);
    CHECK(r.params_are_best);
    /* the validation loss of the final weights is the best one, not the last */
    CHECK_CLOSE(r.final_val_mse, r.end.best_val_loss, 1e-5);
    CHECK(r.b.last_val > r.end.best_val_loss * 1.001);
    CHECK(strstr(r.end.message, "early") != NULL);
}

static void best_weights_are_restored_without_patience(void)
{
    enum { EPOCHS = 400 };
    es_result r;
    run_overfit(0, EPOCHS, &r);
    printf("#   best epoch %d of %d\n", r.end.best_epoch, EPOCHS);
    CHECK(r.end.reason == NN_END_FINISHED);
    CHECK(r.end.epochs_run == EPOCHS);
    CHECK(r.end.best_epoch == r.b.best_epoch);
    CHECK(r.end.best_epoch < EPOCHS - 10); /* the run went on past its best */
    CHECK(r.end.restored_best);
    CHECK(r.params_are_best);
    CHECK_CLOSE(r.final_val_mse, r.end.best_val_loss, 1e-5);
    CHECK(r.b.last_val > r.end.best_val_loss * 1.001);
}

/* Zero targets and zero initial weights give zero gradients, so the
 * weights never move and the validation loss (targets of one) stays at
 * exactly 1: epoch 1 is the best and equal losses are no improvement. */
static void flat_validation_loss_stops_after_patience(void)
{
    static const float x[4] = {1, 2, 3, 4}, zeros[4] = {0}, ones[4] = {1, 1, 1, 1};
    nn_model *m = model_of("dense units=1 init=zeros", NULL);
    nn_settings s;
    nn_settings_default(&s);
    s.epochs = 50;
    s.patience = 3;
    nn_dataset tr = {x, zeros, 4, 1, 1}, val = {x, ones, 4, 1, 1};
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, &s, &tr, &val, NULL, &err);
    CHECK(t != NULL);
    if (t) {
        const nn_end_event *end = nn_trainer_run(t);
        CHECK(end->reason == NN_END_EARLY_STOP);
        CHECK(end->best_epoch == 1);
        CHECK(end->epochs_run == 4);
        CHECK(end->best_val_loss == 1.0);
    }
    nn_trainer_free(t);
    nn_model_free(m);
}

/* --- (e) NaN and overflow --- */

typedef struct last_params {
    nn_model *m;
    float *copy;
    int batches;
} last_params;

static void copy_params(void *user, const nn_batch_event *e)
{
    last_params *l = user;
    l->batches++;
    memcpy(l->copy, l->m->params, l->m->n_params * sizeof(float));
}

/* Trains until the numbers blow up; the model must keep the weights of the
 * last finite step (the copy from the last batch event, or the initial
 * weights if the first step failed). */
static void check_blow_up(bool hidden, const float *x, const float *y, int rows, float lr)
{
    nn_model *m = hidden ? model_of("dense units=8 act=tanh", "dense units=1", NULL)
                         : model_of("dense units=1", NULL);
    nn_error err;
    CHECK(nn_model_build(m, nn_shape_vector(2), 4, &err) == 0);
    last_params l = {m, malloc(m->n_params * sizeof(float)), 0};
    memcpy(l.copy, m->params, m->n_params * sizeof(float));
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.optimizer, "sgd");
    s.lr = lr; /* written directly: set would refuse rates above 10 */
    s.batch = 4;
    s.epochs = 50;
    nn_dataset d = {x, y, rows, 2, 1};
    nn_observer obs = {&l, copy_params, NULL, NULL};
    nn_trainer *t = nn_trainer_new(m, &s, &d, &d, &obs, &err);
    CHECK(t != NULL);
    if (t) {
        const nn_end_event *end = nn_trainer_run(t);
        printf("#   after %d finite steps: %s\n", l.batches, end->message);
        CHECK(end->reason == NN_END_NONFINITE);
        CHECK(strlen(end->message) > 10);
        CHECK(strstr(end->message, "epoch") != NULL);
        CHECK(!end->restored_best);
        CHECK(nn_trainer_state(t) == NN_STATE_STOPPED);
        CHECK(all_finite(m->params, m->n_params));
        CHECK(memcmp(m->params, l.copy, m->n_params * sizeof(float)) == 0);
    }
    nn_trainer_free(t);
    free(l.copy);
    nn_model_free(m);
}

/* lr = 1e30 through a tanh layer: the second step's gradient is NaN. */
static void huge_learning_rate_ends_with_nonfinite(void)
{
    static float x[16 * 2], y[16];
    lcg_seed(8);
    for (int i = 0; i < 16; i++) {
        x[2 * i] = (float)uniform01();
        x[2 * i + 1] = (float)uniform01();
        y[i] = x[2 * i] + x[2 * i + 1];
    }
    check_blow_up(true, x, y, 16, 1e30f);
}

/* Large inputs at lr = 10 diverge over a few steps, after a first epoch
 * that set a best validation epoch: a NaN end must not restore it. */
static void diverging_sgd_ends_with_nonfinite(void)
{
    static float x[16 * 2], y[16];
    lcg_seed(9);
    for (int i = 0; i < 16; i++) {
        x[2 * i] = (float)uniform(100, 1000);
        x[2 * i + 1] = (float)uniform(100, 1000);
        y[i] = 1e6f;
    }
    check_blow_up(true, x, y, 16, 10.0f);
}

/* Without the tanh layer the first step makes the weights about 1e30 and
 * the second (finite loss 1e60 in double, finite gradient) overflows them. */
static void overflowing_weights_are_rolled_back(void)
{
    static float x[16 * 2], y[16];
    lcg_seed(8);
    for (int i = 0; i < 16; i++) {
        x[2 * i] = (float)uniform01();
        x[2 * i + 1] = (float)uniform01();
        y[i] = x[2 * i] + x[2 * i + 1];
    }
    check_blow_up(false, x, y, 16, 1e30f);
}

/* A linear unit diverging geometrically until its output overflows. */
static void diverging_output_ends_with_nonfinite(void)
{
    static float x[16 * 2], y[16];
    lcg_seed(9);
    for (int i = 0; i < 16; i++) {
        x[2 * i] = (float)uniform(100, 1000);
        x[2 * i + 1] = (float)uniform(100, 1000);
        y[i] = 1e6f;
    }
    check_blow_up(false, x, y, 16, 10.0f);
}

/* Inputs near 5e18 keep the first gradient (about |w| 5e37) finite, but
 * the next prediction (5e37 * 5e18) overflows float: the loss is infinite. */
static void infinite_loss_ends_with_nonfinite(void)
{
    static float x[16 * 2], y[16];
    lcg_seed(10);
    for (int i = 0; i < 16; i++) {
        x[2 * i] = (float)(5e18 * uniform(0.5, 1.0));
        x[2 * i + 1] = (float)uniform01();
        y[i] = 0.0f;
    }
    check_blow_up(false, x, y, 16, 1.0f);
}

/* --- (f) determinism --- */

typedef struct loss_log {
    float loss[64];
    int n;
} loss_log;

static void log_loss(void *user, const nn_batch_event *e)
{
    loss_log *l = user;
    if (l->n < 64)
        l->loss[l->n] = e->loss;
    l->n++;
}

enum { DET_ROWS = 64, DET_IN = 4 };

typedef struct det_options {
    int64_t seed;
    int shuffle;
    const char *middle;  /* the layer between the two dense ones */
    bool prebuilt;       /* initial weights from a fixed seed, not s.seed */
} det_options;

/* Five epochs of eight batches; returns the final weights (caller frees). */
static float *deterministic_run(det_options o, loss_log *log, size_t *n_params)
{
    static float x[DET_ROWS * DET_IN], y[DET_ROWS];
    lcg_seed(1);
    for (int i = 0; i < DET_ROWS * DET_IN; i++)
        x[i] = (float)uniform01();
    for (int i = 0; i < DET_ROWS; i++)
        y[i] = (float)uniform01();
    nn_model *m = model_of("dense units=16 act=relu", o.middle, "dense units=1", NULL);
    nn_error err;
    if (o.prebuilt)
        CHECK(nn_model_build(m, nn_shape_vector(DET_IN), 1, &err) == 0);
    nn_settings s;
    nn_settings_default(&s);
    s.seed = o.seed;
    s.shuffle = o.shuffle;
    s.batch = 8;
    s.epochs = 5;
    s.lr = 0.01f;
    nn_dataset d = {x, y, DET_ROWS, DET_IN, 1};
    memset(log, 0, sizeof *log);
    nn_observer obs = {log, log_loss, NULL, NULL};
    CHECK(train(m, &s, &d, NULL, &obs) == NN_END_FINISHED);
    CHECK(log->n == 40);
    *n_params = m->n_params;
    float *w = malloc(m->n_params * sizeof *w);
    memcpy(w, m->params, m->n_params * sizeof *w);
    nn_model_free(m);
    return w;
}

/* Runs with seeds 7, 7 and 8: the first two must agree bit for bit and
 * the third must differ (in losses and weights) when `seed_matters`. */
static void compare_seeds(det_options o, bool seed_matters)
{
    loss_log a, b, c;
    size_t na, nb, nc;
    o.seed = 7;
    float *wa = deterministic_run(o, &a, &na), *wb = deterministic_run(o, &b, &nb);
    o.seed = 8;
    float *wc = deterministic_run(o, &c, &nc);
    CHECK(na == nb && na == nc);
    CHECK(memcmp(a.loss, b.loss, sizeof a.loss) == 0);
    CHECK(memcmp(wa, wb, na * sizeof *wa) == 0);
    CHECK((memcmp(a.loss, c.loss, sizeof a.loss) != 0) == seed_matters);
    CHECK((memcmp(wa, wc, na * sizeof *wa) != 0) == seed_matters);
    free(wa);
    free(wb);
    free(wc);
}

static void same_seed_gives_identical_runs(void)
{
    /* the seed draws the initial weights, the shuffles and the dropout masks */
    compare_seeds((det_options){0, 1, "dropout rate=0.3", false}, true);
}

/* With the initial weights fixed, the seed still drives the shuffling ... */
static void seed_drives_shuffling(void)
{
    compare_seeds((det_options){0, 1, "dropout rate=0", true}, true);
}

/* ... and the dropout masks ... */
static void seed_drives_dropout(void)
{
    compare_seeds((det_options){0, 0, "dropout rate=0.3", true}, true);
}

/* ... and nothing else: fixed weights, in order, no dropout. */
static void seed_alone_changes_nothing_else(void)
{
    compare_seeds((det_options){0, 0, "dropout rate=0", true}, false);
}

/* --- (g) the Keras tutorial example --- */

typedef struct loss_curve {
    double first, last;
    int epochs;
} loss_curve;

static void record_curve(void *user, const nn_epoch_event *e)
{
    loss_curve *c = user;
    if (e->epoch == 1)
        c->first = e->train_loss;
    c->last = e->train_loss;
    c->epochs++;
}

static void keras_tutorial_loss_falls(void)
{
    enum { ROWS = 100, FEATURES = 10 };
    static float x[ROWS * FEATURES], y[ROWS];
    lcg_seed(2024);
    for (int i = 0; i < ROWS * FEATURES; i++)
        x[i] = (float)uniform01();
    for (int i = 0; i < ROWS; i++)
        y[i] = (float)uniform01();
    nn_model *m = model_of("dense units=10 act=relu", "dense units=1", NULL);
    nn_settings s;
    nn_settings_default(&s); /* mse and adam */
    s.epochs = 100;
    s.batch = 10;
    nn_dataset d = {x, y, ROWS, FEATURES, 1};
    loss_curve c = {0};
    nn_observer obs = {&c, NULL, record_curve, NULL};
    CHECK(train(m, &s, &d, NULL, &obs) == NN_END_FINISHED);
    printf("#   loss %.4f -> %.4f\n", c.first, c.last);
    CHECK(c.epochs == 100);
    CHECK(c.last < 0.8 * c.first);
    nn_model_free(m);
}

/* --- (h) construction errors --- */

static const float X3[4 * 3] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
static const float Y1[4] = {1, 2, 3, 4};
static const float Y2[4 * 2] = {1, 2, 3, 4, 5, 6, 7, 8};

/* A model built for 3 inputs, and a copy of its weights. */
static nn_model *built_model(float **copy)
{
    nn_model *m = model_of("dense units=1", NULL);
    nn_error err;
    CHECK(nn_model_build(m, nn_shape_vector(3), 1, &err) == 0);
    *copy = malloc(m->n_params * sizeof(float));
    memcpy(*copy, m->params, m->n_params * sizeof(float));
    return m;
}

/* nn_trainer_new must fail, explain with every word given, and leave the
 * built model exactly as it was. */
static void check_refused(const nn_dataset *tr, const nn_dataset *val, const char *w1,
                          const char *w2)
{
    float *copy;
    nn_model *m = built_model(&copy);
    nn_settings s;
    nn_settings_default(&s);
    nn_error err = {{0}};
    nn_trainer *t = nn_trainer_new(m, &s, tr, val, NULL, &err);
    CHECK(t == NULL);
    nn_trainer_free(t);
    CHECK(strstr(err.msg, w1) != NULL);
    CHECK(!w2 || strstr(err.msg, w2) != NULL);
    printf("#   refused: %s\n", err.msg);
    CHECK(m->built);
    CHECK(nn_model_input_size(m) == 3);
    CHECK(m->n_params == 4);
    CHECK(memcmp(m->params, copy, 4 * sizeof(float)) == 0);
    free(copy);
    nn_model_free(m);
}

static void mismatched_widths_are_refused(void)
{
    nn_dataset two_targets = {X3, Y2, 4, 3, 2};
    check_refused(&two_targets, NULL, "target", "2");
    /* new input width and wrong targets: refused before any rebuild */
    nn_dataset four_inputs = {X3, Y2, 2, 4, 2};
    check_refused(&four_inputs, NULL, "target", NULL);
    nn_dataset ok = {X3, Y1, 4, 3, 1}, val_wide = {X3, Y1, 3, 4, 1};
    check_refused(&ok, &val_wide, "validation", NULL);
    nn_dataset val_two = {X3, Y2, 4, 3, 2};
    check_refused(&ok, &val_two, "validation", "target");
}

static void missing_values_are_refused(void)
{
    float x[4 * 3], y[4];
    memcpy(x, X3, sizeof x);
    memcpy(y, Y1, sizeof y);
    x[2 * 3 + 1] = NAN; /* row 3, column 2 */
    nn_dataset d = {x, y, 4, 3, 1};
    check_refused(&d, NULL, "row 3", "column 2");
    memcpy(x, X3, sizeof x);
    y[3] = INFINITY; /* row 4 */
    check_refused(&d, NULL, "target", "row 4");
    y[3] = 4.0f;
    float xv[3] = {1, NAN, 3};
    nn_dataset val = {xv, Y1, 1, 3, 1};
    check_refused(&d, &val, "validation", "column 2");
}

static void empty_data_is_refused(void)
{
    nn_dataset empty = {X3, Y1, 0, 3, 1};
    check_refused(&empty, NULL, "no training rows", NULL);
    check_refused(NULL, NULL, "no training rows", NULL);
}

static void unbuilt_model_stays_unbuilt_on_error(void)
{
    nn_model *m = model_of("dense units=1", NULL);
    nn_settings s;
    nn_settings_default(&s);
    nn_dataset d = {X3, Y2, 4, 3, 2};
    nn_error err;
    CHECK(nn_trainer_new(m, &s, &d, NULL, NULL, &err) == NULL);
    CHECK(!m->built);
    CHECK(m->params == NULL);
    nn_model_free(m);
    nn_model *empty = nn_model_new();
    nn_dataset ok = {X3, Y1, 4, 3, 1};
    CHECK(nn_trainer_new(empty, &s, &ok, NULL, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "no layers") != NULL);
    nn_model_free(empty);
}

/* --- (i) a batch larger than the data --- */

typedef struct batch_log {
    int events, batches_seen[8], batch_seen[8];
} batch_log;

static void log_batch_numbers(void *user, const nn_batch_event *e)
{
    batch_log *l = user;
    if (l->events < 8) {
        l->batches_seen[l->events] = e->batches;
        l->batch_seen[l->events] = e->batch;
    }
    l->events++;
}

static void batch_larger_than_data_is_one_batch(void)
{
    static const float x[7] = {1, 2, 3, 4, 5, 6, 7}, y[7] = {1, 1, 1, 1, 1, 1, 1};
    nn_model *m = model_of("dense units=1 init=zeros", NULL);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.optimizer, "sgd");
    s.lr = 0.1f;
    s.batch = 32;
    s.epochs = 2;
    nn_dataset d = {x, y, 7, 1, 1};
    batch_log l = {0};
    nn_observer obs = {&l, log_batch_numbers, NULL, NULL};
    CHECK(train(m, &s, &d, NULL, &obs) == NN_END_FINISHED);
    CHECK(l.events == 2);
    CHECK(l.batches_seen[0] == 1 && l.batches_seen[1] == 1);
    CHECK(l.batch_seen[0] == 1 && l.batch_seen[1] == 1);
    /* Full-batch steps, x = 1..7 (mean 4, mean x^2 = 20), y = 1:
     * step 1 from zero: dw = -2 mean(x y) = -8, db = -2 -> w = 0.8, b = 0.2
     * step 2: residual 0.8 x + 0.2 - 1 = 0.8 (x - 1)
     *   dw = 1.6 mean(x^2 - x) = 1.6 * 16 = 25.6, db = 1.6 * 3 = 4.8
     *   w = 0.8 - 2.56 = -1.76, b = 0.2 - 0.48 = -0.28 */
    CHECK_NEAR(m->params[0], -1.76, 1e-5);
    CHECK_NEAR(m->params[1], -0.28, 1e-5);
    nn_model_free(m);
}

/* --- (j) dropout at evaluation --- */

static void dropout_is_off_at_evaluation(void)
{
    enum { ROWS = 16, IN = 3, H = 16 };
    static float x[ROWS * IN], y[ROWS];
    lcg_seed(3);
    for (int i = 0; i < ROWS * IN; i++)
        x[i] = (float)uniform(-1, 1);
    for (int i = 0; i < ROWS; i++)
        y[i] = x[i * IN] - x[i * IN + 2];
    nn_model *m = model_of("dense units=16 act=relu", "dropout rate=0.5", "dense units=1", NULL);
    nn_settings s;
    nn_settings_default(&s);
    s.epochs = 3;
    s.batch = 4;
    nn_dataset d = {x, y, ROWS, IN, 1};
    /* validating on the training rows: the trainer's validation loss is an
     * evaluation too, so it must match predict's after the run */
    nn_epoch_event last = {0};
    nn_observer obs = {&last, NULL, keep_last_epoch, NULL};
    CHECK(train(m, &s, &d, &d, &obs) == NN_END_FINISHED);
    CHECK(last.best_epoch >= 1); /* its weights are the ones restored */
    CHECK_CLOSE(predicted_mse(m, &d), last.best_val_loss, 1e-5);
    float a[ROWS], b[ROWS];
    nn_error err;
    CHECK(nn_model_predict(m, x, ROWS, a, &err) == 0);
    CHECK(nn_model_predict(m, x, ROWS, b, &err) == 0);
    CHECK(memcmp(a, b, sizeof a) == 0);
    /* and it is the network without dropout: relu(x W1 + b1) W2 + b2 */
    CHECK(m->n_params == IN * H + H + H + 1);
    const float *w1 = m->params, *b1 = w1 + IN * H, *w2 = b1 + H, *b2 = w2 + H;
    for (int r = 0; r < ROWS; r++) {
        double out = b2[0];
        for (int j = 0; j < H; j++) {
            double h = b1[j];
            for (int k = 0; k < IN; k++)
                h += (double)x[r * IN + k] * w1[k * H + j];
            out += (h > 0 ? h : 0) * w2[j];
        }
        CHECK_NEAR(a[r], out, 1e-5);
    }
    nn_model_free(m);
}

/* --- (k) the observer's event stream --- */

typedef struct stream {
    int batch_events, epoch_events, end_events;
    int epoch_now; /* epoch of the batches being received */
    long last_step;
    bool bad_batch, bad_epoch, end_not_last;
    double weighted_loss; /* this epoch's batch losses times their rows */
    double max_mean_error;
    nn_end_event end;
} stream;

enum { K_ROWS = 10, K_BATCH = 4, K_EPOCHS = 5, K_BATCHES = 3 };

static void k_batch(void *user, const nn_batch_event *e)
{
    stream *s = user;
    if (s->end_events)
        s->end_not_last = true;
    int expect_batch = s->batch_events % K_BATCHES + 1;
    s->batch_events++;
    if (expect_batch == 1) {
        s->epoch_now++;
        s->weighted_loss = 0.0;
    }
    if (e->epoch != s->epoch_now || e->epochs != K_EPOCHS || e->batch != expect_batch ||
        e->batches != K_BATCHES || e->step != s->last_step + 1 || e->n_layers != 2 ||
        !e->grad_norms || !e->weight_norms || !(e->grad_norm >= 0) || !(e->loss >= 0))
        s->bad_batch = true;
    s->last_step = e->step;
    int rows = e->batch < K_BATCHES ? K_BATCH : K_ROWS - K_BATCH * (K_BATCHES - 1);
    s->weighted_loss += (double)e->loss * rows;
}

static void k_epoch(void *user, const nn_epoch_event *e)
{
    stream *s = user;
    if (s->end_events)
        s->end_not_last = true;
    s->epoch_events++;
    if (e->epoch != s->epoch_events || e->epochs != K_EPOCHS || e->epoch != s->epoch_now ||
        e->has_val || s->batch_events != e->epoch * K_BATCHES)
        s->bad_epoch = true;
    /* the epoch's loss is the row-weighted mean of its batch losses */
    double err = fabs(e->train_loss - s->weighted_loss / K_ROWS);
    s->max_mean_error = err > s->max_mean_error ? err : s->max_mean_error;
}

static void k_end(void *user, const nn_end_event *e)
{
    stream *s = user;
    s->end_events++;
    s->end = *e;
}

static void observer_sees_every_event_in_order(void)
{
    static float x[K_ROWS * 2], y[K_ROWS];
    lcg_seed(17);
    for (int i = 0; i < K_ROWS * 2; i++)
        x[i] = (float)uniform01();
    for (int i = 0; i < K_ROWS; i++)
        y[i] = x[2 * i] * x[2 * i + 1];
    nn_model *m = model_of("dense units=4 act=relu", "dense units=1", NULL);
    nn_settings s;
    nn_settings_default(&s);
    s.batch = K_BATCH;
    s.epochs = K_EPOCHS;
    nn_dataset d = {x, y, K_ROWS, 2, 1};
    stream st = {0};
    nn_observer obs = {&st, k_batch, k_epoch, k_end};
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, &s, &d, NULL, &obs, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(nn_trainer_state(t) == NN_STATE_IDLE);
        const nn_end_event *end = nn_trainer_run(t);
        CHECK(nn_trainer_state(t) == NN_STATE_FINISHED);
        CHECK(end->reason == NN_END_FINISHED && end->epochs_run == K_EPOCHS);
        CHECK(end->best_epoch == 0 && !end->restored_best); /* no validation data */
        CHECK(st.end.reason == end->reason && st.end.epochs_run == end->epochs_run);
    }
    nn_trainer_free(t);
    CHECK(st.batch_events == K_BATCHES * K_EPOCHS);
    CHECK(st.epoch_events == K_EPOCHS);
    CHECK(st.end_events == 1);
    CHECK(st.last_step == K_BATCHES * K_EPOCHS);
    CHECK(!st.bad_batch);
    CHECK(!st.bad_epoch);
    CHECK(!st.end_not_last);
    CHECK(st.max_mean_error < 1e-6);
    nn_model_free(m);
}

/* Weight norms are measured every 16 batches, not every batch, but the
 * epoch's last batch (what the history keeps per epoch) must show the
 * weights as they are then. */
typedef struct norm_watch {
    nn_model *m;
    int fresh_at_end, ends;
} norm_watch;

static void watch_norms(void *user, const nn_batch_event *e)
{
    norm_watch *w = user;
    if (e->batch != e->batches)
        return;
    float now[NN_LAYER_NORMS(8)];
    nn_model_layer_norms(w->m, NULL, now);
    w->ends++;
    w->fresh_at_end +=
        memcmp(now, e->weight_norms, (size_t)NN_LAYER_NORMS(e->n_layers) * sizeof *now) == 0;
}

static void weight_norms_are_fresh_at_each_epochs_end(void)
{
    enum { ROWS = 20 * 4 }; /* 20 batches: the last is not a 16th */
    static float x[ROWS * 2], y[ROWS];
    lcg_seed(18);
    for (int i = 0; i < ROWS * 2; i++)
        x[i] = (float)uniform01();
    for (int i = 0; i < ROWS; i++)
        y[i] = x[2 * i] - x[2 * i + 1];
    nn_model *m = model_of("dense units=4 act=relu", "dense units=1", NULL);
    nn_settings s;
    nn_settings_default(&s);
    s.batch = 4;
    s.epochs = 3;
    nn_dataset d = {x, y, ROWS, 2, 1};
    norm_watch w = {m, 0, 0};
    nn_observer obs = {&w, watch_norms, NULL, NULL};
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, &s, &d, NULL, &obs, &err);
    CHECK(t != NULL);
    if (t)
        nn_trainer_run(t);
    nn_trainer_free(t);
    CHECK(w.ends == 3);
    CHECK(w.fresh_at_end == 3);
    nn_model_free(m);
}

/* --- (l) two threads: each batch split over a worker and its replica --- */

enum { DP_ROWS = 256, DP_IN = 8, DP_CLASSES = 3 };

/* Trains one epoch of two batches of 128 rows; returns a copy of the
 * parameters.  *split says whether the trainer used the worker thread. */
static float *train_with_threads(const char *out_layer, const char *loss, const float *x,
                                 const float *y, int y_width, int threads, bool *split)
{
    nn_model *m = model_of("dense units=16 act=tanh", out_layer, NULL);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.optimizer, "sgd");
    strcpy(s.loss, loss);
    s.lr = 0.1f;
    s.batch = 128;
    s.epochs = 3;
    s.shuffle = 1;
    s.seed = 5;
    s.threads = threads;
    nn_dataset d = {x, y, DP_ROWS, DP_IN, y_width};
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, &s, &d, NULL, NULL, &err);
    CHECK(t != NULL);
    *split = t && t->split != NULL;
    if (t)
        nn_trainer_run(t);
    nn_trainer_free(t);
    float *copy = malloc(m->n_params * sizeof *copy);
    memcpy(copy, m->params, m->n_params * sizeof *copy);
    nn_model_free(m);
    return copy;
}

static void compare_thread_counts(const char *out_layer, const char *loss, const float *y,
                                  int y_width, size_t n_params)
{
    static float x[DP_ROWS * DP_IN];
    lcg_seed(11);
    for (int i = 0; i < DP_ROWS * DP_IN; i++)
        x[i] = (float)uniform(-1, 1);
    bool split1, split2, split2b;
    float *one = train_with_threads(out_layer, loss, x, y, y_width, 1, &split1);
    float *two = train_with_threads(out_layer, loss, x, y, y_width, 2, &split2);
    float *again = train_with_threads(out_layer, loss, x, y, y_width, 2, &split2b);
    CHECK(!split1);
    CHECK(split2 && split2b);
    double worst = 0.0;
    for (size_t i = 0; i < n_params; i++)
        worst = fmax(worst, fabs((double)one[i] - two[i]));
    CHECK_NEAR(worst, 0.0, 1e-5); /* the same maths, summed in another order */
    CHECK(memcmp(two, again, n_params * sizeof *two) == 0); /* and deterministic */
    free(one), free(two), free(again);
}

static void two_threads_train_like_one(void)
{
    static float y[DP_ROWS];
    lcg_seed(12);
    for (int i = 0; i < DP_ROWS; i++)
        y[i] = (float)uniform(-1, 1);
    compare_thread_counts("dense units=1", "mse", y, 1, (DP_IN + 1) * 16 + 17);
}

static void two_threads_train_like_one_from_logits(void)
{
    static float y[DP_ROWS * DP_CLASSES];
    lcg_seed(13);
    for (int i = 0; i < DP_ROWS; i++)
        y[i * DP_CLASSES + (int)(uniform01() * DP_CLASSES)] = 1.0f;
    compare_thread_counts("dense units=3 act=softmax", "cce", y, DP_CLASSES,
                          (DP_IN + 1) * 16 + 17 * 3);
}

/* The validation loss goes through the model in the fixed inference
 * chunks predict uses (256 rows), never in training-batch chunks: a loss
 * summed chunk by chunk from predict's own outputs must equal it to the
 * bit. Chunks of the batch (5) would group the sum differently, and on
 * FMA kernels round the rows differently too. */
static void validation_loss_uses_predicts_chunks(void)
{
    enum { TRAIN = 40, VAL = 300 };
    static float xt[TRAIN * 4], yt[TRAIN], xv[VAL * 4], yv[VAL], out[VAL];
    lcg_seed(17);
    for (int i = 0; i < TRAIN + VAL; i++) {
        float *x = i < TRAIN ? &xt[4 * i] : &xv[4 * (i - TRAIN)];
        float *y = i < TRAIN ? &yt[i] : &yv[i - TRAIN];
        for (int j = 0; j < 4; j++)
            x[j] = (float)normal();
        *y = (float)(x[0] - 0.5 * x[2] + 0.1 * normal());
    }
    nn_model *m = model_of("dense units=8 act=tanh", "dense units=1 act=linear", NULL);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.loss, "mse");
    s.batch = 5;
    s.epochs = 1;
    s.seed = 4;
    nn_dataset tr = {xt, yt, TRAIN, 4, 1}, val = {xv, yv, VAL, 4, 1};
    nn_epoch_event last = {0};
    nn_observer obs = {&last, NULL, keep_last_epoch, NULL};
    CHECK(train(m, &s, &tr, &val, &obs) == NN_END_FINISHED);
    nn_error err;
    CHECK(nn_model_predict(m, xv, VAL, out, &err) == 0);
    double sum = 0.0;
    for (int r = 0; r < VAL; r += NN_INFER_CHUNK) {
        int rows = VAL - r < NN_INFER_CHUNK ? VAL - r : NN_INFER_CHUNK;
        sum += nn_loss_mse.value(out + r, yv + r, rows, 1, NULL, NULL) * rows;
    }
    printf("#   val_loss %.17g, from predict's chunks %.17g\n", last.val_loss, sum / VAL);
    CHECK(last.val_loss == sum / VAL);
    nn_model_free(m);
}

/* --- (m) a reducer plugged through the hook --- */

/* Checks the call order (start; per batch: begin, each layer last first,
 * wait; stop), that a layer's gradients are final when it is announced,
 * and scales the combined gradients, as a reducer's result. */
typedef struct recording_reducer {
    nn_grad_reducer base;
    float scale;
    int n_layers, starts, stops, batches, layer_calls, waits;
    int next;            /* the layer expected next; -1: none (between batches) */
    bool out_of_order, changed_after_ready;
    double ready_norm[8];
} recording_reducer;

static void rec_start(nn_grad_reducer *r)
{
    ((recording_reducer *)r)->starts++;
}

static void rec_stop(nn_grad_reducer *r)
{
    ((recording_reducer *)r)->stops++;
}

static int rec_begin_batch(nn_grad_reducer *r, const float *x, const float *y, int rows)
{
    recording_reducer *rec = (recording_reducer *)r;
    rec->out_of_order |= rec->next != -1 || rec->starts != 1;
    rec->next = rec->n_layers - 1;
    rec->batches++;
    return rows;
}

static void rec_layer_ready(nn_grad_reducer *r, nn_model *m, int layer)
{
    recording_reducer *rec = (recording_reducer *)r;
    rec->out_of_order |= layer != rec->next;
    rec->next = layer - 1;
    rec->layer_calls++;
    const nn_layer *l = &m->layers[layer];
    rec->ready_norm[layer] = nn_norm2(l->g, l->n_params);
}

static void rec_wait(nn_grad_reducer *r, nn_model *m, double *loss, double *metric)
{
    recording_reducer *rec = (recording_reducer *)r;
    rec->out_of_order |= rec->next != -1;
    rec->waits++;
    for (int i = 0; i < m->n_layers; i++) {
        const nn_layer *l = &m->layers[i];
        rec->changed_after_ready |= nn_norm2(l->g, l->n_params) != rec->ready_norm[i];
    }
    for (size_t i = 0; i < m->n_params; i++)
        m->grads[i] *= rec->scale;
}

static const nn_grad_reducer_ops recording_ops = {
    .start = rec_start, .stop = rec_stop, .begin_batch = rec_begin_batch,
    .layer_ready = rec_layer_ready, .wait = rec_wait,
};

enum { RED_ROWS = 64, RED_IN = 3 };

/* Trains 2 epochs of 4 batches with plain SGD at rate lr, through rec if
 * not NULL; returns a copy of the parameters. */
static float *train_through(recording_reducer *rec, float lr, int threads)
{
    static float x[RED_ROWS * RED_IN], y[RED_ROWS];
    lcg_seed(17);
    for (int i = 0; i < RED_ROWS * RED_IN; i++)
        x[i] = (float)uniform(-1, 1);
    for (int i = 0; i < RED_ROWS; i++)
        y[i] = x[i * RED_IN] - 0.5f * x[i * RED_IN + 2];
    nn_model *m = model_of("dense units=8 act=tanh", "dropout rate=0.25", "dense units=1", NULL);
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.optimizer, "sgd");
    s.lr = lr;
    s.batch = 16;
    s.epochs = 2;
    s.seed = 9;
    s.threads = threads;
    nn_dataset d = {x, y, RED_ROWS, RED_IN, 1};
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, &s, &d, NULL, NULL, &err);
    CHECK(t != NULL);
    if (rec && t) {
        rec->n_layers = m->n_layers;
        nn_trainer_use_reducer(t, &rec->base);
    }
    if (t)
        CHECK(nn_trainer_run(t)->reason == NN_END_FINISHED);
    nn_trainer_free(t);
    float *copy = malloc(m->n_params * sizeof *copy);
    memcpy(copy, m->params, m->n_params * sizeof *copy);
    nn_model_free(m);
    return copy;
}

static void a_plugged_reducer_combines_every_batch(void)
{
    enum { LAYERS = 3, BATCHES = 2 * RED_ROWS / 16 };
    recording_reducer rec = {{&recording_ops}, .scale = 2.0f, .next = -1};
    float *doubled = train_through(&rec, 0.05f, 2);
    float *faster = train_through(NULL, 0.1f, 1);
    float *plain = train_through(NULL, 0.05f, 1);
    size_t n = (RED_IN + 1) * 8 + 9;
    CHECK(rec.starts == 1 && rec.stops == 1);
    CHECK(rec.batches == BATCHES && rec.waits == BATCHES);
    CHECK(rec.layer_calls == LAYERS * BATCHES); /* every layer, even without parameters */
    CHECK(!rec.out_of_order);                   /* begin, last layer to first, wait */
    CHECK(!rec.changed_after_ready);            /* an announced layer's gradients are final */
    /* SGD on doubled gradients is SGD at twice the rate, to the bit: the
     * trainer stepped with the reducer's result */
    CHECK(memcmp(doubled, faster, n * sizeof *doubled) == 0);
    CHECK(memcmp(doubled, plain, n * sizeof *doubled) != 0);
    free(doubled), free(faster), free(plain);
}

int main(void)
{
    TEST(xor_is_learned);
    TEST(linear_target_is_recovered);
    TEST(three_blobs_are_separated);
    TEST(early_stopping_keeps_the_best_epoch);
    TEST(best_weights_are_restored_without_patience);
    TEST(flat_validation_loss_stops_after_patience);
    TEST(huge_learning_rate_ends_with_nonfinite);
    TEST(diverging_sgd_ends_with_nonfinite);
    TEST(overflowing_weights_are_rolled_back);
    TEST(diverging_output_ends_with_nonfinite);
    TEST(infinite_loss_ends_with_nonfinite);
    TEST(same_seed_gives_identical_runs);
    TEST(seed_drives_shuffling);
    TEST(seed_drives_dropout);
    TEST(seed_alone_changes_nothing_else);
    TEST(keras_tutorial_loss_falls);
    TEST(mismatched_widths_are_refused);
    TEST(missing_values_are_refused);
    TEST(empty_data_is_refused);
    TEST(unbuilt_model_stays_unbuilt_on_error);
    TEST(batch_larger_than_data_is_one_batch);
    TEST(dropout_is_off_at_evaluation);
    TEST(observer_sees_every_event_in_order);
    TEST(weight_norms_are_fresh_at_each_epochs_end);
    TEST(two_threads_train_like_one);
    TEST(two_threads_train_like_one_from_logits);
    TEST(validation_loss_uses_predicts_chunks);
    TEST(a_plugged_reducer_combines_every_batch);
    return tap_done();
}
