/* The inside of a run's record, shared by the files that keep it:
 * history.c (life cycle, recording), history_snapshot.c (reading) and
 * history_summary.c (what `runs` says).  Not for the rest of the session. */
#ifndef NN_HISTORY_INTERNAL_H
#define NN_HISTORY_INTERNAL_H

#include <pthread.h>

#include "history.h"

struct nn_history {
    unsigned long id;           /* tells snapshots which history they copy */
    int n_layers, ring_cap;
    char hyperparams[256];
    char model[256], label[32];
    unsigned long fit_key;       /* see nn_history_set_start */
    int continued_from;
    nn_settings settings;        /* the run's, with its live changes */

    /* training thread only: sums over the epoch being run */
    double grad_sum;
    long grad_count;
    double *layer_grad_sum;
    float *layer_grad_mean;     /* scratch for the epoch's record */
    int cap_epochs;

    pthread_mutex_t lock;       /* guards everything below */
    unsigned long version;
    char metric[NN_NAME_LEN];
    int epochs;
    nn_epoch_record *epoch;
    float *layer_grad, *layer_weight; /* rows of NN_LAYER_NORMS(n_layers) */
    int n_epochs;
    int best_epoch;
    double best_val_loss;
    nn_batch_record *ring;
    long seen;
    bool has_batch;
    nn_batch_record last;
    double samples_per_s;
    double run_seconds;
    float *grad_norms, *weight_norms;
    nn_history_marker *marker;
    int n_markers, cap_markers;
    bool ended;
    nn_end_event end;
};

#endif
