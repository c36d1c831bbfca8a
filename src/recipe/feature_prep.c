/* The fitted preparation of plain features, for an exporter that writes
 * it in another language (export onnx).  See recipe.h. */
#include "recipe.h"

#include "recipe_internal.h"
#include "step.h"

/* Steps that keep each feature a function of its own column's value in
 * the same row: filling, scaling and choosing columns.  Anything else (a
 * clip, a smoothing, a window, a calendar, a sort) is not plain. */
static bool plain_step(const nn_step *s)
{
    const step_kind *k = s->kind;
    return k == &step_target || k == &step_drop || k == &step_keep || k == &step_impute || k == &step_encode ||
           k == &step_scale || k == &step_split;
}

/* No clip and only plain steps: each feature a function of its own
 * column's value in the same row. */
static bool plain_recipe(const nn_recipe *r)
{
    if (r->fit->nclips)
        return false;
    for (size_t k = 0; k < r->nsteps; k++)
        if (!plain_step(&r->steps[k]))
            return false;
    return true;
}

int nn_recipe_source_prep(const nn_recipe *r, size_t k, nn_source_prep *out)
{
    const nn_fit *fit = r->fit;
    if (!fit || k >= fit->nsources)
        return -1;
    const fit_source *s = &fit->sources[k];
    nn_source_kind kind = s->kind == SRC_VALUE                                 ? NN_SOURCE_VALUE
                          : s->kind == SRC_BOOLEAN || s->kind == SRC_ORDINAL ? NN_SOURCE_INDEX
                                                                              : NN_SOURCE_ONEHOT;
    if (!plain_recipe(r) || (s->kind != SRC_VALUE && kind == NN_SOURCE_ONEHOT && s->kind != SRC_ONEHOT))
        return 0;
    *out = (nn_source_prep){kind, s->column, s->first, s->count, s->fill, fit->center + s->first,
                            fit->scale + s->first, (const char *const *)s->levels, s->nlevels};
    return 1;
}

int nn_recipe_feature_prep(const nn_recipe *r, size_t i, nn_feature_prep *out)
{
    const nn_fit *fit = r->fit;
    if (!fit || i >= fit->nfeatures)
        return -1;
    nn_source_prep p;
    for (size_t k = 0; k < fit->nsources; k++) {
        if (i < fit->sources[k].first || i >= fit->sources[k].first + fit->sources[k].count)
            continue;
        if (nn_recipe_source_prep(r, k, &p) != 1 || p.kind != NN_SOURCE_VALUE)
            return 0;
        *out = (nn_feature_prep){p.column, p.fill, p.center[0], p.scale[0]};
        return 1;
    }
    return 0;
}

int nn_recipe_outputs_of(const nn_recipe *r, nn_recipe_outputs *out)
{
    const nn_fit *fit = r->fit;
    if (!fit)
        return -1;
    *out = (nn_recipe_outputs){fit->task, fit->ny, fit->y_center, fit->y_scale, fit->nclasses, fit->nfeatures,
                               (const char *const *)fit->classes, (const char *const *)fit->names};
    return 0;
}
