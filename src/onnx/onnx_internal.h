/* What the exporter's files share. */
#ifndef NN_ONNX_INTERNAL_H
#define NN_ONNX_INTERNAL_H

#include <string.h>

#include "engine/layer.h"
#include "graph.h"

/* A layer's ONNX form: nodes reading value x; returns the layer's output. */
typedef const char *(*onnx_layer_hook)(onnx_graph *g, const nn_layer *l, const char *x);

/* The hook of a kind, NULL when the kind has no ONNX form (onnx_layers.c). */
onnx_layer_hook onnx_hook_of(const nn_layer_kind *kind);

/* An activation applied to x. */
const char *onnx_activation(onnx_graph *g, const nn_activation *a, const char *x);

#endif
