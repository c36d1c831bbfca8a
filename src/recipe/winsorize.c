/* Winsorizing: each named column clipped to its lower and upper quantiles,
 * fitted on the training rows' values (numpy.quantile's linear
 * interpolation), kept in the fit so that prediction clips to the same
 * bounds. Only features see clipped values: the target stays raw. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prep.h"

static const fit_clip *find_clip(const nn_fit *fit, const char *name)
{
    for (size_t i = 0; i < fit->nclips; i++)
        if (strcmp(fit->clips[i].column, name) == 0)
            return &fit->clips[i];
    return NULL;
}

static fit_clip *add_clip(nn_fit *fit, const char *name)
{
    fit_clip *more = realloc(fit->clips, (fit->nclips + 1) * sizeof *more);
    if (!more)
        return NULL;
    fit->clips = more;
    fit_clip *c = &more[fit->nclips];
    memset(c, 0, sizeof *c);
    if (!(c->column = strdup(name)))
        return NULL;
    fit->nclips++;
    return c;
}

/* Bounds of column c from the present values of the training rows. */
static int fit_column(const prep *pp, nn_fit *fit, int c, double *buf, nn_error *err)
{
    const plan_col *pc = &pp->plan.cols[c];
    const char *name = pp->t->cols[c].name;
    size_t m = 0;
    for (size_t r = pp->begin[NN_PART_TRAIN]; r < pp->begin[NN_PART_TRAIN + 1]; r++) {
        double v = prep_value(pp, c, pp->pos[r]);
        if (!isnan(v))
            buf[m++] = v;
    }
    if (m == 0)
        return nn_fail(err, "winsorize: '%s' has no values in the training rows", name);
    fit_sort(buf, m);
    fit_clip *clip = add_clip(fit, name);
    if (!clip)
        return nn_fail(err, "out of memory");
    clip->lower = pc->lower, clip->upper = pc->upper;
    clip->lo = fit_quantile_sorted(buf, m, pc->lower);
    clip->hi = fit_quantile_sorted(buf, m, pc->upper);
    clip->count = m;
    /* compared as the float32 the features hold: a value at a bound is not clipped */
    float lo = (float)clip->lo, hi = (float)clip->hi;
    for (size_t i = 0; i < m; i++) {
        clip->below += (float)buf[i] < lo;
        clip->above += (float)buf[i] > hi;
    }
    return 0;
}

int winsorize_fit(prep *pp, nn_fit *fit, nn_error *err)
{
    double *buf = NULL;
    int rc = 0;
    for (size_t c = 0; rc == 0 && c < pp->plan.ncols; c++) {
        if (!pp->plan.cols[c].winsor)
            continue;
        if (!buf && !(buf = malloc((pp->n ? pp->n : 1) * sizeof *buf)))
            rc = nn_fail(err, "out of memory");
        else
            rc = fit_column(pp, fit, (int)c, buf, err);
    }
    free(buf);
    return rc;
}

static void note_clipped(const prep *pp, int c, const fit_clip *clip, size_t changed, size_t first)
{
    const char *name = clip->column;
    const plan_col *pc = &pp->plan.cols[c];
    char where[48] = "";
    if (changed)
        snprintf(where, sizeof where, " (first: row %zu)", first);
    if (pc->role == ROLE_TARGET && !pc->on)
        nn_notes_add(pp->notes, "winsorize '%s': the target is not clipped (only features are, and "
                                "it is not windowed): the step changes nothing", name);
    else if (!pp->plan.predicting)
        nn_notes_add(pp->notes,
                     "winsorize '%s': bounds [%.6g, %.6g], the %g and %g quantiles of %zu training "
                     "values; %zu training values raised to the lower bound, %zu lowered to the "
                     "upper; %zu values clipped in all rows%s",
                     name, clip->lo, clip->hi, clip->lower, clip->upper, clip->count, clip->below,
                     clip->above, changed, where);
    else if (changed)
        nn_notes_add(pp->notes, "winsorize '%s': %zu values clipped to the training bounds [%.6g, %.6g]%s",
                     name, changed, clip->lo, clip->hi, where);
}

int winsorize_apply(prep *pp, const nn_fit *fit, nn_error *err)
{
    for (size_t c = 0; c < pp->plan.ncols; c++) {
        if (!pp->plan.cols[c].winsor)
            continue;
        const fit_clip *clip = find_clip(fit, pp->t->cols[c].name);
        if (!clip)
            return nn_fail(err, "winsorize: the recipe has no fitted bounds for '%s'",
                           pp->t->cols[c].name);
        float *v = prep_clean_column(pp, (int)c);
        if (!v)
            return nn_fail(err, "out of memory");
        size_t changed = 0, first = 0;
        float lo = (float)clip->lo, hi = (float)clip->hi;
        for (size_t q = 0; q < pp->norder; q++) {
            size_t row = pp->order[q];
            if (!(v[row] < lo || v[row] > hi))
                continue;
            v[row] = v[row] < lo ? lo : hi;
            if (changed++ == 0 || row + 1 < first)
                first = row + 1;
        }
        note_clipped(pp, (int)c, clip, changed, first);
    }
    return 0;
}
