/* The training loop: epochs of minibatches with validation, early
 * stopping, schedules, penalties and clipping, published to an observer.
 *
 * It runs on the caller's thread (nn_trainer_run) or on its own
 * (nn_trainer_start); other threads may pause, resume, step, stop it and
 * change live settings, which take effect at the next batch.  Observer
 * callbacks run on the training thread and must be quick: copy what you
 * need and return.  Nothing allocates once training has started. */
#ifndef NN_TRAINER_H
#define NN_TRAINER_H

#include <signal.h>
#include <stdbool.h>

#include "grad_reducer.h"
#include "model.h"
#include "settings.h"

/* Rows of inputs and targets, row-major, borrowed (not copied). */
typedef struct nn_dataset {
    const float *x, *y;
    int n;
    int x_width, y_width;
} nn_dataset;

typedef enum {
    NN_STATE_IDLE,
    NN_STATE_RUNNING,
    NN_STATE_PAUSED,
    NN_STATE_STOPPED,  /* stopped by request, by early stopping or by a fault */
    NN_STATE_FINISHED, /* ran every epoch */
} nn_train_state;

typedef enum {
    NN_END_FINISHED,
    NN_END_STOPPED,    /* nn_trainer_stop */
    NN_END_EARLY_STOP, /* patience ran out */
    NN_END_NONFINITE,  /* NaN or Inf in the loss, a gradient or the weights */
} nn_end_reason;

typedef struct nn_batch_event {
    int epoch, epochs;   /* 1-based */
    int batch, batches;  /* 1-based, within the epoch */
    long step;           /* optimizer steps so far, over all epochs */
    float loss;          /* this batch's loss (without penalties) */
    float lr;            /* the rate this step used */
    float grad_norm;     /* global, before clipping */
    double samples_per_sec;
    int n_layers;
    /* Per layer, then per layer's recurrent kernel: NN_LAYER_NORMS(n_layers)
     * floats each (model.h). */
    const float *grad_norms;   /* valid during the callback */
    const float *weight_norms; /* measured after the first step of
                                * every 16 and the epoch's last: the others
                                * repeat the last measurement */
    double run_seconds;  /* training time of the run so far; pauses excluded */
} nn_batch_event;

typedef struct nn_epoch_event {
    int epoch, epochs;
    double train_loss, train_metric; /* means over the epoch's batches */
    bool has_val;
    double val_loss, val_metric;     /* evaluation mode, whole validation set */
    const char *metric;              /* name of the metric */
    float lr;
    double seconds, samples_per_sec;
    int best_epoch;                  /* lowest validation loss so far (0: none) */
    double best_val_loss;
} nn_epoch_event;

typedef struct nn_end_event {
    nn_end_reason reason;
    int epochs_run;      /* complete epochs */
    int best_epoch;
    double best_val_loss;
    bool restored_best; /* weights are those of best_epoch */
    char message[256];
    int last_epoch;      /* the epoch it ended in: epochs_run + 1 when stopped within one */
} nn_end_event;

typedef struct nn_observer {
    void *user;
    void (*on_batch)(void *user, const nn_batch_event *e);
    void (*on_epoch)(void *user, const nn_epoch_event *e);
    void (*on_end)(void *user, const nn_end_event *e);
} nn_observer;

typedef struct nn_trainer nn_trainer;

/* Checks the data against the model and the settings, builds the model if
 * it is not built for this input (otherwise training continues from its
 * weights), and allocates every buffer.  val may be NULL or empty. */
nn_trainer *nn_trainer_new(nn_model *m, const nn_settings *s, const nn_dataset *train,
                           const nn_dataset *val, const nn_observer *obs, nn_error *err);
/* Stops and joins a running thread, then frees. */
void nn_trainer_free(nn_trainer *t);

/* Combines each batch's gradients with r (grad_reducer.h) instead of the
 * trainer's own reducer (the two-core split or the local one), e.g. an
 * MPI allreduce.  Before the run starts; r stays the caller's and must
 * outlive the run. */
void nn_trainer_use_reducer(nn_trainer *t, nn_grad_reducer *r);

/* Trains on the calling thread until the end; returns the end event. */
const nn_end_event *nn_trainer_run(nn_trainer *t);
/* Trains on a new thread. */
int nn_trainer_start(nn_trainer *t, nn_error *err);
/* Waits for a started trainer to end. */
const nn_end_event *nn_trainer_wait(nn_trainer *t);

void nn_trainer_pause(nn_trainer *t);
void nn_trainer_resume(nn_trainer *t);
/* Runs `batches` more batches, then pauses. */
void nn_trainer_step(nn_trainer *t, int batches);
/* Runs to the end of the current epoch and n - 1 more, then pauses (a
 * run paused between epochs runs n whole ones).  For a caller that does
 * not see the batches, e.g. through a pipe: the training thread counts
 * them at its next batch. */
void nn_trainer_step_epochs(nn_trainer *t, int n);
void nn_trainer_stop(nn_trainer *t);
/* At most epochs_per_second epochs a second (0: as fast as it goes), so
 * a class can watch a small net learn: the trainer waits after an epoch
 * that ended early, waking at once for stop, pause or a new pace.  The
 * wait is no part of any rate or time. */
void nn_trainer_set_pace(nn_trainer *t, double epochs_per_second);
/* A flag a signal handler sets: while the pace waits (when no batch runs
 * to notice it), the trainer looks at it every 50 ms, and takes it (back
 * to 0) as a stop.  For batch mode, whose SIGINT stops training. */
void nn_trainer_watch(nn_trainer *t, volatile sig_atomic_t *interrupt);
nn_train_state nn_trainer_state(const nn_trainer *t);
/* True once a pause or the last batch of a step has taken effect (the
 * thread waits), or training has ended: what a script waits for. */
bool nn_trainer_settled(nn_trainer *t);
const char *nn_train_state_name(nn_train_state s);

/* Changes a live setting (lr, l1, l2, clip, clipvalue, schedule and its
 * parameters...) from any thread; it applies from the next batch.
 * Settings that are not live are refused with a reason. */
int nn_trainer_set(nn_trainer *t, const char *key, const char *value, nn_error *err);

/* A consistent copy of the model's parameters for another thread, e.g. a
 * screen that predicts with its own copy of the model while training runs
 * (the model's own weights and workspaces are the training thread's).
 * The training thread publishes its parameters, under a lock of their
 * own, when the trainer is made, at each epoch's end, on pausing (so a
 * step shows) and at the end (after restoring the best epoch's weights):
 * one copy of the parameters each time.  This copies the last publication
 * into dst, n floats (the model's parameter count), unless its number is
 * `have` (pass 0 to always copy).  Returns the publication's number:
 * positive, increasing, and never reused by another trainer; -1 (nothing
 * copied) when n is not the parameter count.  Any thread. */
long nn_trainer_copy_params(nn_trainer *t, long have, float *dst, size_t n);

#endif
