/* What the workbench's Sweep pane reads of the last sweep (UI thread
 * only): its settings, each trial's values, state and figure (the running
 * trial's from its run's record, which is safe to read while it trains),
 * the ranking and how much each setting matters (sweep_importance.h). */
#ifndef NN_SWEEP_VIEW_H
#define NN_SWEEP_VIEW_H

#include <stdbool.h>

#include "session.h"

#define NN_SWEEP_VIEW_DIMS 16

typedef struct nn_sweep_view {
    int ntrials, ndims;
    int ranked;          /* trials with a figure, the first rows */
    bool running;        /* a trial trains now */
    const char *metric;  /* "val_loss" */
    bool higher;         /* a larger figure is better */
    const char *key[NN_SWEEP_VIEW_DIMS];
    bool log[NN_SWEEP_VIEW_DIMS];   /* a log range: numbers are log10 of the values */
    bool words[NN_SWEEP_VIEW_DIMS]; /* a list of words: numbers are their index in it */
    double importance[NN_SWEEP_VIEW_DIMS]; /* NAN: too few trials to say */
    int by_importance[NN_SWEEP_VIEW_DIMS]; /* dimensions, the most important first */
} nn_sweep_view;

typedef struct nn_sweep_row {
    int trial, rank;     /* 1-based; rank 0: not ranked (running, waiting, stopped) */
    const char *state;   /* "running", "pruned", "done", "stopped", "waiting" */
    double figure;       /* its best; the running trial's latest; NAN: none */
    int epochs;
    const char *text[NN_SWEEP_VIEW_DIMS];   /* each setting's value, as typed or drawn */
    double number[NN_SWEEP_VIEW_DIMS];      /* and as a number (see log, words) */
} nn_sweep_row;

/* Whether the session's last job is a sweep (running or ended): the pane
 * then takes the charts' place. */
int nn_session_sweeping(const nn_session *s);
/* Fills v from the last sweep; -1 when there is none. */
int nn_session_sweep_view(nn_session *s, nn_sweep_view *v);
/* Row i of the table (after nn_session_sweep_view): the ranked trials,
 * best first, then the running one, then the rest in trial order. */
int nn_session_sweep_row(nn_session *s, int i, nn_sweep_row *r);

#endif
