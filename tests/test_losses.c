/* Losses: values at hand-computed points, gradients against finite
 * differences, the from-logits forms (agreement with value() after the
 * activation, stability at huge logits), and the fused softmax/sigmoid +
 * cross-entropy path through a model.  Every loss in the table is covered
 * by iterating nn_loss_at(). */
#include <math.h>
#include <string.h>

#include "engine/model.h"
#include "engine/loss.h"
#include "gradcheck.h"
#include "layer_spec.h"
#include "tap.h"

#define BATCH 4
#define WIDTH 3
#define N (BATCH * WIDTH)

static void fill_uniform(nn_rng *r, float *x, int n, float lo, float hi)
{
    for (int i = 0; i < n; i++)
        x[i] = lo + (hi - lo) * nn_rng_uniform(r);
}

/* One-hot rows; row r's class is drawn at random. */
static void fill_one_hot(nn_rng *r, float *y, int batch, int width)
{
    memset(y, 0, (size_t)batch * width * sizeof *y);
    for (int i = 0; i < batch; i++)
        y[i * width + (int)nn_rng_below(r, (uint32_t)width)] = 1.0f;
}

/* --- values by hand --- */

typedef struct {
    const char *loss;
    int batch, width;
    float pred[6], target[6];
    double want;
} hand_case;

/* Worked out on paper:
 *   regression errors 0.2, -0.2, -2, 2 (two rows of two);
 *   mse = (0.04 + 0.04 + 4 + 4) / 4;  mae = (0.2 + 0.2 + 2 + 2) / 4;
 *   huber = (0.02 + 0.02 + 1.5 + 1.5) / 4  (quadratic inside 1, linear beyond);
 *   bce = -(ln 0.9 + ln 0.8 + ln 0.6 + ln 0.5) / 4;
 *   cce sums over classes and averages over rows: -(ln 0.7 + ln 0.6) / 2;
 *   soft targets: bce -(ln 0.25 + ln 0.75) / 2 for each value, cce
 *   -(0.5 ln 0.5 + 0.5 ln 0.25). */
static const hand_case hand_cases[] = {
    {"mse", 2, 2, {0.2f, 0.8f, -1.5f, 3.0f}, {0, 1, 0.5f, 1}, 8.08 / 4},
    {"mae", 2, 2, {0.2f, 0.8f, -1.5f, 3.0f}, {0, 1, 0.5f, 1}, 4.4 / 4},
    {"huber", 2, 2, {0.2f, 0.8f, -1.5f, 3.0f}, {0, 1, 0.5f, 1}, 3.04 / 4},
    {"huber", 1, 2, {0.5f, -4.0f}, {0, 0}, (0.125 + 3.5) / 2},
    {"bce", 2, 2, {0.9f, 0.2f, 0.6f, 0.5f}, {1, 0, 1, 0}, 1.5324768712979722 / 4},
    {"bce", 1, 2, {0.25f, 0.75f}, {0.5f, 0.5f}, 1.6739764335716716 / 2}, /* each -ln(3/16) / 2 */
    {"cce", 2, 3, {0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f}, {1, 0, 0, 0, 0, 1},
     (0.35667494393873238 + 0.51082562376599068) / 2},
    {"cce", 1, 3, {0.5f, 0.25f, 0.25f}, {0.5f, 0.5f, 0},
     (0.69314718055994531 + 1.3862943611198906) / 2},
};

static void test_values_at_hand_computed_points(void)
{
    for (int k = 0; nn_loss_at(k); k++) {
        const nn_loss *loss = nn_loss_at(k);
        int cases = 0;
        for (size_t i = 0; i < sizeof hand_cases / sizeof *hand_cases; i++) {
            const hand_case *h = &hand_cases[i];
            if (strcmp(h->loss, loss->name) != 0)
                continue;
            cases++;
            CHECK_CLOSE(loss->value(h->pred, h->target, h->batch, h->width, NULL, NULL), h->want, 1e-6);
        }
        if (!cases) {
            printf("#   loss '%s' has no hand-computed value in test_losses.c\n", loss->name);
            CHECK(0);
        }
        CHECK(nn_loss_find(loss->name) == loss);
    }
    CHECK(nn_loss_find("categorical_crossentropy") == &nn_loss_cce);
    CHECK(nn_loss_find("no_such_loss") == NULL);
}

/* --- gradients of value() and from_logits() --- */

typedef struct {
    nn_loss_fn fn;
    float *pred;
    const float *target;
    int batch, width;
    const float *class_weight;
} loss_ctx;

static double loss_objective(void *p)
{
    loss_ctx *c = p;
    return c->fn(c->pred, c->target, c->batch, c->width, c->class_weight, NULL);
}

static void check_weighted_gradient(const char *what, nn_loss_fn fn, float *pred,
                                    const float *target, const float *class_weight)
{
    float grad[N];
    fn(pred, target, BATCH, WIDTH, class_weight, grad);
    loss_ctx c = {fn, pred, target, BATCH, WIDTH, class_weight};
    gradcheck(what, loss_objective, &c, pred, grad, N, 1e-3, 1e-5);
}

static void check_loss_gradient(const char *what, nn_loss_fn fn, float *pred,
                                const float *target)
{
    check_weighted_gradient(what, fn, pred, target, NULL);
}

/* Probabilities in [0.1, 0.9] against one-hot rows suit every loss; real
 * predictions with errors clear of mae's kink at 0 and huber's at +-1 suit
 * those that take any prediction (the ones with no logit activation). */
static void test_value_gradient_matches_finite_differences(void)
{
    nn_rng r;
    nn_rng_seed(&r, 1);
    for (int k = 0; nn_loss_at(k); k++) {
        const nn_loss *loss = nn_loss_at(k);
        float p[N], y[N];
        char what[64];
        fill_uniform(&r, p, N, 0.1f, 0.9f);
        fill_one_hot(&r, y, BATCH, WIDTH);
        snprintf(what, sizeof what, "%s on probabilities", loss->name);
        check_loss_gradient(what, loss->value, p, y);
        if (loss->logit_activation)
            continue;
        for (int i = 0; i < N; i++) {
            y[i] = 2.0f * nn_rng_normal(&r);
            float d;
            do
                d = 3.0f * nn_rng_normal(&r);
            while (fabsf(d) < 0.05f || fabsf(fabsf(d) - 1.0f) < 0.05f);
            p[i] = y[i] + d;
        }
        snprintf(what, sizeof what, "%s on regression", loss->name);
        check_loss_gradient(what, loss->value, p, y);
    }
}

/* Hard and soft targets: 0/1 for bce plus a few in between; one-hot rows
 * for cce plus a soft row, and one summing to 1.5 (cce is sum_j y_j
 * (logsumexp(z) - z_j), whose gradient is sum(y) p - y). */
static void fill_targets(nn_rng *r, const nn_loss *loss, float *y)
{
    if (strcmp(loss->logit_activation, "softmax") == 0) {
        fill_one_hot(r, y, BATCH, WIDTH);
        y[0] = 0.2f, y[1] = 0.5f, y[2] = 0.3f;
        y[3] = 0.6f, y[4] = 0.0f, y[5] = 0.9f;
    } else {
        for (int i = 0; i < N; i++)
            y[i] = i % 4 == 3 ? nn_rng_uniform(r) : (float)(nn_rng_u32(r) & 1);
    }
}

static void test_from_logits_gradient_matches_finite_differences(void)
{
    nn_rng r;
    nn_rng_seed(&r, 2);
    int paired = 0;
    for (int k = 0; nn_loss_at(k); k++) {
        const nn_loss *loss = nn_loss_at(k);
        if (!loss->from_logits)
            continue;
        paired++;
        CHECK(nn_activation_find(loss->logit_activation) != NULL);
        float z[N], y[N];
        for (int i = 0; i < N; i++)
            z[i] = 2.0f * nn_rng_normal(&r);
        fill_targets(&r, loss, y);
        char what[64];
        snprintf(what, sizeof what, "%s from logits", loss->name);
        check_loss_gradient(what, loss->from_logits, z, y);
    }
    CHECK(paired >= 2); /* bce and cce */
}

/* Class weights (bce: w0, w1; cce: one per column), on hard and soft
 * targets, through value() and from_logits(). */
static void test_weighted_gradients_match_finite_differences(void)
{
    static const float weights[WIDTH] = {0.3f, 4.0f, 1.7f};
    nn_rng r;
    nn_rng_seed(&r, 4);
    const nn_loss *classifiers[] = {&nn_loss_bce, &nn_loss_cce};
    for (int k = 0; k < 2; k++) {
        const nn_loss *loss = classifiers[k];
        float p[N], z[N], y[N];
        char what[64];
        fill_uniform(&r, p, N, 0.1f, 0.9f);
        for (int i = 0; i < N; i++)
            z[i] = 2.0f * nn_rng_normal(&r);
        fill_targets(&r, loss, y);
        snprintf(what, sizeof what, "weighted %s on probabilities", loss->name);
        check_weighted_gradient(what, loss->value, p, y, weights);
        snprintf(what, sizeof what, "weighted %s from logits", loss->name);
        check_weighted_gradient(what, loss->from_logits, z, y, weights);
    }
}

/* By hand: bce with w0 = 0.5, w1 = 3 on p = 0.9 (y 1), 0.2 (y 0):
 * -(3 ln 0.9 + 0.5 ln 0.8) / 2; cce with weights 2, 1, 0.5 on rows of
 * classes 0 and 2 at p = 0.7 and 0.6: -(2 ln 0.7 + 0.5 ln 0.6) / 2.
 * Weights of 1 give the unweighted values exactly. */
static void test_weighted_values_by_hand(void)
{
    static const float bp[2] = {0.9f, 0.2f}, by[2] = {1, 0}, bw[2] = {0.5f, 3.0f}, ones[3] = {1, 1, 1};
    double want = -(3.0 * log((double)0.9f) + 0.5 * log1p(-(double)0.2f)) / 2;
    CHECK_CLOSE(nn_loss_bce.value(bp, by, 2, 1, bw, NULL), want, 1e-6);
    static const float cp[6] = {0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f}, cy[6] = {1, 0, 0, 0, 0, 1};
    static const float cw[3] = {2.0f, 1.0f, 0.5f};
    want = -(2.0 * log((double)0.7f) + 0.5 * log((double)0.6f)) / 2;
    CHECK_CLOSE(nn_loss_cce.value(cp, cy, 2, 3, cw, NULL), want, 1e-6);
    CHECK(nn_loss_bce.value(bp, by, 2, 1, ones, NULL) == nn_loss_bce.value(bp, by, 2, 1, NULL, NULL));
    CHECK(nn_loss_cce.value(cp, cy, 2, 3, ones, NULL) == nn_loss_cce.value(cp, cy, 2, 3, NULL, NULL));
}

/* Independent closed forms in double: log(1 + e^z) - y z per value (mean),
 * and sum_j y_j (log sum_k e^z_k - z_j) per row (mean over rows). */
static double ref_logits_loss(const char *act, const float *z, const float *y, int batch,
                              int width)
{
    double sum = 0.0;
    if (strcmp(act, "sigmoid") == 0) {
        for (int i = 0; i < batch * width; i++)
            sum += log(1.0 + exp(z[i])) - (double)y[i] * z[i];
        return sum / (batch * width);
    }
    for (int r = 0; r < batch; r++) {
        double total = 0.0;
        for (int j = 0; j < width; j++)
            total += exp(z[r * width + j]);
        for (int j = 0; j < width; j++)
            sum += (double)y[r * width + j] * (log(total) - z[r * width + j]);
    }
    return sum / batch;
}

/* At moderate logits, from_logits(z) equals value(act(z)) and matches the
 * closed form, and its gradient equals value()'s gradient taken back
 * through the activation. */
static void test_from_logits_agrees_with_value_after_activation(void)
{
    nn_rng r;
    nn_rng_seed(&r, 3);
    for (int k = 0; nn_loss_at(k); k++) {
        const nn_loss *loss = nn_loss_at(k);
        if (!loss->from_logits)
            continue;
        const nn_activation *act = nn_activation_find(loss->logit_activation);
        float z[N], y[N], p[N], gz[N], gp[N], back[N];
        for (int i = 0; i < N; i++)
            z[i] = 2.0f * nn_rng_normal(&r);
        fill_targets(&r, loss, y);
        act->forward(act, z, p, BATCH, WIDTH);
        double fused = loss->from_logits(z, y, BATCH, WIDTH, NULL, gz);
        double plain = loss->value(p, y, BATCH, WIDTH, NULL, gp);
        CHECK_CLOSE(fused, plain, 1e-5);
        CHECK_CLOSE(fused, ref_logits_loss(act->name, z, y, BATCH, WIDTH), 1e-6);
        act->backward(act, z, p, gp, back, BATCH, WIDTH);
        for (int i = 0; i < N; i++)
            CHECK_NEAR(gz[i], back[i], 1e-5);
    }
}

/* Huge logits: the from-logits forms stay finite and exact where value()
 * of a saturated probability could only give -log(eps). */
static void test_from_logits_at_extreme_logits(void)
{
    const nn_loss *bce = &nn_loss_bce, *cce = &nn_loss_cce;
    /* loss = log(1 + e^z) - y z, to 1e-6 relative even when it is tiny */
    struct {
        float z, y;
        double loss, grad;
    } b[] = {
        {100, 0, 100, 1},   {-100, 1, 100, -1}, {1000, 0, 1000, 1}, {-1000, 1, 1000, -1},
        {80, 0, 80, 1},     {-80, 1, 80, -1},   {0, 1, 0.69314718055994531, -0.5},
        {80, 1, 1.8048513878454153e-35, 0}, {-80, 0, 1.8048513878454153e-35, 0},
        {30, 1, 9.357622968839737e-14, 0},
    };
    for (size_t i = 0; i < sizeof b / sizeof *b; i++) {
        float g = NAN;
        double v = bce->from_logits(&b[i].z, &b[i].y, 1, 1, NULL, &g);
        CHECK(isfinite(v) && isfinite(g));
        CHECK_NEAR(v, b[i].loss, 1e-6 * b[i].loss);
        CHECK_NEAR(g, b[i].grad, 1e-7);
    }
    /* two rows, so the batch mean shows: 1000 and 80 - (-80) = 160 */
    float z[6] = {1000, 0, 0, -80, 80, 0}, y[6] = {0, 1, 0, 1, 0, 0}, g[6];
    double v = cce->from_logits(z, y, 2, 3, NULL, g);
    CHECK_CLOSE(v, (1000.0 + 160.0) / 2, 1e-6);
    double want_g[6] = {0.5, -0.5, 0, -0.5, 0.5, 0};
    for (int i = 0; i < 6; i++)
        CHECK_NEAR(g[i], want_g[i], 1e-6);
    float z2[2] = {1000, 0}, y2[2] = {0, 1}, y3[2] = {1, 0}, g2[2];
    CHECK_CLOSE(cce->from_logits(z2, y2, 1, 2, NULL, g2), 1000.0, 1e-7);
    CHECK_NEAR(g2[0], 1.0, 1e-7);
    CHECK_NEAR(g2[1], -1.0, 1e-7);
    CHECK_NEAR(cce->from_logits(z2, y3, 1, 2, NULL, g2), 0.0, 1e-12);

    /* value() on saturated probabilities clips instead of returning inf */
    float p0 = 0.0f, p1 = 1.0f, one = 1.0f, zero = 0.0f, gp;
    v = bce->value(&p0, &one, 1, 1, NULL, &gp);
    CHECK(isfinite(v) && isfinite(gp) && v > 15.0);
    v = bce->value(&p1, &zero, 1, 1, NULL, &gp);
    CHECK(isfinite(v) && isfinite(gp) && v > 15.0);
    float pc[2] = {1, 0}, yc[2] = {0, 1}, gc[2];
    v = cce->value(pc, yc, 1, 2, NULL, gc);
    CHECK(isfinite(v) && isfinite(gc[1]) && v > 15.0);
}

/* --- the fused path through a model --- */

typedef struct {
    nn_model *m;
    const nn_loss *loss;
    const float *x, *y;
    int batch;
} fused_ctx;

/* The loss from the last layer's logits, as the trainer computes it. */
static double fused_loss(fused_ctx *c, float *grad)
{
    nn_model *m = c->m;
    nn_model_forward(m, c->x, c->batch, false);
    const nn_layer *last = nn_model_last(m);
    const float *in = m->n_layers > 1 ? m->out[m->n_layers - 2] : c->x;
    const float *z = last->spec.kind->logits(last, in);
    return c->loss->from_logits(z, c->y, c->batch, nn_model_output_size(m), NULL, grad);
}

static double fused_objective(void *p)
{
    return fused_loss(p, NULL);
}

/* dense(5, tanh) -> the paired activation (fused in a dense layer, or a
 * stand-alone layer after a linear one), trained through from_logits with
 * grad_wrt_logits set: every parameter against finite differences, and
 * the same gradients as the unfused value() path. */
static void check_fused_model(const nn_loss *loss, bool separate_layer)
{
    const char *act = loss->logit_activation;
    nn_layer_spec fused[] = {layer("dense", 5, "tanh"), layer("dense", WIDTH, act)};
    nn_layer_spec split[] = {layer("dense", 5, "tanh"), layer("dense", WIDTH, NULL),
                             layer("activation", 0, act)};
    nn_model *m = nn_model_new();
    nn_error err = {""};
    int n = separate_layer ? 3 : 2;
    for (int i = 0; i < n; i++)
        nn_model_add(m, separate_layer ? &split[i] : &fused[i], &err);
    if (nn_model_build(m, nn_shape_vector(4), 5, &err) < 0 ||
        nn_model_reserve(m, BATCH, &err) < 0) {
        printf("#   %s\n", err.msg);
        CHECK(0);
        nn_model_free(m);
        return;
    }
    nn_rng r;
    nn_rng_seed(&r, 6);
    float x[BATCH * 4], y[N], grads[64], plain[64];
    CHECK(m->n_params <= 64);
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] = 0.7f * nn_rng_normal(&r);
    for (int i = 0; i < BATCH * 4; i++)
        x[i] = nn_rng_normal(&r);
    fill_targets(&r, loss, y);

    nn_layer *last = &m->layers[m->n_layers - 1];
    CHECK(last->spec.kind->logits != NULL);
    fused_ctx c = {m, loss, x, y, BATCH};
    last->grad_wrt_logits = true;
    fused_loss(&c, nn_model_output_grad(m));
    nn_model_backward(m, x, BATCH);
    memcpy(grads, m->grads, m->n_params * sizeof *grads);
    char what[64];
    snprintf(what, sizeof what, "%s fused%s", loss->name, separate_layer ? " (layer)" : "");
    gradcheck(what, fused_objective, &c, m->params, grads, m->n_params, 4e-3, 4e-4);

    /* unfused: value() of the activation's output, through its backward */
    last->grad_wrt_logits = false;
    const float *out = nn_model_forward(m, x, BATCH, false);
    loss->value(out, y, BATCH, WIDTH, NULL, nn_model_output_grad(m));
    nn_model_backward(m, x, BATCH);
    memcpy(plain, m->grads, m->n_params * sizeof *plain);
    for (size_t i = 0; i < m->n_params; i++)
        CHECK_NEAR(grads[i], plain[i], 1e-5);
    nn_model_free(m);
}

static void test_fused_loss_through_a_model(void)
{
    for (int k = 0; nn_loss_at(k); k++) {
        const nn_loss *loss = nn_loss_at(k);
        if (!loss->from_logits)
            continue;
        check_fused_model(loss, false);
        check_fused_model(loss, true);
    }
}

/* The logits a dense layer hands over are its pre-activation x W + b. */
static void test_dense_logits_are_the_pre_activation(void)
{
    nn_layer_spec s = layer("dense", 2, "softmax");
    nn_model *m = nn_model_new();
    nn_error err = {""};
    nn_model_add(m, &s, &err);
    CHECK(nn_model_build(m, nn_shape_vector(2), 7, &err) == 0 && nn_model_reserve(m, 1, &err) == 0);
    float w[6] = {1, 2, 3, 4, 0.5f, -0.5f}, x[2] = {1, -1};
    memcpy(m->params, w, sizeof w);
    nn_model_forward(m, x, 1, false);
    const float *z = m->layers[0].spec.kind->logits(&m->layers[0], x);
    CHECK(z != NULL);
    CHECK_NEAR(z[0], 1 - 3 + 0.5, 1e-7);
    CHECK_NEAR(z[1], 2 - 4 - 0.5, 1e-7);
    /* a linear dense layer has no logits to offer */
    nn_model_free(m);
    s = layer("dense", 2, NULL);
    m = nn_model_new();
    nn_model_add(m, &s, &err);
    CHECK(nn_model_build(m, nn_shape_vector(2), 7, &err) == 0 && nn_model_reserve(m, 1, &err) == 0);
    nn_model_forward(m, x, 1, false);
    CHECK(m->layers[0].spec.kind->logits(&m->layers[0], x) == NULL);
    nn_model_free(m);
}

int main(void)
{
    TEST(test_values_at_hand_computed_points);
    TEST(test_value_gradient_matches_finite_differences);
    TEST(test_from_logits_gradient_matches_finite_differences);
    TEST(test_weighted_gradients_match_finite_differences);
    TEST(test_weighted_values_by_hand);
    TEST(test_from_logits_agrees_with_value_after_activation);
    TEST(test_from_logits_at_extreme_logits);
    TEST(test_fused_loss_through_a_model);
    TEST(test_dense_logits_are_the_pre_activation);
    return tap_done();
}
