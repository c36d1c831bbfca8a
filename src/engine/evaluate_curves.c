/* ROC and precision-recall curves (conventions in evaluate_curves.h). */
#include "evaluate_curves.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate_class.h"
#include "evaluate_rows.h"

void nn_binary_curves_free(nn_binary_curves *c)
{
    free(c->threshold), free(c->fpr), free(c->tpr), free(c->precision);
    memset(c, 0, sizeof *c);
}

static int check(const int *truth, const double *prob, size_t n, size_t *positives, nn_error *err)
{
    if (n == 0)
        return nn_fail(err, "no rows to draw curves of");
    *positives = 0;
    for (size_t i = 0; i < n; i++) {
        if (truth[i] != 0 && truth[i] != 1)
            return nn_fail(err, "the class of row %zu is %d, expected 0 or 1", i + 1, truth[i]);
        *positives += (size_t)truth[i];
    }
    if (*positives == 0 || *positives == n)
        return nn_fail(err, "the rows hold class %d only: no curve to draw", *positives ? 1 : 0);
    return nn_check_finite_rows(prob, n, 1, "a probability", err);
}

static int allocate(nn_binary_curves *c, size_t points)
{
    c->threshold = malloc(points * sizeof *c->threshold);
    c->fpr = malloc(points * sizeof *c->fpr);
    c->tpr = malloc(points * sizeof *c->tpr);
    c->precision = malloc(points * sizeof *c->precision);
    return c->threshold && c->fpr && c->tpr && c->precision ? 0 : -1;
}

/* Point i after the rows scoring at least s: tp and fp so far. */
static void put_point(nn_binary_curves *c, double s, double tp, double fp)
{
    size_t i = c->n++;
    c->threshold[i] = s;
    c->fpr[i] = fp / (double)c->negatives;
    c->tpr[i] = tp / (double)c->positives;
    c->precision[i] = tp + fp > 0 ? tp / (tp + fp) : 1.0;
    if (i == 0)
        return;
    c->auc += (c->fpr[i] - c->fpr[i - 1]) * (c->tpr[i] + c->tpr[i - 1]) / 2.0;
    c->average_precision += (c->tpr[i] - c->tpr[i - 1]) * c->precision[i];
    double f1 = 2.0 * tp / (tp + fp + (double)c->positives);
    if (f1 > c->best_f1) /* ties keep the higher threshold: fewer rows flagged */
        c->best_f1 = f1, c->best_at = s, c->best_precision = c->precision[i], c->best_recall = c->tpr[i];
}

/* order: the rows by ascending score; walked from the top, a group of
 * equal scores at a time. */
static void walk(nn_binary_curves *c, const int *truth, const double *prob, const size_t *order, size_t n)
{
    put_point(c, INFINITY, 0, 0);
    double tp = 0, fp = 0;
    for (size_t end = n; end > 0;) {
        double s = prob[order[end - 1]];
        while (end > 0 && prob[order[end - 1]] == s) {
            if (truth[order[end - 1]])
                tp++;
            else
                fp++;
            end--;
        }
        double before = c->best_f1;
        put_point(c, s, tp, fp);
        if (c->best_f1 > before) /* a new best: its thresholds reach down to the next lower score */
            c->best_below = end > 0 ? prob[order[end - 1]] : -INFINITY;
    }
}

int nn_binary_curves_fill(nn_binary_curves *c, const int *truth, const double *prob, size_t n, nn_error *err)
{
    memset(c, 0, sizeof *c);
    size_t positives = 0;
    if (check(truth, prob, n, &positives, err) < 0)
        return -1;
    size_t *order = nn_score_order(prob, n, 1);
    if (!order || allocate(c, n + 1) < 0) {
        free(order);
        nn_binary_curves_free(c);
        return nn_fail(err, "out of memory drawing the curves of %zu rows", n);
    }
    c->positives = positives, c->negatives = n - positives;
    walk(c, truth, prob, order, n);
    free(order);
    return 0;
}
