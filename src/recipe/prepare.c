/* Running a recipe: order and filter rows, build windows, split, fit on
 * the training rows, write the matrices. See recipe.h for the order of
 * the stages and why it is fixed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prep.h"

/* run()'s `predicting`: 0 fits the recipe; otherwise it is applied, to
 * predict (every row kept) or to score the model (rows need a target). */
enum { APPLY = 1, APPLY_TO_SCORE = 2 };

/* ---- stage 1: order and filter ---- */

static int compare_rows(const void *a, const void *b, void *ctx)
{
    const prep *pp = ctx;
    size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
    if (pp->plan.key_col >= 0) {
        float ka = pp->t->cols[pp->plan.key_col].values[ra];
        float kb = pp->t->cols[pp->plan.key_col].values[rb];
        if (ka != kb)
            return ka < kb ? -1 : 1;
    }
    if (pp->plan.time_col >= 0) {
        double ta = pp->t->cols[pp->plan.time_col].times[ra];
        double tb = pp->t->cols[pp->plan.time_col].times[rb];
        if (ta != tb)
            return ta < tb ? -1 : 1;
    }
    return ra < rb ? -1 : ra > rb;
}

static int impute_of(const nn_plan *p, int c)
{
    if (p->cols[c].impute != NN_IMPUTE_NONE)
        return p->cols[c].impute;
    return p->cols[c].role == ROLE_FEATURE ? p->all_impute : NN_IMPUTE_NONE;
}

/* Whether a row missing column c is dropped (`impute drop`). At
 * prediction a target that is not windowed is what is being predicted:
 * its blanks keep their rows. */
static int drops_missing(const nn_plan *p, int c)
{
    if (p->cols[c].role == ROLE_DROPPED || p->cols[c].role == ROLE_IGNORED)
        return 0;
    if (p->predicting && c == p->target && !p->cols[c].on)
        return 0;
    return impute_of(p, c) == NN_IMPUTE_DROP;
}

/* Why a row cannot be used: 0 when it can. */
static const char *row_fault(const prep *pp, size_t row)
{
    const nn_plan *p = &pp->plan;
    if (p->time_col >= 0 && nn_table_missing(pp->t, row, (size_t)p->time_col))
        return "without a date";
    if (p->key_col >= 0 && nn_table_missing(pp->t, row, (size_t)p->key_col))
        return "without a key";
    for (size_t c = 0; c < p->ncols; c++)
        if (drops_missing(p, (int)c) && nn_table_missing(pp->t, row, c))
            return "with a missing value (impute drop)";
    return NULL;
}

static int order_rows(prep *pp, nn_error *err)
{
    const nn_table *t = pp->t;
    pp->order = malloc((t->nrows ? t->nrows : 1) * sizeof *pp->order);
    pp->group = malloc((t->nrows ? t->nrows : 1) * sizeof *pp->group);
    if (!pp->order || !pp->group)
        return nn_fail(err, "out of memory");
    const char *fault = NULL;
    size_t dropped = 0;
    for (size_t row = 0; row < t->nrows; row++) {
        const char *why = row_fault(pp, row);
        if (why) {
            fault = fault ? fault : why;
            dropped++;
        } else {
            pp->order[pp->norder++] = row;
        }
    }
    if (dropped && !pp->norder && !pp->plan.predicting)
        return nn_fail(err, "all %zu rows dropped (the first %s)", dropped, fault);
    if (dropped)
        nn_notes_add(pp->notes, "%zu rows dropped (the first %s)", dropped, fault);
    if (pp->plan.key_col >= 0 || pp->plan.time_col >= 0)
        qsort_r(pp->order, pp->norder, sizeof *pp->order, compare_rows, pp);
    for (size_t q = 0; q < pp->norder; q++) {
        int same = q > 0 && (pp->plan.key_col < 0 ||
                             t->cols[pp->plan.key_col].values[pp->order[q]] ==
                                 t->cols[pp->plan.key_col].values[pp->order[q - 1]]);
        pp->group[q] = same ? pp->group[q - 1] : q;
    }
    return 0;
}

/* Forward fill within each key group: a value carries to later rows only. */
static int fill_forward(prep *pp, nn_error *err)
{
    const nn_plan *p = &pp->plan;
    for (size_t c = 0; c < p->ncols; c++) {
        if (impute_of(p, (int)c) != NN_IMPUTE_FFILL || pp->t->cols[c].type == NN_COL_DATE)
            continue;
        if (!pp->filled && !(pp->filled = calloc(p->ncols, sizeof *pp->filled)))
            return nn_fail(err, "out of memory");
        const float *v = pp->t->cols[c].values;
        float *f = pp->filled[c] = malloc((pp->t->nrows ? pp->t->nrows : 1) * sizeof *f);
        if (!f)
            return nn_fail(err, "out of memory");
        memcpy(f, v, pp->t->nrows * sizeof *f);
        float last = NAN;
        for (size_t q = 0; q < pp->norder; q++) {
            size_t row = pp->order[q];
            if (pp->group[q] == q)
                last = NAN;
            if (isnan(f[row]))
                f[row] = last;
            else
                last = f[row];
        }
    }
    return 0;
}

/* ---- stage 2: rows, windowed or not ---- */

static int add_row(prep *pp, size_t *cap, size_t q, size_t tq)
{
    if (pp->n == *cap) {
        *cap = *cap ? 2 * *cap : 1024;
        size_t *pos = realloc(pp->pos, *cap * sizeof *pos);
        if (pos)
            pp->pos = pos;
        size_t *tpos = realloc(pp->tpos, *cap * sizeof *tpos);
        if (tpos)
            pp->tpos = tpos;
        if (!pos || !tpos)
            return -1;
    }
    pp->pos[pp->n] = q;
    pp->tpos[pp->n++] = tq;
    return 0;
}

static int build_rows(prep *pp, nn_error *err)
{
    const nn_plan *p = &pp->plan;
    size_t cap = 0;
    if (!p->window_n) {
        for (size_t q = 0; q < pp->norder; q++)
            if (add_row(pp, &cap, q, q) < 0)
                return nn_fail(err, "out of memory");
        return 0;
    }
    size_t lead = (size_t)p->window_n - 1 + (p->window_as != NN_WINDOW_LEVEL);
    for (size_t g0 = 0, g1; g0 < pp->norder; g0 = g1) {
        for (g1 = g0 + 1; g1 < pp->norder && pp->group[g1] == g0; g1++)
            ;
        for (size_t q = g0 + lead; q < g1; q++) {
            size_t tq = q + (size_t)p->horizon < g1 ? q + (size_t)p->horizon : NO_POS;
            if (tq == NO_POS && !p->predicting)
                break;
            if (add_row(pp, &cap, q, tq) < 0)
                return nn_fail(err, "out of memory");
        }
    }
    if (pp->n == 0)
        return nn_fail(err, "window %d with horizon %d leaves no rows: each series needs at least %zu values",
                       p->window_n, p->horizon, lead + 1 + (size_t)p->horizon);
    return 0;
}

/* Whether row i lacks a target value (any of its targets). */
static int target_missing(const prep *pp, size_t i)
{
    for (size_t j = 0; j < pp->ny; j++)
        if (isnan(pp->y[i * pp->ny + j]))
            return 1;
    return 0;
}

/* Keeps only rows whose keep[] is set, in order. */
static void compact_rows(prep *pp, const unsigned char *keep)
{
    size_t m = 0;
    for (size_t i = 0; i < pp->n; i++) {
        if (!keep[i])
            continue;
        pp->pos[m] = pp->pos[i];
        pp->tpos[m] = pp->tpos[i];
        memmove(pp->y + m * pp->ny, pp->y + i * pp->ny, pp->ny * sizeof *pp->y);
        if (pp->part)
            pp->part[m] = pp->part[i];
        m++;
    }
    pp->n = m;
}

static int drop_rows_without_target(prep *pp, nn_error *err)
{
    unsigned char *keep = malloc(pp->n ? pp->n : 1);
    if (!keep)
        return nn_fail(err, "out of memory");
    size_t missing = 0;
    for (size_t i = 0; i < pp->n; i++)
        missing += !(keep[i] = !target_missing(pp, i));
    if (missing) {
        nn_notes_add(pp->notes, "%zu rows without a target value dropped", missing);
        compact_rows(pp, keep);
    }
    free(keep);
    return pp->n ? 0 : nn_fail(err, "no rows have a target value");
}

/* Rows to be scored against the model need a target it knows: a missing
 * value or a class it never saw has no index among its outputs (it was
 * cast to an int as if it had). Data with no target column keeps them
 * all, for predict and explain. */
static int drop_rows_not_scored(prep *pp, nn_error *err)
{
    if (pp->plan.target < 0)
        return 0;
    unsigned char *keep = malloc(pp->n ? pp->n : 1);
    if (!keep)
        return nn_fail(err, "out of memory");
    size_t left = 0;
    for (size_t i = 0; i < pp->n; i++)
        left += !(keep[i] = !target_missing(pp, i));
    if (left) {
        nn_notes_add(pp->notes, "%zu of %zu rows left out of scoring: their target is missing or a class "
                     "the model was not trained on", left, pp->n);
        compact_rows(pp, keep);
    }
    free(keep);
    return pp->n ? 0 : nn_fail(err, "no row has a target the model can be scored on");
}

/* ---- stage 3: split ---- */

/* Strata for a classification: each row's class as its rank among the
 * distinct classes, since a class key may be any number (a numeric
 * target's value: negative, fractional, beyond an int). */
static int class_strata(const prep *pp, int *strata)
{
    double *keys = malloc((pp->n ? pp->n : 1) * sizeof *keys);
    if (!keys)
        return -1;
    memcpy(keys, pp->y, pp->n * sizeof *keys);
    fit_sort(keys, pp->n);
    size_t distinct = 0;
    for (size_t i = 0; i < pp->n; i++)
        if (i == 0 || keys[i] != keys[distinct - 1])
            keys[distinct++] = keys[i];
    for (size_t i = 0; i < pp->n; i++) {
        size_t lo = 0, hi = distinct;
        while (hi - lo > 1) /* keys[lo] <= y < keys[hi] */
            if (keys[(lo + hi) / 2] <= pp->y[i])
                lo = (lo + hi) / 2;
            else
                hi = (lo + hi) / 2;
        strata[i] = (int)lo;
    }
    free(keys);
    return 0;
}

/* The split the recipe's split step asks for. */
static int split_as_asked(prep *pp, const double *when, const double *tt, const int *strata, nn_error *err)
{
    const nn_plan *p = &pp->plan;
    if (p->order == NN_ORDER_CHRONOLOGICAL)
        return nn_split_chronological(pp->n, when, tt, p->split[0], p->split[1], p->split[2], pp->part, err);
    return nn_split_shuffled(pp->n, p->split[0], p->split[1], p->split[2], p->seed,
                             p->task == NN_TASK_REGRESSION ? NULL : strata, pp->part, err);
}

/* NN_FOLDS_WITHIN_SPLIT: the split as asked, then k-fold of its training
 * and validation rows, stratified as the split is; test rows go in no part. */
static int kfold_within_split(prep *pp, const nn_fold *fold, const double *when, const double *tt, int *strata,
                              nn_error *err)
{
    size_t n = pp->n, m = 0;
    if (split_as_asked(pp, when, tt, strata, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) /* the kept rows' strata, packed in order (m <= i) */
        if (pp->part[i] == NN_PART_TRAIN || pp->part[i] == NN_PART_VAL)
            strata[m++] = strata[i];
    unsigned char *sub = malloc(m ? m : 1);
    if (!sub)
        return nn_fail(err, "out of memory");
    int rc = nn_split_kfold(m, fold->nfolds, fold->k, pp->plan.seed,
                            pp->plan.task == NN_TASK_REGRESSION ? NULL : strata, sub, err);
    for (size_t i = 0, j = 0; rc == 0 && i < n; i++) {
        int kept = pp->part[i] == NN_PART_TRAIN || pp->part[i] == NN_PART_VAL;
        pp->part[i] = !kept ? NN_PART_NONE : sub[j++] == NN_PART_TEST ? NN_PART_VAL : NN_PART_TRAIN;
    }
    free(sub);
    return rc;
}

static int split_rows(prep *pp, const nn_fold *fold, nn_error *err)
{
    const nn_plan *p = &pp->plan;
    size_t n = pp->n;
    double *time = malloc((n ? n : 1) * sizeof *time);
    double *target_time = malloc((n ? n : 1) * sizeof *target_time);
    int *strata = malloc((n ? n : 1) * sizeof *strata);
    pp->part = malloc(n ? n : 1);
    if (!time || !target_time || !strata || !pp->part ||
        (p->task != NN_TASK_REGRESSION && class_strata(pp, strata) < 0)) {
        free(time), free(target_time), free(strata);
        return nn_fail(err, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        time[i] = prep_time(pp, pp->pos[i]);
        target_time[i] = pp->tpos[i] == NO_POS ? INFINITY : prep_time(pp, pp->tpos[i]);
    }
    const double *tt = p->window_n ? target_time : NULL;
    const double *when = p->time_col >= 0 || p->window_n ? time : NULL;
    int rc;
    if (fold && fold->kind == NN_FOLDS_WITHIN_SPLIT)
        rc = kfold_within_split(pp, fold, when, tt, strata, err);
    else if (fold && fold->kind == NN_FOLDS_SHUFFLED)
        rc = nn_split_kfold(n, fold->nfolds, fold->k, p->seed,
                            p->task == NN_TASK_REGRESSION ? NULL : strata, pp->part, err);
    else if (fold)
        rc = nn_split_walk_forward(n, when, tt, fold->nfolds, fold->k, fold->kind == NN_FOLDS_SLIDING,
                                   pp->part, err);
    else
        rc = split_as_asked(pp, when, tt, strata, err);
    free(time), free(target_time), free(strata);
    size_t train = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        train += pp->part[i] == NN_PART_TRAIN;
    if (rc == 0 && train == 0) /* nothing to fit on: refuse rather than fit on nothing */
        return nn_fail(err, "no training rows: the split (with purging of targets that reach a "
                            "later part) leaves none of the %zu rows for training", n);
    return rc;
}

/* ---- stage 4: rows grouped by part, in their order within a part ---- */

/* in_fold: a cv fold, whose rows in no part are mostly the later blocks
 * of a walk-forward (cv prints each fold's train and test counts), so
 * counting them as purged would mislead. */
static int regroup(prep *pp, int in_fold, nn_error *err)
{
    size_t n = pp->n, count[NN_PART_COUNT] = {0};
    for (size_t i = 0; i < n; i++)
        count[pp->part[i]]++;
    if (count[NN_PART_NONE] && !pp->plan.predicting && !in_fold)
        nn_notes_add(pp->notes, "%zu rows left out of every part so that no training target lies in a later part",
                     count[NN_PART_NONE]);
    size_t *pos = malloc((n ? n : 1) * sizeof *pos), *tpos = malloc((n ? n : 1) * sizeof *tpos);
    double *y = malloc((n ? n : 1) * pp->ny * sizeof *y);
    unsigned char *part = malloc(n ? n : 1);
    if (!pos || !tpos || !y || !part) {
        free(pos), free(tpos), free(y), free(part);
        return nn_fail(err, "out of memory");
    }
    size_t m = 0;
    for (int p = 0; p < NN_PART_COUNT; p++) {
        pp->begin[p] = m;
        if (p == NN_PART_NONE && !pp->plan.predicting)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (pp->part[i] != p)
                continue;
            pos[m] = pp->pos[i], tpos[m] = pp->tpos[i], part[m] = (unsigned char)p;
            memcpy(y + m * pp->ny, pp->y + i * pp->ny, pp->ny * sizeof *y);
            m++;
        }
    }
    pp->begin[NN_PART_COUNT] = m;
    free(pp->pos), free(pp->tpos), free(pp->y), free(pp->part);
    pp->pos = pos, pp->tpos = tpos, pp->y = y, pp->part = part, pp->n = m;
    return 0;
}

/* ---- the run ---- */

static void prep_free(prep *pp)
{
    if (pp->filled)
        for (size_t c = 0; c < pp->plan.ncols; c++)
            free(pp->filled[c]);
    free(pp->filled);
    if (pp->clean)
        for (size_t c = 0; c < pp->plan.ncols; c++)
            free(pp->clean[c]);
    free(pp->clean);
    free(pp->order), free(pp->group), free(pp->pos), free(pp->tpos), free(pp->y), free(pp->part);
    plan_free(&pp->plan);
}

static int write_common(const prep *pp, nn_prepared *out, nn_error *err)
{
    out->nrows = pp->n;
    memcpy(out->begin, pp->begin, sizeof out->begin);
    /* a target that is not windowed is a level H steps ahead */
    int target_on = pp->plan.target >= 0 && pp->plan.cols[pp->plan.target].on;
    out->windowed = pp->plan.window_n > 0;
    out->window_as = target_on ? pp->plan.window_as : NN_WINDOW_LEVEL;
    out->source_row = malloc((pp->n ? pp->n : 1) * sizeof *out->source_row);
    if (!out->source_row)
        return nn_fail(err, "out of memory");
    if (pp->plan.time_col >= 0 && !(out->time = malloc((pp->n ? pp->n : 1) * sizeof *out->time)))
        return nn_fail(err, "out of memory");
    for (size_t i = 0; i < pp->n; i++) {
        out->source_row[i] = pp->order[pp->pos[i]];
        if (out->time)
            out->time[i] = prep_time(pp, pp->pos[i]);
    }
    return 0;
}

static int run(const nn_recipe *r, nn_fit *fit, const nn_table *t, int predicting,
               const nn_fold *fold, nn_prepared *out, nn_notes *notes, nn_error *err)
{
    prep pp = {.t = t, .notes = notes};
    nn_prepared result = {0};
    int rc = plan_compile(r->steps, r->nsteps, t, predicting, &pp.plan, err);
    if (rc < 0)
        return -1;
    if (!predicting && pp.plan.target < 0)
        rc = nn_fail(err, "no target: choose one with `target COLUMN`");
    if (rc == 0)
        rc = order_rows(&pp, err);
    if (rc == 0)
        rc = fill_forward(&pp, err);
    if (rc == 0)
        rc = build_rows(&pp, err);
    if (rc == 0)
        rc = target_values(&pp, fit, err);
    if (rc == 0 && !predicting)
        rc = drop_rows_without_target(&pp, err);
    if (rc == 0 && predicting == APPLY_TO_SCORE)
        rc = drop_rows_not_scored(&pp, err);
    if (rc == 0 && !predicting)
        rc = split_rows(&pp, fold, err);
    if (rc == 0 && !predicting)
        rc = target_fit(&pp, fit, err);
    if (rc == 0 && predicting && !(pp.part = calloc(pp.n ? pp.n : 1, 1)))
        rc = nn_fail(err, "out of memory");
    if (rc == 0 && predicting)
        memset(pp.part, NN_PART_NONE, pp.n);
    if (rc == 0)
        rc = regroup(&pp, fold != NULL, err);
    if (rc == 0 && !predicting)
        rc = winsorize_fit(&pp, fit, err);
    if (rc == 0)
        rc = winsorize_apply(&pp, fit, err);
    if (rc == 0)
        rc = smooth_apply(&pp, err);
    if (rc == 0 && !predicting)
        rc = features_fit(&pp, fit, err);
    if (rc == 0)
        rc = write_common(&pp, &result, err);
    if (rc == 0)
        rc = features_write(&pp, fit, &result, err);
    if (rc == 0)
        rc = target_write(&pp, fit, &result, err);
    prep_free(&pp);
    if (rc < 0) {
        nn_prepared_free(&result);
        return -1;
    }
    *out = result;
    return 0;
}

static int prepare(nn_recipe *r, const nn_table *t, const nn_fold *fold, nn_prepared *out,
                   nn_notes *notes, nn_error *err)
{
    nn_fit *fit = calloc(1, sizeof *fit);
    if (!fit)
        return nn_fail(err, "out of memory");
    if (run(r, fit, t, 0, fold, out, notes, err) < 0) {
        fit_free(fit);
        return -1;
    }
    if (schema_record(r, t) < 0) {
        fit_free(fit);
        nn_prepared_free(out);
        return nn_fail(err, "out of memory");
    }
    fit_free(r->fit);
    r->fit = fit;
    return 0;
}

int nn_recipe_prepare(nn_recipe *r, const nn_table *t, nn_prepared *out, nn_notes *notes, nn_error *err)
{
    return prepare(r, t, NULL, out, notes, err);
}

int nn_recipe_prepare_fold(nn_recipe *r, const nn_table *t, const nn_fold *fold, nn_prepared *out,
                           nn_notes *notes, nn_error *err)
{
    int least = fold->kind == NN_FOLDS_SHUFFLED || fold->kind == NN_FOLDS_WITHIN_SPLIT ? 2 : 1;
    if (fold->nfolds < least || fold->k < 0 || fold->k >= fold->nfolds)
        return nn_fail(err, "%s: fold %d of %d does not exist",
                       least == 2 ? "k-fold" : "walk-forward", fold->k + 1, fold->nfolds);
    return prepare(r, t, fold, out, notes, err);
}

int nn_recipe_timing_of(const nn_recipe *r, const nn_table *t, nn_recipe_timing *out, nn_error *err)
{
    nn_plan plan;
    if (plan_compile(r->steps, r->nsteps, t, 0, &plan, err) < 0)
        return -1;
    out->chronological = plan.time_col >= 0 || plan.window_n > 0 || plan.order == NN_ORDER_CHRONOLOGICAL;
    out->overlap = plan.window_n > 0 && plan.horizon > 1 && plan.order == NN_ORDER_SHUFFLE ? plan.horizon : 0;
    plan_free(&plan);
    return 0;
}

int nn_recipe_apply(const nn_recipe *r, const nn_table *t, nn_prepared *out, nn_notes *notes,
                    nn_error *err)
{
    if (!r->fit)
        return nn_fail(err, "the recipe has not been fitted: prepare the training data first");
    return run(r, r->fit, t, APPLY, NULL, out, notes, err);
}

int nn_recipe_apply_scored(const nn_recipe *r, const nn_table *t, nn_prepared *out, nn_notes *notes,
                           nn_error *err)
{
    if (!r->fit)
        return nn_fail(err, "the recipe has not been fitted: prepare the training data first");
    return run(r, r->fit, t, APPLY_TO_SCORE, NULL, out, notes, err);
}

void nn_prepared_free(nn_prepared *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->feature_names && i < p->nfeatures; i++)
        free(p->feature_names[i]);
    for (size_t i = 0; p->class_names && i < p->nclasses; i++)
        free(p->class_names[i]);
    for (size_t j = 0; j < p->ny && j < NN_MAX_TARGETS; j++)
        free(p->target_names[j]);
    free(p->feature_names), free(p->class_names);
    free(p->x), free(p->y), free(p->y_raw), free(p->last_value);
    free(p->source_row), free(p->time), free(p->missing);
    memset(p, 0, sizeof *p);
}

int nn_prepared_check_complete(const nn_prepared *p, nn_error *err)
{
    char list[400] = "";
    size_t columns = 0;
    for (size_t f = 0; f < p->nfeatures; f++) {
        if (!p->missing[f])
            continue;
        if (columns++ < 6) {
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s (%zu)", len ? ", " : "",
                     p->feature_names[f], p->missing[f]);
        }
    }
    if (!columns)
        return 0;
    return nn_fail(err, "missing values remain in %zu feature%s: %s%s; use `impute` first", columns,
                   columns == 1 ? "" : "s", list, columns > 6 ? ", ..." : "");
}

double nn_prepared_unscale(const nn_prepared *p, size_t j, double y)
{
    return y * p->y_scale[j] + p->y_center[j];
}

void nn_prepared_unscale_rows(const nn_prepared *p, const float *out, size_t n, double *d)
{
    size_t w = p->ntargets;
    for (size_t i = 0; i < n * w; i++)
        d[i] = p->task == NN_TASK_REGRESSION ? nn_prepared_unscale(p, i % w, out[i]) : out[i];
}
