/* Evaluation of predictions against the truth, as `evaluate` prints it:
 * one report for a regression, one for a classification, and the naive
 * baseline predictions to run through the same report on the same rows.
 *
 * Everything takes doubles in the target's original units (the caller
 * undoes the scaling first) and class labels as indices 0..k-1.  The
 * metric functions are pure and allocate nothing; only the
 * classification report allocates (its confusion matrix and one sort
 * buffer for the AUC); the weighted forms, which a bootstrap calls per
 * resample, allocate nothing.  Conventions follow scikit-learn where it has one:
 *
 * regression  rmse, mae; mape in percent over the rows with |truth| >=
 *             1e-12 (the others are counted, not divided by); r2 = 1 -
 *             SSres/SStot, NaN when the truth is constant (SStot = 0);
 *             directional accuracy = over the rows whose truth moved
 *             (truth != ref; a row that did not move has no direction to
 *             call and is left out), the share where sign(pred - ref) ==
 *             sign(truth - ref); a prediction of no change calls no
 *             direction and counts as a miss, so a no-change baseline
 *             scores 0.  The bar to clear is "always up": the share of the
 *             moved rows that went up (always_up); always down scores one
 *             minus that.  NaN when no row moved.
 * classes     a binary model gives one probability of class 1 per row
 *             (width 1), predicted class 1 when p >= 0.5 (as the training
 *             metric does); a multiclass model gives n x k probabilities,
 *             predicted class the arg-max (ties to the lowest class).
 *             precision, recall, f1: binary of class 1; multiclass the
 *             unweighted mean over the classes present in the truth or the
 *             predictions (scikit-learn's average='macro'); 0/0 counts as 0
 *             (zero_division=0).  f1 is the mean of per-class f1.
 *             AUC: the exact Mann-Whitney statistic, tied scores counting
 *             one half; multiclass the mean of one-vs-rest AUCs over the
 *             classes present in the truth.  NaN when the truth holds a
 *             single class (no pair to rank).
 *             log loss: mean of -log p(true class), p clipped to
 *             [1e-7, 1 - 1e-7] (not renormalised afterwards).
 */
#ifndef NN_EVALUATE_H
#define NN_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define NN_MAPE_MIN_TRUTH 1e-12
#define NN_LOGLOSS_EPS 1e-7

/* What a regression target forecasts: it decides whether directional
 * accuracy is reported and which baseline applies. */
typedef enum {
    NN_FORECAST_NONE,   /* not a forecast; baseline: the training mean */
    NN_FORECAST_LEVEL,  /* a future level; reference: the last known value;
                         * baseline: persistence (prediction = reference) */
    NN_FORECAST_RETURN, /* a change (diff, return, log return); reference 0
                         * unless given; baseline: zero change */
} nn_forecast;

/* --- regression metrics: n >= 1 rows, NaN in gives NaN out --------------- */

double nn_rmse(const double *truth, const double *pred, size_t n);
double nn_mae(const double *truth, const double *pred, size_t n);
/* Percent.  *skipped (if not NULL) gets the rows left out for |truth| <
 * 1e-12; NaN when every row is left out. */
double nn_mape(const double *truth, const double *pred, size_t n, size_t *skipped);
double nn_r2(const double *truth, const double *pred, size_t n);
/* reference: one value per row, or NULL for 0 (return forecasts).  NaN
 * when no truth differs from its reference. */
double nn_directional_accuracy(const double *truth, const double *pred, const double *reference,
                               size_t n);

/* --- classification metrics ------------------------------------------------ */

/* Binary AUC of scores against is_positive (0/1 per row).  Allocates one
 * buffer of n pairs; NaN when one class is missing or a score is NaN, or
 * when out of memory. */
double nn_roc_auc(const unsigned char *is_positive, const double *score, size_t n);
/* Mean clipped log loss; width 1: prob[i] is p(class 1), truth 0/1;
 * width k >= 2: prob is n x k, truth in 0..k-1. */
double nn_log_loss(const int *truth, const double *prob, size_t n, int width);
/* The class predicted from row i of prob (width as above). */
int nn_predicted_class(const double *prob, size_t i, int width);

/* --- reports ------------------------------------------------------------- */

typedef struct nn_regression_report {
    size_t n;
    double rmse, mae, r2;
    double mape;                  /* percent; NaN when every truth is ~0 */
    size_t mape_skipped;          /* rows with |truth| < 1e-12 */
    double directional_accuracy;  /* NaN for NN_FORECAST_NONE */
    double always_up;             /* directional accuracy of always up; NaN likewise */
    size_t moved;                 /* rows whose truth moved (forecasts only) */
} nn_regression_report;

/* reference: per-row last values, required for NN_FORECAST_LEVEL; for
 * NN_FORECAST_RETURN NULL means 0; ignored for NN_FORECAST_NONE.  Fails
 * (leaving *r unspecified) for n = 0, a missing reference or a value that
 * is NaN or infinite, naming the row. */
int nn_regression_report_fill(nn_regression_report *r, const double *truth, const double *pred,
                              size_t n, nn_forecast kind, const double *reference,
                              nn_error *err);

typedef struct nn_classification_report {
    size_t n;
    int nclasses;                 /* 2 for binary */
    bool binary;
    double accuracy, precision, recall, f1;
    double auc;                   /* NaN when the truth holds one class */
    double logloss;
    size_t *confusion;            /* nclasses x nclasses counts, row = truth,
                                   * column = prediction; owned by the report */
} nn_classification_report;

/* width 1: binary, prob holds p(class 1) per row, truth 0/1; width k >= 2:
 * k classes, prob is n x k row-major, truth in 0..k-1.  Fails (with
 * r->confusion NULL) for n = 0, a label out of range, a non-finite
 * probability or out of memory.  Free with nn_classification_report_free. */
int nn_classification_report_fill(nn_classification_report *r, const int *truth,
                                  const double *prob, size_t n, int width, nn_error *err);
void nn_classification_report_free(nn_classification_report *r);

/* --- weighted forms, for resampling -------------------------------------------
 * count[i]: how many times row i is drawn (NULL: once each); the report's n
 * is then the total count.  No checks and no allocation: the inputs are those a fill
 * above accepted. */

void nn_regression_report_weighted(nn_regression_report *r, const double *truth,
                                   const double *pred, const unsigned *count, size_t n,
                                   nn_forecast kind, const double *reference);
/* The rows sorted by score, for the AUC: width 1 one order of n rows, else
 * width orders (one per class, by that class's probability).  Free with
 * free(); NULL when out of memory. */
size_t *nn_score_order(const double *prob, size_t n, int width);
/* r->confusion must hold nclasses x nclasses counts (it is overwritten);
 * order from nn_score_order on the same prob. */
void nn_classification_report_weighted(nn_classification_report *r, const int *truth,
                                       const double *prob, const unsigned *count, size_t n,
                                       int width, const size_t *order);

/* --- baselines: predictions for the same rows, to fill a second report ---- */

/* out[n]: NN_FORECAST_LEVEL and NN_FORECAST_RETURN predict no change (the
 * reference, or 0 when it is NULL for a return); NN_FORECAST_NONE predicts
 * the mean of train_truth[n_train].  Fails for a level forecast without
 * reference or a plain one without training rows. */
int nn_regression_baseline(double *out, size_t n, nn_forecast kind, const double *reference,
                           const double *train_truth, size_t n_train, nn_error *err);

/* out: n rows of width values (width as in nn_classification_report_fill),
 * each the class frequencies of the training labels, so the predicted class
 * is the majority class (binary: class 1 on a 50/50 tie, as p >= 0.5 says;
 * multiclass: the lowest of the tied classes), the AUC of these constant
 * scores is 0.5 and the log loss is that of the training prior.  Fails for
 * no training rows or a label out of range. */
int nn_majority_baseline(double *out, size_t n, int width, const int *train_truth,
                         size_t n_train, nn_error *err);

#endif
