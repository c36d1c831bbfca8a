/* The Sweep pane's view of the last sweep (sweep_view.h). */
#include <math.h>
#include <stdlib.h>

#include "sweep.h"
#include "sweep_importance.h"
#include "sweep_view.h"

/* Rows in table order into sw->row, and the ranked count. */
static int table_order(sweep *sw)
{
    int ranked = sweep_order(sw, sw->row), n = ranked;
    for (int pass = 0; pass < 2; pass++) /* the running trial, then the others */
        for (int t = 0; t < sw->ntrials; t++) {
            bool placed = false;
            for (int i = 0; i < n && !placed; i++)
                placed = sw->row[i] == t;
            if (!placed && (pass == 1 || sw->trial[t].state == SWEEP_RUNNING))
                sw->row[n++] = t;
        }
    return ranked;
}

static void rank_importance(nn_sweep_view *v, const sweep *sw, int ranked)
{
    double *x = malloc(((size_t)ranked + 1) * sizeof *x), *y = malloc(((size_t)ranked + 1) * sizeof *y);
    for (int k = 0; k < v->ndims; k++) {
        v->importance[k] = NAN, v->by_importance[k] = k;
        for (int i = 0; x && y && i < ranked; i++) {
            const sweep_trial *t = &sw->trial[sw->row[i]];
            x[i] = sweep_value_number(&sw->space.dim[k], t->value[k]), y[i] = t->best;
        }
        if (x && y)
            v->importance[k] = sweep_importance(x, y, ranked, v->words[k]);
    }
    free(x), free(y);
    for (int a = 1; a < v->ndims; a++) /* insertion, NANs last */
        for (int b = a; b > 0; b--) {
            double p = v->importance[v->by_importance[b - 1]], q = v->importance[v->by_importance[b]];
            if (!(isnan(p) && !isnan(q)) && !(q > p))
                break;
            int keep = v->by_importance[b];
            v->by_importance[b] = v->by_importance[b - 1], v->by_importance[b - 1] = keep;
        }
}

static bool all_words(const sweep_dim *d)
{
    if (d->range)
        return false;
    for (size_t i = 0; i < d->nvalues; i++) {
        char *end;
        strtod(d->values[i], &end);
        if (*end == 0 && end != d->values[i])
            return false;
    }
    return true;
}

int nn_session_sweep_view(nn_session *s, nn_sweep_view *v)
{
    sweep *sw = s->sweep;
    if (!sw || !(sw->row || (sw->row = calloc((size_t)sw->ntrials + 1, sizeof *sw->row))))
        return -1;
    *v = (nn_sweep_view){.ntrials = sw->ntrials, .ndims = (int)sw->space.n, .metric = sw->metric,
                         .higher = sw->higher, .running = nn_session_training(s) != 0};
    for (int k = 0; k < v->ndims; k++) {
        v->key[k] = sw->space.dim[k].key, v->log[k] = sw->space.dim[k].log;
        v->words[k] = all_words(&sw->space.dim[k]);
    }
    v->ranked = sw->nranked = table_order(sw);
    rank_importance(v, sw, v->ranked);
    return 0;
}

int nn_session_sweep_row(nn_session *s, int i, nn_sweep_row *r)
{
    const sweep *sw = s->sweep;
    if (!sw || !sw->row || i < 0 || i >= sw->ntrials)
        return -1;
    int t = sw->row[i];
    const sweep_trial *tr = &sw->trial[t];
    *r = (nn_sweep_row){.trial = t + 1, .rank = i < sw->nranked ? i + 1 : 0, .state = sweep_state_name(tr->state), .figure = tr->best,
                        .epochs = tr->epochs};
    for (int k = 0; k < (int)sw->space.n; k++)
        r->text[k] = tr->value[k], r->number[k] = sweep_value_number(&sw->space.dim[k], tr->value[k]);
    nn_epoch_record last;
    if (tr->state == SWEEP_RUNNING && tr->run && nn_history_last_epoch(tr->run, &last, NULL) == 0)
        r->epochs = last.epoch, r->figure = sw->on_loss ? last.val_loss : last.val_metric;
    return 0;
}
