/* A trained model and its fitted recipe as an ONNX model (opset 13) that
 * Python's onnx and onnxruntime run:
 *
 *   input   "columns" [batch, N]: the raw numeric columns, in the order
 *           the metadata's "columns" lists, and "categories" [batch, C]:
 *           the levelled columns' cells as strings, when every feature is
 *           a plain function of its column (onnx_recipe.c writes the
 *           filling, scaling and encoding in front); otherwise
 *           "features" [batch, F], the prepared features as `nnwb`
 *           prepares them (metadata "features"; the recipe's text is in
 *           the metadata's "nnwb_recipe").
 *   layers  one hook per layer kind (onnx_layers.c): dense as Gemm and
 *           its activation, activations, dropout as Identity.
 *   output  regression: "prediction" [batch, 1] in the target's units;
 *           classification: "probabilities" [batch, K] (binary: [batch,
 *           1], the probability of the second class), the class names in
 *           the metadata's "classes", one per line.
 *
 * A layer kind without an ONNX form is refused by its name. */
#ifndef NN_ONNX_EXPORT_H
#define NN_ONNX_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"

struct nn_model;
struct nn_recipe;
struct nn_layer_kind;

/* Whether a layer kind has an ONNX form. */
bool nn_onnx_supports(const struct nn_layer_kind *kind);

/* Whether the graph of a model of F inputs reads the raw columns, the
 * recipe in it (else its input is "features": nn_recipe_json says how to
 * prepare them). */
bool nn_onnx_reads_columns(const struct nn_recipe *r, size_t F);

/* The model as ONNX bytes in *data (malloc'd, *len long); 0 or -1. */
int nn_onnx_export(const struct nn_model *m, const struct nn_recipe *r, unsigned char **data, size_t *len,
                   nn_error *err);

#endif
