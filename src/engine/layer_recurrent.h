/* What the recurrent kinds (lstm, gru) share: arguments (units, return),
 * the parameter layout Wx[channels][gates], Wh[units][gates], then one
 * bias (lstm) or two (gru: input's, then recurrent's), Keras's
 * initialisation, and the products, each a cblas_sgemm:
 *   the input products of all steps at once (batch*steps rows),
 *   a step's recurrent product over the batch,
 *   and in backward the weights' and input's gradients.
 * Per-step arrays are [batch][steps][width], row (sample*steps + step). */
#ifndef NN_LAYER_RECURRENT_H
#define NN_LAYER_RECURRENT_H

#include "layer.h"

typedef struct nn_recurrent {
    int steps, channels, units, gates; /* gates: units times the gate count */
    int biases;                        /* 1 or 2 */
    bool all;                          /* return=all: every step's h, else the last */
} nn_recurrent;

extern const nn_arg_spec nn_recurrent_args[];

nn_recurrent nn_recurrent_of(const nn_layer *l, int gate_count, int biases);
/* Shapes and counts; scratch_per_sample holds the carry (2 units), the
 * kind adds its own arrays. */
int nn_recurrent_shape(nn_layer *l, int gate_count, int biases, nn_error *err);
size_t nn_recurrent_bias_at(nn_recurrent r);
/* Glorot-uniform Wx, orthogonal Wh (orthonormal rows), zero biases. */
void nn_recurrent_init(nn_layer *l, nn_recurrent r, nn_rng *rng);
/* gate = x Wx + the first bias, for every sample and step. */
void nn_recurrent_input_products(const nn_layer *l, nn_recurrent r, const float *x, int batch,
                                 float *gate);
/* dst[s] (rows ldd apart) += h[s] Wh (rows ldh apart), for the batch's samples. */
void nn_recurrent_hh(const nn_layer *l, nn_recurrent r, const float *h, int ldh, int batch,
                     float *dst, int ldd);
/* dh[s] += dst[s] Wh^T: the gradient reaching h_{t-1} through Wh. */
void nn_recurrent_hh_back(const nn_layer *l, nn_recurrent r, const float *dgate, int ldg,
                          int batch, float *dh);
/* The layer's output from h [batch][steps][units]. */
void nn_recurrent_output(nn_recurrent r, const float *h, int batch, float *out);
/* dh += the output gradient at step t. */
void nn_recurrent_step_grad(nn_recurrent r, const float *dout, int t, int batch, float *dh);
/* Two rows of units per sample for backward's carried gradients. */
float *nn_recurrent_carry(const nn_layer *l, nn_recurrent r, int batch);
/* Every parameter's gradient and the input's (when din), from the
 * gradients of the input-side sums dx and of the recurrent sums dh
 * (the same array for lstm) and the h of every step. */
void nn_recurrent_weight_grads(nn_layer *l, nn_recurrent r, const float *x, const float *h,
                               const float *dx, const float *dh, int batch, float *din);

#endif
