/* The test-only layer kind `scale` (tests/layer_scale.c). */
#ifndef TEST_LAYER_SCALE_H
#define TEST_LAYER_SCALE_H

#include "engine/layer.h"

extern const nn_layer_kind test_layer_scale;

#endif
