/* The ONNX forms and Keras parameters of conv1d, the pools and the two
 * normalisations.  A sequence flows between layers as [batch, steps,
 * channels] (nnwb's (steps, channels) samples); ONNX's Conv, pools and
 * BatchNormalization want channels first, so each such node sits between
 * two Transposes. */
#include <stdlib.h>

#include "engine/layer_conv1d.h"
#include "engine/layer_pool1d.h"
#include "onnx_internal.h"

static const int64_t SWAP_LAST[] = {0, 2, 1}; /* [b, steps, ch] <-> [b, ch, steps] */

const char *onnx_transpose(onnx_graph *g, const char *x, const int64_t *perm, size_t n)
{
    const char *y = onnx_node(g, "Transpose", &x, 1, NULL);
    onnx_attr_ints(g, "perm", perm, n);
    return y;
}

const char *onnx_flatten(onnx_graph *g, const char *x)
{
    const char *y = onnx_node(g, "Flatten", &x, 1, NULL);
    onnx_attr_int(g, "axis", 1);
    return y;
}

/* A kind's argument by its name (its value sits at its place in kind->args). */
static double arg(const nn_layer *l, const char *name)
{
    return l->spec.value[nn_layer_kind_arg(l->spec.kind, name) - l->spec.kind->args];
}

/* Conv over [b, channels, steps] with nnwb's padding: pad_left before the
 * first step and after the last what makes out_steps outputs. */
const char *onnx_conv1d(onnx_graph *g, const nn_layer *l, const char *x)
{
    nn_conv1d c = nn_conv1d_of(l);
    size_t n = (size_t)c.kernel * c.channels * c.filters;
    float *w = malloc(n * sizeof *w); /* ONNX's [filters][channels][kernel] from W[kernel][channels][filters] */
    if (!w)
        return g->failed = true, x;
    for (int f = 0; f < c.filters; f++)
        for (int ch = 0; ch < c.channels; ch++)
            for (int k = 0; k < c.kernel; k++)
                w[((size_t)f * c.channels + ch) * c.kernel + k] = l->w[((size_t)k * c.channels + ch) * c.filters + f];
    int64_t wdims[] = {c.filters, c.channels, c.kernel}, bdims[] = {c.filters};
    int right = (c.out_steps - 1) * c.stride + c.dilation * (c.kernel - 1) + 1 - c.steps - c.pad_left;
    const char *in[] = {onnx_transpose(g, x, SWAP_LAST, 3), onnx_floats(g, "conv_w", w, n, wdims, 3),
                        onnx_floats(g, "conv_b", l->w + n, (size_t)c.filters, bdims, 1)};
    free(w);
    const char *y = onnx_node(g, "Conv", in, 3, NULL);
    int64_t kernel[] = {c.kernel}, stride[] = {c.stride}, dilation[] = {c.dilation},
            pads[] = {c.pad_left, right > 0 ? right : 0};
    onnx_attr_ints(g, "kernel_shape", kernel, 1);
    onnx_attr_ints(g, "strides", stride, 1);
    onnx_attr_ints(g, "dilations", dilation, 1);
    onnx_attr_ints(g, "pads", pads, 2);
    return onnx_activation(g, l->spec.act, onnx_transpose(g, y, SWAP_LAST, 3));
}

static const char *pool(onnx_graph *g, const nn_layer *l, const char *x, const char *op)
{
    nn_pool1d p = nn_pool1d_of(l);
    const char *y = onnx_node(g, op, (const char *[]){onnx_transpose(g, x, SWAP_LAST, 3)}, 1, NULL);
    int64_t kernel[] = {p.pool}, stride[] = {p.stride};
    onnx_attr_ints(g, "kernel_shape", kernel, 1);
    onnx_attr_ints(g, "strides", stride, 1);
    return onnx_transpose(g, y, SWAP_LAST, 3);
}

const char *onnx_maxpool1d(onnx_graph *g, const nn_layer *l, const char *x)
{
    return pool(g, l, x, "MaxPool");
}

const char *onnx_avgpool1d(onnx_graph *g, const nn_layer *l, const char *x)
{
    return pool(g, l, x, "AveragePool");
}

/* [b, steps, ch] -> [b, ch, 1] -> [b, ch] */
const char *onnx_globalavgpool1d(onnx_graph *g, const nn_layer *l, const char *x)
{
    (void)l;
    const char *t = onnx_transpose(g, x, SWAP_LAST, 3);
    return onnx_flatten(g, onnx_node(g, "GlobalAveragePool", &t, 1, NULL));
}

/* BatchNormalization with the running statistics (inference), over the
 * last dimension: a vector's features, or a sequence's channels. */
const char *onnx_batchnorm(onnx_graph *g, const nn_layer *l, const char *x)
{
    int64_t c = l->in.dim[l->in.rank - 1], dims[] = {c};
    bool seq = l->in.rank == 2;
    const char *in[] = {seq ? onnx_transpose(g, x, SWAP_LAST, 3) : x,
                        onnx_floats(g, "bn_gamma", l->w, (size_t)c, dims, 1),
                        onnx_floats(g, "bn_beta", l->w + c, (size_t)c, dims, 1),
                        onnx_floats(g, "bn_mean", l->w + 2 * c, (size_t)c, dims, 1),
                        onnx_floats(g, "bn_var", l->w + 3 * c, (size_t)c, dims, 1)};
    const char *y = onnx_node(g, "BatchNormalization", in, 5, NULL);
    onnx_attr_float(g, "epsilon", (float)arg(l, "eps"));
    return seq ? onnx_transpose(g, y, SWAP_LAST, 3) : y;
}

static const char *mean_last(onnx_graph *g, const char *x)
{
    const char *y = onnx_node(g, "ReduceMean", &x, 1, NULL);
    onnx_attr_ints(g, "axes", (const int64_t[]){-1}, 1);
    return y;
}

/* Opset 13 has no LayerNormalization: (x - mean) / sqrt(var + eps) * gamma
 * + beta over the last dimension, the variance biased, as nnwb's. */
const char *onnx_layernorm(onnx_graph *g, const nn_layer *l, const char *x)
{
    int64_t c = l->in.dim[l->in.rank - 1], dims[] = {c};
    const char *d = onnx_node(g, "Sub", (const char *[]){x, mean_last(g, x)}, 2, NULL);
    const char *var = mean_last(g, onnx_node(g, "Mul", (const char *[]){d, d}, 2, NULL));
    const char *eps = onnx_scalar(g, "ln_eps", (float)arg(l, "eps"));
    const char *sd = onnx_node(g, "Sqrt", (const char *[]){onnx_node(g, "Add", (const char *[]){var, eps}, 2, NULL)},
                               1, NULL);
    const char *xhat = onnx_node(g, "Div", (const char *[]){d, sd}, 2, NULL);
    const char *scaled = onnx_node(g, "Mul", (const char *[]){xhat, onnx_floats(g, "ln_gamma", l->w, (size_t)c, dims, 1)},
                                   2, NULL);
    return onnx_node(g, "Add", (const char *[]){scaled, onnx_floats(g, "ln_beta", l->w + c, (size_t)c, dims, 1)}, 2,
                     NULL);
}

/* Keras's Conv1D kernel is nnwb's W[kernel][channels][filters]. */
int keras_conv1d(const nn_layer *l, keras_param *out, float *scratch)
{
    (void)scratch;
    nn_conv1d c = nn_conv1d_of(l);
    out[0] = (keras_param){"kernel", l->w, {c.kernel, c.channels, c.filters}, 3};
    out[1] = (keras_param){"bias", l->w + l->n_penalised, {c.filters}, 1};
    return 2;
}

int keras_batchnorm(const nn_layer *l, keras_param *out, float *scratch)
{
    (void)scratch;
    int64_t c = l->in.dim[l->in.rank - 1];
    static const char *names[] = {"gamma", "beta", "moving_mean", "moving_variance"};
    for (int i = 0; i < 4; i++)
        out[i] = (keras_param){names[i], l->w + i * c, {c}, 1};
    return 4;
}

int keras_layernorm(const nn_layer *l, keras_param *out, float *scratch)
{
    (void)scratch;
    int64_t c = l->in.dim[l->in.rank - 1];
    out[0] = (keras_param){"gamma", l->w, {c}, 1};
    out[1] = (keras_param){"beta", l->w + c, {c}, 1};
    return 2;
}
