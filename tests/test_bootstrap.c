/* The percentile bootstrap of evaluate's reports, by the properties a user
 * relies on when reading "auc=0.84 [0.79,0.88]": the interval holds the
 * figure of the full rows, narrows as rows are added (about as 1/sqrt(n)),
 * is as wide as the textbook normal approximation where there is one
 * (accuracy: 1.96 sqrt(p(1-p)/n); rmse of normal errors: 1.96 sigma /
 * sqrt(2n)), covers the true value in about 95% of datasets drawn from a
 * known process, and is the same for the same seed.  The data come from
 * the test's own generator. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/bootstrap.h"
#include "lcg_random.h"
#include "tap.h"

#define B NN_BOOTSTRAP_RESAMPLES

/* n rows of a binary classifier: class 1 with probability 0.6, scores that
 * separate the classes partly, so that accuracy is near `right`. */
static void classifier_rows(int *truth, double *prob, size_t n, double right)
{
    for (size_t i = 0; i < n; i++) {
        truth[i] = uniform01() < 0.6;
        int called = uniform01() < right ? truth[i] : !truth[i];
        prob[i] = called ? 0.5 + 0.5 * uniform01() : 0.5 * uniform01();
    }
}

typedef struct {
    nn_classification_report full, lo, hi;
} class_spread;

static void class_spread_of(class_spread *s, const int *truth, const double *prob, size_t n,
                            uint64_t seed)
{
    nn_error err = {{0}};
    CHECK(nn_classification_report_fill(&s->full, truth, prob, n, 1, &err) == 0);
    CHECK(nn_classification_bootstrap(&s->lo, &s->hi, truth, prob, n, 1, B, seed, &err) == 0);
    nn_classification_report_free(&s->full);
}

#define HOLDS(s, field) ((s).lo.field <= (s).full.field && (s).full.field <= (s).hi.field)
#define WIDTH(s, field) ((s).hi.field - (s).lo.field)

static void holds_the_figure_and_narrows_with_rows(void)
{
    enum { SMALL = 200, LARGE = 2000 };
    static int truth[LARGE];
    static double prob[LARGE];
    lcg_seed(1);
    classifier_rows(truth, prob, LARGE, 0.8);
    class_spread a, b;
    class_spread_of(&a, truth, prob, SMALL, 7);
    class_spread_of(&b, truth, prob, LARGE, 7);
    CHECK(HOLDS(a, accuracy) && HOLDS(a, precision) && HOLDS(a, recall));
    CHECK(HOLDS(a, f1) && HOLDS(a, auc) && HOLDS(a, logloss));
    CHECK(HOLDS(b, accuracy) && HOLDS(b, precision) && HOLDS(b, recall));
    CHECK(HOLDS(b, f1) && HOLDS(b, auc) && HOLDS(b, logloss));
    /* ten times the rows: about sqrt(10) = 3.2 times narrower */
    printf("#   accuracy width %.4f -> %.4f, auc %.4f -> %.4f\n", WIDTH(a, accuracy),
           WIDTH(b, accuracy), WIDTH(a, auc), WIDTH(b, auc));
    CHECK(WIDTH(b, accuracy) < 0.5 * WIDTH(a, accuracy) && WIDTH(b, accuracy) > 0.15 * WIDTH(a, accuracy));
    CHECK(WIDTH(b, auc) < 0.5 * WIDTH(a, auc) && WIDTH(b, auc) > 0.15 * WIDTH(a, auc));
    CHECK(WIDTH(b, logloss) < 0.5 * WIDTH(a, logloss));
}

/* accuracy is a mean of 0/1: its interval is about 2 x 1.96 sqrt(p(1-p)/n) */
static void accuracy_width_is_the_normal_approximation(void)
{
    enum { N = 500 };
    static int truth[N];
    static double prob[N];
    lcg_seed(2);
    classifier_rows(truth, prob, N, 0.8);
    class_spread s;
    class_spread_of(&s, truth, prob, N, 3);
    double p = s.full.accuracy, normal_width = 2.0 * 1.96 * sqrt(p * (1.0 - p) / N);
    printf("#   accuracy %.4f: width %.4f, normal approximation %.4f\n", p, WIDTH(s, accuracy),
           normal_width);
    CHECK_NEAR(WIDTH(s, accuracy), normal_width, 0.15 * normal_width);
    /* and centred on the figure */
    double mid = 0.5 * (s.lo.accuracy + s.hi.accuracy);
    CHECK_NEAR(mid, p, 0.2 * normal_width);
}

/* Over datasets drawn from a process whose accuracy is known (0.75), the
 * interval holds it in about 95% of them. */
static void accuracy_interval_covers_the_truth(void)
{
    enum { N = 150, DATASETS = 200 };
    static int truth[N];
    static double prob[N];
    lcg_seed(3);
    int covered = 0;
    for (int d = 0; d < DATASETS; d++) {
        classifier_rows(truth, prob, N, 0.75);
        class_spread s;
        class_spread_of(&s, truth, prob, N, (uint64_t)d);
        covered += s.lo.accuracy <= 0.75 && 0.75 <= s.hi.accuracy;
    }
    printf("#   coverage %d of %d\n", covered, DATASETS);
    /* 95% of 200 is 190, with a binomial sd of about 3 (percentile
     * intervals of a small n run a little short) */
    CHECK(covered >= 178 && covered <= 199);
}

/* Errors normal with sd sigma: rmse ~ sigma, its sd ~ sigma / sqrt(2n). */
static void rmse_width_is_the_normal_approximation(void)
{
    enum { N = 800 };
    static double truth[N], pred[N];
    const double sigma = 3.0;
    lcg_seed(4);
    for (size_t i = 0; i < N; i++) {
        truth[i] = 100.0 + 10.0 * normal();
        pred[i] = truth[i] + sigma * normal();
    }
    nn_regression_report full, lo, hi;
    nn_error err = {{0}};
    CHECK(nn_regression_report_fill(&full, truth, pred, N, NN_FORECAST_NONE, NULL, &err) == 0);
    CHECK(nn_regression_bootstrap(&lo, &hi, truth, pred, N, NN_FORECAST_NONE, NULL, B, 5, &err) == 0);
    double want = 2.0 * 1.96 * full.rmse / sqrt(2.0 * N);
    printf("#   rmse %.4f: width %.4f, normal approximation %.4f\n", full.rmse, hi.rmse - lo.rmse,
           want);
    CHECK_NEAR(hi.rmse - lo.rmse, want, 0.15 * want);
    CHECK(lo.rmse <= full.rmse && full.rmse <= hi.rmse);
    CHECK(lo.mae <= full.mae && full.mae <= hi.mae);
    CHECK(lo.r2 <= full.r2 && full.r2 <= hi.r2);
    CHECK(isnan(lo.directional_accuracy) && isnan(hi.always_up)); /* not a forecast */
}

/* Directional accuracy is a share of the moved rows only: its width
 * follows their count m, not all n rows. */
static void directional_width_counts_moved_rows(void)
{
    enum { N = 1000 };
    static double truth[N], pred[N];
    lcg_seed(6);
    size_t moved = 0;
    for (size_t i = 0; i < N; i++) {
        truth[i] = uniform01() < 0.5 ? 0.0 : normal(); /* half the days flat */
        pred[i] = 0.5 * truth[i] + 0.5 * normal();
        moved += truth[i] != 0.0;
    }
    nn_regression_report full, lo, hi;
    nn_error err = {{0}};
    CHECK(nn_regression_report_fill(&full, truth, pred, N, NN_FORECAST_RETURN, NULL, &err) == 0);
    CHECK(nn_regression_bootstrap(&lo, &hi, truth, pred, N, NN_FORECAST_RETURN, NULL, B, 5, &err) == 0);
    CHECK(full.moved == moved);
    double p = full.directional_accuracy, want = 2.0 * 1.96 * sqrt(p * (1.0 - p) / (double)moved);
    printf("#   directional accuracy %.4f over %zu moved rows: width %.4f, normal %.4f\n", p,
           moved, hi.directional_accuracy - lo.directional_accuracy, want);
    CHECK_NEAR(hi.directional_accuracy - lo.directional_accuracy, want, 0.2 * want);
    CHECK(lo.always_up <= full.always_up && full.always_up <= hi.always_up);
}

static void seeded_and_paired(void)
{
    enum { N = 300 };
    static int truth[N];
    static double prob[N], constant[N];
    lcg_seed(8);
    classifier_rows(truth, prob, N, 0.7);
    class_spread a, b, c;
    class_spread_of(&a, truth, prob, N, 11);
    class_spread_of(&b, truth, prob, N, 11);
    class_spread_of(&c, truth, prob, N, 12);
    CHECK(a.lo.auc == b.lo.auc && a.hi.accuracy == b.hi.accuracy && a.lo.logloss == b.lo.logloss);
    CHECK(a.lo.auc != c.lo.auc || a.hi.auc != c.hi.auc);
    /* constant scores: every resample's AUC is exactly one half */
    for (size_t i = 0; i < N; i++)
        constant[i] = 0.6;
    class_spread_of(&a, truth, constant, N, 11);
    CHECK(a.lo.auc == 0.5 && a.hi.auc == 0.5);
}

/* Three rows, one positive: many resamples hold one class and have no AUC;
 * those are left out, not counted as NaN or 0. */
static void undefined_resamples_are_left_out(void)
{
    const int truth[3] = {1, 0, 0};
    const double prob[3] = {0.9, 0.2, 0.4};
    nn_classification_report lo, hi;
    nn_error err = {{0}};
    CHECK(nn_classification_bootstrap(&lo, &hi, truth, prob, 3, 1, B, 1, &err) == 0);
    CHECK(lo.auc == 1.0 && hi.auc == 1.0);
    CHECK(lo.confusion == NULL && hi.confusion == NULL);
    CHECK(nn_classification_bootstrap(&lo, &hi, truth, prob, 3, 1, 0, 1, &err) == -1);
    CHECK(nn_classification_bootstrap(&lo, &hi, truth, prob, 0, 1, B, 1, &err) == -1);
}

int main(void)
{
    TEST(holds_the_figure_and_narrows_with_rows);
    TEST(accuracy_width_is_the_normal_approximation);
    TEST(accuracy_interval_covers_the_truth);
    TEST(rmse_width_is_the_normal_approximation);
    TEST(directional_width_counts_moved_rows);
    TEST(seeded_and_paired);
    TEST(undefined_resamples_are_left_out);
    return tap_done();
}
