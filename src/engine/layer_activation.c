/* A stand-alone activation layer, for Keras-style Activation('relu'). */
#include <string.h>

#include "layer.h"

static int activation_shape(nn_layer *l, nn_error *err)
{
    (void)err;
    l->out = l->in;
    l->n_params = l->n_penalised = 0;
    l->scratch_per_sample = 0;
    return 0;
}

static void activation_init(nn_layer *l, nn_rng *rng)
{
    (void)l, (void)rng;
}

static size_t width_of(const nn_layer *l)
{
    /* softmax normalises over the last axis */
    return (size_t)l->in.dim[l->in.rank - 1];
}

static void activation_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    (void)training;
    size_t w = width_of(l), rows = (size_t)batch * nn_shape_size(l->in) / w;
    l->spec.act->forward(l->spec.act, in, out, rows, w);
}

static void activation_backward(nn_layer *l, const float *in, const float *out,
                                const float *dout, float *din, int batch)
{
    if (!din)
        return;
    size_t w = width_of(l), rows = (size_t)batch * nn_shape_size(l->in) / w;
    if (l->grad_wrt_logits)
        memcpy(din, dout, rows * w * sizeof *din);
    else
        l->spec.act->backward(l->spec.act, in, out, dout, din, rows, w);
}

static const float *activation_logits(const nn_layer *l, const float *in)
{
    return l->spec.act->identity ? NULL : in;
}

static const nn_arg_spec activation_args[] = {
    {"act", NN_ARG_WORD, 0, "linear", NULL, "the activation", 0, 0},
    {0},
};

const nn_layer_kind nn_layer_activation = {
    .name = "activation",
    .help = "applies an activation function on its own",
    .shape_rule = "unchanged",
    .args = activation_args,
    .shape = activation_shape,
    .init = activation_init,
    .forward = activation_forward,
    .backward = activation_backward,
    .logits = activation_logits,
};
