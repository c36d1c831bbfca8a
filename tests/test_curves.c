/* ROC and precision-recall curves, the best-F1 threshold and the metrics
 * at a chosen threshold (engine/evaluate_curves.h, evaluate_class.h),
 * against scikit-learn: tests/fixtures/make_curves_reference.py. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/bootstrap.h"
#include "engine/evaluate.h"
#include "engine/evaluate_curves.h"
#include "fixtures/curves_reference.h"
#include "tap.h"

#define TOL 1e-12

static nn_binary_curves fill(void)
{
    nn_binary_curves c;
    nn_error err = {{0}};
    CHECK(nn_binary_curves_fill(&c, curve_truth, curve_prob, CURVE_ROWS, &err) == 0);
    return c;
}

/* Every ROC point at the same threshold as sklearn's, the area too. */
static void roc_matches_sklearn(void)
{
    nn_binary_curves c = fill();
    CHECK(c.n == CURVE_ROC_POINTS);
    CHECK(isinf(c.threshold[0]));
    for (size_t i = 0; i < c.n && i < CURVE_ROC_POINTS; i++) {
        if (i > 0)
            CHECK(c.threshold[i] == curve_roc_threshold[i]);
        CHECK_NEAR(c.fpr[i], curve_roc_fpr[i], TOL);
        CHECK_NEAR(c.tpr[i], curve_roc_tpr[i], TOL);
    }
    CHECK_NEAR(c.auc, curve_auc, TOL);
    unsigned char positive[CURVE_ROWS];
    for (size_t i = 0; i < CURVE_ROWS; i++)
        positive[i] = (unsigned char)curve_truth[i];
    CHECK_NEAR(nn_roc_auc(positive, curve_prob, CURVE_ROWS), c.auc, TOL); /* the report's AUC agrees */
    nn_binary_curves_free(&c);
}

/* sklearn's PR points (it stops at full recall) are among ours, at the
 * same thresholds; the last is recall 0, precision 1, as our first. */
static void precision_recall_matches_sklearn(void)
{
    nn_binary_curves c = fill();
    CHECK_NEAR(c.average_precision, curve_average_precision, TOL);
    CHECK(c.precision[0] == 1.0 && c.tpr[0] == 0.0);
    for (size_t k = 0; k + 1 < CURVE_PR_POINTS; k++) {
        size_t i = 1;
        while (i < c.n && c.threshold[i] != curve_pr_threshold[k])
            i++;
        CHECK(i < c.n);
        if (i == c.n)
            continue;
        CHECK_NEAR(c.precision[i], curve_pr_precision[k], TOL);
        CHECK_NEAR(c.tpr[i], curve_pr_recall[k], TOL);
    }
    nn_binary_curves_free(&c);
}

static void best_f1_threshold(void)
{
    nn_binary_curves c = fill();
    CHECK_NEAR(c.best_f1, curve_best_f1, TOL);
    CHECK(c.best_at == curve_best_at);
    CHECK(c.best_below == curve_best_below);
    nn_binary_curves_free(&c);
}

/* evaluate threshold=T: the class-dependent figures move, auc and log
 * loss do not; the bootstrap decides each resample at T too. */
static void metrics_at_a_threshold(void)
{
    nn_classification_report r, half, lo, hi;
    nn_error err = {{0}};
    CHECK(nn_classification_report_fill_at(&r, curve_truth, curve_prob, CURVE_ROWS, 1, curve_at, &err) == 0);
    CHECK(nn_classification_report_fill(&half, curve_truth, curve_prob, CURVE_ROWS, 1, &err) == 0);
    CHECK_NEAR(r.accuracy, curve_at_accuracy, TOL);
    CHECK_NEAR(r.precision, curve_at_precision, TOL);
    CHECK_NEAR(r.recall, curve_at_recall, TOL);
    CHECK_NEAR(r.f1, curve_at_f1, TOL);
    for (int i = 0; i < 4; i++)
        CHECK(r.confusion[i] == (size_t)curve_at_confusion[i]);
    CHECK(r.auc == half.auc && r.logloss == half.logloss);
    CHECK(r.recall > half.recall); /* a lower threshold flags more rows */
    CHECK(nn_classification_bootstrap_at(&lo, &hi, curve_truth, curve_prob, CURVE_ROWS, 1, curve_at, 200, 7, &err) == 0);
    CHECK(lo.recall <= r.recall && r.recall <= hi.recall);
    CHECK(lo.recall > half.recall); /* resampled at 0.3, not 0.5 */
    nn_classification_report_free(&r);
    nn_classification_report_free(&half);
}

static void refuses_what_has_no_curve(void)
{
    nn_binary_curves c;
    nn_error err = {{0}};
    const int ones[3] = {1, 1, 1}, odd[2] = {0, 2};
    const double p[3] = {0.1, 0.5, 0.9}, bad[2] = {0.1, NAN};
    CHECK(nn_binary_curves_fill(&c, ones, p, 3, &err) == -1);
    CHECK(strstr(err.msg, "class 1 only") != NULL);
    CHECK(nn_binary_curves_fill(&c, odd, p, 2, &err) == -1);
    CHECK(strstr(err.msg, "row 2") != NULL);
    const int both[2] = {0, 1};
    CHECK(nn_binary_curves_fill(&c, both, bad, 2, &err) == -1);
    CHECK(strstr(err.msg, "NaN") != NULL);
    CHECK(nn_binary_curves_fill(&c, both, p, 0, &err) == -1);
    CHECK(c.threshold == NULL);
}

int main(void)
{
    TEST(roc_matches_sklearn);
    TEST(precision_recall_matches_sklearn);
    TEST(best_f1_threshold);
    TEST(metrics_at_a_threshold);
    TEST(refuses_what_has_no_curve);
    return tap_done();
}
