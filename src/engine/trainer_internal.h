/* The trainer's state, shared by its making (trainer.c), the loop
 * (trainer_loop.c) and the controls that other threads call
 * (trainer_control.c).  Calls go one way: trainer.c -> trainer_loop.c ->
 * trainer_control.c, trainer_pass.c and the reducer. */
#ifndef NN_TRAINER_INTERNAL_H
#define NN_TRAINER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "optimizer.h"
#include "schedule.h"
#include "trainer.h"
#include "trainer_pass.h"

struct nn_trainer {
    nn_model *model;
    nn_settings s;          /* what the loop uses; refreshed from `pending` */
    nn_dataset train, val;
    nn_observer obs;
    nn_train_pass pass;     /* loss, metric and class weights of each batch */
    const nn_optimizer *opt;
    const nn_schedule *sched;
    int batch;              /* rows per batch, at most the training rows */

    /* buffers, all allocated by nn_trainer_new */
    float *slot[NN_OPTIM_MAX_SLOTS];
    float *best;
    float *spare;           /* the other parameter buffer: each step is written
                             * here, then swapped with the model's */
    float *xb, *yb;
    int *order;
    nn_batch_rows rows;     /* the training data, order, xb and yb, for gathering */
    float *grad_norms, *weight_norms;
    float *class_weight;    /* per class, for the loss; NULL: class_weight=none */
    nn_grad_reducer *reducer; /* combines each batch's gradients */
    nn_grad_reducer *split;   /* the trainer's own two-core one, or NULL */

    /* progress */
    nn_rng rng;
    long step;
    int epoch;              /* the one running, 1-based */
    int epochs_done;
    double run_start;       /* on the training clock (nn_trainer_clock) */
    double paused_seconds;  /* spent waiting while paused: no part of any rate or time */
    float plateau_scale;
    int plateau_wait;
    double plateau_best;
    int best_epoch;
    double best_val;
    nn_end_event end;

    /* control, shared with other threads */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_int attention;   /* something below changed: take the lock */
    atomic_int state;       /* nn_train_state */
    bool pause_requested, stop_requested;
    int step_budget;        /* batches left before pausing; -1: no limit */
    int step_epochs;        /* nn_trainer_step_epochs' n, until the loop turns it into a budget */
    double pace_seconds;    /* an epoch lasts at least this long (a classroom's pace); 0: off */
    volatile sig_atomic_t *interrupt; /* nn_trainer_watch; NULL: none */
    nn_settings pending;    /* live settings written by other threads */
    bool pending_changed;
    pthread_t thread;
    bool thread_started;

    /* the parameters as last published, for other threads */
    pthread_mutex_t publish_lock;
    float *published;
    long published_number;  /* 0: nothing published yet */
};

/* --- trainer_control.c --- */

/* Seconds of training: a monotonic clock that stands still while the
 * trainer waits paused, so rates and times after a pause or a `step` count
 * only time spent training. */
double nn_trainer_clock(const nn_trainer *t);
double nn_monotonic_seconds(void);

/* Called by the loop before each batch: applies pending settings, waits
 * while paused (with a reducer that has `agree`, part 0's settings, pause
 * and stop on every part).  Returns false if training must stop. */
bool nn_trainer_checkpoint(nn_trainer *t);
/* Called by the loop after each batch to count down a step budget. */
void nn_trainer_batch_done(nn_trainer *t);
/* Copies the model's parameters for nn_trainer_copy_params; called by the
 * thread that owns the model while it is idle between batches. */
void nn_trainer_publish(nn_trainer *t);

/* trainer_control.c: waits, at an epoch's end, until the epoch that
 * began at `began` (nn_monotonic_seconds) has lasted the pace's interval. */
void nn_trainer_keep_pace(nn_trainer *t, double began);

#endif
