/* What the pooling kinds over steps share: their arguments (pool, and a
 * stride that defaults to it), their geometry and their output shape. */
#ifndef NN_LAYER_POOL1D_H
#define NN_LAYER_POOL1D_H

#include "layer.h"

typedef struct nn_pool1d {
    int steps, channels, pool, stride, out_steps;
} nn_pool1d;

extern const nn_arg_spec nn_pool1d_args[];

static inline nn_pool1d nn_pool1d_of(const nn_layer *l)
{
    nn_pool1d p = {l->in.dim[0], l->in.dim[1], (int)l->spec.value[0], (int)l->spec.value[1], 0};
    if (p.stride == 0) /* Keras: strides=None means the pool size */
        p.stride = p.pool;
    p.out_steps = p.steps >= p.pool ? (p.steps - p.pool) / p.stride + 1 : 0;
    return p;
}

/* Output (out_steps, channels), no parameters; fails on too few steps. */
int nn_pool1d_shape(nn_layer *l, nn_error *err);
void nn_pool1d_init(nn_layer *l, nn_rng *rng);

#endif
