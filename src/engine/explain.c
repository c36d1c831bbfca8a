#include "explain.h"

#include <stdlib.h>
#include <string.h>

/* Buffers for one walk, allocated once per call. */
typedef struct {
    int f, width;
    float *chain; /* (f + 1) rows: background, then one more feature from x each */
    float *pred;  /* (f + 1) x width outputs */
    float *xpred; /* width outputs for the explained row */
    int *order;
} walk_space;

static void walk_free(walk_space *w)
{
    nn_floats_free(w->chain);
    nn_floats_free(w->pred);
    nn_floats_free(w->xpred);
    free(w->order);
}

static int walk_alloc(walk_space *w, const nn_model *m, nn_error *err)
{
    memset(w, 0, sizeof *w);
    w->f = nn_model_input_size(m);
    w->width = nn_model_output_size(m);
    size_t rows = (size_t)w->f + 1;
    if (!(w->chain = nn_floats_alloc(rows * (size_t)w->f, err)) ||
        !(w->pred = nn_floats_alloc(rows * (size_t)w->width, err)) ||
        !(w->xpred = nn_floats_alloc((size_t)w->width, err)))
        goto fail;
    if (!(w->order = malloc((size_t)w->f * sizeof *w->order))) {
        nn_fail(err, "out of memory for a feature order");
        goto fail;
    }
    for (int i = 0; i < w->f; i++)
        w->order[i] = i;
    return 0;
fail:
    walk_free(w);
    return -1;
}

static int check_args(const nn_model *m, const float *row, int n_background, int samples,
                      nn_error *err)
{
    if (!m->built)
        return nn_fail(err, "the model is not built (train it first)");
    if (!row)
        return nn_fail(err, "no row to explain");
    if (n_background < 1)
        return nn_fail(err, "at least one background row is needed");
    if (samples < 1)
        return nn_fail(err, "samples must be at least 1 (got %d)", samples);
    return 0;
}

/* The output to explain: the one asked for, or the largest. */
static int choose_output(const float *pred, int width, int output, nn_error *err)
{
    if (output >= width)
        return nn_fail(err, "no output %d (the model has %d)", output, width);
    if (output >= 0)
        return output;
    int best = 0;
    for (int j = 1; j < width; j++)
        best = pred[j] > pred[best] ? j : best;
    return best;
}

static void reverse(int *v, int n)
{
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

/* One walk from background row b to x along w->order: credits each
 * feature's output change to phi and adds f(b) to *base_sum. */
static int walk(nn_model *m, walk_space *w, const float *x, const float *b, int output,
                double *phi, double *base_sum, nn_error *err)
{
    int f = w->f;
    memcpy(w->chain, b, (size_t)f * sizeof *w->chain);
    for (int k = 1; k <= f; k++) {
        float *row = w->chain + (size_t)k * f;
        memcpy(row, row - f, (size_t)f * sizeof *row);
        row[w->order[k - 1]] = x[w->order[k - 1]];
    }
    if (nn_model_predict(m, w->chain, f + 1, w->pred, err) < 0)
        return -1;
    for (int k = 1; k <= f; k++)
        phi[w->order[k - 1]] += (double)w->pred[(size_t)k * w->width + output] -
                                w->pred[(size_t)(k - 1) * w->width + output];
    *base_sum += w->pred[output];
    return 0;
}

int nn_shapley(nn_model *m, const float *row, const float *background, int n_background,
               int samples, int output, uint64_t seed, double *phi, nn_explanation *e,
               nn_error *err)
{
    if (check_args(m, row, n_background, samples, err) < 0)
        return -1;
    walk_space w;
    if (walk_alloc(&w, m, err) < 0)
        return -1;
    int rc = nn_model_predict(m, row, 1, w.xpred, err);
    if (rc == 0 && (output = choose_output(w.xpred, w.width, output, err)) < 0)
        rc = -1;
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    double base_sum = 0.0;
    memset(phi, 0, (size_t)w.f * sizeof *phi);
    for (int s = 0; rc == 0 && s < samples; s++) {
        if (s % 2 == 0)
            nn_rng_shuffle(&rng, w.order, w.f);
        else
            reverse(w.order, w.f); /* the antithetic partner of the last order */
        for (int k = 0; rc == 0 && k < n_background; k++)
            rc = walk(m, &w, row, background + (size_t)k * w.f, output, phi, &base_sum, err);
    }
    if (rc == 0) {
        double walks = (double)samples * n_background;
        for (int i = 0; i < w.f; i++)
            phi[i] /= walks;
        e->output = output;
        e->value = w.xpred[output];
        e->baseline = base_sum / walks;
    }
    walk_free(&w);
    return rc;
}

void nn_mean_row(const float *x, int n, int f, float *out)
{
    for (int j = 0; j < f; j++) {
        double sum = 0.0;
        for (int r = 0; r < n; r++)
            sum += x[(size_t)r * f + j];
        out[j] = n > 0 ? (float)(sum / n) : 0.0f;
    }
}

int nn_sample_rows(const float *x, int n, int f, int k, uint64_t seed, float *out)
{
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    int kept = k < n ? k : n;
    size_t bytes = (size_t)f * sizeof *out;
    for (int r = 0; r < n; r++) {
        /* Algorithm R: row r replaces a kept row with probability k / (r + 1). */
        int slot = r < kept ? r : (int)nn_rng_below(&rng, (uint32_t)r + 1);
        if (slot < kept)
            memcpy(out + (size_t)slot * f, x + (size_t)r * f, bytes);
    }
    return kept > 0 ? kept : 0;
}
