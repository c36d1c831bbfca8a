/* importance and explain: which features the model leans on, over the
 * scored rows (permutation importance) or for one row (Shapley values,
 * or a LIME surrogate). */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine/explain.h"
#include "engine/importance.h"
#include "engine/lime.h"
#include "results.h"
#include "session_internal.h"

#define part_names results_part_names

/* ---- importance ---- */

/* The rows to score on: validation, else test, else training; every row
 * of new data. */
static int scoring_part(const nn_prepared *p)
{
    if (results_all_rows(p))
        return NN_PART_NONE;
    return p->begin[2] > p->begin[1] ? NN_PART_VAL : p->begin[3] > p->begin[2] ? NN_PART_TEST : NN_PART_TRAIN;
}

static const double *sort_key;
static int by_key_desc(const void *a, const void *b)
{
    double x = sort_key[*(const size_t *)a], y = sort_key[*(const size_t *)b];
    return x < y ? 1 : x > y ? -1 : 0;
}

HANDLER(cmd_importance)
{
    if (results_need_model(s, "importance", err) < 0)
        return -1;
    const nn_prepared *p = &s->prep;
    size_t target;
    if (results_target(s, c, "importance", &target, err) < 0)
        return -1;
    int part = scoring_part(p);
    size_t first = p->begin[part], f = p->nfeatures;
    nn_dataset d = {p->x + first * f, p->y + first * p->ntargets, (int)(p->begin[part + 1] - first),
                    (int)f, (int)p->ntargets};
    /* A regression scores in the target's units, as `evaluate` does; a
     * classifier by its loss (log loss, as `evaluate` prints it). */
    nn_score score;
    bool regression = p->task == NN_TASK_REGRESSION;
    const char *loss = regression ? "rmse" : session_loss(s);
    double baseline, *mean = malloc(f * sizeof *mean), *std = malloc(f * sizeof *std);
    size_t *order = malloc(f * sizeof *order);
    int rc = mean && std && order ? 0 : nn_fail(err, "out of memory");
    nn_rmse_output rmse = {regression ? p->y_scale[target] : 1, (int)target};
    if (rc == 0 && regression)
        nn_score_rmse_output(&score, &rmse);
    else if (rc == 0)
        rc = nn_score_loss(&score, loss, err);
    if (rc == 0)
        rc = nn_permutation_importance(session_trained_model(s), &d, &score, (int)nn_call_int(c, "repeats"),
                                       (uint64_t)s->settings.seed, &baseline, mean, std, err);
    if (rc == 0) {
        session_print(s, "importance on %s (%d rows): %s=%.6g, rise when a feature is shuffled (%ld repeats)%s%s",
                      part_names[part], d.n, loss, baseline, nn_call_int(c, "repeats"),
                      p->ny > 1 ? " target=" : "", p->ny > 1 ? p->target_names[target] : "");
        for (size_t i = 0; i < f; i++)
            order[i] = i;
        sort_key = mean;
        qsort(order, f, sizeof *order, by_key_desc);
        for (size_t i = 0; i < f; i++)
            session_print(s, "  %-28s %10.4g +- %.2g", p->feature_names[order[i]], mean[order[i]],
                          std[order[i]]);
    }
    free(mean), free(std), free(order);
    return rc;
}

/* ---- explain ---- */

static long prepared_row(const nn_prepared *p, size_t table_row)
{
    for (size_t i = 0; i < p->nrows; i++)
        if (p->source_row[i] == table_row)
            return (long)i;
    return -1;
}

static const char *explained_what(const nn_prepared *p)
{
    return p->task == NN_TASK_REGRESSION ? "prediction"
           : p->task == NN_TASK_BINARY   ? "p(positive class)"
                                         : "p(predicted class)";
}

/* The output explained: target j of a regression, the predicted class
 * (-1) of a classifier. */
static int explained_output(const nn_prepared *p, size_t j)
{
    return p->task == NN_TASK_REGRESSION ? (int)j : -1;
}

/* An output of the model in the units the user reads: target j's for a
 * regression, a probability as it is. */
static double in_units(const nn_prepared *p, size_t j, double v)
{
    return p->task == NN_TASK_REGRESSION ? nn_prepared_unscale(p, j, v) : v;
}

/* Contributions to output j (scaled units) in the units the user reads. */
static void contributions_in_units(const nn_prepared *p, size_t j, double *v, size_t f)
{
    double scale = p->task == NN_TASK_REGRESSION ? p->y_scale[j] : 1;
    for (size_t k = 0; k < f; k++)
        v[k] *= scale;
}

/* " class=NAME" for a multiclass, " target=NAME" among several targets. */
static void explained_which(const nn_prepared *p, int output, size_t j, char *buf, size_t len)
{
    buf[0] = '\0';
    if (p->task == NN_TASK_MULTICLASS)
        snprintf(buf, len, " class=%s", p->class_names[output]);
    else if (p->ny > 1)
        snprintf(buf, len, " target=%s", p->target_names[j]);
}

/* Prints values[j] under the feature names, largest magnitude first. */
static void print_by_magnitude(nn_session *s, const double *values, size_t f, size_t *order)
{
    double *mag = malloc(f * sizeof *mag);
    for (size_t j = 0; j < f; j++)
        order[j] = j;
    for (size_t j = 0; mag && j < f; j++)
        mag[j] = fabs(values[j]);
    sort_key = mag;
    if (mag)
        qsort(order, f, sizeof *order, by_key_desc);
    for (size_t j = 0; j < f; j++)
        session_print(s, "  %-28s %+10.4g", s->prep.feature_names[order[j]], values[order[j]]);
    free(mag);
}

static int explain_lime(nn_session *s, const nn_call *c, long row, long i, size_t target, nn_error *err)
{
    const nn_prepared *p = &s->prep;
    int ref = results_reference_part(p);
    size_t f = p->nfeatures, n_train = p->begin[ref + 1] - p->begin[ref];
    int samples = nn_call_given(c, "samples") ? (int)nn_call_int(c, "samples") : NN_LIME_DEFAULT_SAMPLES;
    double *coef = malloc(f * sizeof *coef);
    size_t *order = malloc(f * sizeof *order);
    nn_lime_fit fit;
    int rc = coef && order ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        rc = nn_lime(session_trained_model(s), p->x + (size_t)i * f, p->x + p->begin[ref] * f, (int)n_train, samples,
                     explained_output(p, target), (uint64_t)s->settings.seed, coef, &fit, err);
    if (rc < 0)
        session_prefix_error(err, "explain");
    if (rc == 0) {
        char which[300];
        explained_which(p, fit.output, target, which, sizeof which);
        session_print(s, "row %ld: %s=%.6g lime_fit=%.6g r2=%.4g (LIME: %d samples, kernel width %.3g)%s",
                      row, explained_what(p), in_units(p, target, fit.value), in_units(p, target, fit.local),
                      fit.r2, samples, fit.kernel_width, which);
        session_print(s, "  coefficients: change per training standard deviation of each feature");
        contributions_in_units(p, target, coef, f);
        print_by_magnitude(s, coef, f, order);
    }
    free(coef), free(order);
    return rc;
}

HANDLER(cmd_explain)
{
    if (results_need_model(s, "explain", err) < 0)
        return -1;
    const nn_prepared *p = &s->prep;
    long row = nn_call_int(c, "row"), i = prepared_row(p, (size_t)row - 1);
    if (i < 0)
        return nn_fail(err, "explain: row %ld is not among the prepared rows (rows are numbered from 1 as `head` shows; a window's first rows have no features)", row);
    size_t target;
    if (results_target(s, c, "explain", &target, err) < 0)
        return -1;
    if (strcmp(nn_call_str(c, "method"), "lime") == 0)
        return explain_lime(s, c, row, i, target, err);
    int ref = results_reference_part(p);
    size_t f = p->nfeatures, n_train = p->begin[ref + 1] - p->begin[ref];
    int k = n_train < 100 ? (int)n_train : 100;
    float *background = malloc((size_t)k * f * sizeof *background);
    double *phi = malloc(f * sizeof *phi);
    size_t *order = malloc(f * sizeof *order);
    nn_explanation e;
    int rc = background && phi && order ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        k = nn_sample_rows(p->x + p->begin[ref] * f, (int)n_train, (int)f, k, (uint64_t)s->settings.seed,
                           background);
    if (rc == 0)
        rc = nn_shapley(session_trained_model(s), p->x + (size_t)i * f, background, k,
                        nn_call_given(c, "samples") ? (int)nn_call_int(c, "samples") : 64,
                        explained_output(p, target), (uint64_t)s->settings.seed, phi, &e, err);
    if (rc == 0) {
        char which[300];
        explained_which(p, e.output, target, which, sizeof which);
        session_print(s, "row %ld: %s=%.6g baseline=%.6g (mean over %d %s rows)%s", row, explained_what(p),
                      in_units(p, target, e.value), in_units(p, target, e.baseline), k,
                      ref == NN_PART_NONE ? "of the data's" : "training", which);
        contributions_in_units(p, target, phi, f);
        print_by_magnitude(s, phi, f, order);
    }
    free(background), free(phi), free(order);
    return rc;
}
