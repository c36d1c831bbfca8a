/* conv1d's geometry, for readers of a built layer (the ONNX exporter):
 * its sizes, the padding it adds before the first step, its output steps. */
#ifndef NN_LAYER_CONV1D_H
#define NN_LAYER_CONV1D_H

#include "layer.h"

typedef struct nn_conv1d {
    int steps, channels, filters, kernel, stride, dilation, pad_left, out_steps;
} nn_conv1d;

nn_conv1d nn_conv1d_of(const nn_layer *l);

#endif
