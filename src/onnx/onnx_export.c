/* The model and its recipe as ONNX.  See onnx_export.h. */
#include "onnx_export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/model.h"
#include "onnx_internal.h"
#include "recipe/recipe.h"

enum { OPSET = 13 };

bool nn_onnx_supports(const nn_layer_kind *kind)
{
    return onnx_hook_of(kind) != NULL;
}

static int check_layers(const nn_model *m, nn_error *err)
{
    for (int i = 0; i < m->n_layers; i++)
        if (!onnx_hook_of(m->layers[i].spec.kind))
            return nn_fail(err, "export onnx: layer %d is a %s layer, which has no ONNX form yet", i + 1,
                           m->layers[i].spec.kind->name);
    return 0;
}

/* A regression's scales or centres: a scalar for one target, a vector
 * that broadcasts over the outputs' columns for several. */
static const char *per_target(onnx_graph *g, const char *prefix, const double *v, size_t ny)
{
    if (ny == 1)
        return onnx_scalar(g, prefix, (float)v[0]);
    float f[NN_MAX_TARGETS];
    for (size_t j = 0; j < ny; j++)
        f[j] = (float)v[j];
    int64_t dims[] = {(int64_t)ny};
    return onnx_floats(g, prefix, f, ny, dims, 1);
}

/* The graph's output: regression unscaled to the targets' units. */
static void outputs(onnx_graph *g, const nn_recipe_outputs *o, const char *y, int width)
{
    if (o->task == NN_TASK_REGRESSION) {
        const char *mul[] = {y, per_target(g, "y_scale", o->y_scale, o->ny)};
        const char *add[] = {onnx_node(g, "Mul", mul, 2, NULL), per_target(g, "y_center", o->y_center, o->ny)};
        onnx_node(g, "Add", add, 2, "prediction");
        onnx_output(g, "prediction", width);
        return;
    }
    onnx_node(g, "Identity", &y, 1, "probabilities");
    onnx_output(g, "probabilities", width);
    char *classes = onnx_lines(o->classes, o->nclasses);
    if (classes)
        onnx_meta(g, "classes", classes);
    free(classes);
}

static void metadata(onnx_graph *g, const nn_recipe *r, const nn_recipe_outputs *o, char *columns, char *categories)
{
    onnx_meta(g, "task", nn_task_name(o->task));
    if (columns)
        onnx_meta(g, "columns", columns);
    if (categories)
        onnx_meta(g, "categories", categories);
    char *features = onnx_lines(o->features, o->nfeatures), *recipe = nn_recipe_format(r);
    if (features)
        onnx_meta(g, "features", features);
    if (recipe)
        onnx_meta(g, "nnwb_recipe", recipe);
    free(features), free(recipe);
}

/* Rows read as sequences (nn_seq_layout): the row's blocks, one a series
 * newest first, gathered into [batch, steps, channels], oldest step first. */
static const char *as_sequences(onnx_graph *g, nn_seq_layout l, const char *x)
{
    size_t n = (size_t)l.steps * l.channels;
    int64_t *at = malloc(n * sizeof *at);
    if (!at)
        return g->failed = true, x;
    for (int s = 0; s < l.steps; s++)
        for (int c = 0; c < l.channels; c++)
            at[(size_t)s * l.channels + c] = (int64_t)c * l.steps + l.steps - 1 - s;
    const char *gather[] = {x, onnx_ints(g, "steps_at", at, n)};
    free(at);
    const char *y = onnx_node(g, "Gather", gather, 2, NULL);
    onnx_attr_int(g, "axis", 1);
    int64_t shape[] = {-1, l.steps, l.channels};
    const char *reshape[] = {y, onnx_ints(g, "sequence_shape", shape, 3)};
    return onnx_node(g, "Reshape", reshape, 2, NULL);
}

int nn_onnx_export(const nn_model *m, const nn_recipe *r, unsigned char **data, size_t *len, nn_error *err)
{
    *data = NULL, *len = 0;
    nn_recipe_outputs o;
    if (!m || m->n_layers == 0 || !r || nn_recipe_outputs_of(r, &o) < 0)
        return nn_fail(err, "export onnx: no trained model: `train` or `open` one first");
    if (check_layers(m, err) < 0)
        return -1;
    size_t F = (size_t)nn_model_input_size(m);
    onnx_graph g;
    onnx_graph_init(&g, "nnwb", OPSET);
    char *columns, *categories;
    const char *x = onnx_recipe_in_front(&g, r, F, &columns, &categories);
    if (!x) { /* a recipe the graph does not carry: the prepared features in */
        x = "features";
        onnx_input(&g, x, (int64_t)F);
    }
    if (m->viewing)
        x = as_sequences(&g, m->layout, x);
    for (int i = 0; i < m->n_layers; i++)
        x = onnx_hook_of(m->layers[i].spec.kind)(&g, &m->layers[i], x);
    if (m->layers[m->n_layers - 1].out.rank == 2) /* a sequence out: its rows as predict writes them */
        x = onnx_flatten(&g, x);
    outputs(&g, &o, x, nn_model_output_size(m));
    metadata(&g, r, &o, columns, categories);
    free(columns), free(categories);
    *data = onnx_pack(&g, len);
    onnx_graph_free(&g);
    return *data ? 0 : nn_fail(err, "export onnx: out of memory");
}
