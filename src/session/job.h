/* One kind of background job: a training run, a cross-validation, a
 * sweep or a run on MPI ranks. A job trains one run at a time (the
 * session's trainer and its observer: run.h) for each of its items
 * (folds), or, as a polling kind, runs its work itself (the ranks of an
 * mpirun; a sweep's trials side by side on lanes of its own). The session's refusals, `pause`/`resume`/
 * `stop`/`step`/`wait`, Ctrl-C, `quit`, the status line and the rule that
 * a script's next line waits for the job see every kind through this.
 *
 * Adding a kind: one file job_KIND.c defining its job_kind and its
 * command's handler, and the command's entry in commands.c. */
#ifndef NN_JOB_H
#define NN_JOB_H

#include <stdbool.h>

#include "command.h"
#include "engine/trainer.h"

typedef struct job job;

typedef struct job_kind {
    const char *item_name; /* what its items are ("fold"); NULL: the job is one run */
    unsigned forbids;      /* the commands (NN_CMD_EDITS_* flags) refused while it goes on */
    /* Readies the job's first run (the session's trainer, not started)
     * from its command's arguments, and its own state into j->state;
     * printing: the run's observer prints epochs and warnings (batch mode,
     * the run on this thread). On failure the job has not begun. */
    int (*start)(nn_session *s, job *j, const nn_call *c, bool printing, nn_error *err);
    /* The current run ended as e says (on the thread that runs commands):
     * scores it and readies the next item's run (returns 1), or ends the
     * job (0; -1 with err when it failed). NULL: the job ends with its run. */
    int (*next)(nn_session *s, job *j, const nn_end_event *e, nn_error *err);
    /* The result a command that waited for a run prints of its end (the
     * end line of `train`); NULL: nothing (folds print their own scores). */
    void (*say_end)(nn_session *s, const nn_end_event *e);
    /* Controls of the current run: an MPI job would tell every rank. */
    void (*pause)(nn_session *s);
    void (*resume)(nn_session *s);
    void (*stop)(nn_session *s); /* async: the run stops at its next batch */
    void (*step)(nn_session *s, int batches);
    /* Optional: `step N epochs` for a kind that cannot see its batches
     * (the ranks count them); NULL: the session counts them for step. */
    void (*step_epochs)(nn_session *s, int n);
    /* Optional: a live `set`, checked already; NULL: the current run's
     * trainer takes it. */
    int (*set)(nn_session *s, const char *key, const char *value, nn_error *err);
    void (*free)(void *state);
    /* A kind whose work is not a run of this process's trainer (the
     * processes of an mpirun): its start readies no run, and this moves it
     * on without ever waiting, on the thread that runs commands; returns
     * false once the job has ended. NULL for kinds that train here. */
    bool (*poll)(nn_session *s, job *j);
    /* Why its runs take no pause, step or live setting; NULL: they do. */
    const char *uncontrolled;
    /* Why they take pause and resume but no step or live setting (runs
     * side by side: a sweep's lanes); NULL: they do, unless uncontrolled. */
    const char *unstepped;
    /* A polling kind: waits until its poll may have something to do, or a
     * few milliseconds (batch mode's foreground and `wait`); NULL: 20 ms. */
    void (*idle)(nn_session *s, job *j);
    /* A polling kind's state for the status line: "running", "paused";
     * NULL: "running". */
    const char *(*state)(const nn_session *s, const job *j);
} job_kind;

struct job {
    const job_kind *kind;
    void *state;     /* the kind's own */
    int item, items; /* item (0-based) of items: fold 2 of 5 is 1 of 5; 0 of 1 for one run */
    bool done;       /* ended: its `next` said so, or its run could not start */
    int ranks;       /* the processes it trains in: 1, or N for `train ranks=N` */
    bool held;       /* a kind that runs elsewhere was told to pause or step: the state shows it */
};

/* `step` with no job going on begins a training run (job_train.c). */
extern const job_kind job_train;
/* `train ranks=N`: an mpirun of nnwb processes (job_mpi.c). */
extern const job_kind job_mpi;
/* What `train` and `train ranks=N` share (job_train.c): the data prepared
 * and checked, the run's settings from the session's and the call's, and
 * its rows; then, once it surely begins, the recipe it fits becomes the
 * one the model is saved and predicts with. */
int train_ready(nn_session *s, const nn_call *c, nn_settings *run, nn_dataset *train, nn_dataset *val,
                nn_error *err);
void train_adopt_recipe(nn_session *s);
/* "continuing from epoch 5: ..." when the run starts from trained weights
 * (before: as run_weights_before says). */
void train_say_continuing(nn_session *s, int before);

/* Begins a job of kind k for the command's call: in batch mode (the
 * session's foreground) runs it to its end here, else starts its first
 * run in the background. The session's last job is forgotten. */
int job_begin(nn_session *s, const job_kind *k, const nn_call *c, nn_error *err);
/* Begins it with its first run paused on its thread, even in batch mode,
 * for `step` to move it on. */
int job_begin_paused(nn_session *s, const job_kind *k, const nn_call *c, nn_error *err);
/* Whether the job going on refuses a command with these flags. (The
 * handlers ask session_training and session_busy: session_internal.h.) */
bool job_forbids(const nn_session *s, unsigned command_flags);
/* Moves a job whose run ended on: its next run, or its end. */
void job_poll(nn_session *s);
/* Refuses cmd (`pause`, `resume`, `step`, a live `set`) when the job's
 * kind takes no live control, saying why; 0 when it does. */
int job_controllable(const nn_session *s, const char *cmd, nn_error *err);
/* Likewise for `step` and a live `set`, which some kinds refuse though
 * they take pause and resume. */
int job_steppable(const nn_session *s, const char *cmd, nn_error *err);
/* Runs the job to its end on this thread, resuming a paused run (`wait`). */
void job_wait(nn_session *s);
void job_pause(nn_session *s);
void job_resume(nn_session *s);
/* Stops the job's run, says how it ended, and lets the job end (`stop`). */
void job_stop(nn_session *s);
void job_step(nn_session *s, int batches);
/* `step N epochs` where the kind counts the batches itself; false: the
 * caller must turn epochs into batches and job_step. */
bool job_step_epochs(nn_session *s, int n);
/* A live setting for the job's run (its trainer, or the kind's own). */
int job_set(nn_session *s, const char *key, const char *value, nn_error *err);
/* Frees the job and its run (stopping and joining a running trainer). */
void job_free(nn_session *s);

#endif
