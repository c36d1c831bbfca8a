/* Evaluation metrics, reports and baselines (conventions in evaluate.h). */
#include "evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- regression ------------------------------------------------------------ */

double nn_rmse(const double *truth, const double *pred, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = pred[i] - truth[i];
        sum += e * e;
    }
    return n ? sqrt(sum / (double)n) : NAN;
}

double nn_mae(const double *truth, const double *pred, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += fabs(pred[i] - truth[i]);
    return n ? sum / (double)n : NAN;
}

double nn_mape(const double *truth, const double *pred, size_t n, size_t *skipped)
{
    double sum = 0.0;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(fabs(truth[i]) >= NN_MAPE_MIN_TRUTH))
            continue;
        sum += fabs((pred[i] - truth[i]) / truth[i]);
        used++;
    }
    if (skipped)
        *skipped = n - used;
    return used ? 100.0 * sum / (double)used : NAN;
}

double nn_r2(const double *truth, const double *pred, size_t n)
{
    if (n == 0)
        return NAN;
    double mean = 0.0;
    for (size_t i = 0; i < n; i++)
        mean += truth[i];
    mean /= (double)n;
    double ss_res = 0.0, ss_tot = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = truth[i] - pred[i], d = truth[i] - mean;
        ss_res += e * e;
        ss_tot += d * d;
    }
    return ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : NAN;
}

static int sign(double x)
{
    return (x > 0.0) - (x < 0.0);
}

double nn_directional_accuracy(const double *truth, const double *pred, const double *reference,
                               size_t n)
{
    size_t same = 0;
    for (size_t i = 0; i < n; i++) {
        double ref = reference ? reference[i] : 0.0;
        same += sign(pred[i] - ref) == sign(truth[i] - ref);
    }
    return n ? (double)same / (double)n : NAN;
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
    size_t skipped;
    double mape = nn_mape(truth, pred, n, &skipped);
    *r = (nn_regression_report){
        .n = n,
        .rmse = nn_rmse(truth, pred, n),
        .mae = nn_mae(truth, pred, n),
        .r2 = nn_r2(truth, pred, n),
        .mape = mape,
        .mape_skipped = skipped,
        .directional_accuracy = kind == NN_FORECAST_NONE
                                    ? NAN
                                    : nn_directional_accuracy(truth, pred, reference, n),
    };
    return 0;
}

/* --- classification ---------------------------------------------------------- */

typedef struct scored {
    double score;
    unsigned char positive;
} scored;

static int by_score(const void *a, const void *b)
{
    double x = ((const scored *)a)->score, y = ((const scored *)b)->score;
    return (x > y) - (x < y);
}

/* Sorts s and walks it in groups of equal scores: each positive beats the
 * negatives below its group and ties with the half of those in it. */
static double auc_of_sorted(scored *s, size_t n)
{
    qsort(s, n, sizeof *s, by_score);
    double wins = 0.0, negatives_below = 0.0, positives = 0.0;
    for (size_t i = 0; i < n;) {
        double pos = 0.0, neg = 0.0;
        size_t j = i;
        for (; j < n && s[j].score == s[i].score; j++)
            pos += s[j].positive, neg += !s[j].positive;
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
    scored *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return NAN;
    double auc = NAN;
    size_t i = 0;
    for (; i < n && !isnan(score[i]); i++)
        s[i] = (scored){score[i], is_positive[i] != 0};
    if (i == n)
        auc = auc_of_sorted(s, n);
    free(s);
    return auc;
}

static double clip(double p)
{
    return fmin(fmax(p, NN_LOGLOSS_EPS), 1.0 - NN_LOGLOSS_EPS);
}

double nn_log_loss(const int *truth, const double *prob, size_t n, int width)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double p = width == 1 ? clip(prob[i]) : clip(prob[i * (size_t)width + (size_t)truth[i]]);
        if (width == 1 && truth[i] == 0)
            p = 1.0 - p;
        sum -= log(p);
    }
    return n ? sum / (double)n : NAN;
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
static double macro_auc(const int *truth, const double *prob, size_t n, int k, scored *buf)
{
    double sum = 0.0;
    int used = 0;
    for (int c = 0; c < k; c++) {
        for (size_t i = 0; i < n; i++)
            buf[i] = (scored){prob[i * (size_t)k + (size_t)c], truth[i] == c};
        double auc = auc_of_sorted(buf, n);
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

int nn_classification_report_fill(nn_classification_report *r, const int *truth,
                                  const double *prob, size_t n, int width, nn_error *err)
{
    *r = (nn_classification_report){0};
    if (check_classes(truth, prob, n, width, err))
        return -1;
    int k = width == 1 ? 2 : width;
    r->confusion = calloc((size_t)k * (size_t)k, sizeof *r->confusion);
    scored *buf = malloc(n * sizeof *buf);
    if (!r->confusion || !buf) {
        free(buf);
        nn_classification_report_free(r);
        return nn_fail(err, "out of memory evaluating %zu rows", n);
    }
    r->n = n;
    r->nclasses = k;
    r->binary = width == 1;
    size_t correct = 0;
    for (size_t i = 0; i < n; i++) {
        int p = nn_predicted_class(prob, i, width);
        r->confusion[truth[i] * k + p]++;
        correct += p == truth[i];
    }
    r->accuracy = (double)correct / (double)n;
    if (r->binary) {
        class_scores(r->confusion, 2, 1, &r->precision, &r->recall, &r->f1);
        for (size_t i = 0; i < n; i++)
            buf[i] = (scored){prob[i], truth[i] == 1};
        r->auc = auc_of_sorted(buf, n);
    } else {
        macro_scores(r);
        r->auc = macro_auc(truth, prob, n, k, buf);
    }
    r->logloss = nn_log_loss(truth, prob, n, width);
    free(buf);
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
