/* The second kind of job, cross-validation: `cv folds=K` (shuffled
 * k-fold, stratified for classes) and `cv walkforward folds=K
 * window=expanding|sliding` (rolling origin). Each fold refits a copy of
 * the recipe on its training rows and trains a fresh model of the
 * session's architecture (weights from the seed) with the current
 * settings, then scores it and the naive baseline on its test rows. The
 * session's model, prepared data and recipe fit are never touched: cv
 * estimates, it does not train the model.
 *
 * Each fold is one item of the job and one run (job.h): in batch mode
 * the folds run one after another in the foreground; in the workbench
 * each fold's trainer runs on its thread, and the UI thread's
 * nn_session_poll lets `next` score a fold once it ends and ready the
 * next, so every line is printed by the UI thread. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine/evaluate.h"
#include "engine/loss.h"
#include "job.h"
#include "run.h"

enum { CV_METRICS = 4 };

typedef struct cv_run {
    nn_recipe *recipe; /* a copy: the folds' fits never reach the session's */
    nn_fold fold;      /* the fold that runs */
    nn_settings run;
    nn_prepared prep;  /* the fold's rows */
    nn_model *model;   /* the fold's fresh model */
    const char *metric[CV_METRICS]; /* metric[0] is the loss, which the baseline has not */
    double *score, *base; /* per fold, CV_METRICS each */
} cv_run;

static const char *const kind_names[] = {"shuffled", "walkforward", "walkforward"};

static void cv_free(void *state)
{
    cv_run *cv = state;
    if (!cv)
        return;
    nn_recipe_free(cv->recipe);
    nn_prepared_free(&cv->prep);
    nn_model_free(cv->model);
    free(cv->score), free(cv->base);
    free(cv);
}

/* ---- one fold ---- */

static nn_model *fresh_model(const nn_model *like, nn_error *err)
{
    nn_model *m = nn_model_new();
    if (!m) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    for (int i = 0; i < like->n_layers; i++)
        if (nn_model_add(m, &like->layers[i].spec, err) < 0) {
            nn_model_free(m);
            return NULL;
        }
    return m; /* built, with weights from the seed, by the trainer */
}

static void fold_drop(nn_session *s, cv_run *cv)
{
    run_drop(s); /* before the model it trains */
    nn_model_free(cv->model);
    cv->model = NULL;
    nn_prepared_free(&cv->prep);
}

static void choose_metrics(cv_run *cv, nn_task task)
{
    static const char *const regression[] = {"loss", "rmse", "mae", "r2"};
    static const char *const classes[] = {"loss", "accuracy", "auc", "f1"};
    memcpy(cv->metric, task == NN_TASK_REGRESSION ? regression : classes, sizeof cv->metric);
}

/* Prepares fold cv->fold.k and readies its run (not started). */
static int fold_start(nn_session *s, job *j, nn_error *err)
{
    cv_run *cv = j->state;
    j->item = cv->fold.k, j->items = cv->fold.nfolds;
    nn_notes notes = {0};
    int rc = nn_recipe_prepare_fold(cv->recipe, s->table, &cv->fold, &cv->prep, &notes, err);
    if (cv->fold.k == 0) /* the folds' notes are alike: the first one's say it */
        for (size_t i = 0; i < notes.n; i++)
            session_warn(s, "%s", notes.items[i]);
    nn_notes_free(&notes);
    if (rc < 0)
        return session_prefix_error(err, "cv");
    if (nn_prepared_check_complete(&cv->prep, err) < 0)
        return session_prefix_error(err, "cv");
    if (cv->prep.ny > 1) /* a fold's one score per metric would hide which target it is */
        return nn_fail(err, "cv: a model of %zu targets is not cross-validated yet: `evaluate` scores "
                       "each target", cv->prep.ny);
    if (session_check_output(s, &cv->prep, "cv", err) < 0)
        return -1;
    nn_dataset train = session_part(&cv->prep, NN_PART_TRAIN);
    if (train.n == 0 || cv->prep.begin[NN_PART_TEST + 1] == cv->prep.begin[NN_PART_TEST])
        return nn_fail(err, "cv: fold %d/%d has no %s rows", cv->fold.k + 1, cv->fold.nfolds,
                       train.n ? "test" : "training");
    snprintf(cv->run.loss, sizeof cv->run.loss, "%s", session_loss_for(s, cv->prep.task));
    choose_metrics(cv, cv->prep.task);
    if (!(cv->model = fresh_model(s->model, err)))
        return -1;
    if (run_new(s, cv->model, &cv->prep, &cv->run, &train, NULL, NULL, false, err) < 0)
        return -1;
    char label[32]; /* `runs` tells a fold from a run of the session's model */
    snprintf(label, sizeof label, "cv fold %d/%d", cv->fold.k + 1, cv->fold.nfolds);
    nn_history_set_label(s->runs[s->nruns - 1], label);
    return 0;
}

static nn_forecast forecast_kind(const nn_prepared *p)
{
    if (!p->windowed || p->task != NN_TASK_REGRESSION)
        return NN_FORECAST_NONE;
    return p->window_as == NN_WINDOW_LEVEL ? NN_FORECAST_LEVEL : NN_FORECAST_RETURN;
}

static int score_regression(const nn_prepared *p, const double *pred, const double *base, size_t first,
                            size_t n, double *score, double *base_score, nn_error *err)
{
    nn_forecast kind = forecast_kind(p);
    const double *ref = kind == NN_FORECAST_LEVEL ? p->last_value + first : NULL;
    nn_regression_report r, b;
    if (nn_regression_report_fill(&r, p->y_raw + first, pred, n, kind, ref, err) < 0 ||
        nn_regression_report_fill(&b, p->y_raw + first, base, n, kind, ref, err) < 0)
        return -1;
    double m[] = {r.rmse, r.mae, r.r2}, bm[] = {b.rmse, b.mae, b.r2};
    memcpy(score + 1, m, sizeof m), memcpy(base_score + 1, bm, sizeof bm);
    return 0;
}

static int score_classes(const int *truth, const double *prob, size_t n, int width, double *score,
                         nn_error *err)
{
    nn_classification_report r = {0};
    if (nn_classification_report_fill(&r, truth, prob, n, width, err) < 0)
        return -1;
    score[1] = r.accuracy, score[2] = r.auc, score[3] = r.f1;
    nn_classification_report_free(&r);
    return 0;
}

/* The baseline's predictions for the test rows, as evaluate makes them. */
static int baseline(const nn_prepared *p, const int *train_labels, double *base, nn_error *err)
{
    size_t first = p->begin[NN_PART_TEST], n = p->begin[NN_PART_TEST + 1] - first;
    size_t n_train = p->begin[NN_PART_TRAIN + 1] - p->begin[NN_PART_TRAIN];
    if (p->task != NN_TASK_REGRESSION)
        return nn_majority_baseline(base, n, (int)p->ntargets, train_labels, n_train, err);
    nn_forecast kind = forecast_kind(p);
    return nn_regression_baseline(base, n, kind, kind == NN_FORECAST_LEVEL ? p->last_value + first : NULL,
                                  p->y_raw + p->begin[NN_PART_TRAIN], n_train, err);
}

static int *labels(const nn_prepared *p, size_t first, size_t n)
{
    int *t = malloc((n + 1) * sizeof *t);
    for (size_t i = 0; t && i < n; i++)
        t[i] = (int)p->y_raw[first + i];
    return t;
}

/* Scores fold k's model and baseline on its test rows into cv->score and
 * cv->base. */
static int fold_score(cv_run *cv, nn_error *err)
{
    const nn_prepared *p = &cv->prep;
    size_t first = p->begin[NN_PART_TEST], n = p->begin[NN_PART_TEST + 1] - first, w = p->ntargets;
    size_t n_train = p->begin[NN_PART_TRAIN + 1] - p->begin[NN_PART_TRAIN];
    double *score = cv->score + cv->fold.k * CV_METRICS, *base_score = cv->base + cv->fold.k * CV_METRICS;
    float *out = malloc((n * w + 1) * sizeof *out);
    double *pred = malloc((n * w + 1) * sizeof *pred), *base = malloc((n * w + 1) * sizeof *base);
    int *truth = labels(p, first, n), *train = labels(p, p->begin[NN_PART_TRAIN], n_train);
    int rc = out && pred && base && truth && train ? 0 : nn_fail(err, "out of memory");
    if (rc == 0)
        rc = nn_model_predict(cv->model, p->x + first * p->nfeatures, (int)n, out, err);
    if (rc == 0) {
        /* the loss as training measures it, on the model's outputs and the prepared targets
         * (unweighted: class_weight changes what training minimises, not this score) */
        score[0] = nn_loss_find(cv->run.loss)->value(out, p->y + first * w, (int)n, (int)w, NULL, NULL);
        nn_prepared_unscale_rows(p, out, n, pred);
        rc = baseline(p, train, base, err);
    }
    if (rc == 0 && p->task == NN_TASK_REGRESSION)
        rc = score_regression(p, pred, base, first, n, score, base_score, err);
    else if (rc == 0)
        rc = score_classes(truth, pred, n, (int)w, score, err) < 0 ||
                     score_classes(truth, base, n, (int)w, base_score, err) < 0 ? -1 : 0;
    free(out), free(pred), free(base), free(truth), free(train);
    return rc;
}

static void print_fold(nn_session *s, const cv_run *cv)
{
    const double *score = cv->score + cv->fold.k * CV_METRICS, *base = cv->base + cv->fold.k * CV_METRICS;
    char line[512];
    int n = snprintf(line, sizeof line, "fold %d/%d train=%zu test=%zu", cv->fold.k + 1, cv->fold.nfolds,
                     cv->prep.begin[NN_PART_TRAIN + 1] - cv->prep.begin[NN_PART_TRAIN],
                     cv->prep.begin[NN_PART_TEST + 1] - cv->prep.begin[NN_PART_TEST]);
    for (int m = 0; m < CV_METRICS; m++)
        n += snprintf(line + n, sizeof line - (size_t)n, " %s=%.6g", cv->metric[m], score[m]);
    for (int m = 1; m < CV_METRICS; m++)
        n += snprintf(line + n, sizeof line - (size_t)n, " baseline_%s=%.6g", cv->metric[m], base[m]);
    session_print(s, "%s", line);
}

/* ---- the summary ---- */

/* Mean and sample standard deviation (n - 1) of column m over the folds. */
static void mean_sd(const double *v, int folds, int m, double *mean, double *sd)
{
    double sum = 0, ss = 0;
    for (int k = 0; k < folds; k++)
        sum += v[k * CV_METRICS + m];
    *mean = sum / folds;
    for (int k = 0; k < folds; k++)
        ss += (v[k * CV_METRICS + m] - *mean) * (v[k * CV_METRICS + m] - *mean);
    *sd = sqrt(ss / (folds - 1));
}

static void print_summary(nn_session *s, const cv_run *cv, const char *who, const double *v, int from)
{
    char line[512];
    int n = snprintf(line, sizeof line, "cv %s folds=%d", who, cv->fold.nfolds);
    for (int m = from; m < CV_METRICS; m++) {
        double mean, sd;
        mean_sd(v, cv->fold.nfolds, m, &mean, &sd);
        n += snprintf(line + n, sizeof line - (size_t)n, " %s_mean=%.6g %s_sd=%.6g", cv->metric[m], mean,
                      cv->metric[m], sd);
    }
    session_print(s, "%s", line);
}

/* After fold k's run ended: scores it, then readies the next fold (1) or
 * prints the summary (0). A stopped fold ends the cv without a summary;
 * at the end the job drops the last fold's run. */
static int cv_next(nn_session *s, job *j, const nn_end_event *e, nn_error *err)
{
    cv_run *cv = j->state;
    if (e->reason == NN_END_STOPPED) {
        session_print(s, "cv stopped in fold %d/%d: no summary", cv->fold.k + 1, cv->fold.nfolds);
        return 0;
    }
    if (fold_score(cv, err) < 0)
        return session_prefix_error(err, "cv");
    print_fold(s, cv);
    fold_drop(s, cv);
    if (++cv->fold.k == cv->fold.nfolds) {
        print_summary(s, cv, "model", cv->score, 0);
        print_summary(s, cv, "baseline", cv->base, 1);
        return 0;
    }
    return fold_start(s, j, err) < 0 ? -1 : 1;
}

/* ---- the command ---- */

/* The kind of folds: walk-forward for series (the default there), and
 * shuffled folds refused on them, since a shuffled fold would train on
 * rows later than the ones it tests. */
static int fold_kind(nn_session *s, const nn_call *c, nn_fold_kind *kind, nn_error *err)
{
    nn_recipe_timing timing;
    if (nn_recipe_timing_of(s->recipe, s->table, &timing, err) < 0)
        return session_prefix_error(err, "cv");
    const char *how = nn_call_str(c, "kind");
    if (strcmp(how, "shuffled") == 0 && timing.chronological)
        return nn_fail(err, "cv shuffled: the rows are a time series (a sort, a window or an ordered split), "
                            "so shuffled folds would train on the future; use `cv walkforward folds=K`");
    int walk = strcmp(how, "walkforward") == 0 || (strcmp(how, "auto") == 0 && timing.chronological);
    if (!walk && nn_call_given(c, "window"))
        return nn_fail(err, "cv: window= is for walk-forward folds: `cv walkforward folds=K window=%s`",
                       nn_call_str(c, "window"));
    *kind = !walk ? NN_FOLDS_SHUFFLED
            : strcmp(nn_call_str(c, "window"), "sliding") == 0 ? NN_FOLDS_SLIDING : NN_FOLDS_EXPANDING;
    return 0;
}

static cv_run *cv_new(nn_session *s, const nn_call *c, nn_error *err)
{
    if (!s->table) {
        nn_fail(err, "cv: no data loaded: `load FILE` or `generate KIND` first");
        return NULL;
    }
    nn_fold_kind kind = NN_FOLDS_SHUFFLED;
    if (fold_kind(s, c, &kind, err) < 0)
        return NULL;
    cv_run *cv = calloc(1, sizeof *cv);
    int folds = (int)nn_call_int(c, "folds");
    if (!cv || !(cv->recipe = nn_recipe_copy(s->recipe)) ||
        !(cv->score = calloc((size_t)folds * CV_METRICS, sizeof *cv->score)) ||
        !(cv->base = calloc((size_t)folds * CV_METRICS, sizeof *cv->base))) {
        cv_free(cv);
        nn_fail(err, "out of memory");
        return NULL;
    }
    cv->fold = (nn_fold){kind, folds, 0};
    cv->run = s->settings;
    if (nn_call_given(c, "epochs"))
        cv->run.epochs = (int)nn_call_int(c, "epochs");
    if (nn_call_given(c, "batch"))
        cv->run.batch = (int)nn_call_int(c, "batch");
    return cv;
}

/* Readies the first fold's run; a fold that cannot start drops the
 * session's last run, as every fold's end does. */
static int cv_start(nn_session *s, job *j, const nn_call *c, bool printing, nn_error *err)
{
    (void)printing; /* the folds print their scores, never their epochs */
    cv_run *cv = cv_new(s, c, err);
    if (!cv)
        return -1;
    j->state = cv;
    if (fold_start(s, j, err) < 0) {
        fold_drop(s, cv);
        return -1;
    }
    const char *window = cv->fold.kind == NN_FOLDS_SHUFFLED ? "" : cv->fold.kind == NN_FOLDS_SLIDING
                                                                       ? " window=sliding" : " window=expanding";
    session_print(s, "cv kind=%s%s folds=%d epochs=%d (fresh models; the session's model is not changed)",
                  kind_names[cv->fold.kind], window, cv->fold.nfolds, cv->run.epochs);
    return 0;
}

static const job_kind job_cv = {
    .item_name = "fold",
    .forbids = NN_CMD_EDITS_DATA | NN_CMD_EDITS_MODEL,
    .start = cv_start,
    .next = cv_next,
    .say_end = NULL,
    RUN_CONTROLS,
    .free = cv_free,
};

HANDLER(cmd_cv)
{
    return job_begin(s, &job_cv, c, err);
}
