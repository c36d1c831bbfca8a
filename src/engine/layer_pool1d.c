/* The pooling kinds' shared arguments and shape (layer_pool1d.h). */
#include "layer_pool1d.h"

const nn_arg_spec nn_pool1d_args[] = {
    {"pool", NN_ARG_INT, 0, "2", NULL, "steps in each window", 1, 100000},
    {"stride", NN_ARG_INT, NN_ARG_KEY_ONLY, "0", NULL,
     "steps between windows (0: the pool size, windows side by side)", 0, 100000},
    {0},
};

int nn_pool1d_shape(nn_layer *l, nn_error *err)
{
    if (nn_layer_need_steps(l, err) < 0)
        return -1;
    nn_pool1d p = nn_pool1d_of(l);
    if (p.out_steps < 1)
        return nn_fail(err, "%s: a pool of %d steps is more than the %d there are",
                       l->spec.kind->name, p.pool, p.steps);
    l->out = nn_shape_sequence(p.out_steps, p.channels);
    l->n_params = l->n_penalised = 0;
    return 0;
}

void nn_pool1d_init(nn_layer *l, nn_rng *rng)
{
    (void)l, (void)rng;
}
