/* Loss functions.  Each computes the mean loss over a batch and, when grad
 * is not NULL, writes its gradient with respect to the predictions (already
 * divided by the batch, so it can be back-propagated as is).
 *
 * class_weight (NULL: unweighted) gives the classification losses one
 * weight per class: bce reads two (class 0, class 1) and weights each value
 * by w0 (1 - y) + w1 y; cce reads one per output column and weights each
 * row by sum_j y_j w_j.  The result is the mean of weight * loss over the
 * batch, not normalised by the weights (Keras's and torch's `mean` of a
 * weighted loss).  The regression losses ignore it.
 *
 * A loss that pairs with an output activation (binary cross-entropy with
 * sigmoid, categorical cross-entropy with softmax) also has a from-logits
 * form, which the model uses whenever its last layer ends in that
 * activation: it is stable for any logit and its gradient is simply
 * (p - y) / batch. */
#ifndef NN_LOSS_H
#define NN_LOSS_H

#include <stdbool.h>
#include <stddef.h>

typedef double (*nn_loss_fn)(const float *pred, const float *target, int batch, int width,
                             const float *class_weight, float *grad);

typedef struct nn_loss {
    const char *name;
    const char *help;
    const char *logit_activation; /* activation this loss can absorb, or NULL */
    nn_loss_fn value;             /* from the layer's output */
    nn_loss_fn from_logits;       /* from the pre-activation, when paired */
    bool classifies;              /* scores class probabilities: accuracy is its metric */
} nn_loss;

extern const nn_loss nn_loss_mse, nn_loss_mae, nn_loss_huber, nn_loss_bce, nn_loss_cce;

const nn_loss *nn_loss_find(const char *name);
const nn_loss *nn_loss_at(int i);

#endif
