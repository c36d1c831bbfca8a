/* Optimizers update the flat parameter vector from the flat gradient.
 * Each kind keeps n_slots state vectors the size of the parameters
 * (momentum, squared-gradient averages...), allocated by the trainer once.
 * Formulas follow PyTorch's documented updates, so reference values can be
 * produced there.  A new optimizer is one file and one table entry. */
#ifndef NN_OPTIMIZER_H
#define NN_OPTIMIZER_H

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
    /* t counts steps from 1 (bias correction). */
    void (*step)(const nn_optim_hparams *h, float *w, const float *g, float *const *slot,
                 size_t n, float lr, long t);
} nn_optimizer;

#define NN_OPTIM_MAX_SLOTS 2

const nn_optimizer *nn_optimizer_find(const char *name);
const nn_optimizer *nn_optimizer_at(int i);

#endif
