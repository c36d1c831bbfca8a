/* A binary classifier's curves as `evaluate` leaves them: the ROC and
 * precision-recall curves of each split it scored, the best-F1 threshold
 * of the validation rows (chosen there, never on the test rows), and
 * `plot roc` / `plot pr`, which draw them (charts.h). */
#ifndef NN_EVAL_CURVES_H
#define NN_EVAL_CURVES_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"

typedef struct nn_session nn_session;

/* Keeps the curves of part's rows (truth 0/1, prob p(class 1)) for `plot
 * roc|pr`; for the validation rows, prints the best F1 and the threshold
 * that gives it.  Nothing kept when the rows hold one class. */
int eval_curves_record(nn_session *s, int part, const int *truth, const double *prob, size_t n, nn_error *err);
/* Forgets every split's curves: the next `evaluate` scores a new model. */
void eval_curves_clear(nn_session *s);
/* Is name one of the curves `plot` draws (roc, pr)? */
bool eval_curves_named(const char *name);
/* `plot roc` or `plot pr`: the last evaluate's curves into the session's
 * plot, and a line per split in the log. */
int eval_curves_plot(nn_session *s, const char *which, nn_error *err);

#endif
