/* Loading speed and peak memory of nn_csv_load on a large numeric CSV
 * (bench/make_load_data.py writes the 1,000,000 x 20 file; run_load.sh
 * runs this and pandas on it).
 *
 *   bench_load FILE [REPEATS]        1 and 2 threads, best of REPEATS (3)
 *   bench_load --one FILE THREADS    one load, one machine-readable line
 *
 * Every load runs in a fresh process (this program again), so that its
 * peak RSS (VmHWM) is that load's alone; the baseline RSS before loading
 * is reported, not subtracted. MB are 10^6 bytes throughout. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "table/csv_load.h"

extern char **environ;

/* A "VmHWM:" or "VmRSS:" line of /proc/self/status, in kB. */
static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0)
            kb = strtol(line + n, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int one_load(const char *path, int threads)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.threads = threads;
    nn_error err;
    long baseline = status_kb("VmRSS:");
    double start = now();
    nn_table *t = nn_csv_load(path, &o, NULL, &err);
    double seconds = now() - start;
    long peak = status_kb("VmHWM:");
    if (!t) {
        fprintf(stderr, "bench_load: %s\n", err.msg);
        return 1;
    }
    double sum = 0; /* a check that the numbers arrived */
    for (size_t r = 0; r < t->nrows; r++)
        sum += t->cols[0].values[r];
    printf("%zu %zu %.6f %ld %ld %.6e\n", t->nrows, t->ncols, seconds, peak, baseline, sum);
    nn_table_free(t);
    return 0;
}

typedef struct run {
    size_t rows, cols;
    double seconds, sum;
    long peak_kb, baseline_kb;
} run;

/* Runs "self --one path threads" and reads its line. */
static int spawn_load(const char *self, const char *path, int threads, run *r)
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    char nthreads[16];
    snprintf(nthreads, sizeof nthreads, "%d", threads);
    char *argv[] = {(char *)self, "--one", (char *)path, nthreads, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid;
    int rc = posix_spawn(&pid, self, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    FILE *f = fdopen(fds[0], "r");
    int got = fscanf(f, "%zu %zu %lf %ld %ld %lf", &r->rows, &r->cols, &r->seconds, &r->peak_kb,
                     &r->baseline_kb, &r->sum);
    fclose(f);
    int status;
    waitpid(pid, &status, 0);
    return got == 6 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--one") == 0)
        return one_load(argv[2], atoi(argv[3]));
    if (argc < 2) {
        fprintf(stderr, "usage: bench_load FILE [REPEATS]\n");
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return 1;
    self[n] = '\0';
    for (int threads = 1; threads <= 2; threads++) {
        run best = {0};
        for (int i = 0; i < repeats; i++) {
            run r;
            if (spawn_load(self, argv[1], threads, &r) < 0) {
                fprintf(stderr, "bench_load: the load failed\n");
                return 1;
            }
            if (i == 0 || r.seconds < best.seconds)
                best = r;
        }
        printf("load %zu rows x %zu cols, %d thread%s: %.2f s, %.0f rows/s, peak RSS %.0f MB "
               "(baseline before loading %.1f MB; float32 data %.0f MB) [sum of column 1: %.6e]\n",
               best.rows, best.cols, threads, threads == 1 ? "" : "s", best.seconds,
               (double)best.rows / best.seconds, (double)best.peak_kb * 1024 / 1e6,
               (double)best.baseline_kb * 1024 / 1e6,
               (double)best.rows * (double)best.cols * 4 / 1e6, best.sum);
        fflush(stdout);
    }
    return 0;
}
