/* Layers inside small built models: gradients of every parameter and of
 * the input against finite differences, dropout's mask, weight
 * initialisation, and clean failure of a build.
 *
 * The scalar objective is sum(dy * output) for a fixed random dy, so the
 * gradient the model back-propagates from nn_model_output_grad() = dy is
 * exactly the objective's gradient. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"
#include "gradcheck_model.h"
#include "layer_spec.h"
#include "tap.h"

#define INPUTS 4
#define BATCH 3

static nn_layer_spec dropout(float rate)
{
    nn_layer_spec s = layer("dropout", 0, NULL);
    s.rate = rate;
    return s;
}

/* Builds and reserves a model of n layers; NULL (and a failed check) on error. */
static nn_model *make_model(const nn_layer_spec *specs, int n, int inputs, int batch,
                            uint64_t seed)
{
    nn_model *m = nn_model_new();
    nn_error err = {""};
    for (int i = 0; i < n; i++)
        CHECK(nn_model_add(m, &specs[i], &err) == 0);
    if (nn_model_build(m, nn_shape_vector(inputs), seed, &err) < 0 ||
        nn_model_reserve(m, batch, &err) < 0) {
        printf("#   building the model failed: %s\n", err.msg);
        CHECK(0);
        nn_model_free(m);
        return NULL;
    }
    return m;
}

/* dense(5, act) -> dense(3, act): the second layer's input gradient feeds
 * the first layer's parameter gradients. */
static void test_dense_with_each_fused_activation(void)
{
    for (int k = 0; nn_activation_at(k); k++) {
        const char *act = nn_activation_at(k)->name;
        nn_layer_spec specs[] = {layer("dense", 5, act), layer("dense", 3, act)};
        nn_model *m = make_model(specs, 2, INPUTS, BATCH, 10);
        if (m)
            check_model_gradients(act, m, BATCH, false, 100 + (uint64_t)k);
        nn_model_free(m);
    }
}

/* dense -> activation -> dense -> activation, the activations on their own. */
static void test_dense_then_each_activation_layer(void)
{
    for (int k = 0; nn_activation_at(k); k++) {
        const char *act = nn_activation_at(k)->name;
        nn_layer_spec specs[] = {layer("dense", 5, NULL), layer("activation", 0, act),
                                 layer("dense", 3, NULL), layer("activation", 0, act)};
        nn_model *m = make_model(specs, 4, INPUTS, BATCH, 11);
        if (m)
            check_model_gradients(act, m, BATCH, false, 200 + (uint64_t)k);
        nn_model_free(m);
    }
}

/* An activation layer first: its input gradient comes from its own backward. */
static void test_activation_layer_first(void)
{
    nn_layer_spec specs[] = {layer("activation", 0, "tanh"), layer("dense", 3, "sigmoid")};
    nn_model *m = make_model(specs, 2, INPUTS, BATCH, 12);
    if (m)
        check_model_gradients("activation first", m, BATCH, false, 300);
    nn_model_free(m);
}

/* A linear dense layer against its closed forms, computed in double:
 * y = x W + b, dW = x^T dy, db = sum over rows of dy, dx = dy W^T. */
static void test_dense_without_activation(void)
{
    enum { in = 4, units = 3, batch = 2 };
    nn_layer_spec spec = layer("dense", units, NULL);
    nn_model *m = make_model(&spec, 1, in, batch, 13);
    if (!m)
        return;
    CHECK(m->n_params == in * units + units);
    nn_rng r;
    nn_rng_seed(&r, 14);
    float x[batch * in], dy[batch * units], dx[batch * in];
    fill_normal(&r, m->params, m->n_params, 0.5f);
    fill_normal(&r, x, batch * in, 1.0f);
    fill_uniform(&r, dy, batch * units, -1.0f, 1.0f);
    const float *W = m->params, *b = m->params + in * units;
    const float *y = nn_model_forward(m, x, batch, false);
    for (int s = 0; s < batch; s++)
        for (int j = 0; j < units; j++) {
            double want = b[j];
            for (int i = 0; i < in; i++)
                want += (double)x[s * in + i] * W[i * units + j];
            CHECK_NEAR(y[s * units + j], want, 1e-6);
        }
    memcpy(nn_model_output_grad(m), dy, sizeof dy);
    nn_model_backward(m, x, batch);
    m->layers[0].spec.kind->backward(&m->layers[0], x, m->out[0], m->dout[0], dx, batch);
    const float *gW = m->grads, *gb = m->grads + in * units;
    for (int i = 0; i < in; i++)
        for (int j = 0; j < units; j++) {
            double want = 0.0;
            for (int s = 0; s < batch; s++)
                want += (double)x[s * in + i] * dy[s * units + j];
            CHECK_NEAR(gW[i * units + j], want, 1e-6);
        }
    for (int j = 0; j < units; j++)
        CHECK_NEAR(gb[j], (double)dy[j] + dy[units + j], 1e-6);
    for (int s = 0; s < batch; s++)
        for (int i = 0; i < in; i++) {
            double want = 0.0;
            for (int j = 0; j < units; j++)
                want += (double)dy[s * units + j] * W[i * units + j];
            CHECK_NEAR(dx[s * in + i], want, 1e-6);
        }
    nn_model_free(m);
}

/* --- dropout --- */

static void test_dropout_is_identity_in_evaluation(void)
{
    enum { width = 20, batch = 4, n = width * batch };
    nn_layer_spec spec = dropout(0.5f);
    nn_model *m = make_model(&spec, 1, width, batch, 15);
    if (!m)
        return;
    nn_rng r;
    nn_rng_seed(&r, 16);
    float x[n], dy[n], dx[n];
    fill_normal(&r, x, n, 1.0f);
    fill_normal(&r, dy, n, 1.0f);
    const float *y = nn_model_forward(m, x, batch, false);
    CHECK(memcmp(y, x, sizeof x) == 0);
    memcpy(nn_model_output_grad(m), dy, sizeof dy);
    m->layers[0].spec.kind->backward(&m->layers[0], x, y, dy, dx, batch);
    CHECK(memcmp(dx, dy, sizeof dx) == 0);
    /* a rate of 0 keeps everything even while training */
    m->layers[0].spec.rate = 0.0f;
    y = nn_model_forward(m, x, batch, true);
    CHECK(memcmp(y, x, sizeof x) == 0);
    nn_model_free(m);
}

/* While training a fraction ~ 1 - rate is kept, scaled by 1 / (1 - rate),
 * and the rest is exactly zero; the mean is preserved. */
static void test_dropout_keeps_and_scales_in_training(void)
{
    enum { width = 200, batch = 100, n = width * batch };
    const float rate = 0.3f;
    nn_layer_spec spec = dropout(rate);
    nn_model *m = make_model(&spec, 1, width, batch, 17);
    if (!m)
        return;
    nn_rng r;
    nn_rng_seed(&r, 18);
    float *x = malloc(n * sizeof *x), *first = malloc(n * sizeof *first);
    fill_uniform(&r, x, n, 0.5f, 1.5f); /* never zero, so a zero means dropped */
    const float *y = nn_model_forward(m, x, batch, true);
    int kept = 0, badly_scaled = 0;
    double sum_x = 0.0, sum_y = 0.0;
    for (int i = 0; i < n; i++) {
        sum_x += x[i];
        sum_y += y[i];
        if (y[i] == 0.0f)
            continue;
        kept++;
        badly_scaled += !(fabs(y[i] - x[i] / (1.0 - rate)) <= 1e-6 * y[i]);
    }
    CHECK_NEAR((double)kept / n, 1.0 - rate, 0.015); /* ~5 standard errors */
    CHECK(badly_scaled == 0);
    CHECK_CLOSE(sum_y, sum_x, 0.02);
    /* each training pass draws a new mask */
    memcpy(first, y, n * sizeof *first);
    y = nn_model_forward(m, x, batch, true);
    CHECK(memcmp(first, y, n * sizeof *y) != 0);
    free(x);
    free(first);
    nn_model_free(m);
}

/* The mask draws exactly what one nn_rng_uniform per value would (a seed
 * gives the same dropout masks as before the mask was drawn in one call),
 * for rates that fall between two 24-bit steps and on them. */
static void test_dropout_mask_is_the_uniform_draws(void)
{
    const float keeps[] = {0.7f, 0.5f, 1.0f, 0.0f, 1.0f / 3.0f, 0.9999999f, 5.9604645e-08f};
    enum { n = 5000 };
    static float mask[n];
    for (size_t k = 0; k < sizeof keeps / sizeof *keeps; k++) {
        nn_rng a, b;
        nn_rng_seed(&a, 40 + k), nn_rng_seed(&b, 40 + k);
        nn_rng_mask(&a, mask, n, keeps[k], 2.0f);
        int differ = 0;
        for (int i = 0; i < n; i++)
            differ += mask[i] != (nn_rng_uniform(&b) < keeps[k] ? 2.0f : 0.0f);
        CHECK(differ == 0);
        CHECK(nn_rng_u32(&a) == nn_rng_u32(&b)); /* and leaves the state where they do */
    }
    /* a draw of 1 * 2^-24 against keep = 1.5 * 2^-24: kept, which only the
     * rounding up of the 24-bit bound gets right. s[0] = 0 and s[3] = 2
     * make the first output rotl(2, 7) = 256, whose top 24 bits are 1. */
    nn_rng c = {{0, 5, 7, 2}};
    nn_rng_mask(&c, mask, 1, 8.940697e-08f, 2.0f);
    CHECK(mask[0] == 2.0f);
}

/* Backward lets through exactly what forward let through, with the same
 * scale: din = dout * (y / x) element by element. */
static void test_dropout_backward_uses_the_forward_mask(void)
{
    enum { width = 10, batch = 8, n = width * batch };
    nn_layer_spec spec = dropout(0.5f);
    nn_model *m = make_model(&spec, 1, width, batch, 19);
    if (!m)
        return;
    nn_rng r;
    nn_rng_seed(&r, 20);
    float x[n], dy[n], dx[n];
    fill_uniform(&r, x, n, 0.5f, 1.5f);
    fill_uniform(&r, dy, n, -1.0f, 1.0f);
    const float *y = nn_model_forward(m, x, batch, true);
    m->layers[0].spec.kind->backward(&m->layers[0], x, y, dy, dx, batch);
    int dropped = 0;
    for (int i = 0; i < n; i++) {
        dropped += y[i] == 0.0f;
        CHECK_NEAR(dx[i], (double)dy[i] * y[i] / x[i], 1e-6);
    }
    CHECK(dropped > 0 && dropped < n);
    nn_model_free(m);
}

/* Through a fixed mask a training-mode network is an ordinary function, so
 * its gradients can be checked: every pass restores the generator. */
static void test_dropout_gradients_through_a_fixed_mask(void)
{
    nn_layer_spec specs[] = {layer("dense", 6, "tanh"), dropout(0.5f), layer("dense", 3, NULL)};
    nn_model *m = make_model(specs, 3, INPUTS, BATCH, 21);
    if (!m)
        return;
    check_model_gradients("dropout", m, BATCH, true, 400);
    int dropped = 0;
    for (int i = 0; i < BATCH * 6; i++)
        dropped += m->out[1][i] == 0.0f;
    CHECK(dropped > 0); /* or the mask was not tested */
    nn_model_free(m);

    /* dropout first: the input gradient is the mask itself */
    nn_layer_spec first[] = {dropout(0.5f), layer("dense", 3, "sigmoid")};
    m = make_model(first, 2, INPUTS, BATCH, 22);
    if (m)
        check_model_gradients("dropout first", m, BATCH, true, 401);
    nn_model_free(m);
}

/* --- initialisation --- */

/* Weights uniform in [-limit, limit]: none beyond, some close to it, and a
 * standard deviation near limit / sqrt(3). */
static void check_uniform(const char *what, const float *w, size_t n, double limit)
{
    double max = 0.0, sq = 0.0;
    for (size_t i = 0; i < n; i++) {
        max = fmax(max, fabs(w[i]));
        sq += (double)w[i] * w[i];
    }
    double sd = sqrt(sq / n), want = limit / sqrt(3.0);
    if (!(max <= limit && max > 0.97 * limit && fabs(sd - want) <= 0.05 * want)) {
        printf("#   %s: max |w| %.4f, sd %.4f; expected limit %.4f, sd %.4f\n", what, max, sd,
               limit, want);
        CHECK(0);
    }
}

enum { FAN_IN = 60, FAN_OUT = 50 };
#define HE_LIMIT sqrt(6.0 / FAN_IN)
#define GLOROT_LIMIT sqrt(6.0 / (FAN_IN + FAN_OUT))

/* Builds the layers and checks the first one's kernel and bias. */
static void check_init(const char *what, const nn_layer_spec *specs, int n, double limit)
{
    nn_model *m = make_model(specs, n, FAN_IN, 1, 23);
    if (!m)
        return;
    const float *w = m->layers[0].w;
    check_uniform(what, w, FAN_IN * FAN_OUT, limit);
    for (int j = 0; j < FAN_OUT; j++)
        CHECK(w[FAN_IN * FAN_OUT + j] == 0.0f); /* biases start at zero */
    nn_model_free(m);
}

/* He, sqrt(6 / fan_in), before the ReLU family; Glorot, sqrt(6 / (in + out)),
 * before anything else. */
static void test_init_follows_the_fused_activation(void)
{
    nn_layer_spec relu = layer("dense", FAN_OUT, "relu");
    nn_layer_spec sigmoid = layer("dense", FAN_OUT, "sigmoid");
    check_init("relu", &relu, 1, HE_LIMIT);
    check_init("sigmoid", &sigmoid, 1, GLOROT_LIMIT);
    for (int k = 0; nn_activation_at(k); k++) {
        const nn_activation *a = nn_activation_at(k);
        nn_layer_spec s = layer("dense", FAN_OUT, a->name);
        check_init(a->name, &s, 1, a->relu_family ? HE_LIMIT : GLOROT_LIMIT);
    }
    /* the flags themselves, as the documentation states them */
    CHECK(nn_activation_find("relu")->relu_family && nn_activation_find("gelu")->relu_family);
    CHECK(!nn_activation_find("sigmoid")->relu_family && !nn_activation_find("tanh")->relu_family);
    CHECK(!nn_activation_find("softmax")->relu_family);
    CHECK(!nn_activation_find("linear")->relu_family);
}

/* A linear dense layer takes its init from a stand-alone activation after it. */
static void test_init_follows_a_following_activation_layer(void)
{
    nn_layer_spec relu[] = {layer("dense", FAN_OUT, NULL), layer("activation", 0, "relu")};
    nn_layer_spec tanh_[] = {layer("dense", FAN_OUT, NULL), layer("activation", 0, "tanh")};
    nn_layer_spec alone[] = {layer("dense", FAN_OUT, NULL), layer("dense", 2, "relu")};
    check_init("dense + relu layer", relu, 2, HE_LIMIT);
    check_init("dense + tanh layer", tanh_, 2, GLOROT_LIMIT);
    check_init("dense + relu dense", alone, 2, GLOROT_LIMIT); /* not its activation */
}

/* An explicit init wins over the activation; zeros is all zeros. */
static void test_init_explicit_choice(void)
{
    nn_layer_spec s = layer("dense", FAN_OUT, "relu");
    s.init = NN_INIT_GLOROT;
    check_init("glorot before relu", &s, 1, GLOROT_LIMIT);
    s = layer("dense", FAN_OUT, "sigmoid");
    s.init = NN_INIT_HE;
    check_init("he before sigmoid", &s, 1, HE_LIMIT);
    s.init = NN_INIT_ZEROS;
    nn_model *m = make_model(&s, 1, FAN_IN, 1, 24);
    if (!m)
        return;
    int nonzero = 0;
    for (size_t i = 0; i < m->n_params; i++)
        nonzero += m->params[i] != 0.0f;
    CHECK(nonzero == 0);
    nn_model_free(m);
}

/* The same seed gives the same weights, another seed others. */
static void test_init_is_seeded(void)
{
    nn_layer_spec s = layer("dense", 8, "tanh");
    nn_model *a = make_model(&s, 1, 5, 1, 25), *b = make_model(&s, 1, 5, 1, 25),
             *c = make_model(&s, 1, 5, 1, 26);
    if (a && b && c) {
        CHECK(memcmp(a->params, b->params, a->n_params * sizeof(float)) == 0);
        CHECK(memcmp(a->params, c->params, a->n_params * sizeof(float)) != 0);
    }
    nn_model_free(a);
    nn_model_free(b);
    nn_model_free(c);
}

/* --- build failures --- */

static void test_build_without_layers_fails_cleanly(void)
{
    nn_model *m = nn_model_new();
    nn_error err = {""};
    CHECK(nn_model_build(m, nn_shape_vector(4), 1, &err) == -1);
    CHECK(strstr(err.msg, "no layers") != NULL);
    CHECK(!m->built && m->n_layers == 0 && m->n_params == 0);
    CHECK(m->params == NULL && m->grads == NULL);
    CHECK(nn_model_build(m, nn_shape_vector(4), 1, NULL) == -1); /* err is optional */
    /* still usable afterwards */
    nn_layer_spec s = layer("dense", 2, NULL);
    CHECK(nn_model_add(m, &s, &err) == 0);
    CHECK(nn_model_build(m, nn_shape_vector(4), 1, &err) == 0);
    CHECK(m->built && m->n_params == 10);
    nn_model_free(m);
}

/* A build that fails on a bad layer names it and leaves a built model,
 * its weights included, as it was. */
static void test_failed_build_keeps_the_model(void)
{
    nn_layer_spec specs[] = {layer("dense", 3, "relu"), dropout(0.5f)};
    nn_model *m = make_model(specs, 2, INPUTS, BATCH, 27);
    if (!m)
        return;
    float before[MAX_VALUES];
    float *params = m->params;
    size_t n = m->n_params;
    memcpy(before, params, n * sizeof *before);
    m->layers[1].spec.rate = 1.5f; /* made invalid behind the model's back */
    nn_error err = {""};
    CHECK(nn_model_build(m, nn_shape_vector(7), 99, &err) == -1);
    CHECK(strstr(err.msg, "layer 2") != NULL && strstr(err.msg, "rate") != NULL);
    CHECK(m->built && m->params == params && m->n_params == n);
    CHECK(nn_shape_size(m->input) == INPUTS && nn_shape_size(m->layers[0].in) == INPUTS);
    CHECK(memcmp(before, m->params, n * sizeof *before) == 0);
    nn_model_free(m);

    /* and an unbuilt model with a bad layer stays unbuilt */
    nn_layer_spec bad = layer("dense", 0, NULL);
    m = nn_model_new();
    CHECK(nn_model_add(m, &bad, &err) == 0);
    CHECK(nn_model_build(m, nn_shape_vector(4), 1, &err) == -1);
    CHECK(strstr(err.msg, "layer 1") != NULL && strstr(err.msg, "units") != NULL);
    CHECK(!m->built && m->params == NULL && m->n_layers == 1);
    nn_model_free(m);
}

int main(void)
{
    TEST(test_dense_with_each_fused_activation);
    TEST(test_dense_then_each_activation_layer);
    TEST(test_activation_layer_first);
    TEST(test_dense_without_activation);
    TEST(test_dropout_is_identity_in_evaluation);
    TEST(test_dropout_keeps_and_scales_in_training);
    TEST(test_dropout_mask_is_the_uniform_draws);
    TEST(test_dropout_backward_uses_the_forward_mask);
    TEST(test_dropout_gradients_through_a_fixed_mask);
    TEST(test_init_follows_the_fused_activation);
    TEST(test_init_follows_a_following_activation_layer);
    TEST(test_init_explicit_choice);
    TEST(test_init_is_seeded);
    TEST(test_build_without_layers_fails_cleanly);
    TEST(test_failed_build_keeps_the_model);
    return tap_done();
}
