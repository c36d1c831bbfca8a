/* Per-row explanations by a local linear surrogate (LIME, Ribeiro et al.
 * 2016, as its tabular explainer does without discretisation).
 *
 * Around the explained row x, `samples` rows are drawn: the first is x
 * itself, each other takes every feature independently from a random
 * training row (the training marginal).  Features are measured in scaled
 * units z = (v - mean) / sd over the training rows (population sd; a
 * constant feature keeps sd 1).  Each sample weighs
 *     k = sqrt(exp(-d^2 / width^2)),  d = |z - z_x|,  width = 0.75 sqrt(F)
 * (LIME's kernel and default width for F features), and the model's output
 * is fitted by weighted least squares on [1, z] with a tiny ridge (1e-6 of
 * the weights' sum, off the intercept) so that constant or collinear
 * columns stay solvable; the normal equations are formed with BLAS and
 * solved by Cholesky in double.
 *
 * coef[j] is the surrogate's change of output per training standard
 * deviation of feature j: for a linear model f(v) = w.v + b it is
 * w_j sd_j exactly.  r2 is the weighted R^2 of the fit over the samples
 * (1: the model is linear here; NaN if the output does not vary). */
#ifndef NN_LIME_H
#define NN_LIME_H

#include <stdint.h>

#include "error.h"
#include "model.h"

#define NN_LIME_DEFAULT_SAMPLES 5000

typedef struct nn_lime_fit {
    int output;          /* the output explained (class index for classifiers) */
    double value;        /* the model's output for the row */
    double local;        /* the surrogate's value at the row */
    double intercept;    /* the surrogate's value at the training mean */
    double r2;           /* weighted R^2 of the surrogate */
    double kernel_width; /* in scaled units */
} nn_lime_fit;

/* Fits the surrogate of output `output` (the largest when negative) around
 * `row` (nn_model_input_size(m) prepared values), with perturbations drawn
 * from n_train training rows; coef gets one value per input.  samples must
 * exceed the inputs by at least 1.  Seeded: the same seed, the same fit.
 * Uses the model's workspaces: not while a trainer runs on it. */
int nn_lime(nn_model *m, const float *row, const float *train, int n_train, int samples,
            int output, uint64_t seed, double *coef, nn_lime_fit *fit, nn_error *err);

#endif
