/* Per-row attributions: a sampling estimate of Shapley values.
 *
 * Why Shapley sampling and not integrated gradients: it needs only
 * predictions (the engine's backward stops at the first layer's weights and
 * gives no gradient with respect to the input), it works for any layer kind
 * the engine gains, and its efficiency property holds exactly per sample
 * rather than up to a Riemann-sum error.
 *
 * The estimator (Strumbelj & Kononenko 2014): for a random order of the
 * features, walk from a background row b to the explained row x, switching
 * one feature at a time from b's value to x's; the change of the output at
 * each switch is credited to that feature.  The credits of one walk sum to
 * f(x) - f(b) by telescoping, so with a single background row the sum of
 * the attributions equals value - baseline exactly (up to float rounding),
 * and for a linear model every walk gives w_i (x_i - b_i).  Orders are
 * drawn in antithetic pairs (an order, then its reverse), which cancels
 * most of the sampling noise of nearly additive models.  Every order is
 * walked from every background row, so baseline is the mean output over
 * the background rows and the sum property holds for any background.
 *
 * Cost: samples * n_background walks of (features + 1) rows each. */
#ifndef NN_EXPLAIN_H
#define NN_EXPLAIN_H

#include <stdint.h>

#include "error.h"
#include "model.h"

typedef struct nn_explanation {
    int output;      /* the output explained (class index for classifiers) */
    double value;    /* the model's output `output` for the row */
    double baseline; /* its mean over the background rows */
} nn_explanation;

/* Attributions of `row` (nn_model_input_size(m) values, prepared as the
 * model's inputs) into phi (one per input), for output index `output`, or
 * for the predicted class (the largest output) when `output` is negative.
 * background: n_background rows of the same width (e.g. the training mean,
 * nn_mean_row, or a sample of training rows, nn_sample_rows).  samples:
 * number of feature orders (>= 1; even numbers use full antithetic pairs).
 * Outputs are in the model's units (probabilities for a sigmoid or softmax
 * output; scaled targets for a regression).  The model's workspaces are
 * used: not while a trainer runs on it. */
int nn_shapley(nn_model *m, const float *row, const float *background, int n_background,
               int samples, int output, uint64_t seed, double *phi, nn_explanation *e,
               nn_error *err);

/* The column means of n rows of width f (accumulated in double). */
void nn_mean_row(const float *x, int n, int f, float *out);

/* Up to k distinct rows of x chosen uniformly (reservoir sampling, seeded),
 * copied into out (k x f floats); returns how many: min(k, n). */
int nn_sample_rows(const float *x, int n, int f, int k, uint64_t seed, float *out);

#endif
