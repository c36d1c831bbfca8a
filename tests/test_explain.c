/* Explanations: Shapley attributions against closed forms (linear models:
 * w_i (x_i - b_i); a two-feature ReLU interaction split evenly; a small
 * network against the exact subset formula), the sum property, the chosen
 * output of a softmax; permutation importance against its expectation
 * (2 w^2 var(x) under MSE, 2 n+ n- / n^2 under the error rate), exact
 * zeros for ignored features, ranking on a trained network, determinism by
 * seed, the caller's rows left untouched, and refused arguments.  LIME:
 * a linear model's surrogate is the model itself (coefficients w_j sd_j in
 * standardised units, r2 = 1); a kink gives r2 < 1; seeded; refusals. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/explain.h"
#include "engine/importance.h"
#include "engine/lime.h"
#include "engine/model.h"
#include "engine/trainer.h"
#include "lcg_random.h"
#include "model_by_text.h"
#include "tap.h"

/* --- helpers --- */

/* A built model from layer descriptions, NULL-terminated. */
static nn_model *model_of(int inputs, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    nn_model *m = model_of_va(first, ap);
    va_end(ap);
    CHECK(build_for(m, inputs) == 0);
    return m;
}

/* One dense layer with the weights set by hand: kernel W[in][units]
 * row-major, then the biases (the layout layer_dense.c documents). */
static nn_model *dense_with(int inputs, int units, const char *act, const float *kernel,
                            const float *bias)
{
    char text[64];
    snprintf(text, sizeof text, "dense units=%d act=%s", units, act);
    nn_model *m = model_of(inputs, text, NULL);
    CHECK(m->n_params == (size_t)(inputs * units + units));
    memcpy(m->params, kernel, (size_t)(inputs * units) * sizeof(float));
    memcpy(m->params + inputs * units, bias, (size_t)units * sizeof(float));
    return m;
}

static void fill_uniform(float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (float)uniform(-1, 1);
}

static double sum_of(const double *v, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}

/* Population variance of column j. */
static double column_variance(const float *x, int n, int f, int j)
{
    double mean = 0.0, sq = 0.0;
    for (int r = 0; r < n; r++)
        mean += x[r * f + j];
    mean /= n;
    for (int r = 0; r < n; r++)
        sq += (x[r * f + j] - mean) * (x[r * f + j] - mean);
    return sq / n;
}

/* --- Shapley attributions --- */

static void shapley_linear_single_background(void)
{
    static const float w[4] = {2, -1.5f, 0.5f, 0}, c[1] = {0.25f};
    static const float x[4] = {1, 2, -1, 3}, b[4] = {0.5f, -1, 2, 7};
    nn_model *m = dense_with(4, 1, "linear", w, c);
    double phi[4];
    nn_explanation e;
    nn_error err;
    CHECK(nn_shapley(m, x, b, 1, 5, -1, 42, phi, &e, &err) == 0);
    /* by hand: w_i (x_i - b_i) */
    CHECK_NEAR(phi[0], 1.0, 1e-5);
    CHECK_NEAR(phi[1], -4.5, 1e-5);
    CHECK_NEAR(phi[2], -1.5, 1e-5);
    CHECK_NEAR(phi[3], 0.0, 1e-7); /* a zero weight is credited nothing */
    CHECK(e.output == 0);
    CHECK_NEAR(e.value, -1.25, 1e-6);   /* 2 - 3 - 0.5 + 0 + 0.25 */
    CHECK_NEAR(e.baseline, 3.75, 1e-6); /* 1 + 1.5 + 1 + 0 + 0.25 */
    CHECK_NEAR(sum_of(phi, 4), e.value - e.baseline, 1e-5);
    nn_model_free(m);
}

static void shapley_linear_several_background_rows(void)
{
    static const float w[3] = {1, -2, 3}, c[1] = {-1};
    static const float x[3] = {0.5f, 0.25f, -1};
    static const float bg[3 * 3] = {0, 0, 0, 1, 2, 3, -1, 1, 0}; /* mean (0, 1, 1) */
    nn_model *m = dense_with(3, 1, "linear", w, c);
    double phi[3];
    nn_explanation e;
    nn_error err;
    CHECK(nn_shapley(m, x, bg, 3, 4, 0, 7, phi, &e, &err) == 0);
    /* w_i (x_i - mean b_i) */
    CHECK_NEAR(phi[0], 0.5, 1e-5);
    CHECK_NEAR(phi[1], 1.5, 1e-5);
    CHECK_NEAR(phi[2], -6.0, 1e-5);
    CHECK_NEAR(e.value, -4.0, 1e-6);   /* 0.5 - 0.5 - 3 - 1 */
    /* outputs at the background rows: -1, 1 - 4 + 9 - 1 = 5, -1 - 2 + 0 - 1 = -4 */
    CHECK_NEAR(e.baseline, 0.0, 1e-6);
    CHECK_NEAR(sum_of(phi, 3), e.value - e.baseline, 1e-5);
    nn_model_free(m);
}

/* relu(x1 + x2 - 1) from (0, 0) to (1, 1): neither feature alone moves the
 * output, together they add 1; Shapley splits the interaction evenly.  The
 * two orders of two features are one antithetic pair, so 2 samples are exact. */
static void shapley_splits_an_interaction_evenly(void)
{
    static const float w[2] = {1, 1}, c[1] = {-1};
    static const float x[2] = {1, 1}, b[2] = {0, 0};
    nn_model *m = dense_with(2, 1, "relu", w, c);
    double phi[2];
    nn_explanation e;
    nn_error err;
    CHECK(nn_shapley(m, x, b, 1, 2, -1, 3, phi, &e, &err) == 0);
    CHECK_NEAR(phi[0], 0.5, 1e-6);
    CHECK_NEAR(phi[1], 0.5, 1e-6);
    CHECK_NEAR(e.value, 1.0, 1e-6);
    CHECK_NEAR(e.baseline, 0.0, 1e-6);
    nn_model_free(m);
}

/* Output 0 of m at x with the features outside `mask` taken from b. */
static double output_at(nn_model *m, const float *x, const float *b, int f, unsigned mask)
{
    float z[8], out[1];
    nn_error err;
    for (int i = 0; i < f; i++)
        z[i] = (mask >> i) & 1 ? x[i] : b[i];
    CHECK(nn_model_predict(m, z, 1, out, &err) == 0);
    return out[0];
}

/* Exact Shapley values by the subset formula:
 * phi_i = sum over S without i of |S|! (f - |S| - 1)! / f! [v(S + i) - v(S)]. */
static void exact_shapley(nn_model *m, const float *x, const float *b, int f, double *phi)
{
    double fact[9] = {1};
    for (int k = 1; k <= 8; k++)
        fact[k] = fact[k - 1] * k;
    for (int i = 0; i < f; i++) {
        phi[i] = 0.0;
        for (unsigned s = 0; s < (1u << f); s++) {
            if ((s >> i) & 1)
                continue;
            int size = __builtin_popcount(s);
            double weight = fact[size] * fact[f - size - 1] / fact[f];
            phi[i] += weight * (output_at(m, x, b, f, s | (1u << i)) - output_at(m, x, b, f, s));
        }
    }
}

/* A small tanh network with random weights: the sampling estimate converges
 * to the exact values, and the sum property holds at any sample count. */
static void shapley_converges_on_a_network(void)
{
    enum { F = 4 };
    nn_model *m = model_of(F, "dense units=6 act=tanh", "dense units=1", NULL);
    static const float x[F] = {0.9f, -0.7f, 0.3f, 1.2f}, b[F] = {-0.2f, 0.4f, -0.8f, 0.1f};
    double exact[F], phi[F];
    exact_shapley(m, x, b, F, exact);
    nn_explanation e;
    nn_error err;
    CHECK(nn_shapley(m, x, b, 1, 3, -1, 11, phi, &e, &err) == 0);
    CHECK_NEAR(sum_of(phi, F), e.value - e.baseline, 1e-5);
    CHECK_NEAR(sum_of(exact, F), e.value - e.baseline, 1e-5);
    CHECK(nn_shapley(m, x, b, 1, 4000, -1, 11, phi, &e, &err) == 0);
    double scale = 0.0;
    for (int i = 0; i < F; i++)
        scale = fmax(scale, fabs(exact[i]));
    for (int i = 0; i < F; i++) {
        printf("#   phi[%d] = %.5f, exact %.5f\n", i, phi[i], exact[i]);
        CHECK_NEAR(phi[i], exact[i], 0.01 * scale);
    }
    nn_model_free(m);
}

/* Softmax over 3 classes with logits z = x W + c, W = I (2 x 3 padded):
 * z = (x1, x2, 0) + c.  At x = (0, 0), c = (0, 0, 1) class 2 wins. */
static void shapley_explains_the_predicted_class(void)
{
    static const float w[2 * 3] = {1, 0, 0, 0, 1, 0}, c[3] = {0, 0, 1};
    static const float x[2] = {0, 0}, b[2] = {2, 0};
    nn_model *m = dense_with(2, 3, "softmax", w, c);
    double phi[2];
    nn_explanation e;
    nn_error err;
    CHECK(nn_shapley(m, x, b, 1, 2, -1, 5, phi, &e, &err) == 0);
    CHECK(e.output == 2);
    double ex = exp(1.0), eb = exp(2.0) + 1.0 + exp(1.0);
    CHECK_NEAR(e.value, ex / (2.0 + ex), 1e-6); /* softmax(0, 0, 1)[2] */
    CHECK_NEAR(e.baseline, ex / eb, 1e-6);      /* softmax(2, 0, 1)[2] */
    CHECK_NEAR(phi[0], ex / (2.0 + ex) - ex / eb, 1e-6); /* only x1 differs */
    CHECK_NEAR(phi[1], 0.0, 1e-7);
    /* a chosen output */
    CHECK(nn_shapley(m, x, b, 1, 2, 0, 5, phi, &e, &err) == 0);
    CHECK(e.output == 0);
    CHECK_NEAR(e.value, 1.0 / (2.0 + ex), 1e-6);
    CHECK_NEAR(phi[0], 1.0 / (2.0 + ex) - exp(2.0) / eb, 1e-6);
    CHECK(nn_shapley(m, x, b, 1, 2, 3, 5, phi, &e, &err) == -1);
    CHECK(strstr(err.msg, "no output 3") != NULL);
    nn_model_free(m);
}

static void shapley_is_seeded_and_leaves_inputs_alone(void)
{
    enum { F = 5, BG = 4 };
    nn_model *m = model_of(F, "dense units=8 act=relu", "dense units=1 act=sigmoid", NULL);
    float x[F], bg[BG * F], x0[F], bg0[BG * F];
    lcg_seed(5);
    fill_uniform(x, F);
    fill_uniform(bg, BG * F);
    memcpy(x0, x, sizeof x);
    memcpy(bg0, bg, sizeof bg);
    double a[F], b[F], c[F];
    nn_explanation ea, eb, ec;
    nn_error err;
    CHECK(nn_shapley(m, x, bg, BG, 3, -1, 99, a, &ea, &err) == 0);
    CHECK(nn_shapley(m, x, bg, BG, 3, -1, 99, b, &eb, &err) == 0);
    CHECK(nn_shapley(m, x, bg, BG, 3, -1, 100, c, &ec, &err) == 0);
    CHECK(memcmp(a, b, sizeof a) == 0);
    CHECK(memcmp(a, c, sizeof a) != 0);
    CHECK(ea.value == eb.value && ea.baseline == eb.baseline);
    CHECK(memcmp(x, x0, sizeof x) == 0);
    CHECK(memcmp(bg, bg0, sizeof bg) == 0);
    CHECK_NEAR(sum_of(a, F), ea.value - ea.baseline, 1e-5);
    nn_model_free(m);
}

static void shapley_refuses_bad_arguments(void)
{
    static const float w[2] = {1, 1}, c[1] = {0}, x[2] = {1, 1};
    nn_model *m = dense_with(2, 1, "linear", w, c);
    double phi[2];
    nn_explanation e;
    nn_error err;
    CHECK(nn_shapley(m, x, x, 0, 4, -1, 1, phi, &e, &err) == -1);
    CHECK(strstr(err.msg, "background") != NULL);
    CHECK(nn_shapley(m, x, x, 1, 0, -1, 1, phi, &e, &err) == -1);
    CHECK(strstr(err.msg, "samples") != NULL);
    nn_model *unbuilt = nn_model_new();
    CHECK(nn_shapley(unbuilt, x, x, 1, 4, -1, 1, phi, &e, &err) == -1);
    CHECK(strstr(err.msg, "not built") != NULL);
    nn_model_free(unbuilt);
    nn_model_free(m);
}

static void background_helpers(void)
{
    static const float x[4 * 2] = {1, 10, 2, 20, 3, 30, 6, 40};
    float mean[2], out[4 * 2], again[4 * 2];
    nn_mean_row(x, 4, 2, mean);
    CHECK(mean[0] == 3.0f && mean[1] == 25.0f);
    /* k < n: distinct rows of x */
    CHECK(nn_sample_rows(x, 4, 2, 2, 8, out) == 2);
    bool seen[4] = {false};
    for (int k = 0; k < 2; k++) {
        int found = -1;
        for (int r = 0; r < 4; r++)
            if (memcmp(out + 2 * k, x + 2 * r, 2 * sizeof(float)) == 0)
                found = r;
        CHECK(found >= 0 && !seen[found]);
        if (found >= 0)
            seen[found] = true;
    }
    CHECK(nn_sample_rows(x, 4, 2, 2, 8, again) == 2);
    CHECK(memcmp(out, again, 4 * sizeof(float)) == 0);
    /* k >= n: every row */
    CHECK(nn_sample_rows(x, 4, 2, 10, 8, out) == 4);
    CHECK(memcmp(out, x, sizeof x) == 0);
    /* each row is kept about k/n of the time over many seeds */
    int kept[4] = {0};
    for (uint64_t seed = 0; seed < 4000; seed++) {
        nn_sample_rows(x, 4, 2, 1, seed, out);
        for (int r = 0; r < 4; r++)
            kept[r] += out[0] == x[2 * r];
    }
    for (int r = 0; r < 4; r++)
        CHECK(kept[r] > 850 && kept[r] < 1150); /* expected 1000, sd 27 */
}

/* --- permutation importance --- */

enum { ROWS = 400, FEATURES = 3 };

/* y = 3 x1 + 0.5 x2 + 0 x3 + 0.1, exactly the model's function, so the
 * baseline MSE is ~0 and shuffling column j costs w_j^2 mean((x_pi(r) -
 * x_r)^2), whose expectation over permutations is 2 w_j^2 var(x_j). */
static void importance_of_a_linear_model(void)
{
    static const float w[FEATURES] = {3, 0.5f, 0}, c[1] = {0.1f};
    static float x[ROWS * FEATURES], y[ROWS];
    lcg_seed(21);
    fill_uniform(x, ROWS * FEATURES);
    for (int r = 0; r < ROWS; r++)
        y[r] = (float)(3.0 * x[r * 3] + 0.5 * x[r * 3 + 1] + 0.1);
    nn_model *m = dense_with(FEATURES, 1, "linear", w, c);
    nn_dataset d = {x, y, ROWS, FEATURES, 1};
    nn_score mse;
    nn_error err;
    CHECK(nn_score_loss(&mse, "mse", &err) == 0);
    double base, mean[FEATURES], std[FEATURES];
    CHECK(nn_permutation_importance(m, &d, &mse, 50, 7, &base, mean, std, &err) == 0);
    CHECK(base < 1e-10);
    for (int j = 0; j < FEATURES; j++) {
        double expected = 2.0 * w[j] * w[j] * column_variance(x, ROWS, FEATURES, j);
        printf("#   feature %d: %.5f +- %.5f, expected %.5f\n", j, mean[j], std[j], expected);
        CHECK_NEAR(mean[j], expected, 0.05 * expected);
        CHECK(std[j] >= 0.0);
    }
    CHECK(mean[0] > mean[1] && mean[1] > mean[2]);
    CHECK(mean[2] == 0.0 && std[2] == 0.0); /* an ignored feature, exactly */
    CHECK(std[0] > 0.0 && std[0] < 0.3 * mean[0]);
    nn_model_free(m);
}

static void importance_is_seeded_and_leaves_x_alone(void)
{
    static const float w[FEATURES] = {1, -1, 0.25f}, c[1] = {0};
    static float x[ROWS * FEATURES], x0[ROWS * FEATURES], y[ROWS];
    lcg_seed(22);
    fill_uniform(x, ROWS * FEATURES);
    fill_uniform(y, ROWS);
    memcpy(x0, x, sizeof x);
    nn_model *m = dense_with(FEATURES, 1, "linear", w, c);
    nn_dataset d = {x, y, ROWS, FEATURES, 1};
    nn_score mae;
    nn_error err;
    CHECK(nn_score_loss(&mae, "mean_absolute_error", &err) == 0);
    double base[3], a[FEATURES], sa[FEATURES], b[FEATURES], sb[FEATURES], c2[FEATURES],
        sc[FEATURES];
    CHECK(nn_permutation_importance(m, &d, &mae, 4, 1, &base[0], a, sa, &err) == 0);
    CHECK(nn_permutation_importance(m, &d, &mae, 4, 1, &base[1], b, sb, &err) == 0);
    CHECK(nn_permutation_importance(m, &d, &mae, 4, 2, &base[2], c2, sc, &err) == 0);
    CHECK(memcmp(a, b, sizeof a) == 0 && memcmp(sa, sb, sizeof sa) == 0);
    CHECK(memcmp(a, c2, sizeof a) != 0);
    CHECK(base[0] == base[1] && base[1] == base[2]);
    CHECK(memcmp(x, x0, sizeof x) == 0);
    /* one repeat has no spread */
    CHECK(nn_permutation_importance(m, &d, &mae, 1, 1, &base[0], a, sa, &err) == 0);
    CHECK(sa[0] == 0.0 && sa[1] == 0.0 && sa[2] == 0.0);
    nn_model_free(m);
}

/* The test's own rmse of the unscaled rows, for comparison. */
static double rmse_by_hand(const void *user, const float *pred, const float *target, int n,
                           int width)
{
    double sum = 0.0, scale = *(const double *)user;
    for (int i = 0; i < n * width; i++) {
        double e = scale * pred[i] - scale * target[i];
        sum += e * e;
    }
    return sqrt(sum / (n * width));
}

/* A regression's importance is in the target's units: the rise of the rmse
 * of the unscaled values (y = 2.5 x the model's units here).  Against the
 * test's own rmse under the same shuffles, the rmse computed by hand on the
 * rows, 0 for the unused feature, and, for the one the model uses, the
 * expected rise sqrt(s^2 + 2 w^2 var(x) scale^2) - s. */
static void importance_in_the_targets_units(void)
{
    static const float w[FEATURES] = {2, 0, 0}, c[1] = {0.5f};
    static float x[ROWS * FEATURES], y[ROWS];
    const double scale = 2.5, noise = 0.3;
    lcg_seed(23);
    fill_uniform(x, ROWS * FEATURES);
    double se = 0.0;
    for (int r = 0; r < ROWS; r++) {
        double e = noise * (2.0 * uniform(0, 1) - 1.0) * sqrt(3.0); /* sd `noise` */
        y[r] = (float)(2.0 * x[r * 3] + 0.5 + e);
        double d = scale * ((double)(float)(2.0f * x[r * 3] + 0.5f) - y[r]);
        se += d * d;
    }
    nn_model *m = dense_with(FEATURES, 1, "linear", w, c);
    nn_dataset d = {x, y, ROWS, FEATURES, 1};
    nn_score rmse, mine = {rmse_by_hand, &scale};
    nn_score_rmse(&rmse, &scale);
    nn_error err;
    double base, mean[FEATURES], std[FEATURES], base2, mean2[FEATURES], std2[FEATURES];
    CHECK(nn_permutation_importance(m, &d, &rmse, 30, 9, &base, mean, std, &err) == 0);
    CHECK(nn_permutation_importance(m, &d, &mine, 30, 9, &base2, mean2, std2, &err) == 0);
    CHECK_CLOSE(base, sqrt(se / ROWS), 1e-5);
    for (int j = 0; j < FEATURES; j++) {
        CHECK_CLOSE(mean[j], mean2[j], 1e-5);
        CHECK_CLOSE(std[j], std2[j], 1e-4);
    }
    CHECK(mean[1] == 0.0 && mean[2] == 0.0);
    double var = column_variance(x, ROWS, FEATURES, 0);
    double expected = sqrt(base * base + 2.0 * 4.0 * var * scale * scale) - base;
    printf("#   base rmse %.4f, rise %.4f, expected %.4f\n", base, mean[0], expected);
    CHECK_NEAR(mean[0], expected, 0.05 * expected);
    nn_model_free(m);
}

/* A caller's score: the error rate of a sigmoid classifier, counting calls. */
struct error_rate {
    int calls;
};

static double error_rate(const void *user, const float *pred, const float *target, int n,
                         int width)
{
    ((struct error_rate *)user)->calls++;
    int wrong = 0;
    for (int r = 0; r < n; r++)
        wrong += (pred[r * width] >= 0.5f) != (target[r * width] >= 0.5f);
    return (double)wrong / n;
}

/* p = sigmoid(4 x1), y = [x1 > 0].  Shuffling x1 makes a row wrong when it
 * receives a value of the other sign: expectation 2 n+ n- / n^2. */
static void importance_with_a_caller_score(void)
{
    static const float w[2] = {4, 0}, c[1] = {0};
    static float x[ROWS * 2], y[ROWS];
    lcg_seed(23);
    fill_uniform(x, ROWS * 2);
    int pos = 0;
    for (int r = 0; r < ROWS; r++) {
        y[r] = x[2 * r] > 0.0f;
        pos += x[2 * r] > 0.0f;
    }
    nn_model *m = dense_with(2, 1, "sigmoid", w, c);
    nn_dataset d = {x, y, ROWS, 2, 1};
    struct error_rate counter = {0};
    nn_score score = {error_rate, &counter};
    double base, mean[2], std[2];
    nn_error err;
    CHECK(nn_permutation_importance(m, &d, &score, 30, 3, &base, mean, std, &err) == 0);
    CHECK(counter.calls == 1 + 2 * 30);
    CHECK(base == 0.0);
    double expected = 2.0 * pos * (ROWS - pos) / ((double)ROWS * ROWS);
    printf("#   error rate rise %.4f +- %.4f, expected %.4f\n", mean[0], std[0], expected);
    CHECK_NEAR(mean[0], expected, 0.05 * expected);
    CHECK(mean[1] == 0.0 && std[1] == 0.0);
    /* the built-in cross-entropy score agrees on the ranking */
    nn_score bce;
    CHECK(nn_score_loss(&bce, "binary_crossentropy", &err) == 0);
    CHECK(nn_permutation_importance(m, &d, &bce, 5, 3, &base, mean, std, &err) == 0);
    CHECK(base > 0.0 && mean[0] > 0.5 && mean[1] == 0.0);
    nn_model_free(m);
}

/* A network trained on y = sin(3 x1) with two noise features ranks x1
 * first by a wide margin. */
static void importance_ranks_a_trained_network(void)
{
    static float x[ROWS * FEATURES], y[ROWS];
    lcg_seed(24);
    fill_uniform(x, ROWS * FEATURES);
    for (int r = 0; r < ROWS; r++)
        y[r] = (float)sin(3.0 * x[r * FEATURES]);
    nn_model *m = model_of(FEATURES, "dense units=16 act=tanh", "dense units=1", NULL);
    nn_settings s;
    nn_settings_default(&s);
    s.lr = 0.01f;
    s.epochs = 150;
    s.batch = 32;
    s.seed = 4;
    nn_dataset d = {x, y, ROWS, FEATURES, 1};
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, &s, &d, NULL, NULL, &err);
    CHECK(t != NULL);
    if (t)
        nn_trainer_run(t);
    nn_trainer_free(t);
    nn_score mse;
    CHECK(nn_score_loss(&mse, s.loss, &err) == 0);
    double base, mean[FEATURES], std[FEATURES];
    CHECK(nn_permutation_importance(m, &d, &mse, 10, 9, &base, mean, std, &err) == 0);
    printf("#   trained: base %.4f, importance %.4f %.4f %.4f\n", base, mean[0], mean[1],
           mean[2]);
    CHECK(base < 0.05);
    CHECK(mean[0] > 0.5);
    CHECK(mean[0] > 20.0 * fmax(mean[1], mean[2]));
    nn_model_free(m);
}

static void importance_refuses_bad_arguments(void)
{
    static const float w[2] = {1, 1}, c[1] = {0}, x[4] = {1, 2, 3, 4}, y[2] = {0, 1};
    nn_model *m = dense_with(2, 1, "linear", w, c);
    nn_score mse;
    nn_error err;
    double base, mean[3], std[3];
    CHECK(nn_score_loss(&mse, "nope", &err) == -1);
    CHECK(strstr(err.msg, "nope") != NULL);
    CHECK(nn_score_loss(&mse, "mse", &err) == 0);
    nn_dataset wide = {x, y, 1, 3, 1}, none = {x, y, 0, 2, 1}, ok = {x, y, 2, 2, 1},
               two_targets = {x, y, 1, 2, 2};
    CHECK(nn_permutation_importance(m, &wide, &mse, 2, 1, &base, mean, std, &err) == -1);
    CHECK(strstr(err.msg, "3 features") != NULL);
    CHECK(nn_permutation_importance(m, &two_targets, &mse, 2, 1, &base, mean, std, &err) == -1);
    CHECK(strstr(err.msg, "2 values per row") != NULL);
    CHECK(nn_permutation_importance(m, &none, &mse, 2, 1, &base, mean, std, &err) == -1);
    CHECK(nn_permutation_importance(m, &ok, &mse, 0, 1, &base, mean, std, &err) == -1);
    CHECK(strstr(err.msg, "repeats") != NULL);
    nn_model *unbuilt = nn_model_new();
    CHECK(nn_permutation_importance(unbuilt, &ok, &mse, 2, 1, &base, mean, std, &err) == -1);
    CHECK(strstr(err.msg, "not built") != NULL);
    nn_model_free(unbuilt);
    /* a model whose outputs are not finite */
    m->params[0] = NAN;
    CHECK(nn_permutation_importance(m, &ok, &mse, 2, 1, &base, mean, std, &err) == -1);
    CHECK(strstr(err.msg, "not finite") != NULL);
    nn_model_free(m);
}

/* --- LIME --- */

/* Training rows whose columns have different spreads (column j spans
 * +-(j + 1)), so standardising matters. */
static void fill_spread(float *x, int n, int f)
{
    for (int r = 0; r < n; r++)
        for (int j = 0; j < f; j++)
            x[r * f + j] = (float)uniform(-(j + 1), j + 1);
}

/* f(v) = w.v + b: the surrogate is f itself, so each coefficient is
 * w_j times column j's population sd, the fit is exact, and the surrogate
 * at the row is the prediction. */
static void lime_recovers_a_linear_model(void)
{
    enum { F = 3, N = 300 };
    static const float w[F] = {0.5f, -2.0f, 1.25f}, b[1] = {0.3f};
    nn_model *m = dense_with(F, 1, "linear", w, b);
    static float train[N * F];
    lcg_seed(11);
    fill_spread(train, N, F);
    const float *row = train + 7 * F;
    double coef[F];
    nn_lime_fit fit;
    nn_error err;
    CHECK(nn_lime(m, row, train, N, 2000, -1, 5, coef, &fit, &err) == 0);
    for (int j = 0; j < F; j++)
        CHECK_NEAR(coef[j], w[j] * sqrt(column_variance(train, N, F, j)), 1e-4);
    CHECK_NEAR(fit.r2, 1.0, 1e-6);
    double want = b[0];
    for (int j = 0; j < F; j++)
        want += (double)w[j] * row[j];
    CHECK_NEAR(fit.value, want, 1e-5);
    CHECK_NEAR(fit.local, want, 1e-4);
    CHECK_NEAR(fit.kernel_width, 0.75 * sqrt(3.0), 1e-12);
    CHECK(fit.output == 0);
    nn_model_free(m);
}

/* relu(v1 + v2) explained where v1 + v2 = 0: the samples straddle the
 * kink, which no line fits; slopes are positive on both features. */
static void lime_fit_is_imperfect_at_a_kink(void)
{
    enum { F = 2, N = 400 };
    static const float w[F] = {1, 1}, b[1] = {0};
    nn_model *m = dense_with(F, 1, "relu", w, b);
    static float train[N * F];
    lcg_seed(12);
    fill_uniform(train, N * F);
    const float row[F] = {0.25f, -0.25f};
    double coef[F];
    nn_lime_fit fit;
    nn_error err;
    CHECK(nn_lime(m, row, train, N, 3000, -1, 5, coef, &fit, &err) == 0);
    printf("#   r2 at the kink: %.4f\n", fit.r2);
    CHECK(fit.r2 < 0.95 && fit.r2 > 0.2);
    CHECK(coef[0] > 0 && coef[1] > 0);
    CHECK(fit.value == 0.0);
    nn_model_free(m);
}

static void lime_is_seeded_and_leaves_inputs_alone(void)
{
    enum { F = 4, N = 50 };
    nn_model *m = model_of(F, "dense units=8 act=tanh", "dense units=3 act=softmax", NULL);
    float train[N * F], train0[N * F];
    lcg_seed(13);
    fill_uniform(train, N * F);
    memcpy(train0, train, sizeof train);
    double a[F], b[F], c[F];
    nn_lime_fit fa, fb, fc;
    nn_error err;
    CHECK(nn_lime(m, train, train, N, 200, -1, 7, a, &fa, &err) == 0);
    CHECK(nn_lime(m, train, train, N, 200, -1, 7, b, &fb, &err) == 0);
    CHECK(nn_lime(m, train, train, N, 200, -1, 8, c, &fc, &err) == 0);
    CHECK(memcmp(a, b, sizeof a) == 0 && fa.r2 == fb.r2);
    CHECK(memcmp(a, c, sizeof a) != 0);
    CHECK(memcmp(train, train0, sizeof train) == 0);
    CHECK(nn_lime(m, train, train, N, 200, 2, 7, c, &fc, &err) == 0);
    CHECK(fc.output == 2);
    nn_model_free(m);
}

static void lime_refuses_bad_arguments(void)
{
    static const float w[2] = {1, 1}, c[1] = {0}, x[4] = {1, 1, 0, 2};
    nn_model *m = dense_with(2, 1, "linear", w, c);
    double coef[2];
    nn_lime_fit fit;
    nn_error err;
    CHECK(nn_lime(m, x, x, 2, 3, -1, 1, coef, &fit, &err) == -1);
    CHECK(strstr(err.msg, "samples=3") != NULL && strstr(err.msg, "at least 4") != NULL);
    CHECK(nn_lime(m, x, x, 0, 100, -1, 1, coef, &fit, &err) == -1);
    CHECK(strstr(err.msg, "training row") != NULL);
    CHECK(nn_lime(m, x, x, 2, 100, 1, 1, coef, &fit, &err) == -1);
    CHECK(strstr(err.msg, "no output 1") != NULL);
    nn_model *unbuilt = nn_model_new();
    CHECK(nn_lime(unbuilt, x, x, 2, 100, -1, 1, coef, &fit, &err) == -1);
    CHECK(strstr(err.msg, "not built") != NULL);
    nn_model_free(unbuilt);
    nn_model_free(m);
}

int main(void)
{
    TEST(shapley_linear_single_background);
    TEST(shapley_linear_several_background_rows);
    TEST(shapley_splits_an_interaction_evenly);
    TEST(shapley_converges_on_a_network);
    TEST(shapley_explains_the_predicted_class);
    TEST(shapley_is_seeded_and_leaves_inputs_alone);
    TEST(shapley_refuses_bad_arguments);
    TEST(background_helpers);
    TEST(importance_of_a_linear_model);
    TEST(importance_is_seeded_and_leaves_x_alone);
    TEST(importance_in_the_targets_units);
    TEST(importance_with_a_caller_score);
    TEST(importance_ranks_a_trained_network);
    TEST(importance_refuses_bad_arguments);
    TEST(lime_recovers_a_linear_model);
    TEST(lime_fit_is_imperfect_at_a_kink);
    TEST(lime_is_seeded_and_leaves_inputs_alone);
    TEST(lime_refuses_bad_arguments);
    return tap_done();
}
