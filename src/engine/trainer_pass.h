/* One pass of training over some rows: forward, loss, metric, backward.
 * The trainer runs it on its share of each batch, and the two-core split
 * reducer on the other share with a replica of the model. */
#ifndef NN_TRAINER_PASS_H
#define NN_TRAINER_PASS_H

#include <stdbool.h>

#include "grad_reducer.h"
#include "loss.h"
#include "metric.h"

/* What a pass computes, fixed for a run. */
typedef struct nn_train_pass {
    const nn_loss *loss;
    bool fused;                 /* loss taken from the last layer's logits */
    const float *class_weight;  /* per class, for the loss; NULL: none */
    const nn_metric *metric;
} nn_train_pass;

/* A batch's rows: row i is row order[i] of the data, gathered into row i
 * of xb and yb. */
typedef struct nn_batch_rows {
    const float *x, *y;
    int x_width, y_width;
    const int *order;   /* the batch's own, set before each batch */
    float *xb, *yb;
} nn_batch_rows;

/* Gathers rows from..from+rows-1 of the batch: the trainer its share, the
 * two-core split's worker its own at the same time. */
void nn_batch_gather(const nn_batch_rows *b, int from, int rows);

/* Loss of m's last forward pass over x; writes its gradient if grad is
 * not NULL. */
double nn_train_pass_loss(const nn_train_pass *p, nn_model *m, const float *x, const float *target,
                          int rows, float *grad);

/* Forward, loss and backward of `rows` rows on m, filling m's gradients
 * with the mean over the rows; tells r (if not NULL) as each layer's
 * gradients become final, last layer first. */
void nn_train_pass_run(const nn_train_pass *p, nn_model *m, const float *x, const float *y,
                       int rows, nn_grad_reducer *r, double *loss, double *metric);

#endif
