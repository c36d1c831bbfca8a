/* Activations in a graph: what dense, activation and conv1d layers end in. */
#include <string.h>

#include "onnx_internal.h"

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
