/* Optimizers update the flat parameter vector from the flat gradient.
 * Each kind keeps n_slots state vectors the size of the parameters
 * (momentum, squared-gradient averages...), allocated by the trainer once.
 * Formulas follow PyTorch's documented updates, so reference values can be
 * produced there.  A new optimizer is one file and one table entry. */
#ifndef NN_OPTIMIZER_H
#define NN_OPTIMIZER_H

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct nn_optim_hparams {
    float momentum;     /* momentum, nesterov */
    float beta1, beta2; /* adam, adamw */
    float eps;          /* rmsprop, adagrad, adam, adamw */
    float rho;          /* rmsprop: decay of the squared-gradient average */
    float weight_decay; /* adamw: decoupled decay */
} nn_optim_hparams;

typedef struct nn_optimizer {
    const char *name;
    const char *help;
    int n_slots;
    /* Writes the updated weights to `next` (which may be w itself) in the
     * same pass as the update, and returns false if any of them is NaN or
     * infinite: the trainer's guard against overflow, at no extra pass
     * over the parameters, with w still the last finite weights when next
     * is another buffer.  A NaN or Inf in g always makes some updated
     * weight non-finite.  t counts steps from 1 (bias correction). */
    bool (*step)(const nn_optim_hparams *h, const float *w, float *next, const float *g,
                 float *const *slot, size_t n, float lr, long t);
} nn_optimizer;

/* 1 when x is NaN or infinite; written so that OR-ing it over a loop
 * vectorises (isfinite may not). */
static inline unsigned nn_optim_bad(float x)
{
    return !(fabsf(x) <= FLT_MAX);
}

#define NN_OPTIM_MAX_SLOTS 2

const nn_optimizer *nn_optimizer_find(const char *name);
const nn_optimizer *nn_optimizer_at(int i);

#endif
