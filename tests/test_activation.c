/* Activation functions: forward values against closed forms computed
 * independently in double, extreme inputs, and backward against finite
 * differences.  Every entry of the table is covered by iterating
 * nn_activation_at(), so a new activation fails here until it is given a
 * closed form below. */
#include <math.h>
#include <string.h>

#include "engine/activation.h"
#include "engine/rng.h"
#include "gradcheck.h"
#include "tap.h"

#define ROWS 3
#define WIDTH 4
#define N (ROWS * WIDTH)

/* --- independent closed forms (double precision libm) --- */

static double ref_linear(double x) { return x; }
static double ref_relu(double x) { return x > 0 ? x : 0; }
static double ref_leaky_relu(double x) { return x > 0 ? x : 0.01 * x; }
static double ref_elu(double x) { return x > 0 ? x : exp(x) - 1; }
static double ref_gelu(double x) { return 0.5 * x * erfc(-x / sqrt(2.0)); }
static double ref_sigmoid(double x) { return 1 / (1 + exp(-x)); }
static double ref_tanh(double x) { return tanh(x); }

/* The closed form of an element-wise activation, or NULL (softmax is
 * row-wise and tested on its own). */
static double (*closed_form(const char *name))(double)
{
    static const struct {
        const char *name;
        double (*f)(double);
    } forms[] = {
        {"linear", ref_linear},   {"relu", ref_relu},       {"leaky_relu", ref_leaky_relu},
        {"elu", ref_elu},         {"gelu", ref_gelu},       {"sigmoid", ref_sigmoid},
        {"tanh", ref_tanh},
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (strcmp(forms[i].name, name) == 0)
            return forms[i].f;
    return NULL;
}

static bool is_softmax(const nn_activation *a)
{
    return strcmp(a->name, "softmax") == 0;
}

static float forward1(const char *name, float x)
{
    const nn_activation *a = nn_activation_find(name);
    float y = NAN;
    a->forward(a, &x, &y, 1, 1);
    return y;
}

/* Uniform in [lo, hi) but at least `gap` away from 0, so no point sits on
 * the kink of relu and friends. */
static void fill_away_from_zero(nn_rng *r, float *x, int n, float lo, float hi, float gap)
{
    for (int i = 0; i < n; i++)
        do
            x[i] = lo + (hi - lo) * nn_rng_uniform(r);
        while (fabsf(x[i]) < gap);
}

/* --- forward --- */

static void test_every_activation_has_a_closed_form(void)
{
    int count = 0;
    for (int i = 0; nn_activation_at(i); i++, count++) {
        const nn_activation *a = nn_activation_at(i);
        if (!closed_form(a->name) && !is_softmax(a)) {
            printf("#   activation '%s' has no closed form in test_activation.c\n", a->name);
            CHECK(0);
        }
        CHECK(nn_activation_find(a->name) == a);
    }
    CHECK(count >= 8);
    CHECK(nn_activation_find("no_such_activation") == NULL);
}

/* Values known independently of any formula written here. */
static void test_known_values(void)
{
    CHECK_NEAR(forward1("gelu", 1.0f), 0.8413447460685429, 1e-6);
    CHECK_NEAR(forward1("gelu", -1.0f), -0.15865525393145707, 1e-6);
    CHECK_NEAR(forward1("gelu", 0.0f), 0.0, 0.0);
    CHECK_NEAR(forward1("sigmoid", 0.0f), 0.5, 0.0);
    CHECK_NEAR(forward1("sigmoid", 2.0f), 0.8807970779778823, 1e-7);
    CHECK_NEAR(forward1("elu", -1.0f), exp(-1.0) - 1.0, 1e-7);
    CHECK_NEAR(forward1("elu", 2.0f), 2.0, 0.0);
    CHECK_NEAR(forward1("tanh", 0.5f), 0.46211715726000974, 1e-7);
    CHECK_NEAR(forward1("leaky_relu", -2.0f), -0.02, 1e-9);
    CHECK_NEAR(forward1("leaky_relu", 3.0f), 3.0, 0.0);
    CHECK_NEAR(forward1("relu", -3.0f), 0.0, 0.0);
    CHECK_NEAR(forward1("relu", 2.5f), 2.5, 0.0);
    CHECK_NEAR(forward1("linear", -1.25f), -1.25, 0.0);
}

/* Every element-wise activation over a grid of points in [-6, 6]. */
static void test_forward_matches_closed_forms(void)
{
    float x[49], y[49];
    for (int i = 0; i < 49; i++)
        x[i] = -6.0f + 0.25f * (float)i;
    for (int k = 0; nn_activation_at(k); k++) {
        const nn_activation *a = nn_activation_at(k);
        double (*f)(double) = closed_form(a->name);
        if (!f)
            continue;
        a->forward(a, x, y, 7, 7);
        for (int i = 0; i < 49; i++) {
            double want = f(x[i]);
            if (!(fabs(y[i] - want) <= 1e-6 * fmax(1.0, fabs(want)))) {
                printf("#   %s(%g) = %.9g, expected %.9g\n", a->name, x[i], y[i], want);
                CHECK(0);
            }
        }
    }
}

static void test_softmax_rows_sum_to_one_and_match(void)
{
    const nn_activation *a = nn_activation_find("softmax");
    nn_rng r;
    nn_rng_seed(&r, 1);
    float x[N], y[N];
    for (int i = 0; i < N; i++)
        x[i] = 8.0f * nn_rng_uniform(&r) - 4.0f;
    a->forward(a, x, y, ROWS, WIDTH);
    for (int row = 0; row < ROWS; row++) {
        const float *xr = x + row * WIDTH, *yr = y + row * WIDTH;
        double total = 0.0, sum = 0.0;
        for (int j = 0; j < WIDTH; j++)
            total += exp(xr[j]);
        for (int j = 0; j < WIDTH; j++) {
            CHECK_CLOSE(yr[j], exp(xr[j]) / total, 1e-6);
            sum += yr[j];
        }
        CHECK_NEAR(sum, 1.0, 1e-6);
    }
    /* a row of one value is certain; equal logits share evenly */
    float one = 3.0f, p = 0.0f, even[4] = {2, 2, 2, 2}, q[4];
    a->forward(a, &one, &p, 1, 1);
    CHECK_NEAR(p, 1.0, 0.0);
    a->forward(a, even, q, 1, 4);
    for (int j = 0; j < 4; j++)
        CHECK_NEAR(q[j], 0.25, 1e-7);
}

/* Huge inputs must neither overflow nor produce NaN, forward or backward. */
static void test_extreme_inputs_stay_finite(void)
{
    float x[] = {-1000, -100, -88.8f, -30, 0, 30, 88.8f, 100, 1000};
    enum { n = sizeof x / sizeof *x };
    float y[n], dy[n], dx[n];
    for (int i = 0; i < n; i++)
        dy[i] = 1.0f;
    for (int k = 0; nn_activation_at(k); k++) {
        const nn_activation *a = nn_activation_at(k);
        a->forward(a, x, y, 1, n); /* one row, so softmax sees all of them */
        a->backward(a, x, y, dy, dx, 1, n);
        for (int i = 0; i < n; i++)
            if (!isfinite(y[i]) || !isfinite(dx[i])) {
                printf("#   %s(%g) = %g, gradient %g\n", a->name, x[i], y[i], dx[i]);
                CHECK(0);
            }
    }
    CHECK_NEAR(forward1("sigmoid", 100.0f), 1.0, 0.0);
    float tiny = forward1("sigmoid", -100.0f); /* e^-100 ~ 3.7e-44 */
    CHECK(tiny >= 0.0f && tiny < 1e-40f);
    CHECK_NEAR(forward1("tanh", -100.0f), -1.0, 0.0);
    CHECK_NEAR(forward1("elu", -1000.0f), -1.0, 0.0);
    CHECK_NEAR(forward1("gelu", -1000.0f), 0.0, 0.0);
    CHECK_NEAR(forward1("gelu", 1000.0f), 1000.0, 0.0);

    const nn_activation *s = nn_activation_find("softmax");
    float z[3] = {1000, 0, -1000}, p[3], big[2] = {1000, 1000}, half[2];
    s->forward(s, z, p, 1, 3);
    CHECK_NEAR(p[0], 1.0, 0.0);
    CHECK_NEAR(p[1], 0.0, 0.0);
    CHECK_NEAR(p[2], 0.0, 0.0);
    s->forward(s, big, half, 1, 2);
    CHECK_NEAR(half[0], 0.5, 0.0);
    CHECK_NEAR(half[1], 0.5, 0.0);
}

/* --- backward --- */

typedef struct {
    const nn_activation *a;
    float *x;
    const float *dy;
} act_ctx;

/* sum(dy * f(x)): its gradient with respect to x is the backward pass. */
static double act_objective(void *p)
{
    act_ctx *c = p;
    float y[N];
    c->a->forward(c->a, c->x, y, ROWS, WIDTH);
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += (double)c->dy[i] * y[i];
    return s;
}

static void test_backward_matches_finite_differences(void)
{
    nn_rng r;
    nn_rng_seed(&r, 2);
    for (int k = 0; nn_activation_at(k); k++) {
        const nn_activation *a = nn_activation_at(k);
        float x[N], y[N], dy[N], dx[N];
        fill_away_from_zero(&r, x, N, -3.0f, 3.0f, 0.1f);
        fill_away_from_zero(&r, dy, N, -1.0f, 1.0f, 0.0f);
        a->forward(a, x, y, ROWS, WIDTH);
        a->backward(a, x, y, dy, dx, ROWS, WIDTH);
        act_ctx c = {a, x, dy};
        gradcheck(a->name, act_objective, &c, x, dx, N, 1e-3, 2e-4);
    }
}

/* The tolerances above are tight enough to see a 2% error in one element
 * of a gradient (here of tanh), so a broken backward cannot slip through. */
static void test_checker_catches_a_small_error(void)
{
    const nn_activation *a = nn_activation_find("tanh");
    nn_rng r;
    nn_rng_seed(&r, 4);
    float x[N], y[N], dy[N], dx[N];
    fill_away_from_zero(&r, x, N, -1.0f, 1.0f, 0.1f);
    fill_away_from_zero(&r, dy, N, 0.5f, 1.0f, 0.0f);
    a->forward(a, x, y, ROWS, WIDTH);
    a->backward(a, x, y, dy, dx, ROWS, WIDTH);
    act_ctx c = {a, x, dy};
    CHECK(gradcheck_measure(act_objective, &c, x, dx, N, 1e-3, 2e-4).worst <= 1.0);
    dx[5] *= 1.02f;
    gc_result bad = gradcheck_measure(act_objective, &c, x, dx, N, 1e-3, 2e-4);
    CHECK(bad.worst > 1.0);
    CHECK(bad.index == 5);
}

/* Softmax backward against its explicit Jacobian y_j (delta_jk - y_k). */
static void test_softmax_backward_is_jacobian_product(void)
{
    const nn_activation *a = nn_activation_find("softmax");
    nn_rng r;
    nn_rng_seed(&r, 3);
    float x[N], y[N], dy[N], dx[N];
    fill_away_from_zero(&r, x, N, -3.0f, 3.0f, 0.0f);
    fill_away_from_zero(&r, dy, N, -1.0f, 1.0f, 0.0f);
    a->forward(a, x, y, ROWS, WIDTH);
    a->backward(a, x, y, dy, dx, ROWS, WIDTH);
    for (int row = 0; row < ROWS; row++) {
        const float *yr = y + row * WIDTH, *dyr = dy + row * WIDTH;
        for (int k = 0; k < WIDTH; k++) {
            double want = 0.0;
            for (int j = 0; j < WIDTH; j++)
                want += dyr[j] * (double)yr[j] * ((j == k) - (double)yr[k]);
            CHECK_NEAR(dx[row * WIDTH + k], want, 1e-6);
        }
    }
}

/* Far out on the flat parts the derivative is known exactly. */
static void test_saturated_derivatives(void)
{
    float x[4] = {-50, -20, 20, 50}, y[4], dy[4] = {1, 1, 1, 1}, dx[4];
    const char *flat_both[] = {"sigmoid", "tanh"};
    for (int k = 0; k < 2; k++) {
        const nn_activation *a = nn_activation_find(flat_both[k]);
        a->forward(a, x, y, 1, 4);
        a->backward(a, x, y, dy, dx, 1, 4);
        for (int i = 0; i < 4; i++)
            CHECK_NEAR(dx[i], 0.0, 1e-8);
    }
    const nn_activation *elu = nn_activation_find("elu");
    elu->forward(elu, x, y, 1, 4);
    elu->backward(elu, x, y, dy, dx, 1, 4);
    CHECK_NEAR(dx[0], 0.0, 1e-8);
    CHECK_NEAR(dx[3], 1.0, 0.0);
    const nn_activation *leaky = nn_activation_find("leaky_relu");
    leaky->forward(leaky, x, y, 1, 4);
    leaky->backward(leaky, x, y, dy, dx, 1, 4);
    CHECK_NEAR(dx[0], 0.01, 1e-9);
    CHECK_NEAR(dx[3], 1.0, 0.0);
}

int main(void)
{
    TEST(test_every_activation_has_a_closed_form);
    TEST(test_known_values);
    TEST(test_forward_matches_closed_forms);
    TEST(test_softmax_rows_sum_to_one_and_match);
    TEST(test_extreme_inputs_stay_finite);
    TEST(test_backward_matches_finite_differences);
    TEST(test_checker_catches_a_small_error);
    TEST(test_softmax_backward_is_jacobian_product);
    TEST(test_saturated_derivatives);
    return tap_done();
}
