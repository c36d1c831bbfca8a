/* Steps that clean numeric features before they are fitted: winsorize
 * clips them to quantiles, smooth replaces series by a causal average. */
#include <math.h>
#include <stdlib.h>

#include "step.h"

static const char *const smooth_names[NN_SMOOTH_COUNT] = {"ema", "mean", "median"};

const char *nn_smooth_name(nn_smooth m) { return (unsigned)m < NN_SMOOTH_COUNT ? smooth_names[m] : "?"; }

/* A numeric column winsorize or smooth may change (absent: skipped when
 * predicting, -2). */
static int numeric_column(const char *step, const nn_table *t, const nn_plan *p, const char *name,
                          nn_error *err)
{
    if (p->predicting && nn_table_find(t, name) < 0)
        return -2;
    int c = step_column(step, t, name, err);
    if (c >= 0 && t->cols[c].type != NN_COL_NUMERIC)
        return nn_fail(err, "%s: '%s' is %s, expected a numeric column", step, name,
                       nn_col_type_name(t->cols[c].type));
    return c;
}

/* ---- winsorize ---- */

static int bad_quantiles(double lower, double upper, nn_error *err)
{
    if (lower >= 0 && lower < upper && upper <= 1)
        return 0;
    return nn_fail(err, "winsorize: lower=%g upper=%g: expected 0 <= lower < upper <= 1", lower, upper);
}

static int make_winsorize(nn_step *s, const char *const *cols, size_t n, double lower, double upper,
                          nn_error *err)
{
    *s = (nn_step){.kind = &step_winsorize, .fraction = {lower, upper}};
    if (n == 0)
        return nn_fail(err, "winsorize: expected at least one column");
    if (bad_quantiles(lower, upper, err) < 0)
        return -1;
    return step_with_columns(s, cols, n, err);
}

int nn_recipe_winsorize(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n,
                        double lower, double upper, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_winsorize(&s, cols, n, lower, upper, err), &s, err);
}

static int winsorize_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    const char *const *cols;
    size_t n = step_arg_list(a, "columns", &cols);
    return make_winsorize(s, cols, n, step_arg_number(a, "lower"), step_arg_number(a, "upper"), err);
}

static int parse_winsorize(nn_step *s, char **args, int n, nn_error *err)
{
    s->fraction[0] = 0.01, s->fraction[1] = 0.99;
    for (int i = 0; i < n; i++) {
        const char *val;
        int k = (val = step_keyed(args[i], "lower")) ? 0 : (val = step_keyed(args[i], "upper")) ? 1 : -1;
        if (k < 0) {
            if (step_add_column(s, args[i]) < 0)
                return nn_fail(err, "out of memory");
            continue;
        }
        if (step_number("winsorize", k ? "upper" : "lower", val, &s->fraction[k], err) < 0)
            return -1;
    }
    if (s->ncols < 1)
        return nn_fail(err, "winsorize: expected at least one column");
    return bad_quantiles(s->fraction[0], s->fraction[1], err);
}

static void format_winsorize(const nn_step *s, FILE *f)
{
    step_put_columns(s, f, "");
    step_put_number(f, " lower=", s->fraction[0]);
    step_put_number(f, " upper=", s->fraction[1]);
}

static int compile_winsorize(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    for (size_t i = 0; i < s->ncols; i++) {
        int c = numeric_column("winsorize", t, p, s->cols[i], err);
        if (c == -1)
            return -1;
        if (c >= 0) {
            p->cols[c].winsor = 1;
            p->cols[c].lower = s->fraction[0], p->cols[c].upper = s->fraction[1];
        }
    }
    return 0;
}

static const nn_arg_spec winsorize_args[] = {
    COLUMN("columns", REQ | REP, "numeric columns"),
    NUMBER("lower", KEY, "0.01", 0, 1, "lower quantile, fitted on the training rows"),
    NUMBER("upper", KEY, "0.99", 0, 1, "upper quantile, fitted on the training rows"), SPEC_END};

const step_kind step_winsorize = {
    {"winsorize", NULL, "clip numeric columns to their quantiles",
     "Each column is clipped to its lower and upper quantiles (numpy's linear interpolation), fitted "
     "on the training rows only and applied to every row, at prediction too; `recipe` and `describe` "
     "show the fitted bounds and how many training values they clipped. Features only: the target "
     "stays raw.",
     "winsorize income reports lower=0.01 upper=0.99", winsorize_args, 0},
    "winsorize COL... [lower=Q] [upper=Q]",
    parse_winsorize, format_winsorize, winsorize_from_args, compile_winsorize, NULL,
};

/* ---- smooth ---- */

static int make_smooth(nn_step *s, const char *const *cols, size_t n, nn_smooth how, int span,
                       const char *by, nn_error *err)
{
    *s = (nn_step){.kind = &step_smooth, .method = how, .n = span};
    if (n == 0)
        return nn_fail(err, "smooth: expected at least one column");
    if ((unsigned)how >= NN_SMOOTH_COUNT)
        return nn_fail(err, "smooth: unknown method %d", (int)how);
    if (span < 2 || span > 10000)
        return nn_fail(err, "smooth: %s=%d: expected a whole number of rows from 2 to 10000",
                       smooth_names[how], span);
    return step_with_columns_by(s, cols, n, by, err);
}

int nn_recipe_smooth(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n,
                     nn_smooth how, int span, const char *by, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_smooth(&s, cols, n, how, span, by, err), &s, err);
}

static int several_methods(nn_error *err)
{
    return nn_fail(err, "smooth: expected one of ema=N, mean=N or median=N, not several");
}

static int smooth_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    int how = NN_SMOOTH_EMA, span = 5, given = 0;
    for (int i = 0; i < NN_SMOOTH_COUNT; i++)
        if (step_arg_given(a, smooth_names[i]))
            how = i, span = (int)step_arg_int(a, smooth_names[i]), given++;
    if (given > 1)
        return several_methods(err);
    const char *const *cols;
    size_t n = step_arg_list(a, "columns", &cols);
    return make_smooth(s, cols, n, how, span, step_arg(a, "by"), err);
}

/* "ema=N", "mean=N" or "median=N": its method, or -1 for another word. */
static int smooth_method(const char *word, const char **val)
{
    for (int k = 0; k < NN_SMOOTH_COUNT; k++)
        if ((*val = step_keyed(word, smooth_names[k])))
            return k;
    return -1;
}

static int parse_smooth(nn_step *s, char **args, int n, nn_error *err)
{
    s->method = NN_SMOOTH_EMA;
    s->n = 5;
    int methods = 0;
    for (int i = 0; i < n; i++) {
        const char *val;
        int k = smooth_method(args[i], &val);
        double v;
        if (k >= 0) {
            if (step_number("smooth", smooth_names[k], val, &v, err) < 0 || v < 2 || v > 10000 ||
                v != floor(v))
                return nn_fail(err, "smooth: %s=%s: expected a whole number of rows from 2 to 10000",
                               smooth_names[k], val);
            s->method = k, s->n = (int)v;
            methods++;
        } else if ((val = step_keyed(args[i], "by"))) {
            if (step_set_by(s, val) < 0)
                return nn_fail(err, "out of memory");
        } else if (step_add_column(s, args[i]) < 0) {
            return nn_fail(err, "out of memory");
        }
    }
    if (methods > 1)
        return several_methods(err);
    return s->ncols ? 0 : nn_fail(err, "smooth: expected at least one column");
}

static void format_smooth(const nn_step *s, FILE *f)
{
    step_put_columns(s, f, "");
    fprintf(f, " %s=%d", smooth_names[s->method], s->n);
    step_put_by(s, f);
}

static int compile_smooth(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    int key = -1;
    if (s->by && (key = step_column("smooth", t, s->by, err)) < 0)
        return -1;
    if (key >= 0 && t->cols[key].type == NN_COL_DATE)
        return nn_fail(err, "smooth: by=%s is a date: expected a key column such as a symbol", s->by);
    for (size_t i = 0; i < s->ncols; i++) {
        int c = numeric_column("smooth", t, p, s->cols[i], err);
        if (c == -1)
            return -1;
        if (c >= 0 && c == key)
            return nn_fail(err, "smooth: '%s' is the key by=%s itself", s->cols[i], s->by);
        if (c >= 0) {
            p->cols[c].smooth = (unsigned char)(1 + s->method);
            p->cols[c].span = s->n;
            p->cols[c].smooth_by = key;
        }
    }
    return 0;
}

static const nn_arg_spec smooth_args[] = {
    COLUMN("columns", REQ | REP, "numeric series"),
    INT("ema", KEY, NULL, 2, 10000, "exponential moving average of span N (the default, 5)"),
    INT("mean", KEY, NULL, 2, 10000, "mean of the row and the N-1 rows before it"),
    INT("median", KEY, NULL, 2, 10000, "median of the row and the N-1 rows before it"),
    COLUMN("by", KEY, "key column: one series per key (e.g. symbol)"), SPEC_END};

const step_kind step_smooth = {
    {"smooth", NULL, "smooth series with past values only (ema, mean or median)",
     "Each value becomes the mean or median of its row and the N-1 rows before it, or their ema "
     "of span N (weight 2/(N+1) on the row, the rest decaying over every earlier row, from the "
     "series' first value), in row order (after `sort`), per key with by=KEY; no later row is ever "
     "read. The first rows of a series use the rows there are; a missing value stays missing. "
     "Features only: the target stays raw (with a window, its lags are smoothed). `describe` shows "
     "what a smoothed column's features read.",
     "smooth income mean=3", smooth_args, 0},
    "smooth COL... [ema=N|mean=N|median=N] [by=KEY]",
    parse_smooth, format_smooth, smooth_from_args, compile_smooth, NULL,
};
