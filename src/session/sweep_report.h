/* What a sweep says and hands over (sweep_report.c): its lines in the
 * log and in batch mode, `sweep top N`, `sweep best`, `export sweep`. */
#ifndef NN_SWEEP_REPORT_H
#define NN_SWEEP_REPORT_H

#include "sweep.h"

/* "sweep: 27 trials (random, seed 42) ...", as the sweep begins. */
void sweep_say_start(nn_session *s, const sweep *sw);
/* One key=value line for a trial that ended: "trial 3/27 lr=... state=pruned ...". */
void sweep_say_trial(nn_session *s, const sweep *sw, int t);
/* At the end: trials, epochs trained against the full cost, the best line. */
void sweep_say_summary(nn_session *s, const sweep *sw);
/* `sweep top N`: the N best trials so far, one line each. */
int sweep_top(nn_session *s, int n, nn_error *err);
/* `sweep best`: the best trial's settings and model become the session's,
 * with the rows they trained on, ready for `evaluate test`. */
int sweep_best(nn_session *s, nn_error *err);
/* `export sweep FILE`: trial, every setting, every epoch-end metric, state, seconds. */
int sweep_export(nn_session *s, const char *path, nn_error *err);

#endif
