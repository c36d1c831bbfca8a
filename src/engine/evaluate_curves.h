/* The curves of a binary classifier over every threshold: ROC (false
 * against true positive rate) and precision-recall, with the threshold
 * that gives the best F1.  Conventions follow scikit-learn's roc_curve
 * (drop_intermediate=False), precision_recall_curve and
 * average_precision_score:
 *
 *   point 0 is the threshold above every score: nothing predicted
 *   positive, fpr = tpr = recall = 0, precision 1;
 *   point i >= 1 is the i-th distinct score from the top, s_i: rows with
 *   p >= s_i predicted positive;
 *   auc is the trapezoid under the ROC points (equal to the Mann-Whitney
 *   AUC of evaluate_class.h), average precision the step sum
 *   sum_i (recall_i - recall_{i-1}) * precision_i.
 *
 * The best-F1 threshold is given as the open interval (below, at] of
 * thresholds that all give that F1: a threshold T there predicts the same
 * rows positive (p >= T) as s_i does. */
#ifndef NN_EVALUATE_CURVES_H
#define NN_EVALUATE_CURVES_H

#include <stddef.h>

#include "error.h"

typedef struct nn_binary_curves {
    size_t n;                    /* points */
    double *threshold;           /* point 0: +infinity */
    double *fpr, *tpr, *precision; /* recall is tpr */
    size_t positives, negatives;
    double auc, average_precision;
    double best_f1, best_precision, best_recall;
    double best_at, best_below;  /* the best F1's thresholds: (best_below, best_at] */
} nn_binary_curves;

/* truth 0/1 and p(class 1) per row.  Fails for no rows, a single class in
 * the truth (no curve to draw), a label other than 0/1, a non-finite
 * probability or out of memory (c is then empty). */
int nn_binary_curves_fill(nn_binary_curves *c, const int *truth, const double *prob, size_t n, nn_error *err);
void nn_binary_curves_free(nn_binary_curves *c);

#endif
