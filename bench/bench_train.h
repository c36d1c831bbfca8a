/* What the engine benchmarks share: the clocks, and timing nn_trainer_run
 * on a model with the benchmarks' settings (MSE, Adam lr 0.001, shuffled
 * minibatches). */
#ifndef NN_BENCH_TRAIN_H
#define NN_BENCH_TRAIN_H

#include "engine/model.h"
#include "engine/trainer.h"

double bench_now(void);     /* monotonic seconds */
double bench_cpu_now(void); /* the process's CPU seconds */

/* Samples per second of wall time training m on d (`epochs` per run,
 * repeated until min_seconds are measured, after one warm-up epoch that
 * builds m); *per_cpu (if not NULL) gets samples per CPU second of the
 * process, which time-sharing with other work changes far less on a busy
 * machine.  Exits with a message if training cannot start. */
double bench_samples_per_sec(nn_model *m, const nn_dataset *d, int batch, int epochs, int threads,
                             double min_seconds, double *per_cpu);

#endif
