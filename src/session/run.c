/* One training run: the trainer and its observer, which records every
 * batch and epoch into the run's history and the monitor's warnings and,
 * for a run on the thread that runs commands (batch mode), prints the
 * epoch lines, the warnings and the checkpoints. Every kind of job trains
 * through runs like this one. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/class_weight.h"
#include "engine/model_file.h"
#include "monitor.h"
#include "mpi/ranks.h"
#include "run.h"

/* ---- the foreground observer: epoch lines and warnings ---- */

/* What a run's observer needs. In the foreground it prints each epoch
 * and the warnings; in the background (the workbench) it only records,
 * and the UI thread reads the history and the monitor's warnings. */
struct run_progress {
    nn_session *s;
    nn_model *model;      /* the model the run trains (the session's, or a cv fold's) */
    bool printing;
    nn_history *history;  /* owned by the session's run list */
    nn_monitor *monitor;
    nn_history_snapshot snap;
    const float *probe;   /* training rows the dead-ReLU check runs on */
    int probe_rows;
    int batches_per_epoch;
    /* `train checkpoint=FILE`: the model and recipe saved atomically at
     * each new best validation loss (each epoch without validation), so a
     * killed process loses at most the epochs since. */
    char *checkpoint;
    char *recipe;         /* the recipe's text, formatted when the run starts */
    nn_settings saved;    /* the settings the checkpoint records */
    double best_val;
    bool checkpoint_failed;
    progress_ranks ranks; /* under mpirun: the reducer the trainer uses */
    run_control *control; /* `train control=stdin`, or NULL */
    run_epoch_hook hook;  /* the job's look at each epoch, or NULL */
    run_end_hook end_hook; /* and at the run's end, or NULL */
    void *hook_user;
    nn_trainer *trainer;  /* the run's own */
    bool lane;            /* a lane's (run_lane_new): the session is not its to touch */
};
typedef struct run_progress progress;

static void print_warnings(const progress *p, const nn_warning *w, int n)
{
    if (!p->printing)
        return;
    nn_session *s = p->s;
    for (int i = 0; i < n; i++)
        session_warn(s, "%s: %s; %s", nn_warning_kind_name(w[i].kind), w[i].text, w[i].remedy);
}

static void on_batch(void *user, const nn_batch_event *e)
{
    progress *p = user;
    nn_history_record_batch(p->history, e);
    if (p->monitor)
        nn_monitor_batch(p->monitor, e->loss);
    if (!p->lane && p->s->stop_requested) { /* a SIGINT in batch mode; a lane's job stops it */
        p->s->stop_requested = 0;
        nn_trainer_stop(p->trainer);
    }
}

static void print_epoch(nn_session *s, const nn_epoch_record *r, int epochs, const char *metric)
{
    char line[512];
    int n = snprintf(line, sizeof line, "epoch %d/%d loss=%.6g", r->epoch, epochs, r->loss);
    if (r->has_val)
        n += snprintf(line + n, sizeof line - (size_t)n, " val_loss=%.6g", r->val_loss);
    n += snprintf(line + n, sizeof line - (size_t)n, " grad_norm=%.4g lr=%.6g samples_per_s=%.0f %s=%.6g",
                  r->grad_norm, r->lr, r->samples_per_s, metric, r->metric);
    if (r->has_val)
        n += snprintf(line + n, sizeof line - (size_t)n, " val_%s=%.6g", metric, r->val_metric);
    if (nn_ranks_size() > 1 && n < (int)sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, " ranks=%d", nn_ranks_size());
    session_print(s, "%s", line);
}

/* Runs on the training thread between epochs, when the model is idle. A
 * failure is reported once and training goes on. */
static void save_checkpoint(progress *p, const nn_epoch_record *r)
{
    if (!p->checkpoint || p->checkpoint_failed || !isfinite(r->loss))
        return;
    if (r->has_val) {
        if (!(r->val_loss < p->best_val))
            return;
        p->best_val = r->val_loss;
    }
    nn_error err; /* a file `open` would refuse is no checkpoint */
    if (nn_recipe_check_model(p->s->recipe, p->model, &p->saved, &err) < 0 ||
        nn_model_save(p->model, &p->saved, p->recipe, p->checkpoint, &err) < 0) {
        p->checkpoint_failed = true;
        if (p->printing)
            session_warn(p->s, "checkpoint: %s; training goes on without checkpoints", err.msg);
        return;
    }
    if (p->printing)
        session_print(p->s, "checkpoint epoch=%d file=%s", r->epoch, p->checkpoint);
}

static void on_epoch(void *user, const nn_epoch_event *e)
{
    progress *p = user;
    nn_error err;
    nn_history_record_epoch(p->history, e);
    if (nn_history_read(p->history, &p->snap, &err) < 0 || p->snap.n_epochs == 0)
        return;
    int last = p->snap.n_epochs - 1;
    if (p->printing)
        print_epoch(p->s, &p->snap.epoch[last], e->epochs, e->metric);
    nn_warning w[NN_MONITOR_MAX_WARNINGS];
    int n = nn_monitor_epoch(p->monitor, &p->snap.epoch[last], nn_history_snapshot_layer_grads(&p->snap, last), w);
    print_warnings(p, w, n);
    if (p->probe_rows > 0) { /* the model is idle between epochs */
        n = nn_monitor_dead_relu(p->monitor, p->model, e->epoch, p->probe, p->probe_rows, w, &err);
        print_warnings(p, w, n > 0 ? n : 0);
    }
    save_checkpoint(p, &p->snap.epoch[last]);
    if (p->hook && p->hook(p->hook_user, e))
        nn_trainer_stop(p->trainer);
}

static void on_end(void *user, const nn_end_event *e)
{
    progress *p = user;
    nn_warning w[NN_MONITOR_MAX_WARNINGS]; /* before the end is recorded: a UI logs them first */
    print_warnings(p, w, nn_monitor_end(p->monitor, e, w));
    nn_history_record_end(p->history, e);
    if (p->end_hook)
        p->end_hook(p->hook_user);
}

void nn_session_end_text(const nn_end_event *e, char *buf, size_t len)
{
    static const char *const reasons[] = {"finished", "stopped", "stopped early", "stopped: not a number"};
    int n = snprintf(buf, len, "%s after %d epoch%s", reasons[e->reason], e->epochs_run,
                     e->epochs_run == 1 ? "" : "s");
    if (e->last_epoch > e->epochs_run && n >= 0 && (size_t)n < len) /* as the status line's epoch */
        n += snprintf(buf + n, len - (size_t)n, ", in epoch %d", e->last_epoch);
    if (e->best_epoch > 0 && n >= 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, "; best val_loss=%.6g at epoch %d%s", e->best_val_loss, e->best_epoch,
                 e->restored_best ? " (weights restored)" : "");
}

bool nn_session_end_parse(const char *line, nn_end_event *e)
{
    static const char *const reasons[] = {"finished", "stopped", "stopped early", "stopped: not a number"};
    int reason = -1;
    for (int i = 0; i < 4; i++) /* the longest that fits: "stopped early" over "stopped" */
        if (strncmp(line, reasons[i], strlen(reasons[i])) == 0 && strncmp(line + strlen(reasons[i]), " after ", 7) == 0)
            reason = i;
    if (reason < 0)
        return false;
    *e = (nn_end_event){.reason = (nn_end_reason)reason, .best_val_loss = NAN};
    const char *p = line + strlen(reasons[reason]);
    if (sscanf(p, " after %d epoch", &e->epochs_run) != 1)
        return false;
    e->last_epoch = e->epochs_run;
    const char *in = strstr(p, ", in epoch "), *best = strstr(p, "; best val_loss=");
    if (in)
        sscanf(in, ", in epoch %d", &e->last_epoch);
    if (best && sscanf(best, "; best val_loss=%lf at epoch %d", &e->best_val_loss, &e->best_epoch) == 2)
        e->restored_best = strstr(best, "(weights restored)") != NULL;
    return true;
}

void run_say_end(nn_session *s, const nn_end_event *e)
{
    char line[400];
    nn_session_end_text(e, line, sizeof line);
    session_print(s, "%s", line);
    if (s->progress)
        run_ranks_say(s, &s->progress->ranks);
}

/* ---- a new run ---- */

static void progress_free(progress *p)
{
    if (!p)
        return;
    run_ranks_leave(&p->ranks); /* the trainer using it is gone */
    nn_monitor_free(p->monitor);
    nn_history_snapshot_free(&p->snap);
    free(p->checkpoint);
    free(p->recipe);
    free(p);
}

/* Readies the run's checkpoint, if the command asks for one. */
static int checkpoint_setup(progress *p, nn_session *s, const char *path, const char *loss, nn_error *err)
{
    p->best_val = INFINITY;
    if (!path || !*path)
        return 0;
    p->saved = s->settings; /* as `save` records them */
    snprintf(p->saved.loss, sizeof p->saved.loss, "%s", loss);
    p->checkpoint = strdup(path);
    session_save_notes(s, path); /* once, here, not at every epoch */
    p->recipe = nn_recipe_format(s->recipe);
    return p->checkpoint && p->recipe ? 0 : nn_fail(err, "out of memory");
}

/* The session's trainer, and first what controls it from elsewhere. */
static void free_trainer(nn_session *s)
{
    if (s->progress) {
        run_control_end(s->progress->control);
        s->progress->control = NULL;
    }
    nn_trainer_free(s->trainer);
    s->trainer = NULL;
}

int run_take_control(nn_session *s, nn_error *err)
{
    if (nn_ranks_rank() != 0)
        return 0;
    s->progress->control = run_control_start(s->trainer, STDIN_FILENO, err);
    return s->progress->control ? 0 : -1;
}

/* The trainer knows classes by index only: class_weight's names become
 * indices in its copy of the settings (the run's record keeps the names). */
static nn_trainer *new_trainer(nn_model *m, const nn_prepared *p, const nn_settings *run,
                               const nn_dataset *train, const nn_dataset *val, const nn_observer *obs,
                               nn_error *err)
{
    nn_settings by_index = *run;
    if (p->task != NN_TASK_REGRESSION &&
        nn_class_weight_by_index(run->class_weight, (const char *const *)p->class_names,
                                 (int)p->nclasses, by_index.class_weight,
                                 sizeof by_index.class_weight, err) < 0) {
        session_prefix_error(err, "train");
        return NULL;
    }
    return nn_trainer_new(m, &by_index, train, val && val->n ? val : NULL, obs, err);
}

/* "dense 4 tanh, dropout 0.2, dense 1 sigmoid", as the data pane lists them. */
void run_set_model(nn_history *h, const nn_model *m)
{
    char text[256] = "";
    size_t used = 0;
    for (int i = 0; i < m->n_layers && used < sizeof text; i++) {
        char words[128];
        nn_layer_spec_words(&m->layers[i].spec, words, sizeof words);
        int n = snprintf(text + used, sizeof text - used, "%s%s", i ? ", " : "", words);
        used += n > 0 ? (size_t)n : 0;
    }
    nn_history_set_model(h, text);
}

/* A run's observer and trainer, its record added to the run list; for
 * the session's run, the old run's trainer is freed first (the new one
 * continues from its weights). */
static progress *run_make(nn_session *s, nn_model *m, const nn_prepared *prep, const nn_settings *run,
                          const nn_dataset *train, const nn_dataset *val, const char *checkpoint,
                          bool printing, bool lane, nn_error *err)
{
    progress *p = calloc(1, sizeof *p);
    if (!p) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    nn_history_snapshot_init(&p->snap);
    if (checkpoint_setup(p, s, checkpoint, run->loss, err) < 0) {
        progress_free(p);
        return NULL;
    }
    p->s = s, p->model = m, p->printing = printing, p->lane = lane;
    p->probe = train->x, p->probe_rows = train->n < 256 ? train->n : 256;
    int batch = run->batch < train->n ? run->batch : train->n; /* as the trainer sizes it */
    p->batches_per_epoch = (train->n + batch - 1) / batch;
    nn_monitor_rules rules;
    nn_monitor_rules_default(&rules);
    p->history = nn_history_new(m->n_layers, NN_HISTORY_DEFAULT_RING, run, err);
    if (p->history)
        run_set_model(p->history, m);
    p->monitor = p->history ? nn_monitor_new(m, run, &rules, err) : NULL;
    nn_trainer *t = NULL;
    if (p->monitor && !lane)
        free_trainer(s); /* the old run ended; the new one continues from its weights */
    if (p->monitor) {
        nn_observer obs = {p, on_batch, on_epoch, on_end};
        t = new_trainer(m, prep, run, train, val, &obs, err);
    }
    if (t && run_ranks_join(&p->ranks, t, m, run, train, val, err) < 0) {
        nn_trainer_free(t);
        t = NULL;
    }
    if (!t || session_add_run(s, p->history) < 0) {
        if (t)
            nn_fail(err, "out of memory");
        nn_trainer_free(t);
        nn_history_free(p->history);
        p->history = NULL;
        progress_free(p);
        return NULL;
    }
    p->trainer = t;
    nn_trainer_set_pace(t, s->pace);
    return p;
}

int run_new(nn_session *s, nn_model *m, const nn_prepared *prep, const nn_settings *run,
            const nn_dataset *train, const nn_dataset *val, const char *checkpoint, bool printing,
            nn_error *err)
{
    progress *p = run_make(s, m, prep, run, train, val, checkpoint, printing, false, err);
    if (!p)
        return -1;
    progress_free(s->progress);
    s->progress = p;
    s->trainer = p->trainer;
    nn_trainer_watch(p->trainer, &s->stop_requested); /* a SIGINT while the pace waits */
    return 0;
}

run_lane *run_lane_new(nn_session *s, nn_model *m, const nn_prepared *prep, const nn_settings *run,
                       const nn_dataset *train, const nn_dataset *val, nn_error *err)
{
    return run_make(s, m, prep, run, train, val, NULL, false, true, err);
}

nn_trainer *run_lane_trainer(run_lane *l) { return l->trainer; }

nn_history *run_lane_history(run_lane *l) { return l->history; }

void run_lane_hooks(run_lane *l, run_epoch_hook epoch, run_end_hook end, void *user)
{
    l->hook = epoch, l->end_hook = end, l->hook_user = user;
}

void run_lane_free(run_lane *l)
{
    if (!l)
        return;
    nn_trainer_free(l->trainer); /* before the observer it calls */
    progress_free(l);
}

void run_set_epoch_hook(nn_session *s, run_epoch_hook hook, void *user)
{
    s->progress->hook = hook, s->progress->hook_user = user;
}

void run_drop(nn_session *s)
{
    free_trainer(s); /* before the observer it calls, and the model it trains */
    progress_free(s->progress);
    s->progress = NULL;
}

int session_add_run(nn_session *s, nn_history *h)
{
    nn_history **more = realloc(s->runs, (s->nruns + 1) * sizeof *more);
    if (!more)
        return -1;
    s->runs = more;
    s->runs[s->nruns++] = h;
    return 0;
}

struct nn_history *nn_session_history(const nn_session *s) { return s->nruns ? s->runs[s->nruns - 1] : NULL; }

int nn_session_run_count(const nn_session *s) { return (int)s->nruns; }

struct nn_history *nn_session_run_record(const nn_session *s, int i)
{
    return i >= 0 && (size_t)i < s->nruns ? s->runs[i] : NULL;
}

struct nn_monitor *nn_session_monitor(const nn_session *s) { return s->progress ? s->progress->monitor : NULL; }

/* ---- the run's controls ---- */

bool run_live(const nn_session *s)
{
    if (!s->trainer)
        return false;
    nn_train_state st = nn_trainer_state(s->trainer);
    return st == NN_STATE_RUNNING || st == NN_STATE_PAUSED;
}

void run_pause(nn_session *s) { nn_trainer_pause(s->trainer); }
void run_resume(nn_session *s) { nn_trainer_resume(s->trainer); }
void run_stop(nn_session *s) { nn_trainer_stop(s->trainer); }
void run_step(nn_session *s, int batches) { nn_trainer_step(s->trainer, batches); }

/* ---- for `step` ---- */


static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

void run_settle(nn_session *s)
{
    while (!nn_trainer_settled(s->trainer))
        sleep_ms(2);
}

int run_epochs_recorded(const nn_session *s)
{
    nn_epoch_record r;
    return nn_history_last_epoch(s->progress->history, &r, NULL) < 0 ? 0 : r.epoch;
}

/* Batches from where the run stands to the end of its epoch, plus n - 1
 * whole epochs, and the epoch that ends there. The run is halted first so
 * that where it stands cannot move while its record is read. */
int run_batches_for_epochs(nn_session *s, int n, int *last_epoch, nn_error *err)
{
    nn_trainer_pause(s->trainer);
    run_settle(s);
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    if (nn_history_read(s->progress->history, &snap, err) < 0) {
        nn_history_snapshot_free(&snap);
        return -1;
    }
    int per_epoch = s->progress->batches_per_epoch, done = 0, epoch = 1;
    if (snap.has_batch) { /* paused after batch `done` of `epoch`; a full epoch means the next one */
        done = snap.last.batch % per_epoch;
        epoch = snap.last.epoch + (done == 0);
    }
    nn_history_snapshot_free(&snap);
    *last_epoch = epoch + n - 1;
    double batches = (double)(per_epoch - done) + (double)(n - 1) * per_epoch;
    return batches < INT_MAX ? (int)batches : INT_MAX;
}

/* The epoch lines a step completed, as `train` prints them. */
void run_print_epochs_after(nn_session *s, int before)
{
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    nn_error err;
    if (nn_history_read(s->progress->history, &snap, &err) == 0)
        for (int i = 0; i < snap.n_epochs; i++)
            if (snap.epoch[i].epoch > before)
                print_epoch(s, &snap.epoch[i], snap.epochs, snap.metric);
    nn_history_snapshot_free(&snap);
}
