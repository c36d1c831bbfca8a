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

/* Lines of names, for the metadata. */
static char *lines(const char *const *names, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(names[i]) + 1;
    char *s = malloc(len), *at = s;
    for (size_t i = 0; s && i < n; i++)
        at += sprintf(at, "%s%s", i ? "\n" : "", names[i]);
    if (s)
        *at = '\0';
    return s;
}

/* The recipe's preparation in front when every feature is a plain numeric
 * column: x = (isnan(v) ? fill : v - center) / scale, a vector each.
 * Returns the prepared value, or NULL (and *columns NULL) when it is not. */
static const char *preparation(onnx_graph *g, const nn_recipe *r, size_t F, char **columns)
{
    *columns = NULL;
    float *fill = malloc(F * sizeof *fill), *center = malloc(F * sizeof *center), *scale = malloc(F * sizeof *scale);
    const char **names = malloc(F * sizeof *names);
    const char *x = NULL;
    size_t i = 0;
    for (nn_feature_prep p; fill && center && scale && names && i < F && nn_recipe_feature_prep(r, i, &p) == 1; i++)
        fill[i] = (float)p.fill, center[i] = (float)p.center, scale[i] = (float)p.scale, names[i] = p.column;
    if (i == F && F > 0 && (*columns = lines(names, F))) {
        int64_t dims[] = {(int64_t)F};
        const char *v = "columns";
        const char *where[] = {onnx_node(g, "IsNaN", &v, 1, NULL), onnx_floats(g, "fill", fill, F, dims, 1), v};
        const char *sub[] = {onnx_node(g, "Where", where, 3, NULL), onnx_floats(g, "center", center, F, dims, 1)};
        const char *div[] = {onnx_node(g, "Sub", sub, 2, NULL), onnx_floats(g, "scale", scale, F, dims, 1)};
        x = onnx_node(g, "Div", div, 2, NULL);
    }
    free(fill), free(center), free(scale), free(names);
    return x;
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
    char *classes = lines(o->classes, o->nclasses);
    if (classes)
        onnx_meta(g, "classes", classes);
    free(classes);
}

static void metadata(onnx_graph *g, const nn_recipe *r, const nn_recipe_outputs *o, char *columns)
{
    onnx_meta(g, "task", nn_task_name(o->task));
    if (columns)
        onnx_meta(g, "columns", columns);
    char *features = lines(o->features, o->nfeatures), *recipe = nn_recipe_format(r);
    if (features)
        onnx_meta(g, "features", features);
    if (recipe)
        onnx_meta(g, "nnwb_recipe", recipe);
    free(features), free(recipe);
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
    char *columns;
    const char *x = preparation(&g, r, F, &columns);
    if (!x)
        x = "features";
    onnx_input(&g, columns ? "columns" : "features", (int64_t)F);
    for (int i = 0; i < m->n_layers; i++)
        x = onnx_hook_of(m->layers[i].spec.kind)(&g, &m->layers[i], x);
    outputs(&g, &o, x, nn_model_output_size(m));
    metadata(&g, r, &o, columns);
    free(columns);
    *data = onnx_pack(&g, len);
    onnx_graph_free(&g);
    return *data ? 0 : nn_fail(err, "export onnx: out of memory");
}
