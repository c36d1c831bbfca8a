/* What a sweep says and hands over: its lines, `sweep top N`, `sweep
 * best` and `export sweep FILE`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/atomic_file.h"
#include "sweep_report.h"

void sweep_say_start(nn_session *s, const sweep *sw)
{
    char rungs[64] = "";
    for (int k = 0, n = 0; k < sw->nrungs; k++)
        n += snprintf(rungs + n, sizeof rungs - (size_t)n, "%s%d", k ? "," : " rungs=", sw->rungs[k]);
    size_t train = sw->prep.begin[NN_PART_TRAIN + 1] - sw->prep.begin[NN_PART_TRAIN];
    size_t val = sw->prep.begin[NN_PART_VAL + 1] - sw->prep.begin[NN_PART_VAL];
    char how[160];
    if (sw->cv)
        snprintf(how, sizeof how, "ranked on the mean of %d folds of the %zu training and validation rows", sw->cv,
                 train + val);
    else
        snprintf(how, sizeof how, "on %zu training rows, ranked on %zu validation rows", train, val);
    session_print(s, "sweep trials=%d method=%s epochs=%d metric=%s prune=%s%s (fresh models %s; the test rows "
                  "are not used)", sw->ntrials, sw->random ? "random" : "grid", sw->epochs, sw->metric,
                  sw->halving ? "halving" : "none", rungs, how);
}

static void trial_line(const sweep *sw, int t, const char *head, char *line, size_t len)
{
    const sweep_trial *tr = &sw->trial[t];
    char values[512];
    sweep_trial_text(sw, t, values, sizeof values);
    snprintf(line, len, "%strial=%d %s state=%s epochs=%d best_epoch=%d %s=%.6g seconds=%.3g", head, t + 1, values,
             sweep_state_name(tr->state), tr->epochs, tr->best_epoch, sw->metric, tr->best, tr->seconds);
}

void sweep_say_trial(nn_session *s, const sweep *sw, int t)
{
    char line[800], head[32];
    snprintf(head, sizeof head, "sweep %d/%d ", t + 1, sw->ntrials);
    trial_line(sw, t, head, line, sizeof line);
    session_print(s, "%s", line);
}

void sweep_say_summary(nn_session *s, const sweep *sw)
{
    int ran = 0, pruned = 0;
    for (int t = 0; t < sw->ntrials; t++)
        ran += sw->trial[t].state != SWEEP_WAITING, pruned += sw->trial[t].state == SWEEP_PRUNED;
    long full = (long)ran * sw->epochs * (sw->cv ? sw->cv : 1);
    session_print(s, "sweep ended: %d of %d trials ran, %d pruned; %ld of %ld epochs trained (%.0f%% saved by "
                  "pruning); %.1f s", ran, sw->ntrials, pruned, sw->epochs_trained, full,
                  full ? 100.0 * (double)(full - sw->epochs_trained) / (double)full : 0.0, sw->seconds);
    if (sw->best < 0) {
        session_print(s, "sweep: no trial has a validation figure to rank");
        return;
    }
    char line[800];
    trial_line(sw, sw->best, "best ", line, sizeof line);
    session_print(s, "%s (on %s: `sweep best` then `evaluate test` for the honest figure)", line,
                  sw->cv ? "the folds' mean" : "validation");
}

int sweep_top(nn_session *s, int n, nn_error *err)
{
    const sweep *sw = s->sweep;
    if (!sw)
        return nn_fail(err, "sweep top: no sweep yet: `sweep KEY=SPEC ...` first");
    int *order = malloc(((size_t)sw->ntrials + 1) * sizeof *order);
    if (!order)
        return nn_fail(err, "out of memory");
    int ranked = sweep_order(sw, order);
    if (ranked == 0)
        session_print(s, "sweep top: no trial has ended yet");
    for (int i = 0; i < ranked && i < n; i++) {
        char line[800], head[24];
        snprintf(head, sizeof head, "%d. ", i + 1);
        trial_line(sw, order[i], head, line, sizeof line);
        session_print(s, "%s", line);
    }
    free(order);
    return 0;
}

/* ---- sweep best ---- */

/* cv=K: the folds' models are not the trial's, so the session gets its
 * settings and an untrained model of its layers, for `train`. */
static int best_settings(nn_session *s, sweep *sw, const nn_settings *st, const nn_layer_spec *specs,
                         nn_error *err)
{
    nn_model *m = nn_model_of_layers(specs, sw->nlayers, err);
    if (!m)
        return -1;
    if (session_edit_model(s, err) < 0) { /* a trained model stays the one scored until `train` */
        nn_model_free(m);
        return -1;
    }
    nn_model_free(s->model);
    s->model = m, s->settings = *st;
    char line[800];
    trial_line(sw, sw->best, "sweep best: ", line, sizeof line);
    session_print(s, "%s", line);
    session_print(s, "its settings and layers are the session's now, untrained (cv=%d kept no model): `train` "
                  "fits it on the training rows, then `evaluate test` gives the honest figure", sw->cv);
    return 0;
}

int sweep_best(nn_session *s, nn_error *err)
{
    sweep *sw = s->sweep;
    if (!sw)
        return nn_fail(err, "sweep best: no sweep yet: `sweep KEY=SPEC ...` first");
    if (sw->best < 0)
        return nn_fail(err, "sweep best: no trial has a validation figure");
    if (sw->handed)
        return nn_fail(err, "sweep best: its model is already the session's (it is handed over once)");
    nn_settings st = sw->base;
    nn_layer_spec specs[64];
    memcpy(specs, sw->layers, (size_t)sw->nlayers * sizeof *specs);
    if (sweep_apply(&sw->space, sw->trial[sw->best].value, &st, specs, sw->nlayers, err) < 0)
        return -1;
    st.epochs = sw->epochs;
    if (sw->cv)
        return best_settings(s, sw, &st, specs, err);
    nn_recipe *fitted = nn_recipe_copy(sw->recipe);
    if (!fitted)
        return nn_fail(err, "out of memory");
    /* nothing fails from here: the session takes the model, its rows and its recipe fit */
    s->settings = st;
    nn_model_free(s->trained), s->trained = NULL;
    nn_model_free(s->model);
    s->model = sw->best_model, sw->best_model = NULL, sw->handed = true;
    nn_prepared_free(&s->prep);
    s->prep = sw->prep, memset(&sw->prep, 0, sizeof sw->prep);
    s->prepared = true, s->recipe_from_model = false, s->unsaved = true;
    session_set_model_recipe(s, fitted);
    char line[800];
    trial_line(sw, sw->best, "sweep best: ", line, sizeof line);
    session_print(s, "%s", line);
    session_print(s, "its settings and model (weights of epoch %d) are the session's now; the figure above is "
                  "on validation rows the search chose by: `evaluate test` gives the honest one",
                  sw->trial[sw->best].best_epoch);
    return 0;
}

/* ---- export sweep FILE ---- */

/* Trial t's rows from one of its runs (fold: 1-based with cv=K, else 0). */
static void csv_run(FILE *f, const sweep *sw, int t, nn_history *run, int fold)
{
    const sweep_trial *tr = &sw->trial[t];
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    nn_error err;
    int n = run && nn_history_read(run, &snap, &err) == 0 ? snap.n_epochs : 0;
    for (int i = 0; i < (n ? n : 1); i++) {
        fprintf(f, "%d", t + 1);
        if (fold)
            fprintf(f, ",%d", fold);
        for (size_t k = 0; k < sw->space.n; k++)
            fprintf(f, ",%s", tr->value[k]);
        fprintf(f, ",%s,%.3f", sweep_state_name(tr->state), tr->seconds);
        if (n) {
            const nn_epoch_record *r = &snap.epoch[i];
            fprintf(f, ",%d,%.9g,%.9g,%.9g,%.9g\n", r->epoch, r->loss, r->val_loss, r->metric, r->val_metric);
        } else
            fputs(",,,,,\n", f);
    }
    nn_history_snapshot_free(&snap);
}

static void csv_trial(FILE *f, const nn_session *s, const sweep *sw, int t)
{
    const sweep_trial *tr = &sw->trial[t];
    if (!sw->cv) {
        csv_run(f, sw, t, tr->run, 0);
        return;
    }
    for (size_t k = 0; k < (size_t)sw->cv && tr->first_run + k < s->nruns; k++)
        if (k == 0 || s->runs[tr->first_run + k - 1] != tr->run) /* runs up to its last one */
            csv_run(f, sw, t, s->runs[tr->first_run + k], (int)k + 1);
}

int sweep_export(nn_session *s, const char *path, nn_error *err)
{
    const sweep *sw = s->sweep;
    if (!sw)
        return nn_fail(err, "export sweep: no sweep yet: `sweep KEY=SPEC ...` first");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return nn_fail(err, "out of memory");
    const char *metric = sw->run_metric;
    fputs(sw->cv ? "trial,fold" : "trial", f);
    for (size_t k = 0; k < sw->space.n; k++)
        fprintf(f, ",%s", sw->space.dim[k].key);
    fprintf(f, ",state,seconds,epoch,loss,val_loss,%s,val_%s\n", metric, metric);
    for (int t = 0; t < sw->ntrials; t++)
        if (sw->trial[t].state != SWEEP_WAITING)
            csv_trial(f, s, sw, t);
    fclose(f);
    if (!text)
        return nn_fail(err, "out of memory");
    session_save_notes(s, path);
    int rc = nn_write_file_atomic(path, text, len, err);
    free(text);
    if (rc == 0)
        session_print(s, "wrote the sweep (%d trials, one row per epoch) to %s", sw->ntrials, path);
    return rc;
}
