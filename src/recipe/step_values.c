/* Steps that say how values become features: filling missing values,
 * encoding categories, scaling. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "step.h"

static const char *const impute_names[NN_IMPUTE_COUNT] = {"none", "mean", "median", "mode",
                                                          "constant", "ffill", "drop"};
static const char *const encode_names[NN_ENCODE_COUNT] = {"onehot", "ordinal"};
static const char *const scale_names[NN_SCALE_COUNT] = {"none", "zscore", "minmax", "robust"};

/* (unsigned): an out-of-range value, negative ones included, is "?" */
const char *nn_impute_name(nn_impute m) { return (unsigned)m < NN_IMPUTE_COUNT ? impute_names[m] : "?"; }
const char *nn_encode_name(nn_encode m) { return (unsigned)m < NN_ENCODE_COUNT ? encode_names[m] : "?"; }
const char *nn_scale_name(nn_scale m) { return (unsigned)m < NN_SCALE_COUNT ? scale_names[m] : "?"; }

/* ---- impute ---- */

static int make_impute(nn_step *s, nn_impute how, double constant, const char *const *cols,
                       size_t n, nn_error *err)
{
    *s = (nn_step){.kind = &step_impute, .method = how, .value = constant};
    if ((unsigned)how - 1 >= NN_IMPUTE_COUNT - 1) /* NONE is not a step either */
        return nn_fail(err, "impute: unknown method");
    return step_with_columns(s, cols, n, err);
}

int nn_recipe_impute(nn_recipe *r, const nn_table *t, nn_impute how, double constant,
                     const char *const *cols, size_t n, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_impute(&s, how, constant, cols, n, err), &s, err);
}

/* "zero" is constant with value 0. */
static int impute_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    const char *method = step_arg(a, "method");
    int how = step_lookup(impute_names + 1, NN_IMPUTE_COUNT - 1, method);
    double value = strcmp(method, "zero") == 0 ? 0 : step_arg_number(a, "value");
    const char *const *cols;
    size_t n = step_arg_list(a, "columns", &cols);
    return make_impute(s, how < 0 ? NN_IMPUTE_CONSTANT : how + 1, value, cols, n, err);
}

static int parse_impute(nn_step *s, char **args, int n, nn_error *err)
{
    if (n < 1)
        return nn_fail(err, "impute: expected a method (mean, median, mode, constant, zero, ffill, drop)");
    s->value = 0;
    if (strcasecmp(args[0], "zero") == 0) {
        s->method = NN_IMPUTE_CONSTANT;
    } else if ((s->method = step_lookup(impute_names + 1, NN_IMPUTE_COUNT - 1, args[0])) < 0) {
        return step_bad_choice(err, "impute", "method", args[0], impute_names + 1, NN_IMPUTE_COUNT - 1);
    } else {
        s->method++;
    }
    /* value= only follows constant: any other word is a column, even one
     * named "value=5" */
    int first = 1;
    if (s->method == NN_IMPUTE_CONSTANT && n > 1 && step_keyed(args[1], "value")) {
        if (step_number("impute", "value", step_keyed(args[1], "value"), &s->value, err) < 0)
            return -1;
        first = 2;
    }
    return step_take_columns(s, args + first, n - first) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_impute(const nn_step *s, FILE *f)
{
    fprintf(f, " %s", impute_names[s->method]);
    if (s->method == NN_IMPUTE_CONSTANT)
        step_put_number(f, " value=", s->value);
    step_put_columns(s, f, "");
}

static int compile_impute(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    if (s->ncols == 0) {
        p->all_impute = s->method;
        p->all_fill = s->value;
        return 0;
    }
    int numeric_only = s->method == NN_IMPUTE_MEAN || s->method == NN_IMPUTE_MEDIAN ||
                       s->method == NN_IMPUTE_CONSTANT;
    for (size_t i = 0; i < s->ncols; i++) {
        if (p->predicting && nn_table_find(t, s->cols[i]) < 0)
            continue;
        int c = step_column("impute", t, s->cols[i], err);
        if (c < 0)
            return -1;
        if (numeric_only && t->cols[c].type != NN_COL_NUMERIC)
            return nn_fail(err, "impute %s: '%s' is %s; use mode for classes", impute_names[s->method],
                           s->cols[i], nn_col_type_name(t->cols[c].type));
        if (p->cols[c].role == ROLE_TARGET && s->method != NN_IMPUTE_DROP &&
            s->method != NN_IMPUTE_FFILL)
            return nn_fail(err, "impute %s: '%s' is the target: only drop or ffill may fill it",
                           impute_names[s->method], s->cols[i]);
        p->cols[c].impute = s->method;
        p->cols[c].fill = s->value;
    }
    return 0;
}

static const nn_arg_spec impute_args[] = {
    CHOICE("method", REQ, NULL, "mean|median|mode|zero|constant|ffill|drop", "how to fill"),
    NUMBER("value", KEY, "0", 0, 0, "the constant for `constant`"),
    COLUMN("columns", REP, "columns (every feature when left out)"), SPEC_END};

const step_kind step_impute = {
    {"impute", "fillna", "fill missing values",
     "mean, median, mode, zero or a constant (fitted on the training rows), forward fill within each "
     "series, or drop the rows.",
     "impute median income", impute_args, 0},
    "impute mean|median|mode|constant|zero|ffill|drop [value=X] [COL...]",
    parse_impute, format_impute, impute_from_args, compile_impute, NULL,
};

/* ---- encode ---- */

static int make_encode(nn_step *s, nn_encode how, const char *const *cols, size_t n, nn_error *err)
{
    *s = (nn_step){.kind = &step_encode, .method = how};
    if ((unsigned)how >= NN_ENCODE_COUNT)
        return nn_fail(err, "encode: unknown method %d", (int)how);
    if (n == 0)
        return nn_fail(err, "encode: expected at least one column");
    return step_with_columns(s, cols, n, err);
}

int nn_recipe_encode(nn_recipe *r, const nn_table *t, nn_encode how, const char *const *cols,
                     size_t n, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_encode(&s, how, cols, n, err), &s, err);
}

static int encode_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    const char *const *cols;
    size_t n = step_arg_list(a, "columns", &cols);
    int how = step_lookup(encode_names, NN_ENCODE_COUNT, step_arg(a, "method"));
    return make_encode(s, how < 0 ? NN_ENCODE_ONEHOT : how, cols, n, err);
}

static int parse_encode(nn_step *s, char **args, int n, nn_error *err)
{
    if (n < 2)
        return nn_fail(err, "encode: expected onehot or ordinal, then columns");
    if ((s->method = step_lookup(encode_names, NN_ENCODE_COUNT, args[0])) < 0)
        return step_bad_choice(err, "encode", "method", args[0], encode_names, NN_ENCODE_COUNT);
    return step_take_columns(s, args + 1, n - 1) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_encode(const nn_step *s, FILE *f)
{
    fprintf(f, " %s", encode_names[s->method]);
    step_put_columns(s, f, "");
}

/* A numeric column one-hot encodes only as a small set of integer codes
 * (credit-history 1 to 6), never as measurements. */
static int integer_codes(const nn_table *t, int c, nn_error *err)
{
    const nn_column *col = &t->cols[c];
    float seen[NN_MAX_CODES];
    size_t n = 0;
    for (size_t row = 0; row < t->nrows; row++) {
        float v = col->values[row];
        if (isnan(v))
            continue;
        if (v != floorf(v))
            return nn_fail(err, "encode onehot: '%s' has the value %.7g in row %zu, not an integer code: "
                                "only integer-coded numeric columns are one-hot encoded",
                           col->name, v, row + 1);
        size_t k = 0;
        while (k < n && seen[k] != v)
            k++;
        if (k == n && n == NN_MAX_CODES)
            return nn_fail(err, "encode onehot: '%s' has more than %d distinct integer codes: at most "
                                "%d are one-hot encoded (a measurement? leave it numeric)",
                           col->name, NN_MAX_CODES, NN_MAX_CODES);
        if (k == n)
            seen[n++] = v;
    }
    return 0;
}

static int is_level_type(nn_col_type type)
{
    return type == NN_COL_BOOLEAN || type == NN_COL_CATEGORICAL || type == NN_COL_TEXT;
}

static int compile_encode(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    for (size_t i = 0; i < s->ncols; i++) {
        if (p->predicting && nn_table_find(t, s->cols[i]) < 0)
            continue; /* named when the features are written, if needed */
        int c = step_column("encode", t, s->cols[i], err);
        if (c < 0)
            return -1;
        if (t->cols[c].type == NN_COL_NUMERIC) {
            if (s->method != NN_ENCODE_ONEHOT)
                return nn_fail(err, "encode ordinal: '%s' is numeric: its values are already ordered; "
                                    "`encode onehot %s` makes one feature per integer code",
                               s->cols[i], s->cols[i]);
            /* predicting: the codes fitted in training decide, an unseen one gives zeros */
            if (!p->predicting && integer_codes(t, c, err) < 0)
                return -1;
            p->cols[c].codes = 1;
        } else if (!is_level_type(t->cols[c].type)) {
            return nn_fail(err, "encode: '%s' is %s: only categorical, boolean, text or integer-coded "
                                "numeric columns are encoded",
                           s->cols[i], nn_col_type_name(t->cols[c].type));
        }
        if (p->cols[c].role == ROLE_TARGET || p->cols[c].role == ROLE_KEY)
            return nn_fail(err, "encode: '%s' is the %s", s->cols[i],
                           p->cols[c].role == ROLE_TARGET ? "target" : "window key");
        p->cols[c].encode = s->method;
        p->cols[c].role = ROLE_FEATURE;
    }
    return 0;
}

static const nn_arg_spec encode_args[] = {
    CHOICE("method", REQ, NULL, "onehot|ordinal", "encoding"),
    COLUMN("columns", REQ | REP, "categorical columns, or integer codes (onehot)"), SPEC_END};

const step_kind step_encode = {
    {"encode", NULL, "encode categorical columns",
     "One-hot is the default for every category. A numeric column of integer codes (at most 50 "
     "distinct, e.g. credit-history codes 1 to 6) is one-hot encoded with `encode onehot COL`, one "
     "feature per code.",
     "encode ordinal owner", encode_args, 0},
    "encode onehot|ordinal COL...",
    parse_encode, format_encode, encode_from_args, compile_encode, NULL,
};

/* ---- scale ---- */

static int make_scale(nn_step *s, nn_scale how, nn_error *err)
{
    *s = (nn_step){.kind = &step_scale, .method = how};
    if ((unsigned)how >= NN_SCALE_COUNT)
        return nn_fail(err, "scale: unknown method %d", (int)how);
    return 0;
}

int nn_recipe_scale(nn_recipe *r, const nn_table *t, nn_scale how, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_scale(&s, how, err), &s, err);
}

static int scale_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    int how = step_lookup(scale_names, NN_SCALE_COUNT, step_arg(a, "method"));
    return make_scale(s, how < 0 ? NN_SCALE_NONE : how, err);
}

static int parse_scale(nn_step *s, char **args, int n, nn_error *err)
{
    if (n != 1)
        return nn_fail(err, "scale: expected one of zscore, minmax, robust, none");
    if ((s->method = step_lookup(scale_names, NN_SCALE_COUNT, args[0])) < 0)
        return step_bad_choice(err, "scale", "method", args[0], scale_names, NN_SCALE_COUNT);
    return 0;
}

static void format_scale(const nn_step *s, FILE *f) { fprintf(f, " %s", scale_names[s->method]); }

static int compile_scale(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    (void)t, (void)err;
    p->scale = s->method;
    return 0;
}

static const nn_arg_spec scale_args[] = {
    CHOICE("method", REQ, NULL, "zscore|minmax|robust|none", "scaling of features (and regression targets)"),
    SPEC_END};

const step_kind step_scale = {
    {"scale", "normalize", "scale the features",
     "zscore (the default), minmax, robust (median and IQR) or none, fitted on the training rows; a "
     "regression target is scaled too and metrics are reported in its units.",
     "scale robust", scale_args, 0},
    "scale zscore|minmax|robust|none",
    parse_scale, format_scale, scale_from_args, compile_scale, NULL,
};
