/* Inverted dropout: while training, each value is kept with probability
 * 1 - rate and scaled by 1 / (1 - rate), so evaluation needs no rescaling
 * and simply passes values through. */
#include <string.h>

#include "layer.h"

static int dropout_shape(nn_layer *l, nn_error *err)
{
    if (!(l->spec.rate >= 0.0f && l->spec.rate < 1.0f))
        return nn_fail(err, "dropout: rate must be in [0, 1)");
    l->out = l->in;
    l->n_params = l->n_penalised = 0;
    l->scratch_per_sample = nn_shape_size(l->in); /* the mask of the last pass */
    return 0;
}

static void dropout_init(nn_layer *l, nn_rng *rng)
{
    (void)l, (void)rng;
}

static void dropout_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    size_t n = (size_t)batch * nn_shape_size(l->in);
    float keep = 1.0f - l->spec.rate, scale = 1.0f / keep;
    if (!training || l->spec.rate == 0.0f) {
        memcpy(out, in, n * sizeof *out);
        for (size_t i = 0; i < n; i++)
            l->scratch[i] = 1.0f;
        return;
    }
    nn_rng_mask(l->rng, l->scratch, n, keep, scale);
    for (size_t i = 0; i < n; i++)
        out[i] = in[i] * l->scratch[i];
}

static void dropout_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                             float *din, int batch)
{
    (void)in, (void)out;
    if (!din)
        return;
    size_t n = (size_t)batch * nn_shape_size(l->in);
    for (size_t i = 0; i < n; i++)
        din[i] = dout[i] * l->scratch[i];
}

static const nn_arg_spec dropout_args[] = {
    {"rate", NN_ARG_NUMBER, 0, NULL, NULL, "the share of values dropped in training", 0, 1},
    {0},
};

const nn_layer_kind nn_layer_dropout = {
    .name = "dropout",
    .help = "randomly zeroes a fraction of values while training (inverted dropout)",
    .shape_rule = "unchanged",
    .args = dropout_args,
    .shape = dropout_shape,
    .init = dropout_init,
    .forward = dropout_forward,
    .backward = dropout_backward,
    .logits = NULL,
};
