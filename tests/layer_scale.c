/* A layer kind that lives in the tests, to prove that a kind is one file
 * plus one registration: y = a x with one learned parameter a, which
 * starts at the argument `start`. Nothing outside this file names it. */
#include "layer_scale.h"

static int scale_shape(nn_layer *l, nn_error *err)
{
    (void)err;
    l->out = l->in;
    l->n_params = 1;
    l->n_penalised = 0;
    l->scratch_per_sample = 0;
    return 0;
}

static void scale_init(nn_layer *l, nn_rng *rng)
{
    (void)rng;
    l->w[0] = (float)l->spec.value[0]; /* start, the kind's first argument */
}

static void scale_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    size_t n = (size_t)batch * nn_shape_size(l->in);
    for (size_t i = 0; i < n; i++)
        out[i] = l->w[0] * in[i];
}

static void scale_backward(nn_layer *l, const float *in, const float *out, const float *dout,
                           float *din, int batch)
{
    (void)out;
    size_t n = (size_t)batch * nn_shape_size(l->in);
    float ga = 0.0f;
    for (size_t i = 0; i < n; i++)
        ga += dout[i] * in[i];
    l->g[0] = ga;
    for (size_t i = 0; din && i < n; i++)
        din[i] = dout[i] * l->w[0];
}

static const nn_arg_spec scale_args[] = {
    {"start", NN_ARG_NUMBER, 0, "1", NULL, "the factor's first value", -100, 100},
    {0},
};

const nn_layer_kind test_layer_scale = {
    .name = "scale",
    .help = "multiplies by one learned factor",
    .shape_rule = "unchanged",
    .args = scale_args,
    .shape = scale_shape,
    .init = scale_init,
    .forward = scale_forward,
    .backward = scale_backward,
};
