/* Does a model fit a fitted recipe? A model file carries both, each
 * sound on its own, and `predict` sizes and reads its buffers from them:
 * the model must take exactly the recipe's features and give the outputs
 * its task reads (one through sigmoid for binary, one per class through
 * softmax for multiclass, one per target for regression), and the
 * settings must pass their own cross-checks. `save` and `open` both ask,
 * so a file that nnwb writes is one it opens. */
#include <stdio.h>
#include <string.h>

#include "engine/model.h"
#include "engine/settings.h"
#include "recipe_internal.h"
#include "task.h"

/* The activation the model's outputs go through (dropout passes them on
 * unchanged at prediction time). */
static const char *output_activation(const nn_model *m)
{
    const nn_activation *a = nn_model_output_activation(m);
    return (a ? a : nn_activation_linear())->name;
}

int nn_recipe_check_model(const nn_recipe *r, const nn_model *m, const nn_settings *st, nn_error *err)
{
    nn_error inner;
    if (nn_settings_check(st, &inner) < 0)
        return nn_fail(err, "settings: %s", inner.msg);
    if (!m->built || m->n_layers == 0)
        return nn_fail(err, "the model has no built layers");
    const nn_fit *fit = r->fit;
    if (!fit)
        return 0; /* no statistics to match: predict refuses until trained */
    if ((size_t)nn_model_input_size(m) != fit->nfeatures)
        return nn_fail(err, "the model takes %d inputs but the recipe makes %zu features",
                       nn_model_input_size(m), fit->nfeatures);
    size_t want = fit->task == NN_TASK_MULTICLASS ? fit->nclasses : fit->ny;
    const char *want_act = nn_task_info_of(fit->task)->output_activation;
    const char *softmax = nn_task_info_of(NN_TASK_MULTICLASS)->output_activation;
    size_t units = (size_t)nn_model_output_size(m);
    const char *act = output_activation(m);
    if (fit->task == NN_TASK_REGRESSION && units == 1 && strcmp(act, softmax) == 0) /* as train refuses */
        return nn_fail(err, "the recipe's regression target needs 1 output, but the model ends in a softmax "
                       "over 1 unit, which always outputs 1");
    if (units == want && (!want_act || strcmp(act, want_act) == 0))
        return 0;
    char target[64] = "";
    if (fit->task != NN_TASK_REGRESSION)
        snprintf(target, sizeof target, " (%zu classes)", fit->nclasses);
    else if (fit->ny > 1)
        snprintf(target, sizeof target, "s (%zu)", fit->ny);
    return nn_fail(err, "the recipe's %s target%s needs %zu output%s%s%s, but the model ends in %zu unit%s through %s",
                   nn_task_name(fit->task), target, want, want == 1 ? "" : "s", want_act ? " through " : "",
                   want_act ? want_act : "", units, units == 1 ? "" : "s", act);
}
