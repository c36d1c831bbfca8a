/* Evaluation of a classification: metrics, report and naive baseline
 * (what every report shares is in evaluate.h).  Conventions:
 *
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
#ifndef NN_EVALUATE_CLASS_H
#define NN_EVALUATE_CLASS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define NN_LOGLOSS_EPS 1e-7

/* --- metrics ---------------------------------------------------------------- */

/* Binary AUC of scores against is_positive (0/1 per row).  Allocates one
 * buffer of n pairs; NaN when one class is missing or a score is NaN, or
 * when out of memory. */
double nn_roc_auc(const unsigned char *is_positive, const double *score, size_t n);
/* Mean clipped log loss; width 1: prob[i] is p(class 1), truth 0/1;
 * width k >= 2: prob is n x k, truth in 0..k-1. */
double nn_log_loss(const int *truth, const double *prob, size_t n, int width);
/* The class predicted from row i of prob (width as above). */
int nn_predicted_class(const double *prob, size_t i, int width);

/* --- report and baseline ------------------------------------------------ */

typedef struct nn_classification_report {
    size_t n;
    int nclasses;                 /* 2 for binary */
    bool binary;
    double accuracy, precision, recall, f1;
    double auc;                   /* NaN when the truth holds one class */
    double logloss;
    double threshold;             /* binary: class 1 when p >= threshold */
    size_t *confusion;            /* nclasses x nclasses counts, row = truth,
                                   * column = prediction; owned by the report */
} nn_classification_report;

/* width 1: binary, prob holds p(class 1) per row, truth 0/1; width k >= 2:
 * k classes, prob is n x k row-major, truth in 0..k-1.  Fails (with
 * r->confusion NULL) for n = 0, a label out of range, a non-finite
 * probability or out of memory.  Free with nn_classification_report_free. */
int nn_classification_report_fill(nn_classification_report *r, const int *truth,
                                  const double *prob, size_t n, int width, nn_error *err);
/* The same for a binary model (width 1) deciding class 1 at p >= threshold
 * instead of 0.5: accuracy, precision, recall, f1 and the confusion
 * matrix change; auc and log loss do not. */
int nn_classification_report_fill_at(nn_classification_report *r, const int *truth, const double *prob,
                                     size_t n, int width, double threshold, nn_error *err);
void nn_classification_report_free(nn_classification_report *r);

/* The weighted forms, for resampling: count[i] is how many times row i is
 * drawn (NULL: once each); the report's n is then the total count.  No
 * checks and no allocation: the inputs are those a fill above accepted. */
/* The rows sorted by score, for the AUC: width 1 one order of n rows, else
 * width orders (one per class, by that class's probability).  Free with
 * free(); NULL when out of memory. */
size_t *nn_score_order(const double *prob, size_t n, int width);
/* r->confusion must hold nclasses x nclasses counts (it is overwritten),
 * r->threshold is the one a fill set; order from nn_score_order on the
 * same prob. */
void nn_classification_report_weighted(nn_classification_report *r, const int *truth,
                                       const double *prob, const unsigned *count, size_t n,
                                       int width, const size_t *order);

/* out: n rows of width values (width as in nn_classification_report_fill),
 * each the class frequencies of the training labels, so the predicted class
 * is the majority class (binary: class 1 on a 50/50 tie, as p >= 0.5 says;
 * multiclass: the lowest of the tied classes), the AUC of these constant
 * scores is 0.5 and the log loss is that of the training prior.  Fails for
 * no training rows or a label out of range. */
int nn_majority_baseline(double *out, size_t n, int width, const int *train_truth,
                         size_t n_train, nn_error *err);

#endif
