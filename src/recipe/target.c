/* The target of each row: a value in original units for regressions
 * (H steps ahead, or the return to then, with windows), a class index
 * for classifications, with the classes fitted on the training rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prep.h"

static double windowed_target(const prep *pp, int c, size_t q, size_t tq)
{
    double now = prep_value(pp, c, q), then = prep_value(pp, c, tq);
    switch (pp->plan.window_as) {
    case NN_WINDOW_DIFF:
        return then - now;
    case NN_WINDOW_RETURN: /* from 0: no target rather than an infinity */
        return now != 0 ? then / now - 1 : NAN;
    case NN_WINDOW_LOGRETURN:
        return then > 0 && now > 0 ? log(then / now) : NAN;
    default:
        return then;
    }
}

/* A class's name: its level, or the number for numeric columns (in the
 * C locale: the name is saved and matched against later data). */
static int class_name(const nn_column *col, double key, char *buf, size_t len)
{
    if (col->type != NN_COL_NUMERIC)
        return snprintf(buf, len, "%s", col->levels[(size_t)key]);
    locale_t old = uselocale(nn_c_locale());
    int n = snprintf(buf, len, "%.7g", key);
    uselocale(old);
    return n;
}

static double class_index(const nn_fit *fit, const nn_column *col, double key)
{
    char name[256];
    class_name(col, key, name, sizeof name);
    for (size_t k = 0; k < fit->nclasses; k++)
        if (strcmp(fit->classes[k], name) == 0)
            return (double)k;
    return NAN;
}

/* Target j of row r: the column's value H steps ahead (or the change to
 * then), NAN when the row has none. */
static double target_value(const prep *pp, size_t j, size_t r, nn_task task)
{
    int c = j < pp->plan.ntargets ? pp->plan.targets[j] : -1;
    size_t q = pp->pos[r], tq = pp->tpos[r];
    if (c < 0 || tq == NO_POS)
        return NAN;
    if (task == NN_TASK_REGRESSION && pp->plan.window_n && pp->plan.cols[c].on)
        return windowed_target(pp, c, q, tq);
    return prep_value(pp, c, tq);
}

int target_values(prep *pp, const nn_fit *fit, nn_error *err)
{
    nn_task task = pp->plan.predicting ? fit->task : pp->plan.task;
    size_t ny = pp->ny = pp->plan.predicting ? fit->ny : task == NN_TASK_REGRESSION ? pp->plan.ntargets : 1;
    if (ny == 0 || (pp->plan.predicting && pp->plan.ntargets && pp->plan.ntargets != ny))
        return nn_fail(err, "the recipe's target step names %zu columns but it was fitted on %zu",
                       pp->plan.ntargets, ny);
    if (!(pp->y = malloc((pp->n ? pp->n : 1) * ny * sizeof *pp->y)))
        return nn_fail(err, "out of memory");
    size_t unknown = 0;
    for (size_t r = 0; r < pp->n; r++) {
        for (size_t j = 0; j < ny; j++) {
            double y = target_value(pp, j, r, task);
            if (pp->plan.predicting && task != NN_TASK_REGRESSION && !isnan(y)) {
                y = class_index(fit, &pp->t->cols[pp->plan.target], y);
                unknown += isnan(y);
            }
            pp->y[r * ny + j] = y;
        }
    }
    if (unknown)
        nn_notes_add(pp->notes, "%zu rows have a target class not seen in training", unknown);
    return 0;
}

/* Each target's centre and scale, from its training values. */
static int fit_regression(prep *pp, nn_fit *fit, nn_error *err)
{
    double *v = malloc((pp->n ? pp->n : 1) * sizeof *v);
    if (!v)
        return nn_fail(err, "out of memory");
    for (size_t j = 0; j < pp->ny; j++) {
        size_t m = 0;
        for (size_t r = 0; r < pp->n; r++)
            if (pp->part[r] == NN_PART_TRAIN)
                v[m++] = pp->y[r * pp->ny + j];
        fit_sort(v, m);
        fit_scale(pp->plan.scale, v, m, &fit->y_center[j], &fit->y_scale[j]);
    }
    free(v);
    return 0;
}

/* Class keys present in training (all levels for booleans, so that
 * 1 keeps meaning "true"), sorted; rows of other classes leave the data. */
static int fit_classes(prep *pp, nn_fit *fit, nn_error *err)
{
    const nn_column *col = &pp->t->cols[pp->plan.target];
    double *keys = malloc((pp->n + 2) * sizeof *keys);
    if (!keys)
        return nn_fail(err, "out of memory");
    size_t m = 0;
    if (col->type == NN_COL_BOOLEAN)
        for (size_t k = 0; k < col->nlevels; k++)
            keys[m++] = (double)k;
    for (size_t r = 0; r < pp->n; r++)
        if (pp->part[r] == NN_PART_TRAIN)
            keys[m++] = pp->y[r];
    fit_sort(keys, m);
    size_t distinct = 0;
    for (size_t i = 0; i < m; i++)
        if (i == 0 || keys[i] != keys[distinct - 1])
            keys[distinct++] = keys[i];
    int rc = 0;
    if (distinct < 2)
        rc = nn_fail(err, "target '%s' has only one class in the training rows", col->name);
    else if (pp->plan.task == NN_TASK_BINARY && distinct > 2)
        rc = nn_fail(err, "target '%s' has %zu classes: task=binary needs 2", col->name, distinct);
    else if (!(fit->classes = calloc(distinct, sizeof *fit->classes)))
        rc = nn_fail(err, "out of memory");
    for (size_t k = 0; rc == 0 && k < distinct; k++, fit->nclasses++) {
        char name[256];
        class_name(col, keys[k], name, sizeof name);
        if (!(fit->classes[k] = strdup(name)))
            rc = nn_fail(err, "out of memory");
    }
    size_t unseen = 0;
    for (size_t r = 0; rc == 0 && r < pp->n; r++) {
        size_t k = 0;
        while (k < distinct && keys[k] != pp->y[r])
            k++;
        if (k == distinct) {
            pp->part[r] = NN_PART_NONE;
            unseen++;
        } else {
            pp->y[r] = (double)k;
        }
    }
    if (unseen)
        nn_notes_add(pp->notes, "%zu rows of classes absent from the training rows left out", unseen);
    free(keys);
    return rc;
}

int target_fit(prep *pp, nn_fit *fit, nn_error *err)
{
    fit->task = pp->plan.task;
    fit->ny = pp->ny;
    for (size_t j = 0; j < NN_MAX_TARGETS; j++)
        fit->y_center[j] = 0, fit->y_scale[j] = 1;
    return fit->task == NN_TASK_REGRESSION ? fit_regression(pp, fit, err) : fit_classes(pp, fit, err);
}

static int write_names(const prep *pp, nn_prepared *out, nn_error *err)
{
    for (size_t j = 0; j < out->ny; j++) {
        const char *name = j < pp->plan.nnamed ? pp->plan.target_names[j] : "target";
        if (!(out->target_names[j] = strdup(name)))
            return nn_fail(err, "out of memory");
    }
    return 0;
}

int target_write(const prep *pp, const nn_fit *fit, nn_prepared *out, nn_error *err)
{
    size_t n = pp->n, ny = fit->ny;
    out->task = fit->task;
    out->ny = ny;
    memcpy(out->y_center, fit->y_center, sizeof out->y_center);
    memcpy(out->y_scale, fit->y_scale, sizeof out->y_scale);
    out->ntargets = fit->task == NN_TASK_MULTICLASS ? fit->nclasses : ny;
    if (write_names(pp, out, err) < 0)
        return -1;
    if (fit->task != NN_TASK_REGRESSION) {
        if (!(out->class_names = calloc(fit->nclasses, sizeof *out->class_names)))
            return nn_fail(err, "out of memory");
        for (; out->nclasses < fit->nclasses; out->nclasses++)
            if (!(out->class_names[out->nclasses] = strdup(fit->classes[out->nclasses])))
                return nn_fail(err, "out of memory");
    }
    int c = pp->plan.target;
    if (c < 0)
        return 0;
    out->y_raw = malloc((n ? n : 1) * ny * sizeof *out->y_raw);
    out->y = calloc(n * out->ntargets + 1, sizeof *out->y);
    if (!out->y_raw || !out->y)
        return nn_fail(err, "out of memory");
    memcpy(out->y_raw, pp->y, n * ny * sizeof *out->y_raw);
    for (size_t r = 0; r < n; r++) {
        double y = pp->y[r * ny];
        if (fit->task == NN_TASK_REGRESSION)
            for (size_t j = 0; j < ny; j++)
                out->y[r * ny + j] = (float)((pp->y[r * ny + j] - fit->y_center[j]) / fit->y_scale[j]);
        else if (fit->task == NN_TASK_BINARY)
            out->y[r] = (float)y;
        else if (!isnan(y))
            out->y[r * out->ntargets + (size_t)y] = 1;
    }
    if (pp->plan.window_n && pp->t->cols[c].type == NN_COL_NUMERIC) {
        if (!(out->last_value = malloc((n ? n : 1) * sizeof *out->last_value)))
            return nn_fail(err, "out of memory");
        for (size_t r = 0; r < n; r++)
            out->last_value[r] = prep_value(pp, c, pp->pos[r]);
    }
    return 0;
}
