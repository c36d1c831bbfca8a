/* Fitted statistics: their storage and the few statistics they need. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prep.h"

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

static char **copy_strings(char *const *s, size_t n)
{
    char **c = calloc(n ? n : 1, sizeof *c);
    for (size_t i = 0; c && i < n; i++) {
        if (!(c[i] = strdup(s[i]))) {
            free_strings(c, i);
            return NULL;
        }
    }
    return c;
}

void fit_free(nn_fit *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nsources; i++) {
        free(f->sources[i].column);
        free_strings(f->sources[i].levels, f->sources[i].nlevels);
    }
    free(f->sources);
    for (size_t i = 0; i < f->nclips; i++)
        free(f->clips[i].column);
    free(f->clips);
    free_strings(f->names, f->nfeatures);
    free(f->center), free(f->scale);
    free_strings(f->classes, f->nclasses);
    free(f);
}

static double *copy_doubles(const double *v, size_t n)
{
    double *c = malloc((n ? n : 1) * sizeof *c);
    if (c && n)
        memcpy(c, v, n * sizeof *c);
    return c;
}

nn_fit *fit_copy(const nn_fit *f)
{
    nn_fit *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    *c = *f;
    c->sources = calloc(f->nsources ? f->nsources : 1, sizeof *c->sources);
    c->names = copy_strings(f->names, f->nfeatures);
    c->center = copy_doubles(f->center, f->nfeatures);
    c->scale = copy_doubles(f->scale, f->nfeatures);
    c->classes = copy_strings(f->classes, f->nclasses);
    c->clips = calloc(f->nclips ? f->nclips : 1, sizeof *c->clips);
    int ok = c->sources && c->names && c->center && c->scale && c->classes && c->clips;
    c->nsources = 0;
    c->nclips = 0;
    for (size_t i = 0; ok && i < f->nclips; i++, c->nclips++) {
        c->clips[i] = f->clips[i];
        ok = (c->clips[i].column = strdup(f->clips[i].column)) != NULL;
    }
    for (size_t i = 0; ok && i < f->nsources; i++, c->nsources++) {
        fit_source *d = &c->sources[i];
        *d = f->sources[i];
        d->column = strdup(f->sources[i].column);
        d->levels = copy_strings(f->sources[i].levels, f->sources[i].nlevels);
        ok = d->column && d->levels;
    }
    if (!ok) {
        if (!c->names)
            c->nfeatures = 0;
        if (!c->classes)
            c->nclasses = 0;
        fit_free(c);
        return NULL;
    }
    return c;
}

double fit_mean(const double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    return n ? sum / (double)n : NAN;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int fit_sort(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_doubles);
    return 0;
}

double fit_quantile_sorted(const double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    double at = q * (double)(n - 1);
    size_t i = (size_t)at;
    double frac = at - (double)i;
    return i + 1 < n ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

void fit_scale(nn_scale how, const double *v, size_t m, double *center, double *scale)
{
    *center = 0, *scale = 1;
    if (m == 0 || how == NN_SCALE_NONE)
        return;
    double spread;
    if (how == NN_SCALE_ZSCORE) {
        *center = fit_mean(v, m);
        double ss = 0;
        for (size_t i = 0; i < m; i++)
            ss += (v[i] - *center) * (v[i] - *center);
        spread = sqrt(ss / (double)m);
    } else if (how == NN_SCALE_MINMAX) {
        *center = v[0];
        spread = v[m - 1] - v[0];
    } else {
        *center = fit_quantile_sorted(v, m, 0.5);
        spread = fit_quantile_sorted(v, m, 0.75) - fit_quantile_sorted(v, m, 0.25);
    }
    *scale = spread > 1e-12 * fmax(1, fabs(*center)) ? spread : 1;
}
