/* The fitted preparation of plain features, for an exporter that writes
 * it in another language (export onnx).  See recipe.h. */
#include "recipe.h"

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

int nn_recipe_feature_prep(const nn_recipe *r, size_t i, nn_feature_prep *out)
{
    const nn_fit *fit = r->fit;
    if (!fit || i >= fit->nfeatures)
        return -1;
    if (fit->nclips)
        return 0;
    for (size_t k = 0; k < r->nsteps; k++)
        if (!plain_step(&r->steps[k]))
            return 0;
    for (size_t k = 0; k < fit->nsources; k++) {
        const fit_source *s = &fit->sources[k];
        if (i < s->first || i >= s->first + s->count)
            continue;
        if (s->kind != SRC_VALUE)
            return 0;
        *out = (nn_feature_prep){s->column, s->fill, fit->center[i], fit->scale[i]};
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
