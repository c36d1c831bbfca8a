/* A layer's description set field by field, for the tests that build
 * models without parsing text. */
#ifndef LAYER_SPEC_H
#define LAYER_SPEC_H

#include "engine/model.h"

/* act NULL: the kind's default activation. */
static inline nn_layer_spec layer(const char *kind, int units, const char *act)
{
    nn_layer_spec s;
    nn_layer_spec_init(&s, kind, NULL);
    s.units = units;
    if (act)
        s.act = nn_activation_find(act);
    return s;
}

#endif
