/* One training run of the session: its trainer (s->trainer) and the
 * trainer's observer, which records the run's history (kept in the
 * session's run list) and warnings and, in batch mode, prints each epoch.
 * Every kind of job trains through runs. */
#ifndef NN_RUN_H
#define NN_RUN_H

#include <stdbool.h>

#include "session_internal.h"

/* A trainer for m on data prepared as prep (its classes name the class
 * weights) with its record (added to the run list) and monitor, made the
 * session's current run (not started); checkpoint may be NULL. printing:
 * the observer prints epochs and warnings. The session's run changes
 * only when all of it succeeds. */
int run_new(nn_session *s, nn_model *m, const nn_prepared *prep, const nn_settings *run,
            const nn_dataset *train, const nn_dataset *val, const char *checkpoint, bool printing,
            nn_error *err);
/* ---- a run across the ranks of an mpirun (run_ranks.c) ---- */
typedef struct progress_ranks {
    nn_grad_reducer *reducer; /* NULL: one process */
    int size;
} progress_ranks;
/* Under mpirun: refuses (on every rank) unless all ranks have the same
 * data, settings and model, then gives t the ranks' reducer. */
int run_ranks_join(progress_ranks *pr, nn_trainer *t, nn_model *m, const nn_settings *run,
                   const nn_dataset *train, const nn_dataset *val, nn_error *err);
/* The line on where the steps' time went, after a run across ranks. */
void run_ranks_say(nn_session *s, const progress_ranks *pr);
/* After the trainer that used it is freed. */
void run_ranks_leave(progress_ranks *pr);

/* ---- `train control=stdin` (run_control.c) ---- */
typedef struct run_control run_control;
/* A thread reading control lines from fd for t, until run_control_end. */
run_control *run_control_start(nn_trainer *t, int fd, nn_error *err);
void run_control_end(run_control *c); /* before t goes */
/* The current run takes its controls from standard input (rank 0 only:
 * the other ranks take rank 0's). */
int run_take_control(nn_session *s, nn_error *err);

/* Called on the training thread after each epoch is recorded, before the
 * next one begins: returning true stops the run there (a sweep's pruning
 * at a rung; the stop lands on the same epoch however the threads run). */
typedef bool (*run_epoch_hook)(void *user, const nn_epoch_event *e);
void run_set_epoch_hook(nn_session *s, run_epoch_hook hook, void *user);
/* Called on the training thread once the run's end is recorded. */
typedef void (*run_end_hook)(void *user);

/* ---- a lane: a run of the job's own beside others (a sweep's trials) ----
 * As run_new, but the trainer and its observer are the caller's, not the
 * session's current run; its record joins the run list all the same. It
 * never prints or reads the session's Ctrl-C: the job stops it. */
typedef struct run_progress run_lane;
run_lane *run_lane_new(nn_session *s, nn_model *m, const nn_prepared *prep, const nn_settings *run,
                       const nn_dataset *train, const nn_dataset *val, nn_error *err);
nn_trainer *run_lane_trainer(run_lane *l);
nn_history *run_lane_history(run_lane *l);
void run_lane_hooks(run_lane *l, run_epoch_hook epoch, run_end_hook end, void *user);
/* Its trainer (stopped and joined), then its observer. */
void run_lane_free(run_lane *l);
/* Frees the current run: its trainer (stopped and joined), then its observer. */
void run_drop(nn_session *s);
/* The current run trains or is paused. */
bool run_live(const nn_session *s);
/* The end event a line of nn_session_end_text says (rank 0's, read back
 * by the workbench); false when the line is not one. */
bool nn_session_end_parse(const char *line, nn_end_event *e);
/* "finished after 5 epochs; best val_loss=...", as a line of output. */
void run_say_end(nn_session *s, const nn_end_event *e);
/* Names m's layers in the run's record: "dense 4 tanh, dense 1 sigmoid". */
void run_set_model(nn_history *h, const nn_model *m);
/* Keeps a run's record for `runs` and `history` (the session owns it). */
int session_add_run(nn_session *s, nn_history *h);

/* The current run's controls, a job kind's own unless it must do more. */
void run_pause(nn_session *s);
void run_resume(nn_session *s);
void run_stop(nn_session *s);
void run_step(nn_session *s, int batches);
/* In a job_kind: its controls are its current run's, nothing more. */
#define RUN_CONTROLS .pause = run_pause, .resume = run_resume, .stop = run_stop, .step = run_step

/* ---- for `step`, which counts and shows what a step trained ---- */
/* Waits until a pause or a step's last batch has taken effect. */
void run_settle(nn_session *s);
/* The last epoch the run's record holds, 0 before the first. */
int run_epochs_recorded(const nn_session *s);
/* Batches from where the paused run stands to the end of its epoch, plus
 * n - 1 whole epochs, and the epoch that ends there. */
int run_batches_for_epochs(nn_session *s, int n, int *last_epoch, nn_error *err);
/* Prints the epoch lines after epoch `before`, as batch mode's `train`. */
void run_print_epochs_after(nn_session *s, int before);

#endif
