/* FANN's training throughput on benchmark MLPs A and B (C would take many
 * minutes), with the same data recipe as bench_nnwb.c.  FANN trains
 * incrementally (FANN_TRAIN_INCREMENTAL: a weight update after every
 * sample), its fastest mode.  Debian's FANN 2.2 has no ReLU: hidden units
 * use FANN_LINEAR_PIECE (linear clipped to [0, 1]), the output is linear.
 * Prints lines like `A samples_per_sec=...`. */
#include <fann.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct config {
    const char *name;
    unsigned layers[4];
    unsigned n_layers, rows, epochs;
    double min_seconds;
} config;

static const config configs[] = {
    {"A", {10, 10, 1, 0}, 3, 100, 100, 1.0},
    {"B", {64, 256, 256, 1}, 4, 200000, 1, 3.0},
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static struct fann_train_data *make_data(const config *c)
{
    unsigned in = c->layers[0];
    struct fann_train_data *d = fann_create_train(c->rows, in, 1);
    srand(1);
    for (unsigned r = 0; r < c->rows; r++) {
        double t = 0.0;
        for (unsigned j = 0; j < in; j++) {
            float v = 2.0f * (float)rand() / ((float)RAND_MAX + 1.0f) - 1.0f;
            d->input[r][j] = v;
            t += sin(j + 1.0) * v;
        }
        d->output[r][0] = (float)(t / sqrt(in));
    }
    return d;
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    for (size_t i = 0; i < sizeof configs / sizeof *configs; i++) {
        const config *c = &configs[i];
        if (only && !strstr(only, c->name))
            continue;
        struct fann_train_data *d = make_data(c);
        struct fann *ann = fann_create_standard_array(c->n_layers, c->layers);
        fann_set_activation_function_hidden(ann, FANN_LINEAR_PIECE);
        fann_set_activation_function_output(ann, FANN_LINEAR);
        fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
        fann_set_learning_rate(ann, 0.001f);
        fann_shuffle_train_data(d);
        fann_train_epoch(ann, d); /* warm-up */
        double seconds = 0.0;
        long samples = 0;
        while (seconds < c->min_seconds) {
            double start = now();
            for (unsigned e = 0; e < c->epochs; e++) {
                fann_shuffle_train_data(d);
                fann_train_epoch(ann, d);
            }
            seconds += now() - start;
            samples += (long)c->rows * c->epochs;
        }
        printf("%s samples_per_sec=%.0f\n", c->name, samples / seconds);
        fflush(stdout);
        fann_destroy(ann);
        fann_destroy_train(d);
    }
    return 0;
}
