/* The record of one training run, as the trainer publishes it: a table
 * of epochs (losses, metric, lr, gradient and weight norms per layer), a
 * ring of the latest batch losses, the latest per-layer norms, markers
 * where a hyperparameter changed, and how the run ended.
 *
 * The trainer's observer callbacks (training thread) write it; any other
 * thread reads it through snapshots.  One mutex guards the shared part and
 * is held only for short copies: the per-batch path writes one ring slot
 * and two small arrays, and never allocates (the ring is allocated once);
 * the epoch table grows outside the lock and is swapped in.  Snapshots are
 * incremental: a reused snapshot copies only what is new since the last
 * one, so the lock is held for O(new records), never for the whole run.
 *
 * The session owns one history per run (`runs` lists their summaries, the
 * previous one is overlaid on the loss chart). */
#ifndef NN_HISTORY_H
#define NN_HISTORY_H

#include <stdbool.h>

#include "engine/error.h"
#include "engine/settings.h"
#include "engine/trainer.h"

/* Batch losses kept for the faint per-batch trace. */
#define NN_HISTORY_DEFAULT_RING 4096

typedef struct nn_epoch_record {
    int epoch;                   /* 1-based */
    double loss, metric;         /* training means over the epoch's batches */
    bool has_val;
    double val_loss, val_metric; /* NAN without validation rows */
    float lr;                    /* the rate at the epoch's end */
    double grad_norm;            /* mean of the epoch's batch global norms (before clipping) */
    double samples_per_s, seconds;
    long step;                   /* optimizer steps at the epoch's end */
} nn_epoch_record;

typedef struct nn_batch_record {
    long step;                   /* optimizer steps so far, over all epochs */
    int epoch, batch, batches;   /* 1-based */
    float loss, grad_norm, lr;
} nn_batch_record;

/* Where a batch falls on an axis of epochs: batch 5 of 10 in epoch 3 is 2.5. */
static inline double nn_batch_position(const nn_batch_record *b)
{
    return (b->epoch - 1) + (double)b->batch / (b->batches > 0 ? b->batches : 1);
}

/* A hyperparameter changed during the run, after the batch at `step`. */
typedef struct nn_history_marker {
    long step;
    int epoch;                   /* the epoch running when it changed (0: before training) */
    double position;             /* on the epoch axis, as nn_batch_position */
    char what[64];               /* e.g. "lr=0.01" */
} nn_history_marker;

typedef struct nn_history nn_history;

/* n_layers sizes the per-layer arrays (the model's layer count); the
 * settings are summarised as text for `runs` and give the metric's name
 * before the first epoch.  ring_capacity <= 0 takes the default. */
nn_history *nn_history_new(int n_layers, int ring_capacity, const nn_settings *s, nn_error *err);
void nn_history_free(nn_history *h);

/* The observer to hand to nn_trainer_new (user = h), or call the three
 * recorders from a session observer that does more.  Training thread only:
 * they assume a single writer. */
nn_observer nn_history_observer(nn_history *h);
void nn_history_record_batch(nn_history *h, const nn_batch_event *e);
void nn_history_record_epoch(nn_history *h, const nn_epoch_event *e);
void nn_history_record_end(nn_history *h, const nn_end_event *e);

/* Records that a hyperparameter changed now (after the latest batch), for
 * the marker on the loss chart.  Any thread. */
int nn_history_mark(nn_history *h, const char *what, nn_error *err);

/* --- reading, from any thread --- */

typedef struct nn_history_snapshot {
    unsigned long version;       /* changes whenever something is recorded */
    int n_layers;
    char metric[NN_NAME_LEN];    /* name of the metric column */
    int epochs;                  /* epochs planned for the run (0: not known yet) */

    nn_epoch_record *epoch;      /* n_epochs records, epoch i+1 at index i */
    int n_epochs;
    /* n_epochs rows of NN_LAYER_NORMS(n_layers) (the layers', then their
     * recurrent kernels'), read with nn_history_snapshot_layer_grads */
    float *layer_grad_norms;     /* mean over the epoch */
    float *layer_weight_norms;   /* at the epoch's end */
    int best_epoch;              /* lowest validation loss so far (0: none) */
    double best_val_loss;

    long batches_seen;           /* batch events so far; the last n_batches are kept */
    int n_batches;               /* read them with nn_history_snapshot_batch */

    bool has_batch;              /* the latest batch, for the status line */
    nn_batch_record last;
    double samples_per_s;        /* of the latest batch, over its epoch so far */
    double run_seconds;          /* training time of the run so far, pauses excluded */
    float *grad_norms, *weight_norms; /* of the latest batch, as in nn_batch_event */

    nn_history_marker *marker;
    int n_markers;

    bool ended;
    nn_end_event end;

    /* private: what the copies are incremental to */
    unsigned long source;
    nn_batch_record *ring;
    int ring_cap, cap_epochs, cap_markers, cap_layers;
} nn_history_snapshot;

/* A snapshot starts zeroed (this, or = {0}); reuse it for every refresh. */
void nn_history_snapshot_init(nn_history_snapshot *s);
void nn_history_snapshot_free(nn_history_snapshot *s);
/* Brings s up to date with h, copying only what is new if s last read h
 * (a snapshot of another history starts over).  Fails only when out of
 * memory; s then stays valid, possibly empty. */
int nn_history_read(nn_history *h, nn_history_snapshot *s, nn_error *err);
/* The i-th kept batch, oldest first, 0 <= i < n_batches. */
const nn_batch_record *nn_history_snapshot_batch(const nn_history_snapshot *s, int i);
/* Row of per-layer norms for the epoch at index i. */
const float *nn_history_snapshot_layer_grads(const nn_history_snapshot *s, int i);
const float *nn_history_snapshot_layer_weights(const nn_history_snapshot *s, int i);

/* The latest epoch record and its per-layer mean gradient norms (NN_LAYER_NORMS(n_layers)
 * floats, or NULL): what a batch-mode observer prints and feeds the
 * monitor right after nn_history_record_epoch.  -1 if no epoch yet. */
int nn_history_last_epoch(nn_history *h, nn_epoch_record *r, float *layer_grad_norms);

/* --- export and summary --- */

/* Writes the epoch table as CSV, atomically:
 *   epoch,loss,val_loss,<metric>,val_<metric>,lr,grad_norm,samples_per_s,seconds
 * one row per epoch; validation fields are empty without validation rows;
 * numbers in the C locale (%.9g, lr %.7g as it is a float). */
int nn_history_export_csv(nn_history *h, const char *path, nn_error *err);

typedef struct nn_run_summary {
    char model[256];             /* "dense 4 tanh, dense 1 sigmoid" */
    char label[32];              /* "cv fold 1/3", or "" for a run of the session's model */
    char hyperparams[256];       /* "loss=mse optimizer=adam lr=0.001 batch=32 epochs=100 l2=0.0001" */
    char metric[NN_NAME_LEN];
    int epochs_run;              /* epochs recorded */
    double final_loss, final_val_loss; /* of the last epoch (NAN if none) */
    int best_epoch;              /* lowest validation loss (0: no validation) */
    double best_val_loss, best_val_metric;
    int n_changes;               /* hyperparameter changes during the run */
    bool ended;
    nn_end_reason reason;
    char end_message[256];
    bool restored_best;          /* it ended on the best epoch's weights */
    unsigned long fit_key;       /* as nn_history_set_start */
    int continued_from;
} nn_run_summary;

void nn_history_summary(nn_history *h, nn_run_summary *out);
/* The run's layers, as `runs` shows them. */
void nn_history_set_model(nn_history *h, const char *model);
/* How the run began: fit_key names the data and loss it trains on (runs
 * of equal keys draw loss curves that compare), continued_from the
 * epochs its starting weights had already trained (0: a fresh start,
 * -1: an opened model's weights). */
void nn_history_set_start(nn_history *h, unsigned long fit_key, int continued_from);
/* What the run was, when not a run of the session's model ("cv fold 1/3"). */
void nn_history_set_label(nn_history *h, const char *label);
/* A live change of setting key during the run: marked on the loss chart
 * and applied to the settings `runs` reports. */
int nn_history_change(nn_history *h, const char *key, const char *value, nn_error *err);
/* "finished", "stopped", "early stop", "NaN/Inf". */
const char *nn_end_reason_name(nn_end_reason r);

#endif
