/* Results: evaluate against a naive baseline, permutation importance and
 * per-row explanations, all on the data the model was trained on, with
 * metrics in the target's original units. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine/evaluate.h"
#include "engine/explain.h"
#include "engine/importance.h"
#include "results.h"
#include "session_internal.h"

static const char *const part_names[] = {"train", "val", "test"};

int results_need_model(const nn_session *s, const char *cmd, nn_error *err)
{
    if (!s->prepared || !s->model->built)
        return nn_fail(err, "%s: nothing trained yet: `train` first", cmd);
    if (session_training(s))
        return nn_fail(err, "%s: training is running; `wait` or `stop` first", cmd);
    return 0;
}

/* Model outputs for rows [first, first + n) of the prepared data. */
double *results_predict(nn_session *s, size_t first, size_t n, nn_error *err)
{
    size_t width = (size_t)nn_model_output_size(s->model); /* what predict writes */
    if (width != s->prep.ntargets) {
        nn_fail(err, "the model gives %zu outputs but the data has %zu targets: `train` again", width,
                s->prep.ntargets);
        return NULL;
    }
    float *out = malloc((n * width + 1) * sizeof *out);
    double *d = malloc((n * width + 1) * sizeof *d);
    if (!out || !d || nn_model_predict(s->model, s->prep.x + first * s->prep.nfeatures, (int)n, out, err) < 0) {
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

static void print_regression(nn_session *s, const char *label, const nn_regression_report *r,
                             const char *kind)
{
    char extra[64] = "", tail[48] = "";
    if (!isnan(r->directional_accuracy))
        snprintf(extra, sizeof extra, " directional_accuracy=%.4g", r->directional_accuracy);
    if (kind)
        snprintf(tail, sizeof tail, " kind=%s", kind);
    session_print(s, "%s rmse=%.6g mae=%.6g mape=%.4g r2=%.4g%s n=%zu%s", label, r->rmse, r->mae,
                  r->mape, r->r2, extra, r->n, tail);
}

static int evaluate_regression(nn_session *s, int part, const double *pred, nn_error *err)
{
    const nn_prepared *p = &s->prep;
    size_t first = p->begin[part], n = p->begin[part + 1] - first;
    nn_forecast kind = forecast_kind(p);
    const double *truth = p->y_raw + first;
    const double *ref = kind == NN_FORECAST_LEVEL ? p->last_value + first : NULL;
    nn_regression_report r;
    double *base = malloc(n * sizeof *base);
    int rc = base ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        rc = nn_regression_report_fill(&r, truth, pred, n, kind, ref, err);
    if (rc == 0)
        print_regression(s, part_names[part], &r, NULL);
    if (rc == 0)
        rc = nn_regression_baseline(base, n, kind, ref, p->y_raw + p->begin[0],
                                    p->begin[1] - p->begin[0], err);
    if (rc == 0)
        rc = nn_regression_report_fill(&r, truth, base, n, kind, ref, err);
    if (rc == 0)
        print_regression(s, "baseline", &r, kind == NN_FORECAST_LEVEL    ? "persistence"
                                                : kind == NN_FORECAST_RETURN ? "zero_change"
                                                                             : "training_mean");
    free(base);
    return rc;
}

static void print_classification(nn_session *s, const char *label, const nn_classification_report *r,
                                 const char *kind)
{
    char tail[48] = "";
    if (kind)
        snprintf(tail, sizeof tail, " kind=%s", kind);
    session_print(s, "%s accuracy=%.4g precision=%.4g recall=%.4g f1=%.4g auc=%.4g logloss=%.4g n=%zu%s",
                  label, r->accuracy, r->precision, r->recall, r->f1, r->auc, r->logloss, r->n, tail);
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

static int evaluate_classification(nn_session *s, int part, const double *prob, nn_error *err)
{
    const nn_prepared *p = &s->prep;
    size_t first = p->begin[part], n = p->begin[part + 1] - first, n_train = p->begin[1] - p->begin[0];
    int width = (int)p->ntargets;
    int *truth = class_labels(p->y_raw + first, n), *train = class_labels(p->y_raw + p->begin[0], n_train);
    double *base = malloc((n * (size_t)width + 1) * sizeof *base);
    nn_classification_report r = {0};
    int rc = truth && train && base ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        rc = nn_classification_report_fill(&r, truth, prob, n, width, err);
    if (rc == 0) {
        print_classification(s, part_names[part], &r, NULL);
        print_confusion(s, &r);
    }
    nn_classification_report_free(&r);
    if (rc == 0)
        rc = nn_majority_baseline(base, n, width, train, n_train, err);
    if (rc == 0)
        rc = nn_classification_report_fill(&r, truth, base, n, width, err);
    if (rc == 0)
        print_classification(s, "baseline", &r, "majority");
    nn_classification_report_free(&r);
    free(truth), free(train), free(base);
    return rc;
}

HANDLER(cmd_evaluate)
{
    if (results_need_model(s, "evaluate", err) < 0)
        return -1;
    const char *which = nn_call_str(c, "split");
    for (int part = 0; which && part < 3; part++)
        if (strcmp(which, part_names[part]) == 0 && s->prep.begin[part + 1] == s->prep.begin[part])
            return nn_fail(err, "evaluate: the %s split is empty; `split` gives it rows", which);
    for (int part = 0; part < 3; part++) {
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

/* The rows to score on: validation, else test, else training. */
static int scoring_part(const nn_prepared *p)
{
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
    nn_score score;
    const char *loss = session_loss(s);
    double baseline, *mean = malloc(f * sizeof *mean), *std = malloc(f * sizeof *std);
    size_t *order = malloc(f * sizeof *order);
    int rc = mean && std && order ? nn_score_loss(&score, loss, err) : nn_fail(err, "out of memory");
    if (rc == 0)
        rc = nn_permutation_importance(s->model, &d, &score, (int)nn_call_int(c, "repeats"),
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

HANDLER(cmd_explain)
{
    if (results_need_model(s, "explain", err) < 0)
        return -1;
    const nn_prepared *p = &s->prep;
    long row = nn_call_int(c, "row"), i = prepared_row(p, (size_t)row - 1);
    if (i < 0)
        return nn_fail(err, "explain: row %ld is not among the prepared rows (rows are numbered from 1 as `head` shows; a window's first rows have no features)", row);
    size_t f = p->nfeatures, n_train = p->begin[1] - p->begin[0];
    int k = n_train < 100 ? (int)n_train : 100;
    float *background = malloc((size_t)k * f * sizeof *background);
    double *phi = malloc(f * sizeof *phi);
    size_t *order = malloc(f * sizeof *order);
    nn_explanation e;
    int rc = background && phi && order ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        k = nn_sample_rows(p->x, (int)n_train, (int)f, k, (uint64_t)s->settings.seed, background);
    if (rc == 0)
        rc = nn_shapley(s->model, p->x + (size_t)i * f, background, k, (int)nn_call_int(c, "samples"), -1,
                        (uint64_t)s->settings.seed, phi, &e, err);
    if (rc == 0) {
        double scale = p->task == NN_TASK_REGRESSION ? p->y_scale : 1;
        double value = p->task == NN_TASK_REGRESSION ? nn_prepared_unscale(p, e.value) : e.value;
        double base = p->task == NN_TASK_REGRESSION ? nn_prepared_unscale(p, e.baseline) : e.baseline;
        const char *what = p->task == NN_TASK_REGRESSION ? "prediction"
                           : p->task == NN_TASK_BINARY   ? "p(positive class)"
                                                         : "p(predicted class)";
        session_print(s, "row %ld: %s=%.6g baseline=%.6g (mean over %d training rows)%s%s", row, what, value,
                      base, k, p->task == NN_TASK_MULTICLASS ? " class=" : "",
                      p->task == NN_TASK_MULTICLASS ? p->class_names[e.output] : "");
        double *mag = malloc(f * sizeof *mag);
        for (size_t j = 0; j < f; j++)
            order[j] = j, phi[j] *= scale;
        for (size_t j = 0; mag && j < f; j++)
            mag[j] = fabs(phi[j]);
        sort_key = mag;
        if (mag)
            qsort(order, f, sizeof *order, by_key_desc);
        for (size_t j = 0; j < f; j++)
            session_print(s, "  %-28s %+10.4g", p->feature_names[order[j]], phi[order[j]]);
        free(mag);
    }
    free(background), free(phi), free(order);
    return rc;
}
