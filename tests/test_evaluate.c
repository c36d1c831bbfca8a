/* Evaluation: regression and classification reports, and the baseline
 * lines beside them, agree with scikit-learn and numpy on seeded datasets
 * (level and return forecasts, tied scores, a class never predicted, a class
 * absent from the truth, constant outputs); hand cases pin the edges a user
 * meets: perfect predictions, a constant truth (r2 and AUC undefined, NaN),
 * all-zero targets in mape, 50/50 majority ties, and bad input refused with
 * a message naming the row.
 * Reference values: tests/fixtures/make_evaluate_reference.py. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/evaluate.h"
#include "fixtures/evaluate_reference.h"
#include "tap.h"

#define NCASES(a) (sizeof(a) / sizeof *(a))
#define TOL 1e-9

/* Equal, or both NaN (undefined on both sides). */
#define CHECK_SAME(a, b)                                                             \
    do {                                                                             \
        double a_ = (a), b_ = (b);                                                   \
        if (isnan(b_))                                                               \
            CHECK(isnan(a_));                                                        \
        else                                                                         \
            CHECK_CLOSE(a_, b_, TOL);                                                \
    } while (0)

/* --- regression against numpy / scikit-learn ------------------------------------ */

static void check_regression(const nn_regression_report *r, const ref_regression_metrics *want,
                             size_t n)
{
    CHECK(r->n == n);
    CHECK_SAME(r->rmse, want->rmse);
    CHECK_SAME(r->mae, want->mae);
    CHECK_SAME(r->mape, want->mape);
    CHECK_SAME(r->r2, want->r2);
    CHECK_SAME(r->directional_accuracy, want->directional_accuracy);
    CHECK_SAME(r->always_up, want->always_up);
    CHECK(r->mape_skipped == want->mape_skipped);
}

static void regression_matches_sklearn(void)
{
    for (size_t c = 0; c < NCASES(ref_regressions); c++) {
        const ref_regression *d = &ref_regressions[c];
        printf("# %s\n", d->name);
        nn_regression_report r;
        nn_error err = {{0}};
        CHECK(nn_regression_report_fill(&r, d->truth, d->pred, d->n, d->kind, d->reference,
                                        &err) == 0);
        check_regression(&r, &d->model, d->n);
    }
}

/* persistence for levels, zero for returns, the training mean otherwise */
static void regression_baselines_match(void)
{
    for (size_t c = 0; c < NCASES(ref_regressions); c++) {
        const ref_regression *d = &ref_regressions[c];
        printf("# %s\n", d->name);
        double *base = malloc(d->n * sizeof *base);
        nn_regression_report r;
        nn_error err = {{0}};
        CHECK(nn_regression_baseline(base, d->n, d->kind, d->reference, d->train, d->ntrain,
                                     &err) == 0);
        CHECK(nn_regression_report_fill(&r, d->truth, base, d->n, d->kind, d->reference,
                                        &err) == 0);
        check_regression(&r, &d->baseline, d->n);
        free(base);
    }
}

static void pure_regression_functions_agree(void)
{
    const ref_regression *d = &ref_regressions[1]; /* returns: zeros in the truth */
    size_t skipped = 99;
    CHECK_CLOSE(nn_rmse(d->truth, d->pred, d->n), d->model.rmse, TOL);
    CHECK_CLOSE(nn_mae(d->truth, d->pred, d->n), d->model.mae, TOL);
    CHECK_CLOSE(nn_mape(d->truth, d->pred, d->n, &skipped), d->model.mape, TOL);
    CHECK(skipped == d->model.mape_skipped);
    CHECK_CLOSE(nn_r2(d->truth, d->pred, d->n), d->model.r2, TOL);
    CHECK_CLOSE(nn_directional_accuracy(d->truth, d->pred, NULL, d->n),
                d->model.directional_accuracy, TOL);
}

/* --- regression by hand ------------------------------------------------------------ */

static void perfect_regression(void)
{
    const double truth[4] = {101, 99, 100.5, 102}, last[4] = {100, 101, 99, 100.5};
    nn_regression_report r;
    nn_error err = {{0}};
    CHECK(nn_regression_report_fill(&r, truth, truth, 4, NN_FORECAST_LEVEL, last, &err) == 0);
    CHECK(r.rmse == 0.0 && r.mae == 0.0 && r.mape == 0.0);
    CHECK(r.r2 == 1.0);
    CHECK(r.directional_accuracy == 1.0);
    CHECK(r.mape_skipped == 0);
}

/* errors 1, -2, 3 on truths 2, 4, -6: rmse sqrt(14/3), mae 2, mape
 * (50 + 50 + 50) / 3 = 50 %; mean 0, SStot 56, SSres 14, r2 0.75. */
static void hand_regression(void)
{
    const double truth[3] = {2, 4, -6}, pred[3] = {3, 2, -3};
    nn_regression_report r;
    nn_error err = {{0}};
    CHECK(nn_regression_report_fill(&r, truth, pred, 3, NN_FORECAST_NONE, NULL, &err) == 0);
    CHECK_NEAR(r.rmse, sqrt(14.0 / 3.0), 1e-15);
    CHECK_NEAR(r.mae, 2.0, 1e-15);
    CHECK_NEAR(r.mape, 50.0, 1e-12);
    CHECK_NEAR(r.r2, 0.75, 1e-15);
    CHECK(isnan(r.directional_accuracy)); /* not a forecast */
}

/* Only the rows whose truth moved count: up/up right, down/up wrong,
 * flat/flat and flat/up left out, down/flat wrong (no direction called), so
 * 1 of 3; always up scores 1 of 3 (one of the three moved rows rose). */
static void hand_directional_accuracy(void)
{
    const double last[5] = {10, 10, 10, 10, 10};
    const double truth[5] = {11, 9, 10, 10, 9}, pred[5] = {10.5, 10.2, 10, 10.1, 10};
    CHECK_NEAR(nn_directional_accuracy(truth, pred, last, 5), 1.0 / 3.0, 1e-15);
    const double rtruth[5] = {0.01, -0.02, 0, 0, -0.03}, rpred[5] = {0.002, 0.001, 0, 0.001, 0};
    CHECK_NEAR(nn_directional_accuracy(rtruth, rpred, NULL, 5), 1.0 / 3.0, 1e-15);
    nn_regression_report r;
    nn_error err = {{0}};
    CHECK(nn_regression_report_fill(&r, rtruth, rpred, 5, NN_FORECAST_RETURN, NULL, &err) == 0);
    CHECK_NEAR(r.always_up, 1.0 / 3.0, 1e-15);
    CHECK(r.moved == 3 && r.n == 5);
    /* the zero-change baseline calls no direction at all */
    const double zero[5] = {0};
    CHECK(nn_regression_report_fill(&r, rtruth, zero, 5, NN_FORECAST_RETURN, NULL, &err) == 0);
    CHECK(r.directional_accuracy == 0.0);
    /* nothing moved: undefined */
    CHECK(isnan(nn_directional_accuracy(zero, rpred, NULL, 5)));
}

/* A row drawn k times weighs as k copies of it: the weighted report equals
 * the plain one of the rows written out (row 2 dropped, row 3 doubled...). */
static void weights_are_copies(void)
{
    const ref_regression *d = &ref_regressions[1]; /* returns, with zeros */
    unsigned count[200];
    double truth[800], pred[800];
    size_t m = 0;
    for (size_t i = 0; i < d->n; i++) {
        count[i] = (unsigned)((i * 7) % 4); /* 0, 3, 2, 1, 0, ... */
        for (unsigned k = 0; k < count[i]; k++)
            truth[m] = d->truth[i], pred[m++] = d->pred[i];
    }
    nn_regression_report w, full;
    nn_error err = {{0}};
    nn_regression_report_weighted(&w, d->truth, d->pred, count, d->n, NN_FORECAST_RETURN, NULL);
    CHECK(nn_regression_report_fill(&full, truth, pred, m, NN_FORECAST_RETURN, NULL, &err) == 0);
    CHECK(w.n == m && w.mape_skipped == full.mape_skipped && w.moved == full.moved);
    CHECK_CLOSE(w.rmse, full.rmse, TOL);
    CHECK_CLOSE(w.mae, full.mae, TOL);
    CHECK_CLOSE(w.mape, full.mape, TOL);
    CHECK_CLOSE(w.r2, full.r2, TOL);
    CHECK_CLOSE(w.directional_accuracy, full.directional_accuracy, TOL);
    CHECK_CLOSE(w.always_up, full.always_up, TOL);

    for (size_t c = 0; c < NCASES(ref_classifications); c++) {
        const ref_classification *k = &ref_classifications[c];
        printf("# %s\n", k->name);
        size_t wd = (size_t)k->width, rows = 0;
        unsigned *cnt = malloc(k->n * sizeof *cnt);
        int *t = malloc(4 * k->n * sizeof *t);
        double *p = malloc(4 * k->n * wd * sizeof *p);
        for (size_t i = 0; i < k->n; i++) {
            cnt[i] = (unsigned)((i * 5) % 4);
            for (unsigned j = 0; j < cnt[i]; j++, rows++) {
                t[rows] = k->truth[i];
                memcpy(p + rows * wd, k->prob + i * wd, wd * sizeof *p);
            }
        }
        nn_classification_report a, b;
        CHECK(nn_classification_report_fill(&a, k->truth, k->prob, k->n, k->width, &err) == 0);
        CHECK(nn_classification_report_fill(&b, t, p, rows, k->width, &err) == 0);
        size_t *order = nn_score_order(k->prob, k->n, k->width);
        nn_classification_report_weighted(&a, k->truth, k->prob, cnt, k->n, k->width, order);
        CHECK(a.n == rows);
        CHECK_SAME(a.accuracy, b.accuracy);
        CHECK_SAME(a.precision, b.precision);
        CHECK_SAME(a.recall, b.recall);
        CHECK_SAME(a.f1, b.f1);
        CHECK_SAME(a.auc, b.auc);
        CHECK_SAME(a.logloss, b.logloss);
        CHECK(memcmp(a.confusion, b.confusion,
                     (size_t)(a.nclasses * a.nclasses) * sizeof *a.confusion) == 0);
        nn_classification_report_free(&a), nn_classification_report_free(&b);
        free(order), free(cnt), free(t), free(p);
    }
}

/* A constant truth has no variance to explain: r2 is NaN, not 0 or 1. */
static void constant_truth_r2_is_nan(void)
{
    const double truth[3] = {5, 5, 5}, off[3] = {5, 6, 4};
    CHECK(isnan(nn_r2(truth, truth, 3)));
    CHECK(isnan(nn_r2(truth, off, 3)));
}

static void mape_skips_zero_truths(void)
{
    const double truth[4] = {0, 1e-13, 4, -2}, pred[4] = {1, 1, 5, -1};
    size_t skipped = 0;
    CHECK_NEAR(nn_mape(truth, pred, 4, &skipped), (25.0 + 50.0) / 2, 1e-12);
    CHECK(skipped == 2);
    const double zeros[2] = {0, 0};
    CHECK(isnan(nn_mape(zeros, pred, 2, &skipped)));
    CHECK(skipped == 2);
}

static void regression_refuses_bad_input(void)
{
    const double truth[3] = {1, 2, 3}, pred[3] = {1, NAN, 3}, inf[3] = {1, 2, INFINITY};
    nn_regression_report r;
    nn_error err = {{0}};
    CHECK(nn_regression_report_fill(&r, truth, truth, 0, NN_FORECAST_NONE, NULL, &err) == -1);
    CHECK(strstr(err.msg, "no rows") != NULL);
    CHECK(nn_regression_report_fill(&r, truth, pred, 3, NN_FORECAST_NONE, NULL, &err) == -1);
    CHECK(strstr(err.msg, "prediction of row 2 is NaN") != NULL);
    CHECK(nn_regression_report_fill(&r, inf, truth, 3, NN_FORECAST_NONE, NULL, &err) == -1);
    CHECK(strstr(err.msg, "target of row 3 is infinite") != NULL);
    CHECK(nn_regression_report_fill(&r, truth, truth, 3, NN_FORECAST_LEVEL, NULL, &err) == -1);
    CHECK(strstr(err.msg, "last known values") != NULL);
    double out[3];
    CHECK(nn_regression_baseline(out, 3, NN_FORECAST_LEVEL, NULL, truth, 3, &err) == -1);
    CHECK(nn_regression_baseline(out, 3, NN_FORECAST_NONE, NULL, truth, 0, &err) == -1);
    CHECK(strstr(err.msg, "training rows") != NULL);
}

/* --- classification against scikit-learn ------------------------------------------- */

static void check_classes(const nn_classification_report *r, const ref_classification *d,
                          const ref_class_metrics *want)
{
    CHECK(r->n == d->n);
    CHECK(r->nclasses == d->nclasses);
    CHECK(r->binary == (d->width == 1));
    CHECK_SAME(r->accuracy, want->accuracy);
    CHECK_SAME(r->precision, want->precision);
    CHECK_SAME(r->recall, want->recall);
    CHECK_SAME(r->f1, want->f1);
    CHECK_SAME(r->auc, want->auc);
    CHECK_SAME(r->logloss, want->logloss);
    int k = d->nclasses;
    for (int i = 0; r->confusion && i < k * k; i++)
        CHECK(r->confusion[i] == want->confusion[i]);
}

static void classification_matches_sklearn(void)
{
    for (size_t c = 0; c < NCASES(ref_classifications); c++) {
        const ref_classification *d = &ref_classifications[c];
        printf("# %s\n", d->name);
        nn_classification_report r;
        nn_error err = {{0}};
        CHECK(nn_classification_report_fill(&r, d->truth, d->prob, d->n, d->width, &err) == 0);
        check_classes(&r, d, &d->model);
        nn_classification_report_free(&r);
    }
}

/* The majority class of the training labels, as probabilities. */
static void majority_baselines_match(void)
{
    for (size_t c = 0; c < NCASES(ref_classifications); c++) {
        const ref_classification *d = &ref_classifications[c];
        printf("# %s\n", d->name);
        double *base = malloc(d->n * (size_t)d->width * sizeof *base);
        nn_classification_report r;
        nn_error err = {{0}};
        CHECK(nn_majority_baseline(base, d->n, d->width, d->train, d->ntrain, &err) == 0);
        CHECK(nn_classification_report_fill(&r, d->truth, base, d->n, d->width, &err) == 0);
        check_classes(&r, d, &d->baseline);
        nn_classification_report_free(&r);
        free(base);
    }
}

static void pure_classification_functions_agree(void)
{
    const ref_classification *d = &ref_classifications[0]; /* binary, tied scores */
    unsigned char *positive = malloc(d->n);
    for (size_t i = 0; i < d->n; i++)
        positive[i] = d->truth[i] == 1;
    CHECK_CLOSE(nn_roc_auc(positive, d->prob, d->n), d->model.auc, TOL);
    CHECK_CLOSE(nn_log_loss(d->truth, d->prob, d->n, 1), d->model.logloss, TOL);
    free(positive);
    d = &ref_classifications[3]; /* three classes */
    CHECK_CLOSE(nn_log_loss(d->truth, d->prob, d->n, 3), d->model.logloss, TOL);
}

/* --- classification by hand ------------------------------------------------------ */

/* Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs
 * ordered right.  With ties: each tied pair counts a half. */
static void hand_auc(void)
{
    const unsigned char pos[4] = {0, 0, 1, 1};
    const double score[4] = {0.1, 0.4, 0.35, 0.8};
    CHECK_NEAR(nn_roc_auc(pos, score, 4), 0.75, 1e-15);
    const double tied[4] = {0.1, 0.4, 0.4, 0.8}; /* 3 wins + one tie of 4 pairs */
    CHECK_NEAR(nn_roc_auc(pos, tied, 4), 3.5 / 4, 1e-15);
    const double flat[4] = {0.5, 0.5, 0.5, 0.5};
    CHECK_NEAR(nn_roc_auc(pos, flat, 4), 0.5, 1e-15);
    const double nan[4] = {0.1, NAN, 0.3, 0.2};
    CHECK(isnan(nn_roc_auc(pos, nan, 4)));
}

/* Probabilities of exactly 0 and 1 are clipped, so a perfect classifier's
 * log loss is -log(1 - 1e-7), not 0 or -log(0). */
static void perfect_classification(void)
{
    const int truth[4] = {0, 1, 1, 0};
    const double p[4] = {0, 1, 1, 0};
    nn_classification_report r;
    nn_error err = {{0}};
    CHECK(nn_classification_report_fill(&r, truth, p, 4, 1, &err) == 0);
    CHECK(r.accuracy == 1.0 && r.precision == 1.0 && r.recall == 1.0 && r.f1 == 1.0);
    CHECK(r.auc == 1.0);
    CHECK_NEAR(r.logloss, -log(1.0 - 1e-7), 1e-18);
    CHECK(r.confusion[0] == 2 && r.confusion[1] == 0 && r.confusion[2] == 0 && r.confusion[3] == 2);
    nn_classification_report_free(&r);

    const int t3[3] = {2, 0, 1};
    const double p3[9] = {0, 0, 1, 1, 0, 0, 0, 1, 0};
    CHECK(nn_classification_report_fill(&r, t3, p3, 3, 3, &err) == 0);
    CHECK(r.accuracy == 1.0 && r.precision == 1.0 && r.recall == 1.0 && r.f1 == 1.0);
    CHECK(r.auc == 1.0);
    CHECK_NEAR(r.logloss, -log(1.0 - 1e-7), 1e-18);
    nn_classification_report_free(&r);
}

/* A truth of one class leaves no pair to rank: AUC NaN; the rest is defined. */
static void one_class_truth_auc_is_nan(void)
{
    const int truth[3] = {1, 1, 1};
    const double p[3] = {0.9, 0.2, 0.7};
    nn_classification_report r;
    nn_error err = {{0}};
    CHECK(nn_classification_report_fill(&r, truth, p, 3, 1, &err) == 0);
    CHECK(isnan(r.auc));
    CHECK_NEAR(r.accuracy, 2.0 / 3, 1e-15);
    CHECK_NEAR(r.recall, 2.0 / 3, 1e-15);
    CHECK_NEAR(r.precision, 1.0, 0);
    nn_classification_report_free(&r);

    const int t3[2] = {2, 2};
    const double p3[6] = {0.2, 0.3, 0.5, 0.6, 0.3, 0.1};
    CHECK(nn_classification_report_fill(&r, t3, p3, 2, 3, &err) == 0);
    CHECK(isnan(r.auc));
    CHECK_NEAR(r.accuracy, 0.5, 0);
    /* classes 0 and 2 seen: precision (0 + 1) / 2, recall (0 + 0.5) / 2 */
    CHECK_NEAR(r.precision, 0.5, 1e-15);
    CHECK_NEAR(r.recall, 0.25, 1e-15);
    CHECK_NEAR(r.f1, (0 + 2.0 / 3) / 2, 1e-15);
    nn_classification_report_free(&r);
}

/* Arg-max ties go to the lowest class, p = 0.5 to class 1. */
static void predicted_class_ties(void)
{
    const double row[4] = {0.1, 0.4, 0.4, 0.1};
    CHECK(nn_predicted_class(row, 0, 4) == 1);
    const double p[3] = {0.5, 0.4999999, 0.9};
    CHECK(nn_predicted_class(p, 0, 1) == 1);
    CHECK(nn_predicted_class(p, 1, 1) == 0);
}

/* 50/50 training labels: binary predicts class 1 at p = 0.5, three classes
 * tied predict the lowest; frequencies are the probabilities. */
static void majority_ties(void)
{
    const int train[4] = {0, 1, 1, 0};
    double p[2];
    nn_error err = {{0}};
    CHECK(nn_majority_baseline(p, 2, 1, train, 4, &err) == 0);
    CHECK(p[0] == 0.5 && p[1] == 0.5);
    CHECK(nn_predicted_class(p, 0, 1) == 1);

    const int train3[5] = {2, 1, 2, 1, 0};
    double q[6];
    CHECK(nn_majority_baseline(q, 2, 3, train3, 5, &err) == 0);
    CHECK(q[0] == 0.2 && q[1] == 0.4 && q[2] == 0.4 && q[3] == 0.2 && q[5] == 0.4);
    CHECK(nn_predicted_class(q, 1, 3) == 1);
}

static void classification_refuses_bad_input(void)
{
    const int truth[3] = {0, 1, 2};
    const double p[3] = {0.1, 0.7, 0.2};
    nn_classification_report r;
    nn_error err = {{0}};
    CHECK(nn_classification_report_fill(&r, truth, p, 3, 1, &err) == -1);
    CHECK(strstr(err.msg, "class of row 3 is 2, expected 0 to 1") != NULL);
    CHECK(r.confusion == NULL);
    nn_classification_report_free(&r); /* harmless after a failure */
    const int t01[3] = {0, 1, 0};
    const double pnan[3] = {0.1, NAN, 0.2};
    CHECK(nn_classification_report_fill(&r, t01, pnan, 3, 1, &err) == -1);
    CHECK(strstr(err.msg, "probability of row 2 is NaN") != NULL);
    const double p3[9] = {0.1, 0.7, 0.2, 0.3, 0.3, 0.4, 0.5, INFINITY, 0};
    CHECK(nn_classification_report_fill(&r, truth, p3, 3, 3, &err) == -1);
    CHECK(strstr(err.msg, "probability of row 3 is infinite") != NULL);
    CHECK(r.confusion == NULL);
    CHECK(nn_classification_report_fill(&r, truth, p, 0, 1, &err) == -1);
    CHECK(strstr(err.msg, "no rows") != NULL);
    double out[3];
    CHECK(nn_majority_baseline(out, 1, 1, truth, 0, &err) == -1);
    CHECK(nn_majority_baseline(out, 1, 1, truth, 3, &err) == -1);
    CHECK(strstr(err.msg, "training row 3") != NULL);
}

int main(void)
{
    TEST(regression_matches_sklearn);
    TEST(regression_baselines_match);
    TEST(pure_regression_functions_agree);
    TEST(perfect_regression);
    TEST(hand_regression);
    TEST(hand_directional_accuracy);
    TEST(weights_are_copies);
    TEST(constant_truth_r2_is_nan);
    TEST(mape_skips_zero_truths);
    TEST(regression_refuses_bad_input);
    TEST(classification_matches_sklearn);
    TEST(majority_baselines_match);
    TEST(pure_classification_functions_agree);
    TEST(hand_auc);
    TEST(perfect_classification);
    TEST(one_class_truth_auc_is_nan);
    TEST(predicted_class_ties);
    TEST(majority_ties);
    TEST(classification_refuses_bad_input);
    return tap_done();
}
