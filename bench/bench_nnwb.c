/* Training throughput of the nnwb engine on the benchmark MLPs, plus what
 * cblas_sgemm alone reaches on the same matrix shapes.  Prints one line
 * per configuration:
 *   A samples_per_sec=... threads=... one_thread=...
 *   B samples_per_sec=... threads=... one_thread=... gflops=... sgemm_gflops=...
 *     sgemm1_gflops=...
 * samples_per_sec is the best of 1 and 2 threads, one_thread the 1-thread
 * figure; sgemm_gflops is cblas_sgemm with OpenBLAS's 2 threads on one
 * batch's products, sgemm1_gflops with 1 thread (twice it is what two cores
 * reach with one single-threaded product each).
 *
 * `bench_nnwb scaling` instead prints samples/s for B's layers at batch
 * 32..1024 (200,000 rows) and at 10k, 100k and 1M rows (batch 256), with 2
 * threads (and samples per CPU second, steadier on a shared machine).
 * Data: inputs uniform in [-1, 1], target a fixed linear function of them
 * plus a little noise (bench_torch.py and bench_fann.c use the same
 * recipe).  Loss MSE, Adam lr 0.001, shuffled minibatches, relu hidden
 * layers and a linear output. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"
#include "engine/rng.h"
#include "engine/trainer.h"
#include "bench_train.h"

typedef struct config {
    const char *name;
    int layers[4]; /* input, hidden, hidden (0 if none), output */
    int batch, rows, epochs;
    double min_seconds; /* repeat runs until this much time is measured */
} config;

static const config configs[] = {
    {"A", {10, 10, 0, 1}, 10, 100, 100, 1.0},
    {"B", {64, 256, 256, 1}, 256, 200000, 2, 3.0},
    {"C", {512, 1024, 1024, 1}, 512, 100000, 1, 3.0},
};

static void make_data(const config *c, float **x, float **y)
{
    int in = c->layers[0];
    nn_rng rng;
    nn_rng_seed(&rng, 1);
    *x = malloc((size_t)c->rows * in * sizeof **x);
    *y = malloc((size_t)c->rows * sizeof **y);
    for (int r = 0; r < c->rows; r++) {
        double t = 0.0;
        for (int j = 0; j < in; j++) {
            float v = 2.0f * nn_rng_uniform(&rng) - 1.0f;
            (*x)[(size_t)r * in + j] = v;
            t += sin(j + 1.0) * v;
        }
        (*y)[r] = (float)(t / sqrt(in) + 0.01 * nn_rng_normal(&rng));
    }
}

static nn_model *make_model(const config *c)
{
    nn_model *m = nn_model_new();
    char spec[64];
    nn_layer_spec s;
    nn_error err;
    for (int i = 1; i < 4; i++) {
        if (!c->layers[i])
            continue;
        bool last = i == 3;
        snprintf(spec, sizeof spec, "dense units=%d act=%s", c->layers[i], last ? "linear" : "relu");
        if (nn_layer_spec_parse(&s, spec, &err) < 0 || nn_model_add(m, &s, &err) < 0) {
            fprintf(stderr, "bench: %s\n", err.msg);
            exit(1);
        }
    }
    return m;
}

static double samples_per_sec(const config *c, const nn_dataset *d, int threads, double *per_cpu)
{
    nn_model *m = make_model(c);
    double sps = bench_samples_per_sec(m, d, c->batch, c->epochs, threads, c->min_seconds, per_cpu);
    nn_model_free(m);
    return sps;
}

/* Flops per training sample: forward 2*in*out per layer, the weight
 * gradient as much again, the input gradient as much again except for the
 * first layer (it has no input gradient to compute). */
static double flops_per_sample(const config *c)
{
    double f = 0.0;
    int in = c->layers[0];
    for (int i = 1; i < 4; i++) {
        if (!c->layers[i])
            continue;
        double mn = 2.0 * in * c->layers[i];
        f += mn * (i == 1 ? 2 : 3);
        in = c->layers[i];
    }
    return f;
}

/* Mean seconds of one warm m x n x k product over 0.3 s of repeats. */
static double time_sgemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k)
{
    float *a = calloc((size_t)m * k, 4), *b = calloc((size_t)k * n, 4), *cc = calloc((size_t)m * n, 4);
    for (size_t i = 0; i < (size_t)m * k; i++)
        a[i] = 0.001f * (i % 97);
    for (size_t i = 0; i < (size_t)k * n; i++)
        b[i] = 0.001f * (i % 89);
    int lda = ta == CblasNoTrans ? k : m, ldb = tb == CblasNoTrans ? n : k;
    cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, cc, n);
    int reps = 0;
    double start = bench_now(), seconds;
    do {
        cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, cc, n);
        reps++;
    } while ((seconds = bench_now() - start) < 0.3);
    free(a), free(b), free(cc);
    return seconds / reps;
}

/* GFLOP/s of cblas_sgemm alone over exactly the products one batch needs,
 * with `threads` OpenBLAS threads. */
static double sgemm_gflops(const config *c, int threads)
{
    openblas_set_num_threads(threads);
    double seconds = 0.0, flops = 0.0;
    int in = c->layers[0], bt = c->batch;
    for (int i = 1; i < 4; i++) {
        int out = c->layers[i];
        if (!out)
            continue;
        seconds += time_sgemm(CblasNoTrans, CblasNoTrans, bt, out, in);  /* forward */
        seconds += time_sgemm(CblasTrans, CblasNoTrans, in, out, bt);    /* dW = X^T dZ */
        flops += 4.0 * bt * in * out;
        if (i > 1) {
            seconds += time_sgemm(CblasNoTrans, CblasTrans, bt, in, out); /* dX = dZ W^T */
            flops += 2.0 * bt * in * out;
        }
        in = out;
    }
    return flops / seconds / 1e9;
}

static void compare(const config *c)
{
    float *x, *y;
    make_data(c, &x, &y);
    nn_dataset d = {x, y, c->rows, c->layers[0], 1};
    double one = samples_per_sec(c, &d, 1, NULL), two = samples_per_sec(c, &d, 2, NULL);
    double best = one > two ? one : two;
    printf("%s samples_per_sec=%.0f threads=%d one_thread=%.0f", c->name, best,
           one > two ? 1 : 2, one);
    if (c->batch >= 256)
        printf(" gflops=%.1f sgemm_gflops=%.1f sgemm1_gflops=%.1f",
               best * flops_per_sample(c) / 1e9, sgemm_gflops(c, 2), sgemm_gflops(c, 1));
    printf("\n");
    fflush(stdout);
    free(x);
    free(y);
}

static void scaling_point(const config *c, const float *x, const float *y)
{
    nn_dataset d = {x, y, c->rows, c->layers[0], 1};
    double per_cpu, sps = samples_per_sec(c, &d, 2, &per_cpu);
    printf("batch=%d rows=%d samples_per_sec=%.0f per_cpu_second=%.0f\n", c->batch, c->rows, sps,
           per_cpu);
    fflush(stdout);
}

/* B's layers over batch sizes and row counts: where a bigger batch stops
 * paying, and that nothing per epoch grows with the rows but the shuffle. */
static void scaling(void)
{
    static const int batches[] = {32, 64, 128, 256, 512, 1024};
    static const int rows[] = {10000, 100000, 1000000};
    config c = configs[1];
    float *x, *y;
    c.rows = rows[2];
    make_data(&c, &x, &y);
    for (size_t i = 0; i < sizeof batches / sizeof *batches; i++) {
        c.batch = batches[i];
        c.rows = 200000;
        scaling_point(&c, x, y);
    }
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        c.batch = 256;
        c.rows = rows[i];
        c.epochs = rows[i] >= 1000000 ? 1 : 2000000 / rows[i] / 5;
        scaling_point(&c, x, y);
    }
    free(x);
    free(y);
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    if (only && strcmp(only, "scaling") == 0) {
        scaling();
        return 0;
    }
    for (size_t i = 0; i < sizeof configs / sizeof *configs; i++)
        if (!only || strstr(only, configs[i].name))
            compare(&configs[i]);
    return 0;
}
