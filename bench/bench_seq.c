/* Training throughput of the nnwb engine on the sequence benchmarks, the
 * same work as bench_seq_torch.py.  Prints one line per configuration:
 *   D samples_per_sec=... threads=... one_thread_per_cpu_second=...
 *   D  LSTM: 30 steps x 8 channels -> lstm 64 -> dense 1, batch 64
 *   E  GRU: the same with gru 64
 *   F  conv1d: 64 steps x 8 channels -> conv1d 32 k=5 causal relu ->
 *      conv1d 32 k=5 causal relu -> globalavgpool1d -> dense 1, batch 128
 * 20,000 windows each, inputs uniform in [-1, 1], target the mean of the
 * first channel over the last five steps plus a little noise; MSE, Adam
 * lr 0.001, shuffled minibatches; best of 1 and 2 threads, and samples
 * per CPU second of one thread (what a loaded machine changes least). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"
#include "engine/rng.h"
#include "engine/trainer.h"
#include "bench_train.h"

typedef struct config {
    const char *name;
    int steps, channels, batch, rows, epochs;
    const char *layers[5];
} config;

static const config configs[] = {
    {"D", 30, 8, 64, 20000, 1, {"lstm units=64", "dense units=1"}},
    {"E", 30, 8, 64, 20000, 1, {"gru units=64", "dense units=1"}},
    {"F", 64, 8, 128, 20000, 1,
     {"conv1d filters=32 kernel=5 act=relu", "conv1d filters=32 kernel=5 act=relu",
      "globalavgpool1d", "dense units=1"}},
};

/* Rows as a recipe's window writes them: each channel's steps newest first. */
static void make_data(const config *c, float **x, float **y)
{
    int width = c->steps * c->channels;
    nn_rng rng;
    nn_rng_seed(&rng, 1);
    *x = malloc((size_t)c->rows * width * sizeof **x);
    *y = malloc((size_t)c->rows * sizeof **y);
    for (int r = 0; r < c->rows; r++) {
        float *row = *x + (size_t)r * width;
        for (int j = 0; j < width; j++)
            row[j] = 2.0f * nn_rng_uniform(&rng) - 1.0f;
        (*y)[r] = (row[0] + row[1] + row[2] + row[3] + row[4]) / 5 + 0.01f * nn_rng_normal(&rng);
    }
}

static nn_model *make_model(const config *c)
{
    nn_model *m = nn_model_new();
    nn_layer_spec s;
    nn_error err;
    for (int i = 0; c->layers[i]; i++)
        if (nn_layer_spec_parse(&s, c->layers[i], &err) < 0 || nn_model_add(m, &s, &err) < 0) {
            fprintf(stderr, "bench_seq: %s\n", err.msg);
            exit(1);
        }
    nn_model_set_layout(m, (nn_seq_layout){c->steps, c->channels});
    return m;
}

/* One thread's figure per CPU second too: steadier on a shared machine. */
static double samples_per_sec(const config *c, const nn_dataset *d, int threads, double *per_cpu)
{
    nn_model *m = make_model(c);
    double sps = bench_samples_per_sec(m, d, c->batch, c->epochs, threads, 3.0, per_cpu);
    nn_model_free(m);
    return sps;
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    for (size_t i = 0; i < sizeof configs / sizeof *configs; i++) {
        const config *c = &configs[i];
        if (only && !strstr(only, c->name))
            continue;
        float *x, *y;
        make_data(c, &x, &y);
        nn_dataset d = {x, y, c->rows, c->steps * c->channels, 1};
        double best = 0.0, per_cpu = 0.0;
        int best_threads = 1;
        for (int threads = 1; threads <= 2; threads++) {
            double sps = samples_per_sec(c, &d, threads, threads == 1 ? &per_cpu : NULL);
            if (sps > best)
                best = sps, best_threads = threads;
        }
        printf("%s samples_per_sec=%.0f threads=%d one_thread_per_cpu_second=%.0f\n", c->name, best,
               best_threads, per_cpu);
        fflush(stdout);
        free(x);
        free(y);
    }
    return 0;
}
