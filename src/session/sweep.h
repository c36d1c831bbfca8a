/* A hyperparameter sweep's record: its space, its trials and how each
 * went, the prepared data they share read-only, the best trial's model,
 * and the lanes its trials train on side by side (sweep_lanes.c). The job
 * that runs the trials (job_sweep.c) fills it; it stays in the session
 * after the job ends, for `sweep best`, `sweep top N`, `export sweep FILE`
 * and the Sweep pane (sweep_report.c). */
#ifndef NN_SWEEP_H
#define NN_SWEEP_H

#include <pthread.h>
#include <stdbool.h>

#include "run.h"
#include "session_internal.h"
#include "sweep_prune.h"
#include "sweep_space.h"

typedef enum {
    SWEEP_WAITING, /* not begun */
    SWEEP_RUNNING,
    SWEEP_PRUNED,  /* stopped at a rung by successive halving */
    SWEEP_DONE,    /* trained every epoch (or stopped early by patience) */
    SWEEP_STOPPED, /* stopped by the user: not ranked */
} sweep_state;

typedef struct sweep_trial {
    sweep_point value;   /* one per dimension of the space */
    sweep_state state;
    int epochs;          /* epochs trained */
    double best;         /* its best validation figure; NAN: none */
    int best_epoch;
    double rung[SWEEP_MAX_RUNGS]; /* its figure at each rung it reached, else NAN */
    double seconds;
    nn_history *run;     /* its (last fold's) record, in the session's run list */
    size_t first_run;    /* its first run's place in the run list (cv=K: K runs in a row) */
    /* under the sweep's lock, for the rungs of the trials after it: */
    int rungs_met;       /* the rungs it has been judged at */
    bool over;           /* it trains no more */
} sweep_trial;

/* One trial training at a time on a thread of its own. */
typedef struct sweep_lane {
    int trial;           /* the trial it trains; -1: idle */
    int fold;            /* cv=K: the fold */
    double fold_sum;     /* the trial's folds' best figures so far, summed */
    nn_model *model;
    run_lane *run;
    double began;
    struct sweep *sw;
    bool ended;          /* under the lock: its run's end is recorded */
    /* written by its training thread (the epoch hook), read after it ends: */
    double live_rung[SWEEP_MAX_RUNGS];
    double live_best;    /* the trial's best figure so far */
    int pruned_at;       /* the rung epoch it stopped at, 0: none */
} sweep_lane;

#define SWEEP_MAX_LANES 2

typedef struct sweep {
    sweep_space space;
    sweep_trial *trial;
    int ntrials, next;    /* the next trial to begin; ntrials when none is left */
    int epochs;           /* each trial's */
    bool random, halving;
    int rungs[SWEEP_MAX_RUNGS], nrungs;
    bool on_loss, higher; /* ranks on val_loss, else on the metric; larger is better */
    char metric[32];      /* "val_loss", "val_accuracy" */
    char run_metric[NN_NAME_LEN]; /* the metric each epoch reports: "accuracy" */
    nn_settings base;     /* the session's settings when the sweep began */
    nn_layer_spec *layers; /* and its model's layers */
    int nlayers;
    nn_recipe *recipe;    /* a copy, fitted once on the training rows */
    nn_prepared prep;     /* the rows every trial trains and validates on */
    int cv;               /* cv=K: each trial trains K folds of the training and
                           * validation rows and is ranked on their mean; 0: none */
    nn_prepared *folds;   /* cv=K: the K folds' rows, prepared once */
    nn_model *best_model; /* the best trial's so far, weights of its best epoch */
    int best;             /* its index; -1: none */
    bool handed;          /* `sweep best` has given the session its model */
    sweep_lane lane[SWEEP_MAX_LANES];
    int nlanes;
    pthread_mutex_t lock; /* the trials' rungs_met and over, the lanes' ended, stopping */
    pthread_cond_t moved; /* a trial met a rung or ended */
    bool locks;           /* lock and moved are initialised */
    bool stopping, paused, failed;
    int said;             /* trials whose line is printed, in trial order */
    double began, seconds;
    long epochs_trained;
    int *row, nranked;    /* the Sweep pane's table order (sweep_view.c) */
} sweep;

/* The record; its lanes are gone by then (sweep_lanes_free). */
void sweep_free(sweep *sw);
/* Trial a ranks before trial b: finished trials before pruned ones,
 * then by their best figure; the stopped and unbegun are not ranked. */
bool sweep_ranks_before(const sweep *sw, int a, int b);
/* Indices of the ranked trials, best first, into order; how many. */
int sweep_order(const sweep *sw, int *order);
/* "lr=0.01 layer2.units=16", a trial's values. */
void sweep_trial_text(const sweep *sw, int t, char *buf, size_t len);
const char *sweep_state_name(sweep_state st);

#endif
