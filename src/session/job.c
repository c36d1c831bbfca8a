/* The background job, whatever its kind: begun by its command, moved on
 * from run to run, waited for, stopped, and what the front-ends ask of it
 * (state, item i of n, Ctrl-C). Only here are runs started and joined. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "job.h"
#include "run.h"

static bool several_runs(const job *j) { return j->kind->next != NULL; }
static bool elsewhere(const job *j) { return j->kind->poll != NULL; } /* no run of ours */

bool session_training(const nn_session *s)
{
    const job *j = s->job;
    if (!j || j->done)
        return false;
    /* several runs: between them too, until `next` ends it */
    return several_runs(j) || elsewhere(j) || run_live(s);
}

bool job_forbids(const nn_session *s, unsigned command_flags)
{
    return session_training(s) && (s->job->kind->forbids & command_flags);
}

int session_busy(const nn_session *s, const char *cmd, nn_error *err)
{
    if (session_training(s) && strcmp(nn_session_state(s), "paused") == 0)
        return nn_fail(err, "%s: the run is paused, not finished: `wait` (or `resume`) to finish "
                       "it, or `stop` it, first", cmd);
    return nn_fail(err, "%s: training is running; `stop` it first (or `wait` for it)", cmd);
}

/* ---- from run to run ---- */

/* The job has ended; its state goes. A job of several runs keeps none of
 * them: the last one's trainer goes (before a model the state may own),
 * its record stays in the run list. */
static void job_end(nn_session *s)
{
    job *j = s->job;
    if (several_runs(j))
        run_drop(s);
    if (j->kind->free)
        j->kind->free(j->state);
    j->state = NULL;
    j->done = true;
}

/* Starts the run readied in the background; a job whose run cannot start
 * ends. */
static int launch(nn_session *s, nn_error *err)
{
    if (nn_trainer_start(s->trainer, err) < 0) {
        job_end(s);
        return -1;
    }
    return 0;
}

/* The job's current run ended as e says: the job readies its next run,
 * started at once in the background, or ends. */
static int run_ended(nn_session *s, const nn_end_event *e, nn_error *err)
{
    job *j = s->job;
    if (!several_runs(j))
        return 0;
    int more = j->kind->next(s, j, e, err);
    if (more > 0)
        return s->foreground ? 0 : launch(s, err);
    job_end(s);
    return more;
}

/* Batch mode: every run of the job in turn, on this thread, from the
 * first one readied (not started, so not yet live). */
static int run_through(nn_session *s, nn_error *err)
{
    do {
        const nn_end_event *e = nn_trainer_run(s->trainer);
        if (s->job->kind->say_end)
            s->job->kind->say_end(s, e);
        if (run_ended(s, e, err) < 0)
            return -1;
    } while (session_training(s));
    return 0;
}

static void job_forget(nn_session *s)
{
    if (!s->job)
        return;
    if (s->job->kind->free)
        s->job->kind->free(s->job->state);
    free(s->job);
    s->job = NULL;
}

/* The new job replaces the last one and readies its first run. */
static int job_open(nn_session *s, const job_kind *k, const nn_call *c, bool printing, nn_error *err)
{
    job *j = calloc(1, sizeof *j);
    if (!j)
        return nn_fail(err, "out of memory");
    *j = (job){.kind = k, .items = 1, .ranks = 1};
    job_forget(s);
    s->job = j;
    if (k->start(s, j, c, printing, err) < 0) {
        job_forget(s);
        return -1;
    }
    return 0;
}

/* A job that runs elsewhere, moved on until it ends: batch mode's
 * foreground and `wait` (a SIGINT in batch mode stops it). */
static void poll_through(nn_session *s)
{
    while (session_training(s)) {
        if (s->stop_requested) {
            s->stop_requested = 0;
            s->job->kind->stop(s);
        }
        job_poll(s);
        if (session_training(s) && s->job->kind->idle)
            s->job->kind->idle(s, s->job);
        else if (session_training(s))
            nanosleep(&(struct timespec){0, 20000000L}, NULL);
    }
}

int job_begin(nn_session *s, const job_kind *k, const nn_call *c, nn_error *err)
{
    if (job_open(s, k, c, s->foreground, err) < 0)
        return -1;
    if (elsewhere(s->job)) {
        if (s->foreground)
            poll_through(s);
        return 0;
    }
    return s->foreground ? run_through(s, err) : launch(s, err);
}

int job_begin_paused(nn_session *s, const job_kind *k, const nn_call *c, nn_error *err)
{
    if (job_open(s, k, c, false, err) < 0)
        return -1;
    s->job->kind->pause(s);
    return launch(s, err);
}

void job_poll(nn_session *s)
{
    if (session_training(s) && elsewhere(s->job)) {
        if (!s->job->kind->poll(s, s->job))
            job_end(s);
        return;
    }
    if (!session_training(s) || !s->trainer || run_live(s))
        return;
    nn_error err = {{0}};
    if (run_ended(s, nn_trainer_wait(s->trainer), &err) < 0)
        session_warn(s, "%s", err.msg);
}

void job_wait(nn_session *s)
{
    if (session_training(s) && elsewhere(s->job)) {
        if (strcmp(nn_session_state(s), "paused") == 0)
            s->job->kind->resume(s);
        poll_through(s);
    }
    while (session_training(s)) {
        if (nn_trainer_state(s->trainer) == NN_STATE_PAUSED)
            s->job->kind->resume(s);
        const nn_end_event *e = nn_trainer_wait(s->trainer);
        if (s->job->kind->say_end)
            s->job->kind->say_end(s, e);
        job_poll(s);
    }
}

void job_pause(nn_session *s) { s->job->kind->pause(s); }
void job_resume(nn_session *s) { s->job->kind->resume(s); }
void job_step(nn_session *s, int batches) { s->job->kind->step(s, batches); }

bool job_step_epochs(nn_session *s, int n)
{
    if (!s->job->kind->step_epochs)
        return false;
    s->job->kind->step_epochs(s, n);
    return true;
}

int job_set(nn_session *s, const char *key, const char *value, nn_error *err)
{
    if (s->job->kind->set)
        return s->job->kind->set(s, key, value, err);
    return nn_trainer_set(s->trainer, key, value, err);
}

int job_controllable(const nn_session *s, const char *cmd, nn_error *err)
{
    const char *why = session_training(s) ? s->job->kind->uncontrolled : NULL;
    return why ? nn_fail(err, "%s: %s", cmd, why) : 0;
}

int job_steppable(const nn_session *s, const char *cmd, nn_error *err)
{
    const char *why = session_training(s) ? s->job->kind->unstepped : NULL;
    return why ? nn_fail(err, "%s: %s", cmd, why) : job_controllable(s, cmd, err);
}

void job_stop(nn_session *s)
{
    s->job->kind->stop(s);
    if (elsewhere(s->job)) {
        job_poll(s); /* it says how it ended when its poll sees the end: now, or soon */
        return;
    }
    run_say_end(s, nn_trainer_wait(s->trainer)); /* every kind: how the stopped run ended */
    job_poll(s); /* a job of several runs ends with it */
}

void job_free(nn_session *s)
{
    run_drop(s); /* first: the run may train a model the job owns */
    job_forget(s);
}

/* ---- what the front-ends ask ---- */

const char *nn_session_state(const nn_session *s)
{
    if (session_training(s) && elsewhere(s->job))
        return s->job->kind->state ? s->job->kind->state(s, s->job) : s->job->held ? "paused" : "running";
    return s->trainer ? nn_train_state_name(nn_trainer_state(s->trainer)) : "idle";
}

int nn_session_training(const nn_session *s) { return session_training(s); }

void nn_session_job_progress(const nn_session *s, nn_job_progress *p)
{
    const job *j = session_training(s) ? s->job : NULL;
    *p = j ? (nn_job_progress){j->kind->item_name, j->item + 1, j->items, j->ranks}
           : (nn_job_progress){NULL, 0, 0, 1};
}

void nn_session_poll(nn_session *s) { job_poll(s); }

void nn_session_request_stop(nn_session *s) { s->stop_requested = 1; }

int nn_session_interrupt(nn_session *s)
{
    if (!session_training(s))
        return 0;
    s->job->kind->stop(s);
    return 1;
}

long nn_session_copy_params(const nn_session *s, long have, float *dst, size_t n)
{
    if (session_training(s) && elsewhere(s->job))
        return -1; /* the weights are the ranks' until the job ends */
    if (session_training(s))
        return nn_trainer_copy_params(s->trainer, have, dst, n);
    /* no thread trains: the model is this thread's, and after a run its
     * weights are the run's last (the state was set after them) */
    const nn_model *m = s->model;
    if (!m->built || m->n_params != n)
        return -1;
    memcpy(dst, m->params, n * sizeof *dst);
    return 0;
}
