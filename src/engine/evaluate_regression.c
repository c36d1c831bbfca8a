/* Regression metrics, reports and baselines (conventions in
 * evaluate_regression.h). */
#include "evaluate_regression.h"

#include <math.h>

#include "evaluate_rows.h"

static double rmse_w(const double *truth, const double *pred, const unsigned *count, size_t n)
{
    double sum = 0.0, w = nn_total_weight(count, n);
    for (size_t i = 0; i < n; i++) {
        double e = pred[i] - truth[i];
        sum += nn_row_weight(count, i) * e * e;
    }
    return w > 0.0 ? sqrt(sum / w) : NAN;
}

static double mae_w(const double *truth, const double *pred, const unsigned *count, size_t n)
{
    double sum = 0.0, w = nn_total_weight(count, n);
    for (size_t i = 0; i < n; i++)
        sum += nn_row_weight(count, i) * fabs(pred[i] - truth[i]);
    return w > 0.0 ? sum / w : NAN;
}

static double mape_w(const double *truth, const double *pred, const unsigned *count, size_t n,
                     size_t *skipped)
{
    double sum = 0.0, used = 0.0, all = nn_total_weight(count, n);
    for (size_t i = 0; i < n; i++) {
        if (!(fabs(truth[i]) >= NN_MAPE_MIN_TRUTH))
            continue;
        sum += nn_row_weight(count, i) * fabs((pred[i] - truth[i]) / truth[i]);
        used += nn_row_weight(count, i);
    }
    if (skipped)
        *skipped = (size_t)(all - used);
    return used > 0.0 ? 100.0 * sum / used : NAN;
}

static double r2_w(const double *truth, const double *pred, const unsigned *count, size_t n)
{
    double w = nn_total_weight(count, n), mean = 0.0;
    if (!(w > 0.0))
        return NAN;
    for (size_t i = 0; i < n; i++)
        mean += nn_row_weight(count, i) * truth[i];
    mean /= w;
    double ss_res = 0.0, ss_tot = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = truth[i] - pred[i], d = truth[i] - mean;
        ss_res += nn_row_weight(count, i) * e * e;
        ss_tot += nn_row_weight(count, i) * d * d;
    }
    return ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : NAN;
}

static int sign(double x)
{
    return (x > 0.0) - (x < 0.0);
}

/* Over the rows whose truth moved: the share the prediction called right
 * (*hit), the share that went up (*up) and their weight (*moved). */
static void directions(const double *truth, const double *pred, const double *reference,
                       const unsigned *count, size_t n, double *hit, double *up, double *moved)
{
    double same = 0.0, rose = 0.0, w = 0.0;
    for (size_t i = 0; i < n; i++) {
        double ref = reference ? reference[i] : 0.0;
        int actual = sign(truth[i] - ref);
        if (actual == 0)
            continue;
        w += nn_row_weight(count, i);
        same += nn_row_weight(count, i) * (sign(pred[i] - ref) == actual);
        rose += nn_row_weight(count, i) * (actual > 0);
    }
    *hit = w > 0.0 ? same / w : NAN;
    *up = w > 0.0 ? rose / w : NAN;
    *moved = w;
}

double nn_rmse(const double *truth, const double *pred, size_t n)
{
    return rmse_w(truth, pred, NULL, n);
}

double nn_mae(const double *truth, const double *pred, size_t n)
{
    return mae_w(truth, pred, NULL, n);
}

double nn_mape(const double *truth, const double *pred, size_t n, size_t *skipped)
{
    return mape_w(truth, pred, NULL, n, skipped);
}

double nn_r2(const double *truth, const double *pred, size_t n)
{
    return r2_w(truth, pred, NULL, n);
}

double nn_directional_accuracy(const double *truth, const double *pred, const double *reference,
                               size_t n)
{
    double hit, up, moved;
    directions(truth, pred, reference, NULL, n, &hit, &up, &moved);
    return hit;
}

int nn_regression_report_fill(nn_regression_report *r, const double *truth, const double *pred,
                              size_t n, nn_forecast kind, const double *reference,
                              nn_error *err)
{
    if (n == 0)
        return nn_fail(err, "no rows to evaluate");
    if (kind == NN_FORECAST_LEVEL && !reference)
        return nn_fail(err, "a level forecast needs the last known values");
    if (kind == NN_FORECAST_NONE)
        reference = NULL;
    if (nn_check_finite_rows(truth, n, 1, "the target", err) ||
        nn_check_finite_rows(pred, n, 1, "the prediction", err) ||
        (reference && nn_check_finite_rows(reference, n, 1, "the last value", err)))
        return -1;
    nn_regression_report_weighted(r, truth, pred, NULL, n, kind, reference);
    return 0;
}

void nn_regression_report_weighted(nn_regression_report *r, const double *truth,
                                   const double *pred, const unsigned *count, size_t n,
                                   nn_forecast kind, const double *reference)
{
    size_t skipped;
    double mape = mape_w(truth, pred, count, n, &skipped), hit = NAN, up = NAN, moved = 0.0;
    if (kind != NN_FORECAST_NONE)
        directions(truth, pred, reference, count, n, &hit, &up, &moved);
    *r = (nn_regression_report){
        .n = (size_t)nn_total_weight(count, n),
        .rmse = rmse_w(truth, pred, count, n),
        .mae = mae_w(truth, pred, count, n),
        .r2 = r2_w(truth, pred, count, n),
        .mape = mape,
        .mape_skipped = skipped,
        .directional_accuracy = hit,
        .always_up = up,
        .moved = (size_t)moved,
    };
}

/* --- baselines --------------------------------------------------------------- */

int nn_regression_baseline(double *out, size_t n, nn_forecast kind, const double *reference,
                           const double *train_truth, size_t n_train, nn_error *err)
{
    if (kind == NN_FORECAST_LEVEL && !reference)
        return nn_fail(err, "persistence needs the last known values");
    if (kind != NN_FORECAST_NONE) {
        for (size_t i = 0; i < n; i++)
            out[i] = reference ? reference[i] : 0.0;
        return 0;
    }
    if (n_train == 0)
        return nn_fail(err, "the mean baseline needs training rows");
    double mean = 0.0;
    for (size_t i = 0; i < n_train; i++)
        mean += train_truth[i];
    mean /= (double)n_train;
    for (size_t i = 0; i < n; i++)
        out[i] = mean;
    return 0;
}
