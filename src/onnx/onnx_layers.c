/* Each layer kind's ONNX form and its parameters as Keras names them: one
 * entry per kind in `forms`, found by the kind, so a new kind is its
 * functions and one entry. */
#include "onnx_internal.h"

#include "engine/model.h"

/* Dense's parameters: the kernel W[in][units] (row-major), then the bias. */
static int64_t dense_inputs(const nn_layer *l)
{
    return (int64_t)(l->n_params / (size_t)l->spec.units) - 1; /* units x (in + 1) */
}

static int dense_params(const nn_layer *l, keras_param *out, float *scratch)
{
    (void)scratch;
    int64_t units = l->spec.units, in = dense_inputs(l);
    out[0] = (keras_param){"kernel", l->w, {in, units}, 2};
    out[1] = (keras_param){"bias", l->w + in * units, {units}, 1};
    return 2;
}

/* Dense: Gemm(x, W[in][units], b), then its activation; after a sequence
 * layer, on the sequence flattened (steps by channels, as nnwb reads it). */
static const char *dense(onnx_graph *g, const nn_layer *l, const char *x)
{
    if (l->in.rank == 2)
        x = onnx_flatten(g, x);
    int64_t units = l->spec.units, in = dense_inputs(l);
    int64_t wdims[] = {in, units}, bdims[] = {units};
    const char *gemm_in[] = {x, onnx_floats(g, "kernel", l->w, (size_t)(in * units), wdims, 2),
                             onnx_floats(g, "bias", l->w + in * units, (size_t)units, bdims, 1)};
    return onnx_activation(g, l->spec.act, onnx_node(g, "Gemm", gemm_in, 3, NULL));
}

static const char *activation(onnx_graph *g, const nn_layer *l, const char *x)
{
    return onnx_activation(g, l->spec.act, x);
}

/* Dropout is the identity at inference. */
static const char *dropout(onnx_graph *g, const nn_layer *l, const char *x)
{
    (void)l;
    return onnx_node(g, "Identity", &x, 1, NULL);
}

static const onnx_layer_form forms[] = {
    {&nn_layer_dense, dense, "dense", dense_params},
    {&nn_layer_activation, activation, "activation", NULL},
    {&nn_layer_dropout, dropout, "dropout", NULL},
    {&nn_layer_conv1d, onnx_conv1d, "conv1d", keras_conv1d},
    {&nn_layer_maxpool1d, onnx_maxpool1d, "max_pooling1d", NULL},
    {&nn_layer_avgpool1d, onnx_avgpool1d, "average_pooling1d", NULL},
    {&nn_layer_globalavgpool1d, onnx_globalavgpool1d, "global_average_pooling1d", NULL},
    {&nn_layer_batchnorm, onnx_batchnorm, "batch_normalization", keras_batchnorm},
    {&nn_layer_layernorm, onnx_layernorm, "layer_normalization", keras_layernorm},
    {&nn_layer_lstm, onnx_lstm, "lstm", keras_lstm},
    {&nn_layer_gru, onnx_gru, "gru", keras_gru},
};

const onnx_layer_form *onnx_form_of(const nn_layer_kind *kind)
{
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (forms[i].kind == kind)
            return &forms[i];
    return NULL;
}

onnx_layer_hook onnx_hook_of(const nn_layer_kind *kind)
{
    const onnx_layer_form *f = onnx_form_of(kind);
    return f ? f->onnx : NULL;
}
