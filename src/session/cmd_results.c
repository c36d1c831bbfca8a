/* Results: evaluate against a naive baseline, permutation importance and
 * per-row explanations, all on the data the model was trained on, with
 * metrics in the target's original units. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine/bootstrap.h"
#include "engine/evaluate.h"
#include "engine/explain.h"
#include "engine/importance.h"
#include "engine/lime.h"
#include "results.h"
#include "session_internal.h"

const char *const results_part_names[NN_PART_COUNT] = {"train", "val", "test", "all"};
#define part_names results_part_names

bool results_all_rows(const nn_prepared *p)
{
    return p->begin[NN_PART_NONE] == 0 && p->nrows > 0;
}

int results_reference_part(const nn_prepared *p)
{
    return results_all_rows(p) ? NN_PART_NONE : NN_PART_TRAIN;
}

int results_need_model(const nn_session *s, const char *cmd, nn_error *err)
{
    if (!s->prepared || !session_trained_model(s)->built)
        return nn_fail(err, "%s: nothing trained yet: `train` (or `open` a model, then `load` data) first",
                       cmd);
    if (session_training(s))
        return session_busy(s, cmd, err);
    if (!results_all_rows(&s->prep))
        return 0;
    if (!s->prep.y && strcmp(cmd, "explain") != 0)
        return nn_fail(err, "%s: %s has no target column, so there is nothing to score; `predict` "
                       "writes the predictions", cmd, s->data_name);
    if (nn_prepared_check_complete(&s->prep, err) < 0) /* the recipe imputes nothing there */
        return session_prefix_error(err, cmd);
    return 0;
}

/* Model outputs for rows [first, first + n) of the prepared data. */
double *results_predict(nn_session *s, size_t first, size_t n, nn_error *err)
{
    nn_model *m = session_trained_model(s);
    size_t width = (size_t)nn_model_output_size(m); /* what predict writes */
    if (width != s->prep.ntargets) {
        nn_fail(err, "the model gives %zu outputs but the data has %zu targets: `train` again", width,
                s->prep.ntargets);
        return NULL;
    }
    float *out = malloc((n * width + 1) * sizeof *out);
    double *d = malloc((n * width + 1) * sizeof *d);
    if (!out || !d || nn_model_predict(m, s->prep.x + first * s->prep.nfeatures, (int)n, out, err) < 0) {
        free(out), free(d);
        if (!out || !d)
            nn_fail(err, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n * width; i++)
        d[i] = s->prep.task == NN_TASK_REGRESSION ? nn_prepared_unscale(&s->prep, out[i]) : out[i];
    free(out);
    return d;
}

static nn_forecast forecast_kind(const nn_prepared *p)
{
    if (!p->windowed || p->task != NN_TASK_REGRESSION)
        return NN_FORECAST_NONE;
    return p->window_as == NN_WINDOW_LEVEL ? NN_FORECAST_LEVEL : NN_FORECAST_RETURN;
}

/* Appends " key=value [lo,hi]" to line, the value printed with fmt. */
static void put(char *line, size_t size, const char *key, const char *fmt, double v, double lo,
                double hi)
{
    size_t used = strlen(line);
    char value[40];
    snprintf(value, sizeof value, fmt, v);
    snprintf(line + used, size - used, " %s=%s [%.3g,%.3g]", key, value, lo, hi);
}

/* A report and its bootstrap interval. */
typedef struct {
    nn_regression_report r, lo, hi;
} regression_spread;

typedef struct {
    nn_classification_report r, lo, hi;
} classification_spread;

/* Whether the model's interval of the headline metric overlaps the
 * baseline's: if it does, the two may differ by the draw of rows alone. */
static void print_overlap(nn_session *s, const char *metric, double lo, double hi, double base_lo,
                          double base_hi)
{
    if (isnan(lo) || isnan(hi) || isnan(base_lo) || isnan(base_hi))
        return;
    bool overlap = lo <= base_hi && base_lo <= hi;
    session_print(s, "note: the model's %s interval [%.3g,%.3g] %s the baseline's [%.3g,%.3g]: %s",
                  metric, lo, hi, overlap ? "overlaps" : "does not overlap", base_lo, base_hi,
                  overlap ? "the difference may be noise" : "the difference is unlikely to be noise");
}

/* A no-change baseline calls no direction (its directional accuracy is 0
 * by definition), so its line leaves it out; directions get their own
 * baseline, always up. */
static void print_regression(nn_session *s, const char *label, const regression_spread *x,
                             const char *kind)
{
    const nn_regression_report *r = &x->r, *lo = &x->lo, *hi = &x->hi;
    char line[512] = "";
    put(line, sizeof line, "rmse", "%.6g", r->rmse, lo->rmse, hi->rmse);
    put(line, sizeof line, "mae", "%.6g", r->mae, lo->mae, hi->mae);
    put(line, sizeof line, "mape", "%.4g", r->mape, lo->mape, hi->mape);
    put(line, sizeof line, "r2", "%.4g", r->r2, lo->r2, hi->r2);
    bool forecast = !isnan(r->always_up);
    if (forecast && !kind)
        put(line, sizeof line, "directional_accuracy", "%.4g", r->directional_accuracy,
            lo->directional_accuracy, hi->directional_accuracy);
    session_print(s, "%s%s n=%zu%s%s", label, line, r->n, kind ? " kind=" : "", kind ? kind : "");
    if (forecast && kind) {
        line[0] = '\0';
        put(line, sizeof line, "directional_accuracy", "%.4g", r->always_up, lo->always_up,
            hi->always_up);
        session_print(s, "%s%s n=%zu kind=always_up", label, line, r->moved);
    }
}

static int regression_spread_fill(regression_spread *x, nn_session *s, const double *truth,
                                  const double *pred, size_t n, nn_forecast kind,
                                  const double *ref, nn_error *err)
{
    if (nn_regression_report_fill(&x->r, truth, pred, n, kind, ref, err) < 0)
        return -1;
    return nn_regression_bootstrap(&x->lo, &x->hi, truth, pred, n, kind, ref,
                                   NN_BOOTSTRAP_RESAMPLES, (uint64_t)s->settings.seed, err);
}

static int evaluate_regression(nn_session *s, int part, const double *pred, nn_error *err)
{
    const nn_prepared *p = &s->prep;
    size_t first = p->begin[part], n = p->begin[part + 1] - first;
    nn_forecast kind = forecast_kind(p);
    const double *truth = p->y_raw + first;
    const double *ref = kind == NN_FORECAST_LEVEL ? p->last_value + first : NULL;
    regression_spread model, base;
    double *naive = malloc(n * sizeof *naive);
    int rc = naive ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        rc = regression_spread_fill(&model, s, truth, pred, n, kind, ref, err);
    if (rc == 0)
        print_regression(s, part_names[part], &model, NULL);
    if (rc == 0)
        rc = nn_regression_baseline(naive, n, kind, ref, p->y_raw + p->begin[results_reference_part(p)],
                                    p->begin[results_reference_part(p) + 1] - p->begin[results_reference_part(p)], err);
    if (rc == 0)
        rc = regression_spread_fill(&base, s, truth, naive, n, kind, ref, err);
    if (rc == 0) {
        print_regression(s, "baseline", &base, kind == NN_FORECAST_LEVEL    ? "persistence"
                                               : kind == NN_FORECAST_RETURN ? "zero_change"
                                               : results_all_rows(p)        ? "mean_of_these_rows"
                                                                            : "training_mean");
        print_overlap(s, "rmse", model.lo.rmse, model.hi.rmse, base.lo.rmse, base.hi.rmse);
    }
    free(naive);
    return rc;
}

static void print_classification(nn_session *s, const char *label, const classification_spread *x,
                                 const char *kind)
{
    const nn_classification_report *r = &x->r, *lo = &x->lo, *hi = &x->hi;
    char line[512] = "";
    put(line, sizeof line, "accuracy", "%.4g", r->accuracy, lo->accuracy, hi->accuracy);
    put(line, sizeof line, "precision", "%.4g", r->precision, lo->precision, hi->precision);
    put(line, sizeof line, "recall", "%.4g", r->recall, lo->recall, hi->recall);
    put(line, sizeof line, "f1", "%.4g", r->f1, lo->f1, hi->f1);
    put(line, sizeof line, "auc", "%.4g", r->auc, lo->auc, hi->auc);
    put(line, sizeof line, "logloss", "%.4g", r->logloss, lo->logloss, hi->logloss);
    session_print(s, "%s%s n=%zu%s%s", label, line, r->n, kind ? " kind=" : "", kind ? kind : "");
}

static void print_confusion(nn_session *s, const nn_classification_report *r)
{
    int k = r->nclasses, w = 6;
    for (int i = 0; i < k; i++)
        if ((int)strlen(s->prep.class_names[i]) > w)
            w = (int)strlen(s->prep.class_names[i]);
    char line[1024];
    int n = snprintf(line, sizeof line, "confusion %*s", w, "truth\\pred");
    for (int j = 0; j < k && n < (int)sizeof line - 40; j++)
        n += snprintf(line + n, sizeof line - (size_t)n, " %*s", w, s->prep.class_names[j]);
    session_print(s, "%s", line);
    for (int i = 0; i < k; i++) {
        n = snprintf(line, sizeof line, "confusion %*s", w, s->prep.class_names[i]);
        for (int j = 0; j < k && n < (int)sizeof line - 40; j++)
            n += snprintf(line + n, sizeof line - (size_t)n, " %*zu", w, r->confusion[i * k + j]);
        session_print(s, "%s", line);
    }
}

static int *class_labels(const double *y_raw, size_t n)
{
    int *t = malloc((n + 1) * sizeof *t);
    for (size_t i = 0; t && i < n; i++)
        t[i] = (int)y_raw[i];
    return t;
}

static int classification_spread_fill(classification_spread *x, nn_session *s, const int *truth,
                                      const double *prob, size_t n, int width, nn_error *err)
{
    if (nn_classification_report_fill(&x->r, truth, prob, n, width, err) < 0)
        return -1;
    return nn_classification_bootstrap(&x->lo, &x->hi, truth, prob, n, width,
                                       NN_BOOTSTRAP_RESAMPLES, (uint64_t)s->settings.seed, err);
}

/* The AUC where it is defined, else accuracy. */
static void print_class_overlap(nn_session *s, const classification_spread *m,
                                const classification_spread *b)
{
    if (!isnan(m->r.auc) && !isnan(b->r.auc))
        print_overlap(s, "auc", m->lo.auc, m->hi.auc, b->lo.auc, b->hi.auc);
    else
        print_overlap(s, "accuracy", m->lo.accuracy, m->hi.accuracy, b->lo.accuracy,
                      b->hi.accuracy);
}

static int evaluate_classification(nn_session *s, int part, const double *prob, nn_error *err)
{
    const nn_prepared *p = &s->prep;
    int ref = results_reference_part(p);
    size_t first = p->begin[part], n = p->begin[part + 1] - first, n_train = p->begin[ref + 1] - p->begin[ref];
    int width = (int)p->ntargets;
    int *truth = class_labels(p->y_raw + first, n), *train = class_labels(p->y_raw + p->begin[ref], n_train);
    double *naive = malloc((n * (size_t)width + 1) * sizeof *naive);
    classification_spread model = {0}, base = {0};
    int rc = truth && train && naive ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        rc = classification_spread_fill(&model, s, truth, prob, n, width, err);
    if (rc == 0) {
        print_classification(s, part_names[part], &model, NULL);
        print_confusion(s, &model.r);
    }
    if (rc == 0)
        rc = nn_majority_baseline(naive, n, width, train, n_train, err);
    if (rc == 0)
        rc = classification_spread_fill(&base, s, truth, naive, n, width, err);
    if (rc == 0) {
        print_classification(s, "baseline", &base, ref == NN_PART_NONE ? "majority_of_these_rows" : "majority");
        print_class_overlap(s, &model, &base);
    }
    nn_classification_report_free(&model.r);
    nn_classification_report_free(&base.r);
    free(truth), free(train), free(naive);
    return rc;
}

HANDLER(cmd_evaluate)
{
    if (results_need_model(s, "evaluate", err) < 0)
        return -1;
    const char *which = nn_call_str(c, "split");
    bool all = results_all_rows(&s->prep);
    if (which && all != (strcmp(which, "all") == 0))
        return all ? nn_fail(err, "evaluate %s: %s went through the opened model's recipe, which has "
                             "no split: `evaluate` scores all %zu rows", which, s->data_name, s->prep.nrows)
                   : nn_fail(err, "evaluate all: only for new data through an opened model's recipe; "
                             "here: evaluate train, val or test");
    for (int part = 0; which && part < 3; part++)
        if (strcmp(which, part_names[part]) == 0 && s->prep.begin[part + 1] == s->prep.begin[part])
            return nn_fail(err, "evaluate: the %s split is empty; `split` gives it rows", which);
    for (int part = all ? NN_PART_NONE : 0; part < (all ? NN_PART_COUNT : NN_PART_NONE); part++) {
        size_t n = s->prep.begin[part + 1] - s->prep.begin[part];
        if ((which && strcmp(which, part_names[part]) != 0) || n == 0)
            continue;
        double *pred = results_predict(s, s->prep.begin[part], n, err);
        int rc = !pred ? -1
                 : s->prep.task == NN_TASK_REGRESSION ? evaluate_regression(s, part, pred, err)
                                                      : evaluate_classification(s, part, pred, err);
        free(pred);
        if (rc < 0)
            return -1;
    }
    return 0;
}

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
    if (rc == 0 && regression)
        nn_score_rmse(&score, &p->y_scale);
    else if (rc == 0)
        rc = nn_score_loss(&score, loss, err);
    if (rc == 0)
        rc = nn_permutation_importance(session_trained_model(s), &d, &score, (int)nn_call_int(c, "repeats"),
                                       (uint64_t)s->settings.seed, &baseline, mean, std, err);
    if (rc == 0) {
        session_print(s, "importance on %s (%d rows): %s=%.6g, rise when a feature is shuffled (%ld repeats)",
                      part_names[part], d.n, loss, baseline, nn_call_int(c, "repeats"));
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

static int explain_lime(nn_session *s, const nn_call *c, long row, long i, nn_error *err)
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
        rc = nn_lime(session_trained_model(s), p->x + (size_t)i * f, p->x + p->begin[ref] * f, (int)n_train, samples, -1,
                     (uint64_t)s->settings.seed, coef, &fit, err);
    if (rc < 0)
        session_prefix_error(err, "explain");
    if (rc == 0) {
        bool reg = p->task == NN_TASK_REGRESSION;
        double scale = reg ? p->y_scale : 1;
        double value = reg ? nn_prepared_unscale(p, fit.value) : fit.value;
        double local = reg ? nn_prepared_unscale(p, fit.local) : fit.local;
        session_print(s, "row %ld: %s=%.6g lime_fit=%.6g r2=%.4g (LIME: %d samples, kernel width %.3g)%s%s",
                      row, explained_what(p), value, local, fit.r2, samples, fit.kernel_width,
                      p->task == NN_TASK_MULTICLASS ? " class=" : "",
                      p->task == NN_TASK_MULTICLASS ? p->class_names[fit.output] : "");
        session_print(s, "  coefficients: change per training standard deviation of each feature");
        for (size_t j = 0; j < f; j++)
            coef[j] *= scale;
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
    if (strcmp(nn_call_str(c, "method"), "lime") == 0)
        return explain_lime(s, c, row, i, err);
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
                        nn_call_given(c, "samples") ? (int)nn_call_int(c, "samples") : 64, -1,
                        (uint64_t)s->settings.seed, phi, &e, err);
    if (rc == 0) {
        double scale = p->task == NN_TASK_REGRESSION ? p->y_scale : 1;
        double value = p->task == NN_TASK_REGRESSION ? nn_prepared_unscale(p, e.value) : e.value;
        double base = p->task == NN_TASK_REGRESSION ? nn_prepared_unscale(p, e.baseline) : e.baseline;
        session_print(s, "row %ld: %s=%.6g baseline=%.6g (mean over %d %s rows)%s%s", row, explained_what(p),
                      value, base, k, ref == NN_PART_NONE ? "of the data's" : "training",
                      p->task == NN_TASK_MULTICLASS ? " class=" : "",
                      p->task == NN_TASK_MULTICLASS ? p->class_names[e.output] : "");
        for (size_t j = 0; j < f; j++)
            phi[j] *= scale;
        print_by_magnitude(s, phi, f, order);
    }
    free(background), free(phi), free(order);
    return rc;
}
