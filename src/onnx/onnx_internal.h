/* What the exporter's files share. */
#ifndef NN_ONNX_INTERNAL_H
#define NN_ONNX_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "engine/layer.h"
#include "graph.h"

/* A layer's ONNX form: nodes reading value x; returns the layer's output. */
typedef const char *(*onnx_layer_hook)(onnx_graph *g, const nn_layer *l, const char *x);

/* One parameter array of a layer as Keras names and shapes it. */
typedef struct keras_param {
    const char *name;  /* "kernel", "bias" */
    const float *v;    /* row-major (C order) */
    int64_t shape[4];
    int ndim;
} keras_param;

enum { KERAS_MAX_PARAMS = 8 };

/* A layer's parameters in out[]; returns how many (at most KERAS_MAX_PARAMS).
 * Parameters Keras orders otherwise are reordered into `scratch`, room
 * for l->n_params floats, which out[] may then point into. */
typedef int (*keras_params_hook)(const nn_layer *l, keras_param *out, float *scratch);

/* What the exports know of a kind: one entry per kind in onnx_layers.c. */
typedef struct onnx_layer_form {
    const nn_layer_kind *kind;
    onnx_layer_hook onnx;     /* its ONNX form */
    const char *keras;        /* Keras's name of such a layer: "dense", then "dense_1", ... */
    keras_params_hook params; /* NULL for a kind without parameters */
} onnx_layer_form;

/* The entry of a kind, NULL when the exports do not know it. */
const onnx_layer_form *onnx_form_of(const nn_layer_kind *kind);
/* Its ONNX hook, NULL when it has none. */
onnx_layer_hook onnx_hook_of(const nn_layer_kind *kind);

/* The sequence kinds' forms (onnx_seq_layers.c, onnx_recurrent.c).  A
 * sequence flows between layers as [batch, steps, channels]. */
const char *onnx_conv1d(onnx_graph *g, const nn_layer *l, const char *x);
const char *onnx_maxpool1d(onnx_graph *g, const nn_layer *l, const char *x);
const char *onnx_avgpool1d(onnx_graph *g, const nn_layer *l, const char *x);
const char *onnx_globalavgpool1d(onnx_graph *g, const nn_layer *l, const char *x);
const char *onnx_batchnorm(onnx_graph *g, const nn_layer *l, const char *x);
const char *onnx_layernorm(onnx_graph *g, const nn_layer *l, const char *x);
const char *onnx_lstm(onnx_graph *g, const nn_layer *l, const char *x);
const char *onnx_gru(onnx_graph *g, const nn_layer *l, const char *x);
int keras_conv1d(const nn_layer *l, keras_param *out, float *scratch);
int keras_batchnorm(const nn_layer *l, keras_param *out, float *scratch);
int keras_layernorm(const nn_layer *l, keras_param *out, float *scratch);
int keras_lstm(const nn_layer *l, keras_param *out, float *scratch);
int keras_gru(const nn_layer *l, keras_param *out, float *scratch);

/* Transpose of x by perm (n axes). */
const char *onnx_transpose(onnx_graph *g, const char *x, const int64_t *perm, size_t n);
/* A value with one more flat dimension: [batch, a, b] -> [batch, a * b]. */
const char *onnx_flatten(onnx_graph *g, const char *x);

/* Lines of names, for the metadata (malloc'd). */
char *onnx_lines(const char *const *names, size_t n);

struct nn_recipe;
/* The recipe's preparation as nodes in front of the network, reading the
 * raw columns (inputs "columns", float, and "categories", strings; their
 * names as lines in *columns and *categories, malloc'd, NULL for none),
 * when every source is plain (onnx_recipe.c); the features value
 * [batch, F], or NULL (nothing added) when the recipe does more. */
const char *onnx_recipe_in_front(onnx_graph *g, const struct nn_recipe *r, size_t F, char **columns,
                                 char **categories);

/* An activation applied to x. */
const char *onnx_activation(onnx_graph *g, const nn_activation *a, const char *x);

#endif
