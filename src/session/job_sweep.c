/* The third kind of job: `sweep KEY=SPEC ...`, a hyperparameter search.
 * The data is prepared once (a copy of the recipe, fitted on the training
 * rows) and every trial trains a fresh model of the session's layers with
 * the session's settings and its own values, on those rows, ranked on the
 * validation rows; the test rows are never read. The trials train side by
 * side on the sweep's lanes (sweep_lanes.h), each run in the run list;
 * this thread begins them, in trial order, and ends them: the job polls
 * (job.h), and in batch mode waits for a lane's end in between. Pause,
 * resume, stop, wait, Ctrl-C and the status line act on every lane; the
 * record (sweep.h) stays in the session after the job, for `sweep best`.
 *
 * With prune=halving each trial's run calls an epoch hook on its training
 * thread that stops it at a rung when successive halving says so
 * (sweep_prune.h), judged against the trials before it only, so the
 * decision is the same however the threads run. */
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
#include "sweep_lanes.h"
#include "sweep_report.h"
#include "sweep_view.h"

double nn_monotonic_seconds(void); /* engine/trainer_control.c */

/* ---- one trial on a lane ---- */

/* The rows a trial trains and validates on: with cv=K, its fold's. */
static const nn_prepared *rows(const sweep *sw, int fold)
{
    return sw->cv ? &sw->folds[fold] : &sw->prep;
}

/* "sweep trial 3/27" (and " fold 2/5"): `runs` and `compare` tell a
 * trial from a run of the session's model. */
static void label(const sweep *sw, int t, int fold, nn_history *h)
{
    char text[64];
    int n = snprintf(text, sizeof text, "sweep trial %d/%d", t + 1, sw->ntrials);
    if (sw->cv)
        snprintf(text + n, sizeof text - (size_t)n, " fold %d/%d", fold + 1, sw->cv);
    nn_history_set_label(h, text);
}

/* Begins trial t (its fold `fold`) on lane l, in the background. */
static int trial_start(nn_session *s, sweep *sw, sweep_lane *l, int t, int fold, nn_error *err)
{
    sweep_trial *tr = &sw->trial[t];
    const nn_prepared *p = rows(sw, fold);
    nn_settings run = sw->base;
    nn_layer_spec specs[64];
    memcpy(specs, sw->layers, (size_t)sw->nlayers * sizeof *specs);
    if (sweep_apply(&sw->space, tr->value, &run, specs, sw->nlayers, err) < 0)
        return -1;
    run.epochs = sw->epochs;
    if (sw->nlanes > 1)
        run.threads = 1; /* a core a lane */
    snprintf(run.loss, sizeof run.loss, "%s", session_loss_for(s, p->task));
    nn_model *m = nn_model_of_layers(specs, sw->nlayers, err);
    if (!m)
        return -1;
    session_set_layout(m, p); /* sequence layers read the window's rows */
    nn_dataset train = session_part(p, NN_PART_TRAIN), val = session_part(p, NN_PART_VAL);
    run_lane *r = run_lane_new(s, m, p, &run, &train, &val, err);
    if (!r) {
        nn_model_free(m);
        return session_prefix_error(err, "sweep");
    }
    *l = (sweep_lane){.trial = t, .fold = fold, .fold_sum = fold ? l->fold_sum : 0, .model = m, .run = r,
                      .began = fold ? l->began : nn_monotonic_seconds(), .sw = sw};
    tr->run = run_lane_history(r);
    label(sw, t, fold, tr->run);
    /* trials fit the same rows (a fold its own) with the same loss: their
     * curves compare, so `compare` overlays them without a warning */
    nn_history_set_start(tr->run, run_fit_key(&train, &val, run.loss), 0);
    if (fold == 0)
        tr->state = SWEEP_RUNNING, tr->first_run = s->nruns - 1;
    sweep_lane_watch(sw, l);
    if (nn_trainer_start(run_lane_trainer(r), err) < 0) {
        run_lane_free(r);
        nn_model_free(m);
        l->run = NULL, l->model = NULL, l->trial = -1;
        return session_prefix_error(err, "sweep");
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
            if (sweep_improves(sw, v, t->best))
                t->best = v, t->best_epoch = r->epoch;
        }
    nn_history_snapshot_free(&snap);
}

/* cv=K, after lane l's fold: whether its trial has more folds to train,
 * or ends with the mean of its folds' best figures as its own. */
static bool more_folds(sweep *sw, sweep_lane *l, sweep_trial *t, nn_end_reason reason)
{
    l->fold_sum += t->best;
    sw->epochs_trained += t->epochs;
    if (reason != NN_END_STOPPED && l->fold + 1 < sw->cv)
        return true;
    t->best = l->fold_sum / sw->cv, t->best_epoch = 0;
    return false;
}

/* Lane l's run has ended: its trial is scored and, if the best so far,
 * keeps its model (a fold's is not the trial's: cv keeps none); with
 * cv=K a trial with folds left trains the next one on the same lane. */
static void lane_end(nn_session *s, sweep *sw, sweep_lane *l)
{
    nn_end_reason reason = nn_trainer_wait(run_lane_trainer(l->run))->reason;
    run_lane_free(l->run); /* before the model it trained */
    l->run = NULL;
    nn_model *m = l->model;
    l->model = NULL;
    int at = l->trial;
    sweep_trial *t = &sw->trial[at];
    t->seconds = nn_monotonic_seconds() - l->began;
    trial_score(sw, t);
    if (sw->cv && more_folds(sw, l, t, reason)) {
        nn_model_free(m);
        nn_error err;
        if (!sw->stopping && trial_start(s, sw, l, at, l->fold + 1, &err) < 0)
            sw->failed = true, session_warn(s, "%s", err.msg);
        if (l->run)
            return;
        reason = NN_END_STOPPED;
    }
    if (!sw->cv)
        sw->epochs_trained += t->epochs;
    l->trial = -1;
    t->state = l->pruned_at ? SWEEP_PRUNED : reason == NN_END_STOPPED ? SWEEP_STOPPED : SWEEP_DONE;
    bool best = t->state != SWEEP_STOPPED && !isnan(t->best) && (sw->best < 0 || sweep_ranks_before(sw, at, sw->best));
    if (best)
        sw->best = at;
    if (best && !sw->cv) {
        nn_model_free(sw->best_model);
        sw->best_model = m;
    } else
        nn_model_free(m);
}

/* Lanes left idle begin the next trials, unless the sweep is paused or
 * stopping (a pause leaves them idle until resume). */
static int fill_lanes(nn_session *s, job *j, sweep *sw, nn_error *err)
{
    for (int i = 0; i < sw->nlanes; i++) {
        sweep_lane *l = &sw->lane[i];
        if (l->run || sw->stopping || sw->paused || sw->failed || sw->next >= sw->ntrials)
            continue;
        if (trial_start(s, sw, l, sw->next, 0, err) < 0)
            return -1;
        j->item = sw->next++, j->items = sw->ntrials;
    }
    return 0;
}

static bool ended_state(sweep_state st)
{
    return st == SWEEP_PRUNED || st == SWEEP_DONE || st == SWEEP_STOPPED;
}

/* On the thread that runs commands, without waiting: ends the lanes whose
 * run ended, prints the trials' lines in trial order, begins the next
 * trials; false once the sweep is over. */
static bool sweep_poll(nn_session *s, job *j)
{
    sweep *sw = j->state;
    for (int i = 0; i < sw->nlanes; i++)
        if (sw->lane[i].run && sweep_lane_ended(sw, &sw->lane[i]))
            lane_end(s, sw, &sw->lane[i]);
    while (sw->said < sw->ntrials && ended_state(sw->trial[sw->said].state))
        sweep_say_trial(s, sw, sw->said++);
    nn_error err;
    if (fill_lanes(s, j, sw, &err) < 0) {
        session_warn(s, "%s", err.msg);
        sw->failed = true;
        sweep_lanes_stop(sw);
        return sweep_poll(s, j);
    }
    for (int i = 0; i < sw->nlanes; i++)
        if (sw->lane[i].run)
            return true;
    if (sw->paused && !sw->stopping && sw->next < sw->ntrials)
        return true; /* paused between trials */
    sw->seconds = nn_monotonic_seconds() - sw->began;
    sweep_say_summary(s, sw);
    return false;
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
    long lanes = nn_call_given(c, "lanes") ? nn_call_int(c, "lanes") : 0;
    if (rc == 0 && sw->cv && lanes > 1)
        rc = nn_fail(err, "sweep: with cv= the trials train one after the other (lanes=1)");
    if (rc == 0 && sweep_lanes_init(sw, sw->cv ? 1 : sweep_lanes_choose(lanes, sw->base.threads)) < 0)
        rc = nn_fail(err, "sweep: cannot make the lanes' lock");
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
    run_drop(s); /* the session's last run ends, as a new run would end it */
    sw->began = nn_monotonic_seconds();
    if (fill_lanes(s, j, sw, err) < 0) {
        sweep_lanes_free(sw);
        sweep_free(sw);
        j->state = NULL;
        return -1;
    }
    sweep_free(s->sweep); /* the last sweep's record goes once this one has begun */
    s->sweep = sw;
    sweep_say_start(s, sw);
    return 0;
}

static void sweep_pause(nn_session *s) { sweep_lanes_pause(s->job->state); }
static void sweep_resume(nn_session *s) { sweep_lanes_resume(s->job->state); }
static void sweep_stop(nn_session *s) { sweep_lanes_stop(s->job->state); }
static void sweep_idle(nn_session *s, job *j) { (void)s, sweep_lanes_idle(j->state); }
static void sweep_end(void *state) { sweep_lanes_free(state); } /* the record is the session's (s->sweep) */

static const char *sweep_status(const nn_session *s, const job *j)
{
    (void)s;
    return ((const sweep *)j->state)->paused ? "paused" : "running";
}

static const job_kind job_sweep = {
    .item_name = "trial",
    .forbids = NN_CMD_EDITS_DATA | NN_CMD_EDITS_MODEL,
    .start = sweep_start,
    .pause = sweep_pause,
    .resume = sweep_resume,
    .stop = sweep_stop,
    .free = sweep_end,
    .poll = sweep_poll,
    .unstepped = "a sweep's trials train side by side: `sweep pause|resume|stop` drive them, not `step` or "
                 "live settings",
    .idle = sweep_idle,
    .state = sweep_status,
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
