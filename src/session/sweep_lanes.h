/* A sweep's lanes (sweep.h): its trials train side by side, each on a
 * thread of its own with one BLAS thread, as many at once as the machine
 * has cores (two here). The thread that runs commands begins and ends
 * trials (job_sweep.c); a lane's training thread only trains, records its
 * run and, with prune=halving, judges its trial at the rungs. */
#ifndef NN_SWEEP_LANES_H
#define NN_SWEEP_LANES_H

#include "sweep.h"

/* How many lanes: lanes=N when given (> 0), else one a core up to
 * SWEEP_MAX_LANES; one when `threads` asks for a run on several cores. */
int sweep_lanes_choose(long lanes, int threads);
int sweep_lanes_init(sweep *sw, int nlanes);
/* Stops every lane's run (the rung waits too) and joins its thread. */
void sweep_lanes_stop(sweep *sw);
/* Stops them and frees their runs, models and lock, before the record
 * goes (the job's end does it: the record outlives the job). */
void sweep_lanes_free(sweep *sw);
void sweep_lanes_pause(sweep *sw);
void sweep_lanes_resume(sweep *sw);
/* Waits until a lane's run ends, 50 ms at most. */
void sweep_lanes_idle(sweep *sw);
/* The lane's run has ended (its thread may still be leaving). */
bool sweep_lane_ended(sweep *sw, sweep_lane *l);
/* Before its run starts: its figures reset, the hooks set. */
void sweep_lane_watch(sweep *sw, sweep_lane *l);

/* A trial's best figure v improves on best: ranks before it. */
bool sweep_improves(const sweep *sw, double v, double best);

#endif
