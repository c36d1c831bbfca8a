#include "importance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loss.h"

static double loss_score(const void *user, const float *pred, const float *target, int n,
                         int width)
{
    const nn_loss *loss = user;
    return loss->value(pred, target, n, width, NULL, NULL); /* unweighted, like the metrics */
}

int nn_score_loss(nn_score *s, const char *loss, nn_error *err)
{
    const nn_loss *l = nn_loss_find(loss);
    if (!l)
        return nn_fail(err, "unknown loss '%s'", loss);
    s->fn = loss_score;
    s->user = l;
    return 0;
}

static double rmse_score(const void *user, const float *pred, const float *target, int n,
                         int width)
{
    double sum = 0.0;
    size_t count = (size_t)n * (size_t)width;
    for (size_t i = 0; i < count; i++) {
        double e = (double)pred[i] - (double)target[i];
        sum += e * e;
    }
    return fabs(*(const double *)user) * sqrt(sum / (double)count);
}

void nn_score_rmse(nn_score *s, const double *scale)
{
    s->fn = rmse_score;
    s->user = scale;
}

static double rmse_output_score(const void *user, const float *pred, const float *target, int n,
                                int width)
{
    const nn_rmse_output *o = user;
    double sum = 0.0;
    for (size_t i = 0; i < (size_t)n; i++) {
        double e = (double)pred[i * (size_t)width + (size_t)o->output] -
                   (double)target[i * (size_t)width + (size_t)o->output];
        sum += e * e;
    }
    return fabs(o->scale) * sqrt(sum / (double)n);
}

void nn_score_rmse_output(nn_score *s, const nn_rmse_output *o)
{
    s->fn = rmse_output_score;
    s->user = o;
}

static int check_args(const nn_model *m, const nn_dataset *d, const nn_score *score,
                      int repeats, nn_error *err)
{
    if (!m->built)
        return nn_fail(err, "the model is not built (train it first)");
    if (d->n < 1)
        return nn_fail(err, "no rows to score");
    if (d->x_width != nn_model_input_size(m))
        return nn_fail(err, "the rows have %d features but the model takes %d", d->x_width,
                       nn_model_input_size(m));
    if (d->y_width != nn_model_output_size(m))
        return nn_fail(err, "the targets have %d values per row but the model gives %d",
                       d->y_width, nn_model_output_size(m));
    if (repeats < 1)
        return nn_fail(err, "repeats must be at least 1 (got %d)", repeats);
    if (!score || !score->fn)
        return nn_fail(err, "no score function");
    return 0;
}

/* Work buffers, allocated once for the whole call. */
typedef struct {
    float *x;    /* copy of the rows; one column at a time is shuffled */
    float *pred; /* n x output width */
    int *perm;
} workspace;

static void workspace_free(workspace *w)
{
    nn_floats_free(w->x);
    nn_floats_free(w->pred);
    free(w->perm);
}

static int workspace_alloc(workspace *w, const nn_model *m, const nn_dataset *d, nn_error *err)
{
    memset(w, 0, sizeof *w);
    size_t n = (size_t)d->n;
    if (!(w->x = nn_floats_alloc(n * (size_t)d->x_width, err)) ||
        !(w->pred = nn_floats_alloc(n * (size_t)nn_model_output_size(m), err)))
        goto fail;
    if (!(w->perm = malloc(n * sizeof *w->perm))) {
        nn_fail(err, "out of memory for a permutation of %d rows", d->n);
        goto fail;
    }
    memcpy(w->x, d->x, n * (size_t)d->x_width * sizeof *w->x);
    for (int r = 0; r < d->n; r++)
        w->perm[r] = r;
    return 0;
fail:
    workspace_free(w);
    return -1;
}

static int score_rows(nn_model *m, const nn_dataset *d, const nn_score *score,
                      const float *x, float *pred, double *out, nn_error *err)
{
    if (nn_model_predict(m, x, d->n, pred, err) < 0)
        return -1;
    *out = score->fn(score->user, pred, d->y, d->n, d->y_width);
    return 0;
}

/* Mean and population standard deviation of the score increase over
 * `repeats` shuffles of column j (Welford's running form). */
static int shuffle_feature(nn_model *m, const nn_dataset *d, const nn_score *score,
                           int repeats, nn_rng *rng, workspace *w, int j, double baseline,
                           double *mean, double *std, nn_error *err)
{
    int f = d->x_width;
    double avg = 0.0, m2 = 0.0;
    for (int k = 1; k <= repeats; k++) {
        nn_rng_shuffle(rng, w->perm, d->n);
        for (int r = 0; r < d->n; r++)
            w->x[(size_t)r * f + j] = d->x[(size_t)w->perm[r] * f + j];
        double s;
        if (score_rows(m, d, score, w->x, w->pred, &s, err) < 0)
            return -1;
        double delta = s - baseline, before = avg;
        avg += (delta - avg) / k;
        m2 += (delta - before) * (delta - avg);
    }
    for (int r = 0; r < d->n; r++) /* restore the column for the next feature */
        w->x[(size_t)r * f + j] = d->x[(size_t)r * f + j];
    *mean = avg;
    *std = sqrt(fmax(m2, 0.0) / repeats);
    return 0;
}

int nn_permutation_importance(nn_model *m, const nn_dataset *d, const nn_score *score,
                              int repeats, uint64_t seed, double *baseline, double *mean,
                              double *std, nn_error *err)
{
    if (check_args(m, d, score, repeats, err) < 0)
        return -1;
    workspace w;
    if (workspace_alloc(&w, m, d, err) < 0)
        return -1;
    int rc = score_rows(m, d, score, w.x, w.pred, baseline, err);
    if (rc == 0 && !isfinite(*baseline))
        rc = nn_fail(err, "the model's score on these rows is not finite (%g)", *baseline);
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    for (int j = 0; rc == 0 && j < d->x_width; j++)
        rc = shuffle_feature(m, d, score, repeats, &rng, &w, j, *baseline, &mean[j], &std[j],
                             err);
    workspace_free(&w);
    return rc;
}
