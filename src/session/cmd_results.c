/* Results shared by evaluate, importance, explain and the file commands:
 * which prepared rows are scored, the check that there is a model to
 * score, and its outputs in the target's original units. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "results.h"
#include "session_internal.h"

const char *const results_part_names[NN_PART_COUNT] = {"train", "val", "test", "all"};

bool results_all_rows(const nn_prepared *p)
{
    return p->begin[NN_PART_NONE] == 0 && p->nrows > 0;
}

int results_reference_part(const nn_prepared *p)
{
    return results_all_rows(p) ? NN_PART_NONE : NN_PART_TRAIN;
}

int results_need_model(const nn_session *s, const char *cmd, nn_error *err)
{
    if (!s->prepared || !session_trained_model(s)->built)
        return nn_fail(err, "%s: nothing trained yet: `train` (or `open` a model, then `load` data) first",
                       cmd);
    if (session_training(s))
        return session_busy(s, cmd, err);
    if (!results_all_rows(&s->prep))
        return 0;
    if (!s->prep.y && strcmp(cmd, "explain") != 0)
        return nn_fail(err, "%s: %s has no target column, so there is nothing to score; `predict` "
                       "writes the predictions", cmd, s->data_name);
    if (nn_prepared_check_complete(&s->prep, err) < 0) /* the recipe imputes nothing there */
        return session_prefix_error(err, cmd);
    return 0;
}

/* Model outputs for rows [first, first + n) of the prepared data. */
double *results_predict(nn_session *s, size_t first, size_t n, nn_error *err)
{
    nn_model *m = session_trained_model(s);
    size_t width = (size_t)nn_model_output_size(m); /* what predict writes */
    if (width != s->prep.ntargets) {
        nn_fail(err, "the model gives %zu outputs but the data has %zu targets: `train` again", width,
                s->prep.ntargets);
        return NULL;
    }
    float *out = malloc((n * width + 1) * sizeof *out);
    double *d = malloc((n * width + 1) * sizeof *d);
    if (!out || !d || nn_model_predict(m, s->prep.x + first * s->prep.nfeatures, (int)n, out, err) < 0) {
        free(out), free(d);
        if (!out || !d)
            nn_fail(err, "out of memory");
        return NULL;
    }
    nn_prepared_unscale_rows(&s->prep, out, n, d);
    free(out);
    return d;
}

int results_target(const nn_session *s, const nn_call *c, const char *cmd, size_t *j, nn_error *err)
{
    const nn_prepared *p = &s->prep;
    const char *name = nn_call_given(c, "target") ? nn_call_str(c, "target") : NULL;
    *j = 0;
    if (!name)
        return 0;
    for (; *j < p->ny; ++*j)
        if (strcmp(p->target_names[*j], name) == 0)
            return 0;
    char list[400] = "";
    for (size_t k = 0, len = 0; k < p->ny && len < sizeof list - 40; k++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? ", " : "", p->target_names[k]);
    return nn_fail(err, "%s: target=%s is not a target of the model; its target%s: %s", cmd, name,
                   p->ny == 1 ? " is" : "s are", list);
}
