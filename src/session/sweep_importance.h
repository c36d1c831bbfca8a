/* How much each swept setting matters, for the Sweep pane: the share of
 * the spread of the trials' ranks that the setting explains. For a number
 * (a range, or a list of numbers) that is rho^2, the squared Spearman rank
 * correlation between the setting and the trials' figure: 1 when the
 * figure rises or falls with it throughout, 0 when unrelated. For words
 * (act=relu,tanh) it is eta^2, the share of the ranks' variance between
 * the words' groups (a one-way variance split, fANOVA's first-order term on
 * ranks). Ranks rather than figures, so that one diverged trial does not
 * decide. A first look, not a test: with few trials it is noisy, and
 * settings that only matter together are not seen. */
#ifndef NN_SWEEP_IMPORTANCE_H
#define NN_SWEEP_IMPORTANCE_H

#include <stdbool.h>

/* x: the setting's values (words: their index in the list), y: the
 * trials' figures, n trials. NAN when n < 3 or x or y does not vary. */
double sweep_importance(const double *x, const double *y, int n, bool words);
/* Average ranks (1-based; ties share their mean rank) of v into r. */
void sweep_ranks(const double *v, int n, double *r);

#endif
