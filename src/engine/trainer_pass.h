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
