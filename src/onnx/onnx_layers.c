/* Each layer kind's ONNX form: one hook per kind, found by the kind, so a
 * new kind is one function and one entry in `hooks`. */
#include "onnx_internal.h"

#include "engine/model.h"

/* An activation: its ONNX operator, with its alpha where it takes one;
 * Gelu (ONNX's from opset 20 only) as x * (1 + erf(x / sqrt 2)) / 2. */
const char *onnx_activation(onnx_graph *g, const nn_activation *a, const char *x)
{
    if (a->identity)
        return x;
    if (strcmp(a->onnx, "Gelu") == 0) {
        const char *scaled[] = {x, onnx_scalar(g, "inv_sqrt2", 0.70710678118654752f)};
        const char *erf_in[] = {onnx_node(g, "Mul", scaled, 2, NULL)};
        const char *plus[] = {onnx_node(g, "Erf", erf_in, 1, NULL), onnx_scalar(g, "one", 1)};
        const char *times[] = {x, onnx_node(g, "Add", plus, 2, NULL)};
        const char *half[] = {onnx_node(g, "Mul", times, 2, NULL), onnx_scalar(g, "half", 0.5f)};
        return onnx_node(g, "Mul", half, 2, NULL);
    }
    const char *y = onnx_node(g, a->onnx, &x, 1, NULL);
    if (a->alpha != 0)
        onnx_attr_float(g, "alpha", a->alpha);
    if (strcmp(a->onnx, "Softmax") == 0)
        onnx_attr_int(g, "axis", -1);
    return y;
}

/* Dense: Gemm(x, W[in][units], b), then its activation. */
static const char *dense(onnx_graph *g, const nn_layer *l, const char *x)
{
    int64_t units = l->spec.units, in = (int64_t)(l->n_params / (size_t)units) - 1; /* units x (in + 1) */
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

static const struct {
    const nn_layer_kind *kind;
    onnx_layer_hook hook;
} hooks[] = {
    {&nn_layer_dense, dense},
    {&nn_layer_activation, activation},
    {&nn_layer_dropout, dropout},
};

onnx_layer_hook onnx_hook_of(const nn_layer_kind *kind)
{
    for (size_t i = 0; i < sizeof hooks / sizeof *hooks; i++)
        if (hooks[i].kind == kind)
            return hooks[i].hook;
    return NULL;
}
