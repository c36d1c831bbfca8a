/* Timing the trainer for the benchmarks (bench_train.h). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_train.h"

static double seconds_of(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double bench_now(void)
{
    return seconds_of(CLOCK_MONOTONIC);
}

double bench_cpu_now(void)
{
    return seconds_of(CLOCK_PROCESS_CPUTIME_ID);
}

/* Seconds spent inside nn_trainer_run; adds its CPU seconds to *cpu. */
static double train(nn_model *m, const nn_dataset *d, int batch, int epochs, int threads,
                    double *cpu)
{
    nn_settings s;
    nn_settings_default(&s);
    s.batch = batch;
    s.epochs = epochs;
    s.threads = threads;
    nn_error err;
    nn_trainer *t = nn_trainer_new(m, &s, d, NULL, NULL, &err);
    if (!t) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    double start = bench_now(), cpu_start = bench_cpu_now();
    nn_trainer_run(t);
    double seconds = bench_now() - start;
    *cpu += bench_cpu_now() - cpu_start;
    nn_trainer_free(t);
    return seconds;
}

double bench_samples_per_sec(nn_model *m, const nn_dataset *d, int batch, int epochs, int threads,
                             double min_seconds, double *per_cpu)
{
    double cpu = 0.0;
    train(m, d, batch, 1, threads, &cpu); /* warm-up: builds the model, touches memory */
    double seconds = 0.0;
    long samples = 0;
    cpu = 0.0;
    while (seconds < min_seconds) {
        seconds += train(m, d, batch, epochs, threads, &cpu);
        samples += (long)d->n * epochs;
    }
    if (per_cpu)
        *per_cpu = samples / cpu;
    return samples / seconds;
}
