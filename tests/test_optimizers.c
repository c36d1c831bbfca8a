/* Optimizers, step by step, against values worked out by hand from the
 * documented (PyTorch) formulas; and the trainer's L1/L2 penalties and
 * gradient clipping, checked on one SGD step whose gradient is known.
 *
 * Every optimizer starts from the same vector and sees the same two
 * gradients:
 *   w0 = [1, -2, 0.5]   g1 = [0.5, -1, 2]   g2 = [1, 1, -1]   lr = 0.1 */
#include <math.h>
#include <string.h>

#include "engine/model.h"
#include "engine/optimizer.h"
#include "engine/trainer.h"
#include "tap.h"

#define N 3
#define TOL 2e-6

static const float W0[N] = {1.0f, -2.0f, 0.5f};
static const float G1[N] = {0.5f, -1.0f, 2.0f};
static const float G2[N] = {1.0f, 1.0f, -1.0f};
static const float LR = 0.1f;

/* The hyper-parameters are spelled out here rather than taken from the
 * engine's defaults, so the expected values below depend on nothing else. */
static const nn_optim_hparams HP = {.momentum = 0.9f, .beta1 = 0.9f, .beta2 = 0.999f,
                                    .eps = 1e-7f, .rho = 0.9f, .weight_decay = 0.1f};

typedef struct run {
    float w[N];
    float state[NN_OPTIM_MAX_SLOTS][N];
    float *slot[NN_OPTIM_MAX_SLOTS];
    const nn_optimizer *opt;
} run;

static void run_init(run *r, const char *name)
{
    memset(r, 0, sizeof *r);
    memcpy(r->w, W0, sizeof W0);
    for (int i = 0; i < NN_OPTIM_MAX_SLOTS; i++)
        r->slot[i] = r->state[i];
    r->opt = nn_optimizer_find(name);
}

/* Step t (counted from 1) with gradient g, written to another buffer as
 * the trainer does; the step must say its weights are finite. */
static void run_step(run *r, const float *g, long t)
{
    float next[N];
    CHECK(r->opt->step(&HP, r->w, next, g, r->slot, N, LR, t));
    memcpy(r->w, next, sizeof next);
}

static void check_w(const run *r, double a, double b, double c)
{
    CHECK_NEAR(r->w[0], a, TOL);
    CHECK_NEAR(r->w[1], b, TOL);
    CHECK_NEAR(r->w[2], c, TOL);
}

static void every_optimizer_is_registered(void)
{
    const char *names[] = {"sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "adamw"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const nn_optimizer *o = nn_optimizer_find(names[i]);
        CHECK(o != NULL);
        if (o)
            CHECK(o->n_slots >= 0 && o->n_slots <= NN_OPTIM_MAX_SLOTS);
    }
    CHECK(nn_optimizer_find("adamax") == NULL);
}

/* The trainer's overflow guard: a step whose weights overflow, or whose
 * gradient holds a NaN or an Inf, returns false and leaves w as it was
 * (the trainer keeps w as the last finite weights). */
static void every_optimizer_reports_a_non_finite_step(void)
{
    const float huge[N] = {3e38f, -3e38f, 3e38f}, outward[N] = {-1.0f, 1.0f, -1.0f};
    const float nan_g[N] = {0.1f, NAN, 0.1f}, inf_g[N] = {0.1f, 0.1f, INFINITY};
    for (int k = 0; nn_optimizer_at(k); k++) {
        const float *grads[] = {nan_g, inf_g, outward};
        for (int c = 0; c < 3; c++) {
            run r;
            run_init(&r, nn_optimizer_at(k)->name);
            if (c == 2)
                memcpy(r.w, huge, sizeof huge); /* near FLT_MAX, pushed outwards at lr 1e38 */
            float before[N], next[N];
            memcpy(before, r.w, sizeof before);
            bool ok = r.opt->step(&HP, r.w, next, grads[c], r.slot, N, c == 2 ? 1e38f : LR, 1);
            if (ok)
                printf("#   %s accepted case %d\n", r.opt->name, c);
            CHECK(!ok);
            CHECK(memcmp(before, r.w, sizeof before) == 0);
        }
    }
}

static void sgd_steps(void)
{
    run r;
    run_init(&r, "sgd");
    run_step(&r, G1, 1);
    /* w -= 0.1 g1 = [1 - 0.05, -2 + 0.1, 0.5 - 0.2] */
    check_w(&r, 0.95, -1.9, 0.3);
    run_step(&r, G2, 2);
    /* w -= 0.1 g2 = [0.95 - 0.1, -1.9 - 0.1, 0.3 + 0.1] */
    check_w(&r, 0.85, -2.0, 0.4);
}

static void momentum_steps(void)
{
    run r;
    run_init(&r, "momentum");
    run_step(&r, G1, 1);
    /* v1 = g1 = [0.5, -1, 2];  w1 = w0 - 0.1 v1 */
    check_w(&r, 0.95, -1.9, 0.3);
    run_step(&r, G2, 2);
    /* v2 = 0.9 v1 + g2 = [0.45 + 1, -0.9 + 1, 1.8 - 1] = [1.45, 0.1, 0.8]
     * w2 = w1 - 0.1 v2 = [0.95 - 0.145, -1.9 - 0.01, 0.3 - 0.08] */
    check_w(&r, 0.805, -1.91, 0.22);
    run_step(&r, G2, 3);
    /* v3 = 0.9 v2 + g2 = [1.305 + 1, 0.09 + 1, 0.72 - 1] = [2.305, 1.09, -0.28]
     * w3 = w2 - 0.1 v3 = [0.805 - 0.2305, -1.91 - 0.109, 0.22 + 0.028] */
    check_w(&r, 0.5745, -2.019, 0.248);
}

static void nesterov_steps(void)
{
    run r;
    run_init(&r, "nesterov");
    run_step(&r, G1, 1);
    /* v1 = g1;  w1 = w0 - 0.1 (g1 + 0.9 v1) = w0 - 0.19 g1
     *    = [1 - 0.095, -2 + 0.19, 0.5 - 0.38] */
    check_w(&r, 0.905, -1.81, 0.12);
    run_step(&r, G2, 2);
    /* v2 = [1.45, 0.1, 0.8];  g2 + 0.9 v2 = [2.305, 1.09, -0.28]
     * w2 = w1 - 0.1 [2.305, 1.09, -0.28] = [0.905 - 0.2305, -1.81 - 0.109, 0.12 + 0.028] */
    check_w(&r, 0.6745, -1.919, 0.148);
}

static void rmsprop_steps(void)
{
    run r;
    run_init(&r, "rmsprop");
    run_step(&r, G1, 1);
    /* s1 = 0.1 g1^2, so g1 / sqrt(s1) = sign(g1) sqrt(10) = ±3.16227766
     * w1 = w0 - 0.316227766 sign(g1) */
    check_w(&r, 0.683772234, -1.683772234, 0.183772234);
    run_step(&r, G2, 2);
    /* s2 = 0.9 s1 + 0.1 g2^2 = [0.0225 + 0.1, 0.09 + 0.1, 0.36 + 0.1]
     *    = [0.1225, 0.19, 0.46];  sqrt = [0.35, 0.435889894, 0.678232998]
     * g2 / sqrt(s2) = [2.857142857, 2.294157339, -1.474419562]
     * w2 = w1 - 0.1 * that */
    check_w(&r, 0.398057948, -1.913187968, 0.331214190);
}

static void adagrad_steps(void)
{
    run r;
    run_init(&r, "adagrad");
    run_step(&r, G1, 1);
    /* s1 = g1^2, so the first step is lr sign(g1): w1 = [0.9, -1.9, 0.4] */
    check_w(&r, 0.9, -1.9, 0.4);
    run_step(&r, G2, 2);
    /* s2 = g1^2 + g2^2 = [1.25, 2, 5]
     * g2 / sqrt(s2) = [1/1.118033989, 1/1.414213562, -1/2.236067977]
     *               = [0.894427191, 0.707106781, -0.447213595]
     * w2 = w1 - 0.1 * that */
    check_w(&r, 0.810557281, -1.970710678, 0.444721360);
}

/* Adam's second step, shared by adam and adamw:
 *   m2 = 0.9 * 0.1 g1 + 0.1 g2 = [0.145, 0.01, 0.08];  m^ = m2 / 0.19
 *      = [0.763157895, 0.052631579, 0.421052632]
 *   v2 = 0.999 * 0.001 g1^2 + 0.001 g2^2 = [0.00124975, 0.001999, 0.004996]
 *   v^ = v2 / (1 - 0.999^2) = v2 / 0.001999 = [0.625187594, 1, 2.499249625]
 *   m^ / sqrt(v^) = [0.965182026, 0.052631579, 0.266337040]
 * (all three m2 are positive: the step moves every weight down) */
#define ADAM_STEP2_0 0.0965182026
#define ADAM_STEP2_1 0.0052631579
#define ADAM_STEP2_2 0.0266337040

static void adam_steps(void)
{
    run r;
    run_init(&r, "adam");
    run_step(&r, G1, 1);
    /* bias-corrected m^ = g1 and v^ = g1^2: the step is lr sign(g1) up to eps */
    check_w(&r, 0.9, -1.9, 0.4);
    run_step(&r, G2, 2);
    check_w(&r, 0.9 - ADAM_STEP2_0, -1.9 - ADAM_STEP2_1, 0.4 - ADAM_STEP2_2);
}

static void adamw_steps(void)
{
    run r;
    run_init(&r, "adamw");
    run_step(&r, G1, 1);
    /* decoupled decay first: w *= 1 - lr * 0.1 = 0.99, then Adam's lr sign(g1)
     * w1 = [0.99 - 0.1, -1.98 + 0.1, 0.495 - 0.1] */
    check_w(&r, 0.89, -1.88, 0.395);
    run_step(&r, G2, 2);
    /* 0.99 w1 = [0.8811, -1.8612, 0.39105], minus the same Adam step as above */
    check_w(&r, 0.8811 - ADAM_STEP2_0, -1.8612 - ADAM_STEP2_1, 0.39105 - ADAM_STEP2_2);
}

/* --- penalties and clipping, applied by the trainer --- */

/* One dense unit on three inputs, weights set by hand:
 *   w = [0.5, -1, 0], b = 0.25;  one row x = [1, 2, 0], y = 1
 *   prediction = 0.5 - 2 + 0 + 0.25 = -1.25;  MSE gradient 2 (-1.25 - 1) = -4.5
 *   data gradient: dw = x * -4.5 = [-4.5, -9, 0], db = -4.5
 * One epoch of one batch with SGD at lr 0.1 then moves each parameter by
 * -0.1 times its (penalised, clipped) gradient. */
static const float X1[3] = {1.0f, 2.0f, 0.0f}, Y1[1] = {1.0f};

typedef struct one_step {
    float params[4]; /* w1 w2 w3 b after the step */
    int batches;
    float grad_norm, lr;
} one_step;

static void record_batch(void *user, const nn_batch_event *e)
{
    one_step *o = user;
    o->batches++;
    o->grad_norm = e->grad_norm;
    o->lr = e->lr;
}

static void train_one_step(nn_settings *s, one_step *o)
{
    memset(o, 0, sizeof *o);
    nn_error err;
    nn_model *m = nn_model_new();
    nn_layer_spec spec;
    CHECK(nn_layer_spec_parse(&spec, "dense units=1", &err) == 0);
    CHECK(nn_layer_spec_set(&spec, "init", "zeros", &err) == 0);
    CHECK(nn_model_add(m, &spec, &err) == 0);
    CHECK(nn_model_build(m, nn_shape_vector(3), 1, &err) == 0);
    CHECK(m->n_params == 4);
    const float start[4] = {0.5f, -1.0f, 0.0f, 0.25f};
    memcpy(m->params, start, sizeof start);

    strcpy(s->optimizer, "sgd");
    strcpy(s->loss, "mse");
    s->lr = 0.1f;
    s->epochs = 1;
    s->batch = 1;
    nn_dataset train = {X1, Y1, 1, 3, 1};
    nn_observer obs = {o, record_batch, NULL, NULL};
    nn_trainer *t = nn_trainer_new(m, s, &train, NULL, &obs, &err);
    CHECK(t != NULL);
    if (t) {
        CHECK(nn_trainer_run(t)->reason == NN_END_FINISHED);
        memcpy(o->params, m->params, sizeof o->params);
    }
    CHECK(o->batches == 1);
    nn_trainer_free(t);
    nn_model_free(m);
}

static void check_params(const one_step *o, double w1, double w2, double w3, double b)
{
    CHECK_NEAR(o->params[0], w1, TOL);
    CHECK_NEAR(o->params[1], w2, TOL);
    CHECK_NEAR(o->params[2], w3, TOL);
    CHECK_NEAR(o->params[3], b, TOL);
}

static void plain_sgd_step_uses_the_data_gradient(void)
{
    nn_settings s;
    nn_settings_default(&s);
    one_step o;
    train_one_step(&s, &o);
    /* w - 0.1 [-4.5, -9, 0] = [0.95, -0.1, 0];  b = 0.25 + 0.45 */
    check_params(&o, 0.95, -0.1, 0.0, 0.7);
    CHECK_NEAR(o.lr, 0.1, 1e-7);
    /* |(-4.5, -9, 0, -4.5)| = sqrt(121.5) = 11.0227038 */
    CHECK_NEAR(o.grad_norm, 11.0227038, 1e-5);
}

static void l2_penalises_kernels_only(void)
{
    nn_settings s;
    nn_settings_default(&s);
    s.l2 = 0.1f;
    one_step o;
    train_one_step(&s, &o);
    /* Keras: penalty 0.1 sum(w^2), gradient 2 * 0.1 w = [0.1, -0.2, 0] on the
     * kernel; dw = [-4.4, -9.2, 0] -> w = [0.5 + 0.44, -1 + 0.92, 0].
     * The bias is not penalised: b = 0.25 + 0.45. */
    check_params(&o, 0.94, -0.08, 0.0, 0.7);
}

static void l1_penalises_kernels_by_sign(void)
{
    nn_settings s;
    nn_settings_default(&s);
    s.l1 = 0.5f;
    one_step o;
    train_one_step(&s, &o);
    /* 0.5 sign(w) = [0.5, -0.5, 0] (sign(0) = 0, so w3 stays at zero);
     * dw = [-4, -9.5, 0] -> w = [0.5 + 0.4, -1 + 0.95, 0];  b = 0.7 */
    check_params(&o, 0.9, -0.05, 0.0, 0.7);
}

static void clipvalue_clips_every_gradient(void)
{
    nn_settings s;
    nn_settings_default(&s);
    s.clipvalue = 1.0f;
    one_step o;
    train_one_step(&s, &o);
    /* gradients [-4.5, -9, 0 | -4.5] clipped to [-1, -1, 0 | -1], bias included:
     * w = [0.5 + 0.1, -1 + 0.1, 0], b = 0.25 + 0.1 */
    check_params(&o, 0.6, -0.9, 0.0, 0.35);
}

static void clip_scales_to_the_global_norm(void)
{
    nn_settings s;
    nn_settings_default(&s);
    s.clip = 1.0f;
    one_step o;
    train_one_step(&s, &o);
    /* norm sqrt(121.5) = 4.5 sqrt(6); scaled gradient g / (4.5 sqrt(6)):
     *   [-1/sqrt(6), -2/sqrt(6), 0 | -1/sqrt(6)], 1/sqrt(6) = 0.408248290
     * w = [0.5 + 0.0408248290, -1 + 0.0816496581, 0], b = 0.25 + 0.0408248290 */
    check_params(&o, 0.540824829, -0.918350342, 0.0, 0.290824829);
}

static void clip_above_the_norm_changes_nothing(void)
{
    nn_settings s;
    nn_settings_default(&s);
    s.clip = 100.0f; /* larger than the norm 11.02 */
    one_step o;
    train_one_step(&s, &o);
    check_params(&o, 0.95, -0.1, 0.0, 0.7);
}

static void grad_norm_is_reported_before_clip(void)
{
    nn_settings s;
    nn_settings_default(&s);
    s.clip = 1.0f;
    one_step o;
    train_one_step(&s, &o);
    /* the step used the clipped gradient (norm 1) but the event reports 11.02 */
    CHECK_NEAR(o.grad_norm, 11.0227038, 1e-5);
}

static void grad_norm_is_reported_before_clipvalue(void)
{
    nn_settings s;
    nn_settings_default(&s);
    s.clipvalue = 1.0f;
    one_step o;
    train_one_step(&s, &o);
    /* after value clipping the norm would be sqrt(3) = 1.732; the header
     * promises the global norm before clipping: sqrt(121.5) */
    CHECK_NEAR(o.grad_norm, 11.0227038, 1e-5);
}

/* The end reason of one SGD step on x = [1e20], y = 0 from w = 1, b = 0:
 * the prediction 1e20 gives a finite loss (1e40 in double) but a kernel
 * gradient 2 * 1e20 * 1e20 = 2e40, which is infinite in float. */
static nn_end_reason infinite_gradient_run(float clipvalue)
{
    static const float x[1] = {1e20f}, y[1] = {0.0f};
    nn_error err;
    nn_model *m = nn_model_new();
    nn_layer_spec spec;
    nn_layer_spec_parse(&spec, "dense units=1", &err);
    nn_model_add(m, &spec, &err);
    nn_model_build(m, nn_shape_vector(1), 1, &err);
    m->params[0] = 1.0f;
    m->params[1] = 0.0f;
    nn_settings s;
    nn_settings_default(&s);
    strcpy(s.optimizer, "sgd");
    s.lr = 1e-30f;
    s.epochs = 1;
    s.clipvalue = clipvalue;
    nn_dataset train = {x, y, 1, 1, 1};
    nn_trainer *t = nn_trainer_new(m, &s, &train, NULL, NULL, &err);
    nn_end_reason reason = t ? nn_trainer_run(t)->reason : NN_END_FINISHED;
    CHECK(t != NULL);
    nn_trainer_free(t);
    nn_model_free(m);
    return reason;
}

static void infinite_gradient_ends_training(void)
{
    CHECK(infinite_gradient_run(0.0f) == NN_END_NONFINITE);
    /* clipping by value must not turn an infinite gradient into a finite one
     * silently: NN_END_NONFINITE covers "Inf in a gradient" */
    CHECK(infinite_gradient_run(1.0f) == NN_END_NONFINITE);
}

int main(void)
{
    TEST(every_optimizer_is_registered);
    TEST(every_optimizer_reports_a_non_finite_step);
    TEST(sgd_steps);
    TEST(momentum_steps);
    TEST(nesterov_steps);
    TEST(rmsprop_steps);
    TEST(adagrad_steps);
    TEST(adam_steps);
    TEST(adamw_steps);
    TEST(plain_sgd_step_uses_the_data_gradient);
    TEST(l2_penalises_kernels_only);
    TEST(l1_penalises_kernels_by_sign);
    TEST(clipvalue_clips_every_gradient);
    TEST(clip_scales_to_the_global_norm);
    TEST(clip_above_the_norm_changes_nothing);
    TEST(grad_norm_is_reported_before_clip);
    TEST(grad_norm_is_reported_before_clipvalue);
    TEST(infinite_gradient_ends_training);
    return tap_done();
}
