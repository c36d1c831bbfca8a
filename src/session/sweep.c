/* A sweep's record (sweep.h): its ranking and the text of a trial. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sweep.h"

void sweep_free(sweep *sw)
{
    if (!sw)
        return;
    sweep_space_free(&sw->space);
    free(sw->trial);
    free(sw->row);
    free(sw->layers);
    nn_recipe_free(sw->recipe);
    nn_prepared_free(&sw->prep);
    for (int k = 0; sw->folds && k < sw->cv; k++)
        nn_prepared_free(&sw->folds[k]);
    free(sw->folds);
    nn_model_free(sw->best_model);
    free(sw);
}

const char *sweep_state_name(sweep_state st)
{
    static const char *const names[] = {"waiting", "running", "pruned", "done", "stopped"};
    return names[st];
}

static bool ranked(const sweep_trial *t)
{
    return (t->state == SWEEP_DONE || t->state == SWEEP_PRUNED) && !isnan(t->best);
}

bool sweep_ranks_before(const sweep *sw, int a, int b)
{
    const sweep_trial *x = &sw->trial[a], *y = &sw->trial[b];
    if (ranked(x) != ranked(y))
        return ranked(x);
    if (x->state != y->state) /* a pruned trial trained less: a finished one goes first */
        return x->state == SWEEP_DONE;
    if (x->best != y->best)
        return sw->higher ? x->best > y->best : x->best < y->best;
    return a < b; /* ties: the earlier trial */
}

int sweep_order(const sweep *sw, int *order)
{
    int n = 0;
    for (int t = 0; t < sw->ntrials; t++) {
        if (!ranked(&sw->trial[t]))
            continue;
        int i = n++; /* insertion: a sweep has few trials */
        for (; i > 0 && sweep_ranks_before(sw, t, order[i - 1]); i--)
            order[i] = order[i - 1];
        order[i] = t;
    }
    return n;
}

void sweep_trial_text(const sweep *sw, int t, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t k = 0; k < sw->space.n && used < len; k++) {
        int n = snprintf(buf + used, len - used, "%s%s=%s", k ? " " : "", sw->space.dim[k].key,
                         sw->trial[t].value[k]);
        used += n > 0 ? (size_t)n : 0;
    }
}
