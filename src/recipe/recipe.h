/* Preparing a table for training: a recipe of steps (target, drop, keep,
 * impute, encode, scale, sort, calendar, window, split, winsorize,
 * smooth), each added and
 * checked one at a time, replayed in a fixed order by nn_recipe_prepare:
 *
 *   1. rows ordered by the time column (by key, then time, with windows);
 *      rows missing an `impute drop` column removed; `impute ffill`
 *      carried forward within each key;
 *   2. windows turn each series position into a row of lagged features
 *      and a target H steps ahead, never crossing two keys;
 *   3. rows split into train / validation / test (chronological once a
 *      time column or a window is in use, with purging of rows whose
 *      target lies in a later part; shuffled and stratified otherwise);
 *   4. winsorize bounds fitted on the training rows and applied to every
 *      row, then series smoothed causally (the current and earlier rows
 *      of the same key only); features only, the target stays raw;
 *   5. imputers, category levels and scalers fitted on the training rows
 *      only, then applied to every row.
 *
 * The fitted statistics stay in the recipe, and the recipe saves to text
 * with them, so that a new raw CSV with the same columns goes through
 * exactly the same steps at prediction time (nn_recipe_apply). */
#ifndef NN_RECIPE_H
#define NN_RECIPE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/error.h"
#include "table/notes.h"
#include "split.h"
#include "table/table.h"

typedef enum { NN_TASK_AUTO = -1, NN_TASK_REGRESSION, NN_TASK_BINARY, NN_TASK_MULTICLASS } nn_task;
typedef enum {
    NN_IMPUTE_NONE, NN_IMPUTE_MEAN, NN_IMPUTE_MEDIAN, NN_IMPUTE_MODE,
    NN_IMPUTE_CONSTANT, NN_IMPUTE_FFILL, NN_IMPUTE_DROP, NN_IMPUTE_COUNT
} nn_impute;
typedef enum { NN_ENCODE_ONEHOT, NN_ENCODE_ORDINAL, NN_ENCODE_COUNT } nn_encode;
typedef enum { NN_SCALE_NONE, NN_SCALE_ZSCORE, NN_SCALE_MINMAX, NN_SCALE_ROBUST, NN_SCALE_COUNT } nn_scale;
typedef enum { NN_WINDOW_LEVEL, NN_WINDOW_DIFF, NN_WINDOW_RETURN, NN_WINDOW_LOGRETURN, NN_WINDOW_COUNT } nn_window_as;
typedef enum { NN_SMOOTH_EMA, NN_SMOOTH_MEAN, NN_SMOOTH_MEDIAN, NN_SMOOTH_COUNT } nn_smooth;
typedef enum { NN_ORDER_AUTO = -1, NN_ORDER_SHUFFLE, NN_ORDER_CHRONOLOGICAL } nn_order;

const char *nn_task_name(nn_task t);           /* "regression", "binary", "multiclass", "auto" */
const char *nn_impute_name(nn_impute m);       /* "mean", ... */
const char *nn_encode_name(nn_encode m);
const char *nn_scale_name(nn_scale m);
const char *nn_window_as_name(nn_window_as m); /* "level", "diff", "return", "logreturn" */
const char *nn_smooth_name(nn_smooth m);       /* "ema", "mean", "median" */

typedef struct nn_recipe nn_recipe;

nn_recipe *nn_recipe_new(void);
void nn_recipe_free(nn_recipe *r);
nn_recipe *nn_recipe_copy(const nn_recipe *r);

/* Adding steps. Each checks its arguments against the table (columns
 * exist and have a usable type) and against the steps before it; on
 * failure the recipe is unchanged and err names the argument at fault.
 * A step invalidates what was fitted before. Column lists are arrays of
 * names; for impute, n = 0 means every feature column with missing
 * values at preparation time. */
int nn_recipe_target(nn_recipe *r, const nn_table *t, const char *col, nn_task task, nn_error *err);
/* Several numeric targets predicted by one model (a regression: each
 * scaled on its own); classification takes one target. */
#define NN_MAX_TARGETS 32
int nn_recipe_targets(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n, nn_task task,
                      nn_error *err);
int nn_recipe_drop(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n, nn_error *err);
int nn_recipe_keep(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n, nn_error *err);
int nn_recipe_impute(nn_recipe *r, const nn_table *t, nn_impute how, double constant,
                     const char *const *cols, size_t n, nn_error *err);
int nn_recipe_encode(nn_recipe *r, const nn_table *t, nn_encode how, const char *const *cols,
                     size_t n, nn_error *err);
int nn_recipe_scale(nn_recipe *r, const nn_table *t, nn_scale how, nn_error *err);
/* Orders rows by a date column; it becomes the time column of splits. */
int nn_recipe_sort(nn_recipe *r, const nn_table *t, const char *date_col, nn_error *err);
/* Adds day-of-week and month of a date column as one-hot features. */
int nn_recipe_calendar(nn_recipe *r, const nn_table *t, const char *date_col, nn_error *err);
/* The previous n values of the `on` columns (NULL/0: the target) as
 * features, the target `horizon` steps ahead; `by` (may be NULL) is a key
 * column whose series are windowed separately. */
int nn_recipe_window(nn_recipe *r, const nn_table *t, int n, const char *const *on, size_t non,
                     nn_window_as as, int horizon, const char *by, nn_error *err);
/* Fractions of rows for training, validation and test (sum 1). */
int nn_recipe_split(nn_recipe *r, const nn_table *t, double train, double val, double test,
                    nn_order order, uint64_t seed, nn_error *err);

/* Clips numeric columns to their lower and upper quantiles (0 <= lower <
 * upper <= 1), fitted on the training rows (numpy's linear interpolation). */
int nn_recipe_winsorize(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n,
                        double lower, double upper, nn_error *err);
/* Replaces numeric columns by a causal smoothing over the current row and
 * the span - 1 rows before it (ema: span N, alpha 2/(N+1)); `by` (may be
 * NULL) is a key column whose series are smoothed separately. */
int nn_recipe_smooth(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n,
                     nn_smooth how, int span, const char *by, nn_error *err);

/* Adds a step written as text, as in a saved recipe ("impute mean age",
 * "window 12 on=price as=logreturn horizon=1 by=symbol"). */
int nn_recipe_add_line(nn_recipe *r, const nn_table *t, const char *line, nn_error *err);

size_t nn_recipe_steps(const nn_recipe *r);
/* Step i as text, in the form nn_recipe_add_line reads. */
const char *nn_recipe_step(const nn_recipe *r, size_t i);
/* 1 once nn_recipe_prepare has fitted the steps as they are now. */
int nn_recipe_fitted(const nn_recipe *r);

/* What a fitted winsorize step did to one column in training. */
typedef struct nn_clip {
    const char *column;
    double lower, upper;     /* the quantiles asked for */
    double lo, hi;           /* the bounds fitted on the training rows */
    size_t count;            /* training values present */
    size_t below, above;     /* training values raised to lo, lowered to hi */
} nn_clip;
/* The fitted winsorized columns (0 until fitted); clip i, or -1. */
size_t nn_recipe_clips(const nn_recipe *r);
int nn_recipe_clip(const nn_recipe *r, size_t i, nn_clip *out);

/* A fitted feature that is a numeric column's value, filled when missing
 * and scaled: x = ((v missing ? fill : v) - center) / scale.  1 when
 * feature i is that plain (and the recipe neither clips, smooths nor
 * windows), 0 when it is built otherwise (a level, a lag, a calendar
 * part), -1 when the recipe is not fitted or has no feature i. */
typedef struct nn_feature_prep {
    const char *column;
    double fill;             /* NAN: nothing fills it */
    double center, scale;
} nn_feature_prep;
int nn_recipe_feature_prep(const nn_recipe *r, size_t i, nn_feature_prep *out);
/* The fitted recipe by the columns its features come from, for an
 * exporter: source k makes features first .. first + count - 1 of
 * column `column`, as one of
 *   VALUE:  feature = ((v missing ? fill : v) - center[0]) / scale[0];
 *   INDEX:  a level's index (a boolean's 0/1, an ordinal's rank), the
 *           fill for a missing value or a level unseen in training, then
 *           (- center[0]) / scale[0];
 *   ONEHOT: one 0/1 feature per fitted level; a missing value counts as
 *           level `fill`, and with none (NAN) makes all its features NAN;
 *           a level unseen in training gives zeros.
 * A fill of NAN: nothing fills it.  1 when source k is one of those under
 * plain steps (as nn_recipe_feature_prep), 0 when it is built otherwise
 * (a lag, a calendar part, integer codes, or a clip, smoothing, window or
 * sort in the recipe), -1 past the last source or when not fitted. */
typedef enum nn_source_kind { NN_SOURCE_VALUE, NN_SOURCE_INDEX, NN_SOURCE_ONEHOT } nn_source_kind;
typedef struct nn_source_prep {
    nn_source_kind kind;
    const char *column;
    size_t first, count;
    double fill;
    const double *center, *scale;   /* per feature */
    const char *const *levels;      /* INDEX and ONEHOT: nlevels of them */
    size_t nlevels;
} nn_source_prep;
int nn_recipe_source_prep(const nn_recipe *r, size_t k, nn_source_prep *out);

/* The fitted recipe as JSON (malloc'd; NULL when not fitted or out of
 * memory), for preparing an exported model's "features" input in another
 * language: {"format": "nnwb-recipe-json 1", "steps": the steps as
 * commands (in order: a sort or window orders rows, a window's by= keeps
 * series apart, smooth says how), "task", "targets" (a regression's:
 * raw = output * scale + center), "classes", "clips" (each column's
 * winsorize bounds [lo, hi], applied to the raw values first), "sources"
 * (in feature order: kind value|boolean|onehot|ordinal|lag|weekday|month|
 * codes, column, lag and as for a lag (level, diff, return or logreturn
 * of the value `lag` rows back in its series), fill (null: none; a level
 * index for levelled kinds), levels, and "features" with each one's name,
 * center and scale: feature = (value - center) / scale, a one-hot's 0/1
 * unscaled)}. */
char *nn_recipe_json(const nn_recipe *r);
/* What the fitted recipe makes of the model's outputs: the task, the
 * regression targets' scaling (output j: raw = y * y_scale[j] +
 * y_center[j], ny of them), the class names in output order, the
 * feature names.  -1 when not fitted. */
typedef struct nn_recipe_outputs {
    nn_task task;
    size_t ny;
    const double *y_center, *y_scale;
    size_t nclasses, nfeatures;
    const char *const *classes, *const *features;
} nn_recipe_outputs;
int nn_recipe_outputs_of(const nn_recipe *r, nn_recipe_outputs *out);

/* How the steps as they are now smooth a column's feature values (the
 * last smooth step naming it wins). */
typedef struct nn_smoothing {
    nn_smooth how;
    int span;                /* rows: the mean/median window, the ema's span */
    const char *by;          /* the key column's name in t, or NULL */
    int target;              /* the column is the target: its own values stay raw */
} nn_smoothing;
/* What a smoothing reads, for notes and `describe`: "the ema of span 3
 * (weight 0.5 on the row, the rest decaying over every earlier row) of
 * the same 'symbol'", or "the mean of the row and up to 2 rows before it". */
void nn_smoothing_text(const nn_smoothing *s, char *buf, size_t len);
/* 0 with *out filled when `column` of t is smoothed, 1 when it is not,
 * -1 with err when the steps do not compile against t. */
int nn_recipe_smoothing(const nn_recipe *r, const nn_table *t, const char *column, nn_smoothing *out,
                        nn_error *err);

/* A prepared dataset: rows grouped by part (train, then validation,
 * then test; nn_recipe_apply puts every row in NN_PART_NONE), so each
 * part is a contiguous slice of x and y. */
typedef struct nn_prepared {
    nn_task task;
    size_t nrows, nfeatures, ntargets; /* outputs: the regression's targets, 1 (binary), or the classes */
    size_t ny;               /* target columns: the regression's targets, else 1 */
    char *target_names[NN_MAX_TARGETS]; /* ny column names, owned */
    size_t begin[NN_PART_COUNT + 1];   /* part p is rows [begin[p], begin[p+1]) */
    float *x;                /* nrows x nfeatures, row-major, fitted and scaled */
    float *y;                /* nrows x ntargets (scaled for regression, one-hot for multiclass); NULL when the table had no target */
    double *y_raw;           /* nrows x ny: regression: targets in original units; classes: class index; NAN when absent */
    double *last_value;      /* windows: target column's value at the row's time (for persistence baselines), else NULL */
    size_t *source_row;      /* the table row each row came from (a window's last step) */
    double *time;            /* the row's time (seconds) when a time column is in use, else NULL */
    char **feature_names;    /* nfeatures, owned */
    char **class_names;      /* classification: ntargets or 2 names, owned */
    size_t nclasses;
    double y_center[NN_MAX_TARGETS], y_scale[NN_MAX_TARGETS]; /* regression: y[j] = (raw[j] - center[j]) / scale[j] */
    nn_window_as window_as;  /* what a windowed target is (level, return, ...) */
    int windowed;
    int window_steps;        /* windows: N, and how many series are windowed (each */
    int window_series;       /* a block of N features, newest first), else 0 */
    size_t *missing;         /* per feature: values still missing after imputation */
} nn_prepared;

/* Runs the steps on t, fitting on the training rows; the fitted state is
 * kept in r for nn_recipe_apply and saving. Defaults where no step says
 * otherwise: the last column is not guessed — a target step is needed;
 * split train 0.7, val 0.15, test 0.15; scale zscore; one-hot for
 * categories. On failure r's fit and *out are unchanged. */
int nn_recipe_prepare(nn_recipe *r, const nn_table *t, nn_prepared *out, nn_notes *notes, nn_error *err);
/* One fold of a cross-validation: shuffled k-fold (stratified for
 * classes, with the split step's seed), or walk-forward with an expanding
 * or sliding training window (see split.h). */
/* NN_FOLDS_WITHIN_SPLIT: shuffled k-fold of the rows the split step gives
 * training and validation (a search's cv=K): fold k's held-out rows are
 * NN_PART_VAL and the split's test rows are in no part, so never read. */
typedef enum { NN_FOLDS_SHUFFLED, NN_FOLDS_EXPANDING, NN_FOLDS_SLIDING, NN_FOLDS_WITHIN_SPLIT } nn_fold_kind;
typedef struct nn_fold {
    nn_fold_kind kind;
    int nfolds, k; /* fold k of nfolds, 0-based */
} nn_fold;
/* Fold k: like prepare, with the split step replaced by the fold's
 * (training rows in NN_PART_TRAIN, the fold's test rows in NN_PART_TEST,
 * no validation), every statistic fitted on the fold's training rows. */
int nn_recipe_prepare_fold(nn_recipe *r, const nn_table *t, const nn_fold *fold, nn_prepared *out,
                           nn_notes *notes, nn_error *err);
/* How the recipe orders rows, for whoever splits them again. */
typedef struct nn_recipe_timing {
    int chronological; /* a sort, a window or an ordered split: rows are a series */
    int overlap;       /* a shuffled split of windows whose targets overlap (horizon > 1): the horizon, else 0 */
} nn_recipe_timing;
int nn_recipe_timing_of(const nn_recipe *r, const nn_table *t, nn_recipe_timing *out, nn_error *err);
/* Runs a fitted recipe on new raw data with the same columns (the target
 * may be absent); every row lands in NN_PART_NONE. A category unseen in
 * training becomes all zeros (one-hot) or the fitted fill (ordinal),
 * with a note. */
int nn_recipe_apply(const nn_recipe *r, const nn_table *t, nn_prepared *out, nn_notes *notes,
                    nn_error *err);
/* The same, for rows to score the model on (evaluate, importance): when
 * the data has the target column, rows whose target is missing or a class
 * the fit does not know are left out, with a note. */
int nn_recipe_apply_scored(const nn_recipe *r, const nn_table *t, nn_prepared *out, nn_notes *notes,
                           nn_error *err);
/* Refuses (-1) while a feature value is still missing, naming the columns
 * and counts, so training never starts on NaN. */
int nn_prepared_check_complete(const nn_prepared *p, nn_error *err);
void nn_prepared_free(nn_prepared *p);
/* Converts a scaled regression output of target j back to its units. */
double nn_prepared_unscale(const nn_prepared *p, size_t j, double y);
/* n rows of model outputs (ntargets each) in the targets' units: a
 * regression's unscaled, probabilities as they are. */
void nn_prepared_unscale_rows(const nn_prepared *p, const float *out, size_t n, double *d);

/* Saving: the steps, the columns they expect and the fitted statistics,
 * as text (to go in a model file's extra section). */
char *nn_recipe_format(const nn_recipe *r);
nn_recipe *nn_recipe_parse(const char *text, nn_error *err);
struct nn_model;
struct nn_settings;
/* 0 when a built model takes the fitted recipe's features and gives the
 * outputs its task reads, and the settings pass their cross-checks; else
 * -1 with err saying what does not match (recipe_model.c). */
int nn_recipe_check_model(const nn_recipe *r, const struct nn_model *m, const struct nn_settings *st,
                          nn_error *err);
/* A zero-row table with the recipe's source columns, types and date
 * formats, to load prediction files with (nn_csv_options.like). */
nn_table *nn_recipe_schema(const nn_recipe *r);

#endif
