/* The trainer's state, shared by the loop (trainer.c) and the controls
 * that other threads call (trainer_control.c). */
#ifndef NN_TRAINER_INTERNAL_H
#define NN_TRAINER_INTERNAL_H

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>

#include "loss.h"
#include "metric.h"
#include "optimizer.h"
#include "schedule.h"
#include "trainer.h"

struct nn_trainer {
    nn_model *model;
    nn_settings s;          /* what the loop uses; refreshed from `pending` */
    nn_dataset train, val;
    nn_observer obs;
    const nn_loss *loss;
    bool fused;             /* loss taken from the last layer's logits */
    const nn_optimizer *opt;
    const nn_schedule *sched;
    const nn_metric *metric;
    int batch;              /* rows per batch, at most the training rows */

    /* buffers, all allocated by nn_trainer_new */
    float *slot[NN_OPTIM_MAX_SLOTS];
    float *best, *last_good;
    float *xb, *yb;
    int *order;
    float *grad_norms, *weight_norms;
    float *class_weight;    /* per class, for the loss; NULL: class_weight=none */

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

    /* data parallelism (trainer_worker.c): a replica and its thread */
    nn_model *replica;
    pthread_t worker;
    bool worker_running, worker_quit;
    sem_t worker_go, worker_done;
    const float *worker_x, *worker_y;
    int worker_rows;
    double worker_loss, worker_metric;

    /* control, shared with other threads */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_int attention;   /* something below changed: take the lock */
    atomic_int state;       /* nn_train_state */
    bool pause_requested, stop_requested;
    int step_budget;        /* batches left before pausing; -1: no limit */
    nn_settings pending;    /* live settings written by other threads */
    bool pending_changed;
    pthread_t thread;
    bool thread_started;

    /* the parameters as last published, for other threads */
    pthread_mutex_t publish_lock;
    float *published;
    long published_number;  /* 0: nothing published yet */
};

/* Seconds of training: a monotonic clock that stands still while the
 * trainer waits paused, so rates and times after a pause or a `step` count
 * only time spent training. */
double nn_trainer_clock(const nn_trainer *t);
double nn_monotonic_seconds(void);

/* Called by the loop before each batch: applies pending settings, waits
 * while paused.  Returns false if training must stop. */
bool nn_trainer_checkpoint(nn_trainer *t);
/* Called by the loop after each batch to count down a step budget. */
void nn_trainer_batch_done(nn_trainer *t);
/* Copies the model's parameters for nn_trainer_copy_params; called by the
 * thread that owns the model while it is idle between batches. */
void nn_trainer_publish(nn_trainer *t);

/* Forward, loss and backward of `rows` rows on model m (the trainer's or
 * its replica), filling m's gradients. */
void nn_trainer_half_batch(nn_trainer *t, nn_model *m, const float *x, const float *y, int rows,
                           double *loss, double *metric);
bool nn_trainer_wants_worker(const nn_trainer *t);
int nn_trainer_worker_start(nn_trainer *t, nn_error *err);
void nn_trainer_worker_stop(nn_trainer *t);
/* Runs a batch of `rows` gathered rows split over the two threads. */
void nn_trainer_split_batch(nn_trainer *t, int rows, double *loss, double *metric);

#endif
