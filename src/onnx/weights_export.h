/* A trained model's parameters as NumPy's .npz, one array per layer
 * parameter with the names and shapes Keras gives them, so a Keras or
 * PyTorch model of the same layers can take them:
 *
 *   "dense/kernel" [in, units], "dense/bias" [units], then "dense_1/...",
 *   "dense_2/..." for the next dense layers: Keras's default layer names
 *   (a counter per kind, as a fresh Sequential names its layers) and its
 *   variables' names, as LAYER/VARIABLE without tf.keras's ":0".
 *
 * Layers without parameters (activation, dropout) have no arrays; the
 * data recipe is not in the file (`export onnx` carries it).  A layer kind
 * the exports do not know, or whose parameters have no Keras names, is
 * refused by its name. */
#ifndef NN_WEIGHTS_EXPORT_H
#define NN_WEIGHTS_EXPORT_H

#include <stddef.h>

#include "engine/error.h"

struct nn_model;

/* The parameters as .npz bytes in *data (malloc'd, *len long); 0 or -1. */
int nn_weights_export(const struct nn_model *m, unsigned char **data, size_t *len, nn_error *err);

#endif
