/* Models from layer descriptions as a user types them ("dense units=8
 * act=relu"), for the tests that need a small network. */
#ifndef MODEL_BY_TEXT_H
#define MODEL_BY_TEXT_H

#include <stdarg.h>
#include <stdio.h>

#include "engine/model.h"
#include "tap.h"

/* Adds one layer; a refused one is shown as a comment. 0 on success. */
static inline int add_layer_text(nn_model *m, const char *text)
{
    nn_layer_spec spec;
    nn_error err;
    int rc = nn_layer_spec_parse(&spec, text, &err);
    if (rc == 0)
        rc = nn_model_add(m, &spec, &err);
    if (rc != 0)
        printf("#   layer '%s': %s\n", text, err.msg);
    return rc;
}

/* The layers from `first` to a NULL, not built yet; a refused one fails
 * the test case. */
static inline nn_model *model_of_va(const char *first, va_list ap)
{
    nn_model *m = nn_model_new();
    for (const char *text = first; text; text = va_arg(ap, const char *))
        CHECK(add_layer_text(m, text) == 0);
    return m;
}

/* Builds m for `inputs` features; a failure is shown as a comment. */
static inline int build_for(nn_model *m, int inputs)
{
    nn_error err;
    int rc = nn_model_build(m, nn_shape_vector(inputs), 1, &err);
    if (rc != 0)
        printf("#   build: %s\n", err.msg);
    return rc;
}

/* The n layers, built for `inputs` features. */
static inline nn_model *model_of_layers(const char *const *layers, int n, int inputs)
{
    nn_model *m = nn_model_new();
    for (int i = 0; i < n; i++)
        add_layer_text(m, layers[i]);
    build_for(m, inputs);
    return m;
}

#endif
