/* Successive halving for a sweep (prune=halving), as Optuna's
 * SuccessiveHalvingPruner decides it: trials are compared at rungs (for a
 * 27-epoch sweep, epochs 3 and 9: E/3^2 and E/3), and a trial goes on past
 * a rung only when its best validation figure up to there is among the
 * best 1/3 of every trial's figure at that rung so far (itself included; the best one
 * when fewer than 3 have reached it). The first trials are never stopped,
 * so later ones have something to meet; a trial that goes on past every
 * rung trains its full epochs. Trials run one after the other, so the
 * decision for one trial only reads the figures of trials that ended. */
#ifndef NN_SWEEP_PRUNE_H
#define NN_SWEEP_PRUNE_H

#include <stdbool.h>

#define SWEEP_ETA 3       /* the share kept at each rung: 1/3 */
#define SWEEP_MAX_RUNGS 4

/* The rungs of a sweep of `epochs` epochs, lowest first: epochs/3^k for
 * k = rungs..1, each at least 1 epoch and below `epochs`. Returns how many. */
int sweep_rungs(int epochs, int rungs[SWEEP_MAX_RUNGS]);
/* Whether a trial whose figure at a rung is `value` goes on, given the n
 * figures other trials had there. higher: a larger figure is better. A
 * figure that is not a number never goes on. */
bool sweep_promotable(const double *others, int n, double value, bool higher);

#endif
