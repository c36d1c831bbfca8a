#include "lime.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every buffer of one fit, allocated together. */
typedef struct {
    int f, width, n, p;  /* inputs, outputs, samples, f + 1 unknowns */
    float *x, *pred;     /* n x f samples, n x width outputs */
    double *mean, *sd;   /* per feature, over the training rows */
    double *design;      /* n x p: sqrt(k) [1, z] */
    double *target, *k;  /* sqrt(k) y, and k, per sample */
    double *normal, *rhs;/* p x p and p */
} lime_space;

static void space_free(lime_space *s)
{
    nn_floats_free(s->x);
    nn_floats_free(s->pred);
    free(s->mean), free(s->sd), free(s->design), free(s->target), free(s->k);
    free(s->normal), free(s->rhs);
}

static int space_alloc(lime_space *s, const nn_model *m, int samples, nn_error *err)
{
    memset(s, 0, sizeof *s);
    s->f = nn_model_input_size(m), s->width = nn_model_output_size(m), s->n = samples;
    s->p = s->f + 1;
    size_t n = (size_t)samples, f = (size_t)s->f, p = (size_t)s->p;
    s->mean = malloc(f * sizeof *s->mean), s->sd = malloc(f * sizeof *s->sd);
    s->design = malloc(n * p * sizeof *s->design);
    s->target = malloc(n * sizeof *s->target), s->k = malloc(n * sizeof *s->k);
    s->normal = malloc(p * p * sizeof *s->normal), s->rhs = malloc(p * sizeof *s->rhs);
    if ((s->x = nn_floats_alloc(n * f, err)) && (s->pred = nn_floats_alloc(n * s->width, err)) &&
        s->mean && s->sd && s->design && s->target && s->k && s->normal && s->rhs)
        return 0;
    space_free(s);
    return nn_fail(err, "out of memory for %d LIME samples", samples);
}

static void feature_scales(lime_space *s, const float *train, int n_train)
{
    for (int j = 0; j < s->f; j++) {
        double sum = 0.0, sq = 0.0;
        for (int r = 0; r < n_train; r++)
            sum += train[(size_t)r * s->f + j];
        double mean = sum / n_train;
        for (int r = 0; r < n_train; r++) {
            double d = train[(size_t)r * s->f + j] - mean;
            sq += d * d;
        }
        double sd = sqrt(sq / n_train);
        s->mean[j] = mean;
        s->sd[j] = sd > 0.0 ? sd : 1.0;
    }
}

/* Sample 0 is the row; the others take each feature from a random
 * training row. */
static void draw_samples(lime_space *s, const float *row, const float *train, int n_train,
                         uint64_t seed)
{
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    memcpy(s->x, row, (size_t)s->f * sizeof *s->x);
    for (int i = 1; i < s->n; i++)
        for (int j = 0; j < s->f; j++)
            s->x[(size_t)i * s->f + j] =
                train[(size_t)nn_rng_below(&rng, (uint32_t)n_train) * s->f + j];
}

/* The weighted design sqrt(k) [1, z] and target sqrt(k) y. */
static void weigh(lime_space *s, int output, double width)
{
    const float *row = s->x;
    for (int i = 0; i < s->n; i++) {
        double *d = s->design + (size_t)i * s->p, dist2 = 0.0;
        const float *x = s->x + (size_t)i * s->f;
        d[0] = 1.0;
        for (int j = 0; j < s->f; j++) {
            d[j + 1] = (x[j] - s->mean[j]) / s->sd[j];
            double dz = (x[j] - row[j]) / s->sd[j];
            dist2 += dz * dz;
        }
        s->k[i] = sqrt(exp(-dist2 / (width * width)));
        double root = sqrt(s->k[i]);
        for (int j = 0; j < s->p; j++)
            d[j] *= root;
        s->target[i] = root * s->pred[(size_t)i * s->width + output];
    }
}

/* Solves the p x p symmetric positive definite system a c = b in place
 * (Cholesky, upper triangle of row-major a; b becomes c). */
static int cholesky_solve(double *a, double *b, int p, nn_error *err)
{
    for (int j = 0; j < p; j++) {
        double d = a[(size_t)j * p + j];
        for (int k = 0; k < j; k++)
            d -= a[(size_t)k * p + j] * a[(size_t)k * p + j];
        if (!(d > 0.0))
            return nn_fail(err, "the LIME fit is singular (are the samples too few?)");
        d = sqrt(d);
        a[(size_t)j * p + j] = d;
        for (int i = j + 1; i < p; i++) {
            double v = a[(size_t)j * p + i];
            for (int k = 0; k < j; k++)
                v -= a[(size_t)k * p + j] * a[(size_t)k * p + i];
            a[(size_t)j * p + i] = v / d;
        }
    }
    for (int i = 0; i < p; i++) { /* U^T y = b */
        for (int k = 0; k < i; k++)
            b[i] -= a[(size_t)k * p + i] * b[k];
        b[i] /= a[(size_t)i * p + i];
    }
    for (int i = p - 1; i >= 0; i--) { /* U c = y */
        for (int k = i + 1; k < p; k++)
            b[i] -= a[(size_t)i * p + k] * b[k];
        b[i] /= a[(size_t)i * p + i];
    }
    return 0;
}

/* Weighted least squares with a tiny ridge off the intercept; s->rhs
 * gets [intercept, coefficients]. */
static int solve(lime_space *s, nn_error *err)
{
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, s->p, s->n, 1.0, s->design, s->p, 0.0,
                s->normal, s->p);
    cblas_dgemv(CblasRowMajor, CblasTrans, s->n, s->p, 1.0, s->design, s->p, s->target, 1, 0.0,
                s->rhs, 1);
    double ksum = 0.0;
    for (int i = 0; i < s->n; i++)
        ksum += s->k[i];
    for (int j = 1; j < s->p; j++)
        s->normal[(size_t)j * s->p + j] += 1e-6 * ksum;
    return cholesky_solve(s->normal, s->rhs, s->p, err);
}

/* Weighted R^2 of the fit over the samples (in unweighted units again). */
static double weighted_r2(const lime_space *s, int output)
{
    double ksum = 0.0, ymean = 0.0, res = 0.0, tot = 0.0;
    for (int i = 0; i < s->n; i++) {
        ksum += s->k[i];
        ymean += s->k[i] * s->pred[(size_t)i * s->width + output];
    }
    ymean /= ksum;
    for (int i = 0; i < s->n; i++) {
        const double *d = s->design + (size_t)i * s->p;
        double root = sqrt(s->k[i]), fitted = 0.0;
        for (int j = 0; j < s->p; j++)
            fitted += s->rhs[j] * d[j];
        double y = s->pred[(size_t)i * s->width + output];
        res += (s->target[i] - fitted) * (s->target[i] - fitted); /* = k (y - yhat)^2 */
        tot += (root * (y - ymean)) * (root * (y - ymean));
    }
    return tot > 0.0 ? 1.0 - res / tot : NAN;
}

static int check_args(const nn_model *m, const float *row, int n_train, int samples,
                      nn_error *err)
{
    if (!m->built)
        return nn_fail(err, "the model is not built (train it first)");
    if (!row)
        return nn_fail(err, "no row to explain");
    if (n_train < 1)
        return nn_fail(err, "at least one training row is needed");
    int f = nn_model_input_size(m);
    if (samples < f + 2)
        return nn_fail(err, "samples=%d is too few for LIME with %d features (at least %d)",
                       samples, f, f + 2);
    return 0;
}

static int largest(const float *v, int n)
{
    int best = 0;
    for (int j = 1; j < n; j++)
        best = v[j] > v[best] ? j : best;
    return best;
}

int nn_lime(nn_model *m, const float *row, const float *train, int n_train, int samples,
            int output, uint64_t seed, double *coef, nn_lime_fit *fit, nn_error *err)
{
    if (check_args(m, row, n_train, samples, err) < 0)
        return -1;
    lime_space s;
    if (space_alloc(&s, m, samples, err) < 0)
        return -1;
    feature_scales(&s, train, n_train);
    draw_samples(&s, row, train, n_train, seed);
    int rc = nn_model_predict(m, s.x, s.n, s.pred, err);
    if (rc == 0 && output >= s.width)
        rc = nn_fail(err, "no output %d (the model has %d)", output, s.width);
    if (rc == 0) {
        output = output >= 0 ? output : largest(s.pred, s.width);
        fit->kernel_width = 0.75 * sqrt((double)s.f);
        weigh(&s, output, fit->kernel_width);
        rc = solve(&s, err);
    }
    if (rc == 0) {
        fit->output = output;
        fit->value = s.pred[output];
        fit->intercept = s.rhs[0];
        fit->local = s.rhs[0];
        for (int j = 0; j < s.f; j++) {
            coef[j] = s.rhs[j + 1];
            fit->local += coef[j] * (row[j] - s.mean[j]) / s.sd[j];
        }
        fit->r2 = weighted_r2(&s, output);
    }
    space_free(&s);
    return rc;
}
