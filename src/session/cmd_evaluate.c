/* evaluate: every split's metrics in the target's units, each with its
 * 95% bootstrap interval, beside a naive baseline on the same rows, and
 * whether the two intervals overlap. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine/bootstrap.h"
#include "engine/evaluate.h"
#include "results.h"
#include "session_internal.h"

#define part_names results_part_names

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

/* Column j of rows [first, first + n) of a matrix of w columns. */
static double *column_of(const double *v, size_t first, size_t n, size_t w, size_t j)
{
    double *c = malloc((n + 1) * sizeof *c);
    for (size_t i = 0; c && i < n; i++)
        c[i] = v[(first + i) * w + j];
    return c;
}

/* One target's line and its baseline's (with the overlap note), labelled
 * by the split, and by the target's name among several; the headline
 * figures go to model and base for the mean over targets. */
static int evaluate_target(nn_session *s, int part, size_t j, const double *pred_all, regression_spread *model,
                           regression_spread *base, nn_error *err)
{
    const nn_prepared *p = &s->prep;
    int ref_part = results_reference_part(p);
    size_t first = p->begin[part], n = p->begin[part + 1] - first, w = p->ny;
    size_t ref_first = p->begin[ref_part], n_ref = p->begin[ref_part + 1] - ref_first;
    nn_forecast kind = forecast_kind(p);
    const double *ref = kind == NN_FORECAST_LEVEL ? p->last_value + first : NULL;
    double *truth = column_of(p->y_raw, first, n, w, j), *pred = column_of(pred_all, 0, n, w, j);
    double *train = column_of(p->y_raw, ref_first, n_ref, w, j), *naive = malloc((n + 1) * sizeof *naive);
    char label[300], base_label[300];
    snprintf(label, sizeof label, w > 1 ? "%s[%s]" : "%s", part_names[part], p->target_names[j]);
    snprintf(base_label, sizeof base_label, w > 1 ? "baseline[%s]" : "baseline", p->target_names[j]);
    int rc = truth && pred && train && naive ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        rc = regression_spread_fill(model, s, truth, pred, n, kind, ref, err);
    if (rc == 0)
        print_regression(s, label, model, NULL);
    if (rc == 0)
        rc = nn_regression_baseline(naive, n, kind, ref, train, n_ref, err);
    if (rc == 0)
        rc = regression_spread_fill(base, s, truth, naive, n, kind, ref, err);
    if (rc == 0) {
        print_regression(s, base_label, base, kind == NN_FORECAST_LEVEL    ? "persistence"
                                              : kind == NN_FORECAST_RETURN ? "zero_change"
                                              : results_all_rows(p)        ? "mean_of_these_rows"
                                                                           : "training_mean");
        print_overlap(s, "rmse", model->lo.rmse, model->hi.rmse, base->lo.rmse, base->hi.rmse);
    }
    free(truth), free(pred), free(train), free(naive);
    return rc;
}

/* The mean of each figure over the targets (each in its own units, so
 * rmse and mae mix units; r2 and mape do not). */
static void print_mean(nn_session *s, const char *label, const nn_regression_report *sum, size_t ny,
                       const char *kind)
{
    double k = (double)ny;
    session_print(s, "%s rmse=%.6g mae=%.6g mape=%.4g r2=%.4g n=%zu targets=%zu%s%s", label, sum->rmse / k,
                  sum->mae / k, sum->mape / k, sum->r2 / k, sum->n, ny, kind ? " kind=" : "", kind ? kind : "");
}

static void add_report(nn_regression_report *sum, const nn_regression_report *r)
{
    sum->rmse += r->rmse, sum->mae += r->mae, sum->mape += r->mape, sum->r2 += r->r2;
    sum->n = r->n;
}

/* One line per target beside its own baseline, then the mean over the
 * targets (for several). */
static int evaluate_regression(nn_session *s, int part, const double *pred, nn_error *err)
{
    size_t ny = s->prep.ny;
    nn_regression_report sum = {0}, base_sum = {0};
    for (size_t j = 0; j < ny; j++) {
        regression_spread model, base;
        if (evaluate_target(s, part, j, pred, &model, &base, err) < 0)
            return -1;
        add_report(&sum, &model.r), add_report(&base_sum, &base.r);
    }
    if (ny > 1) {
        char label[64];
        snprintf(label, sizeof label, "%s[mean]", part_names[part]);
        print_mean(s, label, &sum, ny, NULL);
        print_mean(s, "baseline[mean]", &base_sum, ny, results_all_rows(&s->prep) ? "mean_of_these_rows" : "training_mean");
    }
    return 0;
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

/* Counts right-aligned under the class names; the row labels in a column
 * as wide as its heading or the longest name. */
static void print_confusion(nn_session *s, const nn_classification_report *r)
{
    static const char head[] = "truth\\pred";
    int k = r->nclasses, w = 6, lw = (int)strlen(head);
    size_t most = 0;
    for (int i = 0; i < k * k; i++)
        most = r->confusion[i] > most ? r->confusion[i] : most;
    char digits[32];
    int dw = snprintf(digits, sizeof digits, "%zu", most);
    w = dw > w ? dw : w;
    for (int i = 0; i < k; i++) {
        int len = (int)strlen(s->prep.class_names[i]);
        w = len > w ? len : w;
        lw = len > lw ? len : lw;
    }
    char line[1024];
    int n = snprintf(line, sizeof line, "confusion %-*s", lw, head);
    for (int j = 0; j < k && n < (int)sizeof line - 40; j++)
        n += snprintf(line + n, sizeof line - (size_t)n, " %*s", w, s->prep.class_names[j]);
    session_print(s, "%s", line);
    for (int i = 0; i < k; i++) {
        n = snprintf(line, sizeof line, "confusion %-*s", lw, s->prep.class_names[i]);
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
