/* The third kind of job: `sweep KEY=SPEC ...`, a hyperparameter search.
 * The data is prepared once (a copy of the recipe, fitted on the training
 * rows) and every trial trains a fresh model of the session's layers with
 * the session's settings and its own values, on those rows, ranked on the
 * validation rows; the test rows are never read. Trials run one after the
 * other, each one item of the job and one run (job.h), so pause, resume,
 * stop, wait, Ctrl-C and the status line work as for cv; the record
 * (sweep.h) stays in the session after the job, for `sweep best`.
 *
 * With prune=halving each trial's run calls an epoch hook on the training
 * thread (run.h) that stops it at a rung when successive halving says so
 * (sweep_prune.h); the hook reads only the trials that ended before this
 * one began, so the decision is the same however the threads run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine/metric.h"
#include "job.h"
#include "run.h"
#include "run_start.h"
#include "sweep.h"
#include "sweep_report.h"
#include "sweep_view.h"

double nn_monotonic_seconds(void); /* engine/trainer_control.c */

/* ---- one trial ---- */

static double figure(const sweep *sw, const nn_epoch_event *e)
{
    return sw->on_loss ? e->val_loss : e->val_metric;
}

static bool improves(const sweep *sw, double v, double best)
{
    return !isnan(v) && (isnan(best) || (sw->higher ? v > best : v < best));
}

/* On the training thread, after each epoch: at a rung, whether the trial
 * stops there. A trial is judged by its best figure so far, as it is
 * ranked (its best epoch's weights are the ones kept). */
static bool at_rung(void *user, const nn_epoch_event *e)
{
    sweep *sw = user;
    if (improves(sw, figure(sw, e), sw->live_best))
        sw->live_best = figure(sw, e);
    for (int k = 0; k < sw->nrungs; k++) {
        if (e->epoch != sw->rungs[k])
            continue;
        double v = sw->live_best, others[1024];
        int n = 0;
        for (int t = 0; t < sw->current && n < 1024; t++)
            if (!isnan(sw->trial[t].rung[k]))
                others[n++] = sw->trial[t].rung[k];
        sw->live_rung[k] = v;
        if (!sweep_promotable(others, n, v, sw->higher)) {
            sw->pruned_at = e->epoch;
            return true;
        }
    }
    return false;
}

/* The rows the current run trains and validates on. */
static const nn_prepared *rows(const sweep *sw)
{
    return sw->cv ? &sw->folds[sw->fold] : &sw->prep;
}

/* Readies trial sw->current's run (not started); with cv=K, the run of
 * its fold sw->fold. */
static int trial_start(nn_session *s, job *j, sweep *sw, nn_error *err)
{
    sweep_trial *t = &sw->trial[sw->current];
    const nn_prepared *p = rows(sw);
    j->item = sw->current, j->items = sw->ntrials;
    nn_settings run = sw->base;
    nn_layer_spec specs[64];
    memcpy(specs, sw->layers, (size_t)sw->nlayers * sizeof *specs);
    if (sweep_apply(&sw->space, t->value, &run, specs, sw->nlayers, err) < 0)
        return -1;
    run.epochs = sw->epochs;
    snprintf(run.loss, sizeof run.loss, "%s", session_loss_for(s, p->task));
    if (!(sw->model = nn_model_of_layers(specs, sw->nlayers, err)))
        return -1;
    session_set_layout(sw->model, p); /* sequence layers read the window's rows */
    nn_dataset train = session_part(p, NN_PART_TRAIN), val = session_part(p, NN_PART_VAL);
    if (run_new(s, sw->model, p, &run, &train, &val, NULL, false, err) < 0)
        return session_prefix_error(err, "sweep");
    for (int k = 0; k < SWEEP_MAX_RUNGS; k++)
        sw->live_rung[k] = NAN;
    sw->pruned_at = 0, sw->live_best = NAN;
    if (sw->halving)
        run_set_epoch_hook(s, at_rung, sw);
    t->run = s->runs[s->nruns - 1];
    /* trials fit the same rows (a fold its own) with the same loss: their
     * curves compare, so `compare` overlays them without a warning */
    nn_history_set_start(t->run, run_fit_key(&train, &val, run.loss), 0);
    char label[64]; /* `runs` and `compare` tell a trial from a run of the session's model */
    int n = snprintf(label, sizeof label, "sweep trial %d/%d", sw->current + 1, sw->ntrials);
    if (sw->cv)
        snprintf(label + n, sizeof label - (size_t)n, " fold %d/%d", sw->fold + 1, sw->cv);
    nn_history_set_label(t->run, label);
    if (sw->fold == 0) {
        t->state = SWEEP_RUNNING, t->first_run = s->nruns - 1;
        sw->trial_began = nn_monotonic_seconds();
    }
    return 0;
}

/* The trial's best figure and epochs, from its record. */
static void trial_score(sweep *sw, sweep_trial *t)
{
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    nn_error err;
    t->best = NAN, t->best_epoch = 0, t->epochs = 0;
    if (nn_history_read(t->run, &snap, &err) == 0)
        for (int i = 0; i < snap.n_epochs; i++) {
            const nn_epoch_record *r = &snap.epoch[i];
            double v = sw->on_loss ? r->val_loss : r->val_metric;
            t->epochs = r->epoch;
            if (improves(sw, v, t->best))
                t->best = v, t->best_epoch = r->epoch;
        }
    nn_history_snapshot_free(&snap);
}

/* cv=K, after fold sw->fold of the current trial: whether the trial has
 * more folds to train (its model is dropped; folds keep no model), or ends
 * with the mean of its folds' best figures as its own. */
static bool more_folds(sweep *sw, sweep_trial *t, nn_end_reason reason)
{
    sw->fold_sum += t->best;
    sw->epochs_trained += t->epochs;
    if (reason != NN_END_STOPPED && ++sw->fold < sw->cv) {
        nn_model_free(sw->model), sw->model = NULL;
        return true;
    }
    t->best = sw->fold_sum / sw->cv, t->best_epoch = 0;
    sw->fold = 0, sw->fold_sum = 0;
    return false;
}

/* After the current trial's run ended (its trainer joined): records it,
 * keeps its model if it is the best so far. Returns false when the trial
 * goes on with its next fold. */
static bool trial_end(nn_session *s, sweep *sw, const nn_end_event *e)
{
    sweep_trial *t = &sw->trial[sw->current];
    nn_end_reason reason = e->reason; /* e is the trainer's, which goes now */
    run_drop(s); /* before the model it trained */
    t->seconds = nn_monotonic_seconds() - sw->trial_began;
    memcpy(t->rung, sw->live_rung, sizeof t->rung);
    trial_score(sw, t);
    if (sw->cv && more_folds(sw, t, reason))
        return false;
    if (!sw->cv)
        sw->epochs_trained += t->epochs;
    t->state = sw->pruned_at ? SWEEP_PRUNED : reason == NN_END_STOPPED ? SWEEP_STOPPED : SWEEP_DONE;
    bool best = t->state != SWEEP_STOPPED && !isnan(t->best) &&
                (sw->best < 0 || sweep_ranks_before(sw, sw->current, sw->best));
    if (best)
        sw->best = sw->current;
    if (best && !sw->cv) { /* a fold's model is not the trial's: cv keeps none */
        nn_model_free(sw->best_model);
        sw->best_model = sw->model;
    } else
        nn_model_free(sw->model);
    sw->model = NULL;
    sweep_say_trial(s, sw, sw->current);
    return true;
}

static int sweep_next(nn_session *s, job *j, const nn_end_event *e, nn_error *err)
{
    sweep *sw = j->state;
    if (!trial_end(s, sw, e))
        return trial_start(s, j, sw, err) < 0 ? -1 : 1;
    if (sw->trial[sw->current].state == SWEEP_STOPPED || ++sw->current == sw->ntrials) {
        sw->seconds = nn_monotonic_seconds() - sw->began;
        sweep_say_summary(s, sw);
        return 0;
    }
    return trial_start(s, j, sw, err) < 0 ? -1 : 1;
}

/* ---- the sweep's own arguments ---- */

/* The figure trials are ranked on: val_loss, or val_ and the run's metric. */
static int choose_metric(nn_session *s, sweep *sw, const char *name, nn_error *err)
{
    const nn_metric *m = nn_metric_for(sw->base.metric, session_loss_for(s, sw->prep.task));
    snprintf(sw->metric, sizeof sw->metric, "%s", name);
    snprintf(sw->run_metric, sizeof sw->run_metric, "%s", m->name);
    sw->on_loss = strcmp(name, "val_loss") == 0;
    sw->higher = !sw->on_loss && m->higher_is_better;
    if (sw->on_loss || (strncmp(name, "val_", 4) == 0 && strcmp(name + 4, m->name) == 0))
        return 0;
    return nn_fail(err, "sweep metric=%s: trials are ranked on val_loss or val_%s (the metric each "
                   "epoch reports; `set metric=` chooses it)", name, m->name);
}

static int draw_trials(sweep *sw, const nn_call *c, nn_error *err)
{
    size_t grid = sweep_grid_size(&sw->space);
    const char *method = nn_call_str(c, "method");
    sw->random = strcmp(method, "random") == 0 || (strcmp(method, "auto") == 0 && grid == 0);
    if (!sw->random && grid == 0)
        return nn_fail(err, "sweep method=grid: a grid needs lists (a,b,c), not ranges; method=random draws "
                            "from ranges");
    if (!sw->random && nn_call_given(c, "trials"))
        return nn_fail(err, "sweep: trials= is for method=random; the grid has %zu points", grid);
    long n = sw->random ? nn_call_int(c, "trials") : (long)grid;
    if (n > 100000)
        return nn_fail(err, "sweep: %ld trials is too many (at most 100000)", n);
    if (!(sw->trial = calloc((size_t)n, sizeof *sw->trial)))
        return nn_fail(err, "out of memory");
    sw->ntrials = (int)n;
    nn_rng rng; /* the session's seed: `set seed=` draws other trials */
    nn_rng_seed(&rng, (uint64_t)sw->base.seed);
    for (int t = 0; t < sw->ntrials; t++) {
        if (sw->random)
            sweep_random_point(&sw->space, &rng, sw->trial[t].value);
        else
            sweep_grid_point(&sw->space, (size_t)t, sw->trial[t].value);
        sw->trial[t].best = NAN;
        for (int k = 0; k < SWEEP_MAX_RUNGS; k++)
            sw->trial[t].rung[k] = NAN;
    }
    return 0;
}

static int read_space(nn_session *s, sweep *sw, const nn_call *c, nn_error *err)
{
    const char *const *keys, *const *values;
    size_t n = nn_call_extra(c, &keys, &values);
    if (n == 0)
        return nn_fail(err, "sweep: give at least one KEY=SPEC, e.g. `sweep lr=1e-4..1e-2:log units=16,32`");
    for (size_t i = 0; i < n; i++)
        if (sweep_space_add(&sw->space, keys[i], values[i], &sw->base, s->model, err) < 0)
            return -1;
    return 0;
}

/* The rows, prepared once; a sweep ranks on validation rows, so it needs some. */
static int prepare(nn_session *s, sweep *sw, nn_error *err)
{
    if (!s->table)
        return nn_fail(err, "sweep: no data loaded: `load FILE` or `generate KIND` first");
    if (s->model->n_layers == 0 || s->model->n_layers > 64)
        return nn_fail(err, "sweep: the model has %s layers: `add dense ...` first",
                       s->model->n_layers ? "too many" : "no");
    nn_notes notes = {0};
    if (!(sw->recipe = nn_recipe_copy(s->recipe)))
        return nn_fail(err, "out of memory");
    int rc = nn_recipe_prepare(sw->recipe, s->table, &sw->prep, &notes, err);
    for (size_t i = 0; i < notes.n; i++)
        session_warn(s, "%s", notes.items[i]);
    nn_notes_free(&notes);
    if (rc < 0 || nn_prepared_check_complete(&sw->prep, err) < 0)
        return session_prefix_error(err, "sweep");
    if (session_check_output(s, &sw->prep, "sweep", err) < 0)
        return -1;
    if (sw->prep.begin[NN_PART_VAL + 1] == sw->prep.begin[NN_PART_VAL])
        return nn_fail(err, "sweep: no validation rows to rank trials on (the test rows are never used): "
                            "`split train=0.7 val=0.15 test=0.15`");
    return session_part(&sw->prep, NN_PART_TRAIN).n ? 0 : nn_fail(err, "sweep: no training rows");
}

/* cv=K: the K folds of the training and validation rows, prepared once
 * (each refits a copy of the recipe on its training rows). */
static int prepare_folds(nn_session *s, sweep *sw, const nn_call *c, nn_error *err)
{
    nn_recipe_timing timing;
    if (nn_recipe_timing_of(s->recipe, s->table, &timing, err) < 0)
        return session_prefix_error(err, "sweep");
    if (timing.chronological)
        return nn_fail(err, "sweep cv=: the rows are a time series, and shuffled folds would train on the "
                            "future; leave cv= out to rank on the validation rows");
    if (sw->halving)
        return nn_fail(err, "sweep: prune=halving and cv= do not go together yet; choose one");
    sw->cv = (int)nn_call_int(c, "cv");
    if (!(sw->folds = calloc((size_t)sw->cv, sizeof *sw->folds)))
        return nn_fail(err, "out of memory");
    nn_recipe *copy = nn_recipe_copy(s->recipe);
    if (!copy)
        return nn_fail(err, "out of memory");
    int rc = 0;
    for (int k = 0; rc == 0 && k < sw->cv; k++) {
        nn_fold fold = {NN_FOLDS_WITHIN_SPLIT, sw->cv, k};
        rc = nn_recipe_prepare_fold(copy, s->table, &fold, &sw->folds[k], NULL, err);
        if (rc == 0 && sw->folds[k].begin[NN_PART_VAL + 1] == sw->folds[k].begin[NN_PART_VAL])
            rc = nn_fail(err, "fold %d/%d has no held-out rows", k + 1, sw->cv);
    }
    nn_recipe_free(copy);
    return rc < 0 ? session_prefix_error(err, "sweep cv") : 0;
}

static sweep *sweep_new(nn_session *s, const nn_call *c, nn_error *err)
{
    sweep *sw = calloc(1, sizeof *sw);
    if (!sw) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    sw->best = -1, sw->base = s->settings, sw->nlayers = s->model->n_layers;
    sw->epochs = nn_call_given(c, "epochs") ? (int)nn_call_int(c, "epochs") : s->settings.epochs;
    sw->halving = strcmp(nn_call_str(c, "prune"), "halving") == 0;
    sw->nrungs = sw->halving ? sweep_rungs(sw->epochs, sw->rungs) : 0;
    int rc = prepare(s, sw, err);
    if (rc == 0 && nn_call_given(c, "cv"))
        rc = prepare_folds(s, sw, c, err);
    if (rc == 0 && !(sw->layers = calloc((size_t)sw->nlayers + 1, sizeof *sw->layers)))
        rc = nn_fail(err, "out of memory");
    for (int i = 0; rc == 0 && i < sw->nlayers; i++)
        sw->layers[i] = s->model->layers[i].spec;
    if (rc == 0)
        rc = choose_metric(s, sw, nn_call_str(c, "metric"), err);
    if (rc == 0)
        rc = read_space(s, sw, c, err);
    if (rc == 0)
        rc = draw_trials(sw, c, err);
    if (rc < 0) {
        sweep_free(sw);
        return NULL;
    }
    return sw;
}

/* ---- the job ---- */

static int sweep_start(nn_session *s, job *j, const nn_call *c, bool printing, nn_error *err)
{
    (void)printing; /* trials print one line each, never their epochs */
    sweep *sw = sweep_new(s, c, err);
    if (!sw)
        return -1;
    j->state = sw;
    if (trial_start(s, j, sw, err) < 0) {
        run_drop(s);
        sweep_free(sw);
        j->state = NULL;
        return -1;
    }
    sweep_free(s->sweep); /* the last sweep's record goes once this one has begun */
    s->sweep = sw;
    sw->began = sw->trial_began;
    sweep_say_start(s, sw);
    return 0;
}

static const job_kind job_sweep = {
    .item_name = "trial",
    .forbids = NN_CMD_EDITS_DATA | NN_CMD_EDITS_MODEL,
    .start = sweep_start,
    .next = sweep_next,
    .say_end = NULL,
    RUN_CONTROLS,
    .free = NULL, /* the record is the session's (s->sweep) */
};

int nn_session_sweeping(const nn_session *s)
{
    return s->job && s->job->kind == &job_sweep;
}

/* ---- the command ---- */

static int control(nn_session *s, const char *action, nn_error *err)
{
    if (!session_training(s) || s->job->kind != &job_sweep)
        return nn_fail(err, "sweep %s: no sweep is running", action);
    if (strcmp(action, "stop") == 0)
        job_stop(s);
    else {
        (strcmp(action, "pause") == 0 ? job_pause : job_resume)(s);
        session_print(s, "sweep %sd", action);
    }
    return 0;
}

HANDLER(cmd_sweep)
{
    const char *action = nn_call_str(c, "action");
    if (strcmp(action, "pause") == 0 || strcmp(action, "resume") == 0 || strcmp(action, "stop") == 0)
        return control(s, action, err);
    if (strcmp(action, "top") == 0)
        return sweep_top(s, (int)nn_call_int(c, "n"), err);
    if (session_training(s))
        return session_busy(s, "sweep", err);
    if (strcmp(action, "best") == 0)
        return sweep_best(s, err);
    return job_begin(s, &job_sweep, c, err);
}
