/* Evaluation of a regression: metrics, report and naive baseline (what every
 * report shares is in evaluate.h).  Conventions:
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
 */
#ifndef NN_EVALUATE_REGRESSION_H
#define NN_EVALUATE_REGRESSION_H

#include <stddef.h>

#include "error.h"

#define NN_MAPE_MIN_TRUTH 1e-12

/* What a regression target forecasts: it decides whether directional
 * accuracy is reported and which baseline applies. */
typedef enum {
    NN_FORECAST_NONE,   /* not a forecast; baseline: the training mean */
    NN_FORECAST_LEVEL,  /* a future level; reference: the last known value;
                         * baseline: persistence (prediction = reference) */
    NN_FORECAST_RETURN, /* a change (diff, return, log return); reference 0
                         * unless given; baseline: zero change */
} nn_forecast;

/* --- metrics: n >= 1 rows, NaN in gives NaN out ------------------------ */

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

/* --- report and baseline ------------------------------------------------ */

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

/* The weighted form, for resampling: count[i] is how many times row i is
 * drawn (NULL: once each); the report's n is then the total count.  No
 * checks and no allocation: the inputs are those a fill above accepted. */
void nn_regression_report_weighted(nn_regression_report *r, const double *truth,
                                   const double *pred, const unsigned *count, size_t n,
                                   nn_forecast kind, const double *reference);

/* out[n]: NN_FORECAST_LEVEL and NN_FORECAST_RETURN predict no change (the
 * reference, or 0 when it is NULL for a return); NN_FORECAST_NONE predicts
 * the mean of train_truth[n_train].  Fails for a level forecast without
 * reference or a plain one without training rows. */
int nn_regression_baseline(double *out, size_t n, nn_forecast kind, const double *reference,
                           const double *train_truth, size_t n_train, nn_error *err);

#endif
