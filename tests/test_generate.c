/* Synthetic datasets (`generate KIND`): a seed gives the same table, the
 * shapes, names and types a user sees, each kind's documented rule checked
 * by its statistics (tolerances of about 4 standard errors), the gbm
 * layout working with a log-return window, and refused arguments. */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/generate.h"
#include "table/parse_date.h"
#include "recipe/recipe.h"
#include "tap.h"

#define DEF NN_GENERATE_DEFAULT
#define PI 3.14159265358979323846

static nn_table *gen(const char *kind, size_t rows, size_t features, double noise, uint64_t seed)
{
    nn_error err = {{0}};
    nn_table *t = nn_generate(kind, rows, features, noise, seed, &err);
    if (!t)
        printf("# %s\n", err.msg);
    return t;
}

/* The message of a refused call ("" when it was not refused). */
static const char *refusal(const char *kind, size_t rows, size_t features, double noise)
{
    static nn_error err;
    memset(&err, 0, sizeof err);
    nn_table *t = nn_generate(kind, rows, features, noise, 1, &err);
    if (t) {
        nn_table_free(t);
        return "";
    }
    return err.msg;
}

static const float *col(const nn_table *t, const char *name)
{
    int c = nn_table_find(t, name);
    return c < 0 ? NULL : t->cols[c].values;
}

static int same_tables(const nn_table *a, const nn_table *b)
{
    if (a->nrows != b->nrows || a->ncols != b->ncols)
        return 0;
    for (size_t c = 0; c < a->ncols; c++) {
        const nn_column *x = &a->cols[c], *y = &b->cols[c];
        if (strcmp(x->name, y->name) != 0 || x->type != y->type || x->nlevels != y->nlevels)
            return 0;
        if (x->values && memcmp(x->values, y->values, a->nrows * sizeof *x->values) != 0)
            return 0;
        if (x->times && memcmp(x->times, y->times, a->nrows * sizeof *x->times) != 0)
            return 0;
    }
    return 1;
}

static double mean_of(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s / (double)n;
}

static double std_of(const double *v, size_t n)
{
    double m = mean_of(v, n), s = 0;
    for (size_t i = 0; i < n; i++)
        s += (v[i] - m) * (v[i] - m);
    return sqrt(s / (double)(n - 1));
}

/* ---- listing ---- */

static void kinds_are_listed_with_help_and_defaults(void)
{
    static const char *const names[] = {"random", "linear", "xor", "circles", "spirals", "gauss", "gbm"};
    for (int i = 0; i < 7; i++) {
        CHECK(nn_generate_kind_name(i) && strcmp(nn_generate_kind_name(i), names[i]) == 0);
        const nn_generate_kind *k = nn_generate_kind_at(i);
        CHECK(k && k->help && strlen(k->help) > 20 && k->rows > 0 && k->features > 0);
    }
    CHECK(nn_generate_kind_name(7) == NULL && nn_generate_kind_name(-1) == NULL);
    CHECK(nn_generate_kind_at(7) == NULL);
    const nn_generate_kind *random = nn_generate_kind_at(0);
    CHECK(random->rows == 100 && random->features == 10 && random->max_noise == 0);
    CHECK(nn_generate_kind_at(2)->min_features == 2 && nn_generate_kind_at(2)->max_features == 2);
}

/* ---- determinism ---- */

static void a_seed_gives_the_same_table_and_another_seed_another(void)
{
    for (int i = 0; nn_generate_kind_name(i); i++) {
        const char *kind = nn_generate_kind_name(i);
        nn_table *a = gen(kind, 300, DEF, NAN, 7), *b = gen(kind, 300, DEF, NAN, 7);
        nn_table *c = gen(kind, 300, DEF, NAN, 8);
        CHECK(a && b && c);
        if (a && b && c) {
            CHECK(same_tables(a, b));
            CHECK(!same_tables(a, c));
            if (!same_tables(a, b) || same_tables(a, c))
                printf("#   kind %s\n", kind);
        }
        nn_table_free(a);
        nn_table_free(b);
        nn_table_free(c);
    }
}

static void more_rows_extend_the_same_data(void)
{
    for (int i = 0; nn_generate_kind_name(i); i++) {
        nn_table *small = gen(nn_generate_kind_name(i), 50, DEF, NAN, 3);
        nn_table *big = gen(nn_generate_kind_name(i), 120, DEF, NAN, 3);
        CHECK(small && big);
        if (small && big) {
            big->nrows = 50; /* compare the first 50 rows only */
            CHECK(same_tables(small, big));
            big->nrows = 120;
        }
        nn_table_free(small);
        nn_table_free(big);
    }
}

/* ---- shapes, names, types ---- */

static void shapes_names_and_types(void)
{
    static const struct {
        const char *kind;
        size_t rows, features;
        nn_col_type y;
        size_t levels;
        int dated;
    } expect[] = {
        {"random", 100, 10, NN_COL_NUMERIC, 0, 0},   {"linear", 1000, 3, NN_COL_NUMERIC, 0, 0},
        {"xor", 1000, 2, NN_COL_BOOLEAN, 2, 0},      {"circles", 1000, 2, NN_COL_BOOLEAN, 2, 0},
        {"spirals", 1000, 2, NN_COL_BOOLEAN, 2, 0},  {"gauss", 1000, 2, NN_COL_CATEGORICAL, 3, 0},
        {"gbm", 1000, 4, NN_COL_NUMERIC, 0, 1},
    };
    for (size_t e = 0; e < sizeof expect / sizeof expect[0]; e++) {
        nn_table *t = gen(expect[e].kind, DEF, DEF, NAN, 42);
        CHECK(t != NULL);
        if (!t)
            continue;
        CHECK(t->nrows == expect[e].rows);
        CHECK(t->ncols == expect[e].features + 1 + (size_t)expect[e].dated);
        if (expect[e].dated)
            CHECK(strcmp(t->cols[0].name, "date") == 0 && t->cols[0].type == NN_COL_DATE &&
                  t->cols[0].times && !t->cols[0].values);
        for (size_t j = 0; j < expect[e].features; j++) {
            char name[32];
            snprintf(name, sizeof name, "x%zu", j + 1);
            const nn_column *c = &t->cols[j + (size_t)expect[e].dated];
            CHECK(strcmp(c->name, name) == 0 && c->type == NN_COL_NUMERIC && c->missing == 0);
        }
        const nn_column *y = &t->cols[t->ncols - 1];
        CHECK(strcmp(y->name, "y") == 0 && y->type == expect[e].y && y->nlevels == expect[e].levels);
        for (size_t l = 0; l < y->nlevels; l++) {
            char level[32];
            snprintf(level, sizeof level, "%zu", l);
            CHECK(strcmp(y->levels[l], level) == 0);
        }
        for (size_t r = 0; r < t->nrows; r++)
            for (size_t c = 0; c < t->ncols; c++)
                CHECK(!nn_table_missing(t, r, c));
        nn_table_free(t);
    }
    nn_table *t = gen("xor", DEF, DEF, NAN, 42);
    CHECK(t && strcmp(t->source, "generate xor rows=1000 features=2 noise=0 seed=42") == 0);
    nn_table_free(t);
    t = gen("Linear", 10, 5, 0.1, 18446744073709551615u);
    CHECK(t && strcmp(t->source, "generate linear rows=10 features=5 noise=0.1 seed=18446744073709551615") == 0);
    nn_table_free(t);
    t = gen("random", DEF, DEF, 0, 1);
    CHECK(t && strcmp(t->source, "generate random rows=100 features=10 seed=1") == 0);
    nn_table_free(t);
}

/* ---- each kind's rule ---- */

static void random_is_uniform_and_unrelated_to_y(void)
{
    size_t n = 20000;
    nn_table *t = gen("random", n, 3, NAN, 5);
    CHECK(t != NULL);
    if (!t)
        return;
    double *v = malloc(n * sizeof *v), *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++)
        y[i] = col(t, "y")[i];
    for (size_t c = 0; c < t->ncols; c++) {
        float lo = 1, hi = 0;
        for (size_t i = 0; i < n; i++) {
            v[i] = t->cols[c].values[i];
            lo = fminf(lo, t->cols[c].values[i]), hi = fmaxf(hi, t->cols[c].values[i]);
        }
        CHECK(lo >= 0 && lo < 0.001 && hi < 1 && hi > 0.999);
        CHECK_NEAR(mean_of(v, n), 0.5, 4 * sqrt(1.0 / 12 / (double)n));
        CHECK_NEAR(std_of(v, n), sqrt(1.0 / 12), 0.01);
        if (c + 1 < t->ncols) { /* correlation of x with y: 0 within sampling error */
            double mx = mean_of(v, n), my = mean_of(y, n), sxy = 0;
            for (size_t i = 0; i < n; i++)
                sxy += (v[i] - mx) * (y[i] - my);
            double corr = sxy / (double)(n - 1) / (std_of(v, n) * std_of(y, n));
            CHECK_NEAR(corr, 0, 4 / sqrt((double)n));
        }
    }
    free(v);
    free(y);
    nn_table_free(t);
}

/* Least squares of y on [x, 1] by the normal equations (Gauss-Jordan
 * with partial pivoting), p <= 15; beta gets p+1 values, the intercept last.
 * Returns the residual standard deviation. */
static double least_squares(const nn_table *t, size_t p, double *beta)
{
    size_t m = p + 1;
    double a[16][17] = {{0}};
    const float *y = col(t, "y");
    for (size_t r = 0; r < t->nrows; r++) {
        double row[17];
        for (size_t j = 0; j < p; j++)
            row[j] = t->cols[j].values[r];
        row[p] = 1;
        row[m] = y[r];
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j <= m; j++)
                a[i][j] += row[i] * row[j];
    }
    for (size_t k = 0; k < m; k++) {
        size_t best = k;
        for (size_t i = k + 1; i < m; i++)
            if (fabs(a[i][k]) > fabs(a[best][k]))
                best = i;
        for (size_t j = 0; j <= m; j++) {
            double tmp = a[k][j];
            a[k][j] = a[best][j], a[best][j] = tmp;
        }
        for (size_t i = 0; i < m; i++) {
            if (i == k)
                continue;
            double f = a[i][k] / a[k][k];
            for (size_t j = k; j <= m; j++)
                a[i][j] -= f * a[k][j];
        }
    }
    for (size_t i = 0; i < m; i++)
        beta[i] = a[i][m] / a[i][i];
    double ss = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        double fit = beta[p];
        for (size_t j = 0; j < p; j++)
            fit += beta[j] * t->cols[j].values[r];
        ss += (y[r] - fit) * (y[r] - fit);
    }
    return sqrt(ss / (double)(t->nrows - m));
}

static void linear_least_squares_recovers_the_weights(void)
{
    size_t n = 5000, p = 6;
    double noise = 0.5;
    nn_table *exact = gen("linear", n, p, 0, 11), *noisy = gen("linear", n, p, noise, 11);
    CHECK(exact && noisy);
    if (!exact || !noisy) {
        nn_table_free(exact);
        nn_table_free(noisy);
        return;
    }
    double w[16], w_noisy[16];
    /* at noise 0, y is exactly linear in the stored x: residuals are float rounding */
    CHECK(least_squares(exact, p, w) < 1e-5);
    for (size_t j = 0; j <= p; j++)
        CHECK(w[j] >= -1 && w[j] <= 1); /* w and b drawn in [-1, 1] */
    /* same seed, more noise: the same x and w, and y off by noise*N(0,1) */
    CHECK(memcmp(exact->cols[0].values, noisy->cols[0].values, n * sizeof(float)) == 0);
    double resid = least_squares(noisy, p, w_noisy);
    CHECK_NEAR(resid, noise, 4 * noise / sqrt(2.0 * (double)n));
    for (size_t j = 0; j <= p; j++) /* x ~ N(0,1): each coefficient's error ~ noise/sqrt(n) */
        CHECK_NEAR(w_noisy[j], w[j], 4 * noise / sqrt((double)n));
    /* x ~ N(0,1) */
    double *v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = exact->cols[2].values[i];
    CHECK_NEAR(mean_of(v, n), 0, 4 / sqrt((double)n));
    CHECK_NEAR(std_of(v, n), 1, 4 / sqrt(2.0 * (double)n));
    free(v);
    nn_table_free(exact);
    nn_table_free(noisy);
}

static void xor_labels_follow_the_sign_rule_and_noise_flips_them(void)
{
    size_t n = 20000, ones = 0, flipped = 0;
    double noise = 0.2;
    nn_table *clean = gen("xor", n, DEF, 0, 9), *noisy = gen("xor", n, DEF, noise, 9);
    CHECK(clean && noisy);
    if (!clean || !noisy) {
        nn_table_free(clean);
        nn_table_free(noisy);
        return;
    }
    const float *x1 = col(clean, "x1"), *x2 = col(clean, "x2");
    int sign_rule = 1, in_range = 1, same_x = 1;
    for (size_t i = 0; i < n; i++) {
        float want = x1[i] * x2[i] > 0 ? 1.0f : 0.0f;
        sign_rule &= col(clean, "y")[i] == want;
        in_range &= x1[i] >= -1 && x1[i] < 1 && x2[i] >= -1 && x2[i] < 1;
        ones += col(clean, "y")[i] == 1;
        flipped += col(noisy, "y")[i] != want;
        same_x &= col(noisy, "x1")[i] == x1[i] && col(noisy, "x2")[i] == x2[i];
    }
    CHECK(sign_rule && in_range && same_x);
    CHECK_NEAR((double)ones / (double)n, 0.5, 4 * sqrt(0.25 / (double)n));
    CHECK_NEAR((double)flipped / (double)n, noise, 4 * sqrt(noise * (1 - noise) / (double)n));
    nn_table_free(clean);
    nn_table_free(noisy);
}

/* Checks that `noisy` is `clean` (same seed) plus N(0, noise^2) on x1, x2. */
static void check_jitter(const nn_table *clean, const nn_table *noisy, double noise)
{
    size_t n = clean->nrows;
    double *d = malloc(n * sizeof *d);
    for (int c = 0; c < 2; c++) {
        for (size_t i = 0; i < n; i++)
            d[i] = (double)noisy->cols[c].values[i] - (double)clean->cols[c].values[i];
        CHECK_NEAR(mean_of(d, n), 0, 4 * noise / sqrt((double)n));
        CHECK_NEAR(std_of(d, n), noise, 4 * noise / sqrt(2.0 * (double)n));
    }
    CHECK(memcmp(col(clean, "y"), col(noisy, "y"), n * sizeof(float)) == 0);
    free(d);
}

static void circles_have_radii_one_and_a_half(void)
{
    size_t n = 10000;
    nn_table *clean = gen("circles", n, DEF, 0, 4), *noisy = gen("circles", n, DEF, 0.1, 4);
    CHECK(clean && noisy);
    if (!clean || !noisy) {
        nn_table_free(clean);
        nn_table_free(noisy);
        return;
    }
    int radii = 1;
    double sum_cos[2] = {0, 0}, sum_sin[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        double x1 = col(clean, "x1")[i], x2 = col(clean, "x2")[i], y = col(clean, "y")[i];
        radii &= y == (double)(i % 2) && fabs(hypot(x1, x2) - (y == 1 ? 0.5 : 1.0)) < 1e-6;
        sum_cos[i % 2] += x1 / hypot(x1, x2);
        sum_sin[i % 2] += x2 / hypot(x1, x2);
    }
    CHECK(radii);
    for (int c = 0; c < 2; c++) { /* angles uniform: E cos = E sin = 0, var 1/2 */
        CHECK_NEAR(sum_cos[c] / (double)(n / 2), 0, 4 * sqrt(0.5 / (double)(n / 2)));
        CHECK_NEAR(sum_sin[c] / (double)(n / 2), 0, 4 * sqrt(0.5 / (double)(n / 2)));
    }
    check_jitter(clean, noisy, 0.1);
    nn_table_free(clean);
    nn_table_free(noisy);
}

static void spirals_follow_their_arms(void)
{
    size_t n = 10000;
    nn_table *clean = gen("spirals", n, DEF, 0, 6), *noisy = gen("spirals", n, DEF, 0.2, 6);
    CHECK(clean && noisy);
    if (!clean || !noisy) {
        nn_table_free(clean);
        nn_table_free(noisy);
        return;
    }
    /* radius t, angle 3*pi*t + pi*y: the angle, less the arm's, is a whole turn */
    int on_arm = 1;
    double *r = malloc(n * sizeof *r);
    for (size_t i = 0; i < n; i++) {
        double x1 = col(clean, "x1")[i], x2 = col(clean, "x2")[i], y = col(clean, "y")[i];
        r[i] = hypot(x1, x2);
        double off = atan2(x2, x1) - 3 * PI * r[i] - PI * y;
        off -= 2 * PI * round(off / (2 * PI));
        on_arm &= y == (double)(i % 2) && r[i] < 1 && (r[i] < 1e-6 || fabs(off) < 1e-4);
    }
    CHECK(on_arm);
    CHECK_NEAR(mean_of(r, n), 0.5, 4 * sqrt(1.0 / 12 / (double)n)); /* t uniform in [0,1) */
    check_jitter(clean, noisy, 0.2);
    free(r);
    nn_table_free(clean);
    nn_table_free(noisy);
}

static void gauss_blobs_are_balanced_with_the_given_spread(void)
{
    size_t n = 3001, p = 3;
    double noise = 1.5;
    nn_table *clean = gen("gauss", n, p, 0, 2), *noisy = gen("gauss", n, p, noise, 2);
    CHECK(clean && noisy);
    if (!clean || !noisy) {
        nn_table_free(clean);
        nn_table_free(noisy);
        return;
    }
    size_t count[3] = {0, 0, 0};
    const float *y = col(clean, "y");
    for (size_t i = 0; i < n; i++)
        count[(size_t)y[i]]++;
    CHECK(count[0] == 1001 && count[1] == 1000 && count[2] == 1000);
    /* at noise 0 every point of a class is its centre, inside [-5,5]^p */
    int at_centre = 1;
    for (size_t i = 3; i < n; i++)
        for (size_t j = 0; j < p; j++) {
            float v = clean->cols[j].values[i];
            at_centre &= v == clean->cols[j].values[i % 3] && v >= -5 && v <= 5;
        }
    CHECK(at_centre);
    /* with noise, each class spreads around its centre with sd noise per coordinate */
    double *d = malloc(n / 3 * sizeof *d);
    for (size_t c = 0; c < 3; c++)
        for (size_t j = 0; j < p; j++) {
            size_t m = 0;
            for (size_t i = c; i < n && m < n / 3; i += 3)
                d[m++] = (double)noisy->cols[j].values[i] - clean->cols[j].values[c];
            CHECK_NEAR(mean_of(d, m), 0, 4 * noise / sqrt((double)m));
            CHECK_NEAR(std_of(d, m), noise, 4 * noise / sqrt(2.0 * (double)m));
        }
    CHECK(memcmp(y, col(noisy, "y"), n * sizeof *y) == 0);
    free(d);
    nn_table_free(clean);
    nn_table_free(noisy);
}

/* ---- gbm ---- */

static void gbm_dates_are_business_days_from_2020(void)
{
    nn_table *t = gen("gbm", 2000, 2, NAN, 1);
    CHECK(t != NULL);
    if (!t)
        return;
    static const char *const first[] = {"2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06",
                                        "2020-01-07"};
    for (size_t i = 0; i < 5; i++) {
        char cell[32];
        nn_table_cell(t, i, 0, cell, sizeof cell);
        CHECK(strcmp(cell, first[i]) == 0);
    }
    int weekdays = 1, gaps = 1, positive = 1;
    for (size_t i = 0; i < t->nrows; i++) {
        int wd;
        nn_date_calendar(t->cols[0].times[i], NULL, NULL, NULL, &wd);
        weekdays &= wd <= 4;
        if (i > 0) { /* one day apart, three over a weekend */
            double gap = (t->cols[0].times[i] - t->cols[0].times[i - 1]) / 86400;
            gaps &= gap == (wd == 0 ? 3 : 1);
        }
        for (size_t c = 1; c < t->ncols; c++)
            positive &= t->cols[c].values[i] > 0;
    }
    CHECK(weekdays && gaps && positive);
    /* row 1999: 1999 business days after 2020-01-01 (numpy.busday_offset) */
    char cell[32];
    nn_table_cell(t, 1999, 0, cell, sizeof cell);
    CHECK(strcmp(cell, "2027-08-31") == 0);
    nn_table_free(t);
}

static void gbm_log_returns_have_the_drift_and_volatility(void)
{
    size_t n = 10000, series = 21;
    double dt = 1.0 / 252, noise = 2;
    nn_table *flat = gen("gbm", n, series - 1, 0, 13), *moving = gen("gbm", n, series - 1, noise, 13);
    nn_table *calm = gen("gbm", n, series - 1, 1, 13);
    CHECK(flat && moving && calm);
    if (!flat || !moving || !calm) {
        nn_table_free(flat);
        nn_table_free(moving);
        nn_table_free(calm);
        return;
    }
    double *lr = malloc((n - 1) * sizeof *lr), *calm_lr = malloc((n - 1) * sizeof *lr);
    double pooled_z = 0; /* sums the standardised errors of the mean over the series */
    for (size_t s = 1; s <= series; s++) {
        const float *pf = flat->cols[s].values, *pm = moving->cols[s].values, *pc = calm->cols[s].values;
        /* noise 0: sigma 0, so every log return is mu*dt, mu in [-0.05, 0.15] */
        double mu = log((double)pf[n - 1] / pf[0]) / (double)(n - 1) / dt;
        CHECK(mu >= -0.05 - 1e-4 && mu <= 0.15 + 1e-4);
        CHECK_NEAR(log((double)pf[1] / pf[0]) / dt, mu, 1e-3);
        CHECK(pf[0] == pm[0] && pm[0] >= 10 && pm[0] < 200); /* first price U[10,200) */
        for (size_t i = 0; i + 1 < n; i++) {
            lr[i] = log((double)pm[i + 1] / pm[i]);
            calm_lr[i] = log((double)pc[i + 1] / pc[i]);
        }
        double sd = std_of(lr, n - 1), sigma = sd / sqrt(dt);
        /* sigma = U[0.1, 0.4] * noise (estimated within ~1.4% here) */
        CHECK(sigma > 0.1 * noise * 0.95 && sigma < 0.4 * noise * 1.05);
        /* mean log return (mu - sigma^2/2) dt, within 4 standard errors */
        double se = sd / sqrt((double)(n - 1));
        CHECK_NEAR(mean_of(lr, n - 1), (mu - sigma * sigma / 2) * dt, 4 * se);
        pooled_z += (mean_of(lr, n - 1) - (mu - sigma * sigma / 2) * dt) / se;
        /* the same shocks at noise 1: half the volatility exactly */
        CHECK_CLOSE(std_of(calm_lr, n - 1) * noise, sd, 1e-3);
        /* independent days: lag-1 autocorrelation 0; normal shocks: excess kurtosis 0 */
        double m = mean_of(lr, n - 1), ac = 0, k4 = 0;
        for (size_t i = 0; i + 1 < n; i++) {
            double z = (lr[i] - m) / sd;
            k4 += z * z * z * z;
            if (i + 2 < n)
                ac += z * (lr[i + 1] - m) / sd;
        }
        CHECK_NEAR(ac / (double)(n - 2), 0, 4 / sqrt((double)n));
        CHECK_NEAR(k4 / (double)(n - 1) - 3, 0, 5 * sqrt(24.0 / (double)n)); /* skewed: 5 se */
    }
    /* pooled over the series, N(0,1): would be about 7 without the -sigma^2/2 */
    CHECK_NEAR(pooled_z / sqrt((double)series), 0, 4);
    free(lr);
    free(calm_lr);
    nn_table_free(flat);
    nn_table_free(moving);
    nn_table_free(calm);
}

/* min, mean and max of v[0..n) */
static void spread(const double *v, size_t n, double *lo, double *mean, double *hi)
{
    *lo = *hi = v[0];
    for (size_t i = 1; i < n; i++)
        *lo = fmin(*lo, v[i]), *hi = fmax(*hi, v[i]);
    *mean = mean_of(v, n);
}

static void gbm_parameters_spread_as_documented(void)
{
    size_t n = 2000, series = 1000;
    double dt = 1.0 / 252;
    nn_table *flat = gen("gbm", n, series - 1, 0, 21), *moving = gen("gbm", n, series - 1, 1, 21);
    CHECK(flat && moving);
    if (!flat || !moving) {
        nn_table_free(flat);
        nn_table_free(moving);
        return;
    }
    double *mu = malloc(series * sizeof *mu), *sigma = malloc(series * sizeof *sigma);
    double *start = malloc(series * sizeof *start), *lr = malloc((n - 1) * sizeof *lr);
    for (size_t s = 0; s < series; s++) {
        const float *pf = flat->cols[s + 1].values, *pm = moving->cols[s + 1].values;
        mu[s] = log((double)pf[n - 1] / pf[0]) / (double)(n - 1) / dt;
        for (size_t i = 0; i + 1 < n; i++)
            lr[i] = log((double)pm[i + 1] / pm[i]);
        sigma[s] = std_of(lr, n - 1) / sqrt(dt); /* standard error 1/sqrt(2n) = 1.6% */
        start[s] = pm[0];
    }
    /* uniform over [a,b]: mean (a+b)/2 with standard error (b-a)/sqrt(12 series);
     * the extremes of 1000 draws lie within about 1% of the width of the ends
     * (sigma's extremes within 5 standard errors of its estimate, 8%) */
    double lo, mean, hi;
    spread(mu, series, &lo, &mean, &hi);
    CHECK(lo >= -0.0501 && lo < -0.045 && hi <= 0.1501 && hi > 0.145);
    CHECK_NEAR(mean, 0.05, 4 * 0.2 / sqrt(12.0 * (double)series));
    spread(sigma, series, &lo, &mean, &hi);
    CHECK(lo > 0.1 * 0.92 && lo < 0.1 * 1.08 && hi > 0.4 * 0.92 && hi < 0.4 * 1.08);
    CHECK_NEAR(mean, 0.25, 4 * 0.3 / sqrt(12.0 * (double)series) + 0.25 * 0.002);
    spread(start, series, &lo, &mean, &hi);
    CHECK(lo >= 10 && lo < 12 && hi < 200 && hi > 198);
    CHECK_NEAR(mean, 105, 4 * 190 / sqrt(12.0 * (double)series));
    free(mu);
    free(sigma);
    free(start);
    free(lr);
    nn_table_free(flat);
    nn_table_free(moving);
}

static void gbm_works_with_a_log_return_window(void)
{
    nn_table *t = gen("gbm", DEF, DEF, NAN, 42);
    CHECK(t != NULL);
    if (!t)
        return;
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "target y", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "window 20 on=y as=logreturn", &err) == 0);
    nn_prepared p;
    int rc = nn_recipe_prepare(r, t, &p, NULL, &err);
    CHECK(rc == 0);
    if (rc == 0) {
        /* 20 log returns need 21 prices and the target one more: windows end on
         * rows 20 .. 998 (979); the default chronological split purges the
         * last training and the last validation row, whose targets lie in
         * the next part */
        CHECK(p.nrows == 979 - 2);
        CHECK(p.nfeatures == 20 + 4); /* y's 20 lagged log returns, x1..x4 as they are */
        CHECK(p.windowed && p.task == NN_TASK_REGRESSION && p.time != NULL);
        const float *y = col(t, "y");
        int targets = 1;
        for (size_t i = 0; i < p.nrows; i++) {
            size_t s = p.source_row[i];
            targets &= s >= 20 && s + 1 < 1000 &&
                       fabs(p.y_raw[i] - log((double)y[s + 1] / y[s])) < 1e-6;
        }
        CHECK(targets);
        for (size_t k = p.begin[NN_PART_TRAIN]; k + 1 < p.begin[NN_PART_TRAIN + 1]; k++)
            CHECK(p.time[k] < p.time[k + 1]); /* chronological split by the date column */
        nn_prepared_free(&p);
    } else {
        printf("# %s\n", err.msg);
    }
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- refusals ---- */

static void bad_arguments_are_refused_by_name(void)
{
    const char *m = refusal("xo", DEF, DEF, NAN);
    CHECK(strcmp(m, "generate: unknown kind 'xo': expected random, linear, xor, circles, spirals, "
                    "gauss or gbm") == 0);
    CHECK(strcmp(refusal("xor", DEF, 3, NAN), "generate xor: features=3: xor has 2 features") == 0);
    CHECK(strcmp(refusal("linear", 0, DEF, NAN),
                 "generate linear: rows=0: expected 1 to 10000000 rows") == 0);
    CHECK(strcmp(refusal("linear", DEF, 0, NAN),
                 "generate linear: features=0: expected 1 to 1000 features") == 0);
    CHECK(strcmp(refusal("gauss", 10, 1001, NAN),
                 "generate gauss: features=1001: expected 1 to 1000 features") == 0);
    CHECK(strcmp(refusal("random", 10000000, 100, NAN),
                 "generate random: rows=10000000 features=100: too large (at most 100000000 values)") == 0);
    CHECK(strcmp(refusal("linear", DEF, DEF, -1),
                 "generate linear: noise=-1: expected 0 to 1000 (the standard deviation added to y)") == 0);
    CHECK(strcmp(refusal("circles", DEF, DEF, INFINITY),
                 "generate circles: noise=inf: expected 0 to 1000 (the standard deviation added to x1 and x2)") == 0);
    CHECK(strcmp(refusal("xor", DEF, DEF, 0.7),
                 "generate xor: noise=0.7: expected 0 to 0.5 (the share of labels flipped)") == 0);
    CHECK(strcmp(refusal("random", DEF, DEF, 0.5), "generate random: noise=0.5: random has no noise") == 0);
    CHECK(strcmp(refusal("random", DEF, DEF, 0), "") == 0); /* noise 0 is no noise */
    m = refusal("gbm", 1000000, 1, 5);
    CHECK(strncmp(m, "generate gbm: rows=1000000: ", 28) == 0 && strstr(m, "leaves the float range"));
}

/* A German user's locale (decimal comma) changes no message and no source. */
static void numbers_are_written_in_the_c_locale(void)
{
    const char *ok = setlocale(LC_ALL, "de_DE.UTF-8");
    if (!ok || localeconv()->decimal_point[0] != ',') {
        printf("# no German locale here: checked in the C locale only\n");
        setlocale(LC_ALL, "C");
    }
    CHECK(strcmp(refusal("xor", DEF, DEF, 0.75),
                 "generate xor: noise=0.75: expected 0 to 0.5 (the share of labels flipped)") == 0);
    nn_table *t = gen("circles", 5, DEF, 0.25, 3);
    CHECK(t && strcmp(t->source, "generate circles rows=5 features=2 noise=0.25 seed=3") == 0);
    nn_table_free(t);
    setlocale(LC_ALL, "C");
}

int main(void)
{
    TEST(kinds_are_listed_with_help_and_defaults);
    TEST(a_seed_gives_the_same_table_and_another_seed_another);
    TEST(more_rows_extend_the_same_data);
    TEST(shapes_names_and_types);
    TEST(random_is_uniform_and_unrelated_to_y);
    TEST(linear_least_squares_recovers_the_weights);
    TEST(xor_labels_follow_the_sign_rule_and_noise_flips_them);
    TEST(circles_have_radii_one_and_a_half);
    TEST(spirals_follow_their_arms);
    TEST(gauss_blobs_are_balanced_with_the_given_spread);
    TEST(gbm_dates_are_business_days_from_2020);
    TEST(gbm_log_returns_have_the_drift_and_volatility);
    TEST(gbm_parameters_spread_as_documented);
    TEST(gbm_works_with_a_log_return_window);
    TEST(bad_arguments_are_refused_by_name);
    TEST(numbers_are_written_in_the_c_locale);
    return tap_done();
}
