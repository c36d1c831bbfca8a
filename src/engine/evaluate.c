/* Evaluation metrics, reports and baselines (conventions in evaluate.h). */
#include "evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- regression ------------------------------------------------------------ */

/* Row i's weight: its count in a resample, or 1 without one. */
static double weight(const unsigned *count, size_t i)
{
    return count ? (double)count[i] : 1.0;
}

static double total_weight(const unsigned *count, size_t n)
{
    double w = 0.0;
    for (size_t i = 0; i < n; i++)
        w += weight(count, i);
    return w;
}

static double rmse_w(const double *truth, const double *pred, const unsigned *count, size_t n)
{
    double sum = 0.0, w = total_weight(count, n);
    for (size_t i = 0; i < n; i++) {
        double e = pred[i] - truth[i];
        sum += weight(count, i) * e * e;
    }
    return w > 0.0 ? sqrt(sum / w) : NAN;
}

static double mae_w(const double *truth, const double *pred, const unsigned *count, size_t n)
{
    double sum = 0.0, w = total_weight(count, n);
    for (size_t i = 0; i < n; i++)
        sum += weight(count, i) * fabs(pred[i] - truth[i]);
    return w > 0.0 ? sum / w : NAN;
}

static double mape_w(const double *truth, const double *pred, const unsigned *count, size_t n,
                     size_t *skipped)
{
    double sum = 0.0, used = 0.0, all = total_weight(count, n);
    for (size_t i = 0; i < n; i++) {
        if (!(fabs(truth[i]) >= NN_MAPE_MIN_TRUTH))
            continue;
        sum += weight(count, i) * fabs((pred[i] - truth[i]) / truth[i]);
        used += weight(count, i);
    }
    if (skipped)
        *skipped = (size_t)(all - used);
    return used > 0.0 ? 100.0 * sum / used : NAN;
}

static double r2_w(const double *truth, const double *pred, const unsigned *count, size_t n)
{
    double w = total_weight(count, n), mean = 0.0;
    if (!(w > 0.0))
        return NAN;
    for (size_t i = 0; i < n; i++)
        mean += weight(count, i) * truth[i];
    mean /= w;
    double ss_res = 0.0, ss_tot = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = truth[i] - pred[i], d = truth[i] - mean;
        ss_res += weight(count, i) * e * e;
        ss_tot += weight(count, i) * d * d;
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
        w += weight(count, i);
        same += weight(count, i) * (sign(pred[i] - ref) == actual);
        rose += weight(count, i) * (actual > 0);
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

/* n rows of width values; the message names the row, counting from 1. */
static int check_finite(const double *v, size_t n, int width, const char *what, nn_error *err)
{
    for (size_t i = 0; i < n * (size_t)width; i++)
        if (!isfinite(v[i]))
            return nn_fail(err, "%s of row %zu is %s", what, i / (size_t)width + 1,
                           isnan(v[i]) ? "NaN" : "infinite");
    return 0;
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
    if (check_finite(truth, n, 1, "the target", err) ||
        check_finite(pred, n, 1, "the prediction", err) ||
        (reference && check_finite(reference, n, 1, "the last value", err)))
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
        .n = (size_t)total_weight(count, n),
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

/* --- classification ---------------------------------------------------------- */

typedef struct scored {
    double score;
    size_t row;
} scored;

static int by_score(const void *a, const void *b)
{
    double x = ((const scored *)a)->score, y = ((const scored *)b)->score;
    return (x > y) - (x < y);
}

/* order[n]: the rows by ascending score[row * stride]; buf holds n pairs. */
static void sort_rows(size_t *order, const double *score, size_t stride, size_t n, scored *buf)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (scored){score[i * stride], i};
    qsort(buf, n, sizeof *buf, by_score);
    for (size_t i = 0; i < n; i++)
        order[i] = buf[i].row;
}

/* Walks the rows in score order, in groups of equal scores: each positive
 * beats the negatives below its group and ties with half of those in it.
 * A row weighs its count, so a resample costs one pass, not a sort. */
static double auc_of_order(const size_t *order, const double *score, size_t stride,
                           const int *truth, int positive, const unsigned *count, size_t n)
{
    double wins = 0.0, negatives_below = 0.0, positives = 0.0;
    for (size_t i = 0; i < n;) {
        double pos = 0.0, neg = 0.0, s = score[order[i] * stride];
        size_t j = i;
        for (; j < n && score[order[j] * stride] == s; j++) {
            double w = weight(count, order[j]);
            if (truth[order[j]] == positive)
                pos += w;
            else
                neg += w;
        }
        wins += pos * (negatives_below + 0.5 * neg);
        negatives_below += neg;
        positives += pos;
        i = j;
    }
    if (positives == 0.0 || negatives_below == 0.0)
        return NAN;
    return wins / (positives * negatives_below);
}

double nn_roc_auc(const unsigned char *is_positive, const double *score, size_t n)
{
    scored *buf = malloc((n ? n : 1) * sizeof *buf);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    int *truth = malloc((n ? n : 1) * sizeof *truth);
    double auc = NAN;
    size_t i = 0;
    for (; buf && order && truth && i < n && !isnan(score[i]); i++)
        truth[i] = is_positive[i] != 0;
    if (buf && order && truth && i == n) {
        sort_rows(order, score, 1, n, buf);
        auc = auc_of_order(order, score, 1, truth, 1, NULL, n);
    }
    free(buf), free(order), free(truth);
    return auc;
}

static double clip(double p)
{
    return fmin(fmax(p, NN_LOGLOSS_EPS), 1.0 - NN_LOGLOSS_EPS);
}

static double log_loss_w(const int *truth, const double *prob, const unsigned *count, size_t n,
                         int width)
{
    double sum = 0.0, w = total_weight(count, n);
    for (size_t i = 0; i < n; i++) {
        double p = width == 1 ? clip(prob[i]) : clip(prob[i * (size_t)width + (size_t)truth[i]]);
        if (width == 1 && truth[i] == 0)
            p = 1.0 - p;
        sum -= weight(count, i) * log(p);
    }
    return w > 0.0 ? sum / w : NAN;
}

double nn_log_loss(const int *truth, const double *prob, size_t n, int width)
{
    return log_loss_w(truth, prob, NULL, n, width);
}

int nn_predicted_class(const double *prob, size_t i, int width)
{
    if (width == 1)
        return prob[i] >= 0.5;
    const double *row = prob + i * (size_t)width;
    int best = 0;
    for (int c = 1; c < width; c++)
        best = row[c] > row[best] ? c : best;
    return best;
}

/* Precision, recall and f1 of class c from the confusion matrix, 0/0 = 0. */
static void class_scores(const size_t *conf, int k, int c, double *precision, double *recall,
                         double *f1)
{
    size_t tp = conf[c * k + c], predicted = 0, actual = 0;
    for (int j = 0; j < k; j++) {
        predicted += conf[j * k + c];
        actual += conf[c * k + j];
    }
    *precision = predicted ? (double)tp / (double)predicted : 0.0;
    *recall = actual ? (double)tp / (double)actual : 0.0;
    *f1 = predicted + actual ? 2.0 * (double)tp / (double)(predicted + actual) : 0.0;
}

/* Macro averages over the classes seen in the truth or the predictions. */
static void macro_scores(nn_classification_report *r)
{
    int k = r->nclasses, seen = 0;
    double sp = 0.0, sr = 0.0, sf = 0.0;
    for (int c = 0; c < k; c++) {
        size_t count = 0;
        for (int j = 0; j < k; j++)
            count += r->confusion[c * k + j] + r->confusion[j * k + c];
        if (count == 0)
            continue;
        double p, rc, f;
        class_scores(r->confusion, k, c, &p, &rc, &f);
        sp += p, sr += rc, sf += f;
        seen++;
    }
    r->precision = sp / seen;
    r->recall = sr / seen;
    r->f1 = sf / seen;
}

/* One-vs-rest AUC of each class present in the truth, averaged. */
static double macro_auc(const int *truth, const double *prob, const unsigned *count, size_t n,
                        int k, const size_t *order)
{
    double sum = 0.0;
    int used = 0;
    for (int c = 0; c < k; c++) {
        double auc = auc_of_order(order + (size_t)c * n, prob + c, (size_t)k, truth, c, count, n);
        if (!isnan(auc))
            sum += auc, used++;
    }
    return used ? sum / used : NAN;
}

static int check_classes(const int *truth, const double *prob, size_t n, int width, nn_error *err)
{
    if (n == 0)
        return nn_fail(err, "no rows to evaluate");
    if (width < 1)
        return nn_fail(err, "a classifier needs at least one output, not %d", width);
    int k = width == 1 ? 2 : width;
    for (size_t i = 0; i < n; i++)
        if (truth[i] < 0 || truth[i] >= k)
            return nn_fail(err, "the class of row %zu is %d, expected 0 to %d", i + 1, truth[i],
                           k - 1);
    return check_finite(prob, n, width, "a probability", err);
}

size_t *nn_score_order(const double *prob, size_t n, int width)
{
    size_t sorts = width == 1 ? 1 : (size_t)width, stride = (size_t)width;
    size_t *order = malloc((n * sorts + 1) * sizeof *order);
    scored *buf = malloc((n + 1) * sizeof *buf);
    for (size_t c = 0; order && buf && c < sorts; c++)
        sort_rows(order + c * n, prob + c, stride, n, buf);
    free(buf);
    if (!buf) {
        free(order);
        return NULL;
    }
    return order;
}

void nn_classification_report_weighted(nn_classification_report *r, const int *truth,
                                       const double *prob, const unsigned *count, size_t n,
                                       int width, const size_t *order)
{
    int k = width == 1 ? 2 : width;
    memset(r->confusion, 0, (size_t)k * (size_t)k * sizeof *r->confusion);
    double correct = 0.0, w = total_weight(count, n);
    for (size_t i = 0; i < n; i++) {
        int p = nn_predicted_class(prob, i, width);
        size_t times = count ? count[i] : 1;
        r->confusion[truth[i] * k + p] += times;
        correct += p == truth[i] ? (double)times : 0.0;
    }
    r->n = (size_t)w;
    r->nclasses = k;
    r->binary = width == 1;
    r->accuracy = correct / w;
    if (r->binary) {
        class_scores(r->confusion, 2, 1, &r->precision, &r->recall, &r->f1);
        r->auc = auc_of_order(order, prob, 1, truth, 1, count, n);
    } else {
        macro_scores(r);
        r->auc = macro_auc(truth, prob, count, n, k, order);
    }
    r->logloss = log_loss_w(truth, prob, count, n, width);
}

int nn_classification_report_fill(nn_classification_report *r, const int *truth,
                                  const double *prob, size_t n, int width, nn_error *err)
{
    *r = (nn_classification_report){0};
    if (check_classes(truth, prob, n, width, err))
        return -1;
    int k = width == 1 ? 2 : width;
    r->confusion = calloc((size_t)k * (size_t)k, sizeof *r->confusion);
    size_t *order = nn_score_order(prob, n, width);
    if (!r->confusion || !order) {
        free(order);
        nn_classification_report_free(r);
        return nn_fail(err, "out of memory evaluating %zu rows", n);
    }
    nn_classification_report_weighted(r, truth, prob, NULL, n, width, order);
    free(order);
    return 0;
}

void nn_classification_report_free(nn_classification_report *r)
{
    free(r->confusion);
    r->confusion = NULL;
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

int nn_majority_baseline(double *out, size_t n, int width, const int *train_truth,
                         size_t n_train, nn_error *err)
{
    if (n_train == 0)
        return nn_fail(err, "the majority baseline needs training rows");
    if (width < 1)
        return nn_fail(err, "a classifier needs at least one output, not %d", width);
    int k = width == 1 ? 2 : width;
    size_t *count = calloc((size_t)k, sizeof *count);
    if (!count)
        return nn_fail(err, "out of memory");
    for (size_t i = 0; i < n_train; i++) {
        if (train_truth[i] < 0 || train_truth[i] >= k) {
            free(count);
            return nn_fail(err, "the class of training row %zu is %d, expected 0 to %d", i + 1,
                           train_truth[i], k - 1);
        }
        count[train_truth[i]]++;
    }
    /* A binary row holds only p(class 1); otherwise every frequency. */
    int first = width == 1 ? 1 : 0;
    for (size_t i = 0; i < n; i++)
        for (int c = first; c < k; c++)
            out[i * (size_t)width + (size_t)(c - first)] = (double)count[c] / (double)n_train;
    free(count);
    return 0;
}
