/* Classification metrics, reports and baselines (conventions in
 * evaluate_class.h). */
#include "evaluate_class.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate_rows.h"

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
            double w = nn_row_weight(count, order[j]);
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
    double sum = 0.0, w = nn_total_weight(count, n);
    for (size_t i = 0; i < n; i++) {
        double p = width == 1 ? clip(prob[i]) : clip(prob[i * (size_t)width + (size_t)truth[i]]);
        if (width == 1 && truth[i] == 0)
            p = 1.0 - p;
        sum -= nn_row_weight(count, i) * log(p);
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
    return nn_check_finite_rows(prob, n, width, "a probability", err);
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
    double correct = 0.0, w = nn_total_weight(count, n);
    for (size_t i = 0; i < n; i++) {
        int p = width == 1 ? prob[i] >= r->threshold : nn_predicted_class(prob, i, width);
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
    return nn_classification_report_fill_at(r, truth, prob, n, width, 0.5, err);
}

int nn_classification_report_fill_at(nn_classification_report *r, const int *truth, const double *prob,
                                     size_t n, int width, double threshold, nn_error *err)
{
    *r = (nn_classification_report){0};
    r->threshold = threshold;
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
