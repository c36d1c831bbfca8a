/* The kinds of preparation step, one table entry each: how a step reads
 * and writes itself as text, and what it does to the plan. Adding a kind
 * of step means adding one entry here. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "table/parse_number.h"
#include "recipe_internal.h"

typedef struct step_kind {
    const char *name;
    const char *syntax;
    /* Reads arguments (words after the name) into s. */
    int (*parse)(nn_step *s, char **args, int n, nn_error *err);
    /* Writes arguments after the name. */
    void (*format)(const nn_step *s, FILE *f);
    int (*compile)(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err);
} step_kind;

static const char *const task_names[] = {"regression", "binary", "multiclass"};
static const char *const impute_names[NN_IMPUTE_COUNT] = {"none", "mean", "median", "mode",
                                                          "constant", "ffill", "drop"};
static const char *const encode_names[NN_ENCODE_COUNT] = {"onehot", "ordinal"};
static const char *const scale_names[NN_SCALE_COUNT] = {"none", "zscore", "minmax", "robust"};
static const char *const window_names[NN_WINDOW_COUNT] = {"level", "diff", "return", "logreturn"};
static const char *const smooth_names[NN_SMOOTH_COUNT] = {"ema", "mean", "median"};

const char *nn_task_name(nn_task t) { return t >= 0 && t <= 2 ? task_names[t] : "auto"; }
/* (unsigned): an out-of-range value, negative ones included, is "?" */
const char *nn_impute_name(nn_impute m) { return (unsigned)m < NN_IMPUTE_COUNT ? impute_names[m] : "?"; }
const char *nn_encode_name(nn_encode m) { return (unsigned)m < NN_ENCODE_COUNT ? encode_names[m] : "?"; }
const char *nn_scale_name(nn_scale m) { return (unsigned)m < NN_SCALE_COUNT ? scale_names[m] : "?"; }
const char *nn_window_as_name(nn_window_as m) { return (unsigned)m < NN_WINDOW_COUNT ? window_names[m] : "?"; }
const char *nn_smooth_name(nn_smooth m) { return (unsigned)m < NN_SMOOTH_COUNT ? smooth_names[m] : "?"; }

static int lookup(const char *const *names, int n, const char *word)
{
    for (int i = 0; i < n; i++)
        if (strcasecmp(names[i], word) == 0)
            return i;
    return -1;
}

static int bad_choice(nn_error *err, const char *step, const char *what, const char *word,
                      const char *const *names, int n)
{
    char list[160] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, names[i], sizeof list - strlen(list) - 1);
    }
    return nn_fail(err, "%s: unknown %s '%s' (expected one of: %s)", step, what, word, list);
}

/* "key=value" → value when the key matches, else NULL. */
static const char *keyed(const char *word, const char *key)
{
    size_t n = strlen(key);
    return strncmp(word, key, n) == 0 && word[n] == '=' ? word + n + 1 : NULL;
}

static int number_arg(const char *step, const char *key, const char *text, double *out,
                      nn_error *err)
{
    char *end;
    *out = nn_strtod_c(text, &end);
    if (end == text || *end || !isfinite(*out))
        return nn_fail(err, "%s: %s=%s is not a number", step, key, text);
    return 0;
}

/* A seed is a whole number up to 2^64 - 1, read exactly (a double would
 * round seeds beyond 2^53 and overflow beyond 2^64). */
static int seed_arg(const char *text, uint64_t *out, nn_error *err)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = isdigit((unsigned char)*text) ? strtoull(text, &end, 10) : 0;
    if (!end || *end || errno == ERANGE)
        return nn_fail(err, "split: seed=%s: expected a whole number from 0 to 18446744073709551615",
                       text);
    *out = v;
    return 0;
}

static int take_columns(nn_step *s, char **args, int n)
{
    s->cols = calloc(n ? (size_t)n : 1, sizeof *s->cols);
    if (!s->cols)
        return -1;
    for (int i = 0; i < n; i++) {
        if (!(s->cols[i] = strdup(args[i])))
            return -1;
        s->ncols = (size_t)i + 1;
    }
    return 0;
}

/* Appends one column word to s (columns mixed with key=value words). */
static int add_column_word(nn_step *s, const char *word)
{
    char **more = realloc(s->cols, (s->ncols + 1) * sizeof *more);
    if (!more)
        return -1;
    s->cols = more;
    return (more[s->ncols] = strdup(word)) ? (int)(s->ncols++, 0) : -1;
}

/* The shortest text that reads back as the same double: 0.6, not
 * 0.59999999999999998, and still exact for a saved recipe. */
static void put_number(FILE *f, const char *prefix, double v)
{
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (nn_strtod_c(buf, NULL) == v)
            break;
    }
    fprintf(f, "%s%s", prefix, buf);
}

static void put_columns(const nn_step *s, FILE *f, const char *prefix)
{
    for (size_t i = 0; i < s->ncols; i++) {
        fprintf(f, " %s", prefix);
        text_put_word(f, s->cols[i]);
    }
}

/* ---- lookups against the table and plan ---- */

static int column(const char *step, const nn_table *t, const char *name, nn_error *err)
{
    int c = nn_table_find(t, name);
    if (c < 0)
        nn_fail(err, "%s: no column '%s' in %s", step, name, t->source ? t->source : "the data");
    return c;
}

static int is_level_type(nn_col_type type)
{
    return type == NN_COL_BOOLEAN || type == NN_COL_CATEGORICAL || type == NN_COL_TEXT;
}

/* ---- target ---- */

static int parse_target(nn_step *s, char **args, int n, nn_error *err)
{
    s->method = NN_TASK_AUTO;
    if (n < 1 || n > 2)
        return nn_fail(err, "target: expected a column and optionally task=");
    if (n == 2) {
        const char *v = keyed(args[1], "task");
        if (!v)
            return nn_fail(err, "target: unexpected '%s' (expected task=...)", args[1]);
        if ((s->method = lookup(task_names, 3, v)) < 0)
            return bad_choice(err, "target", "task", v, task_names, 3);
    }
    return take_columns(s, args, 1) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_target(const nn_step *s, FILE *f)
{
    put_columns(s, f, "");
    if (s->method != NN_TASK_AUTO)
        fprintf(f, " task=%s", task_names[s->method]);
}

enum { CLASSES_MAX = 50 }; /* as many as a categorical column may have (infer.c) */

/* The distinct present values of a numeric column, counted up to limit + 1. */
static size_t distinct_numbers(const nn_column *c, size_t nrows, size_t limit)
{
    float seen[CLASSES_MAX + 1];
    size_t n = 0;
    for (size_t r = 0; r < nrows && n <= limit; r++) {
        float v = c->values[r];
        size_t k = 0;
        while (k < n && seen[k] != v)
            k++;
        if (k == n && !isnan(v))
            seen[n++] = v;
    }
    return n;
}

/* What a text or a numeric target of too many classes says, with the remedy. */
static int too_many_classes(const char *name, const char *what, const char *instead, nn_error *err)
{
    return nn_fail(err, "target: '%s' is %s, too many to learn as classes (even with "
                        "task=multiclass): group them into a few classes (at most %d, each on many "
                        "rows) in the file, or %s", name, what, CLASSES_MAX, instead);
}

static int task_for(const nn_column *c, size_t nrows, int asked, nn_error *err)
{
    char what[80];
    switch (c->type) {
    case NN_COL_NUMERIC:
        if (asked == NN_TASK_MULTICLASS && distinct_numbers(c, nrows, CLASSES_MAX) > CLASSES_MAX) {
            snprintf(what, sizeof what, "numbers with over %d distinct values", CLASSES_MAX);
            return too_many_classes(c->name, what, "predict it as a number (no task=multiclass)", err);
        }
        return asked == NN_TASK_AUTO ? NN_TASK_REGRESSION : asked;
    case NN_COL_BOOLEAN:
    case NN_COL_CATEGORICAL:
        if (asked == NN_TASK_REGRESSION)
            return nn_fail(err, "target: '%s' is %s: task=regression needs numbers", c->name,
                           nn_col_type_name(c->type));
        if (asked == NN_TASK_BINARY && c->nlevels > 2)
            return nn_fail(err, "target: '%s' has %zu classes: task=binary needs 2", c->name,
                           c->nlevels);
        return asked != NN_TASK_AUTO ? asked : c->nlevels <= 2 ? NN_TASK_BINARY : NN_TASK_MULTICLASS;
    case NN_COL_TEXT: /* over 50 distinct values, or most of them on one row each */
        snprintf(what, sizeof what, "text with %zu distinct values", c->nlevels);
        return too_many_classes(c->name, what, "predict a numeric column", err);
    default:
        return nn_fail(err, "target: '%s' is a %s column: expected numbers or classes", c->name,
                       nn_col_type_name(c->type));
    }
}

static int compile_target(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    if (p->predicting && nn_table_find(t, s->cols[0]) < 0) {
        if (p->target >= 0)
            p->cols[p->target].role = ROLE_FEATURE;
        p->target = -1;
        return 0;
    }
    int c = column("target", t, s->cols[0], err);
    if (c < 0)
        return -1;
    int task = task_for(&t->cols[c], t->nrows, s->method, err);
    if (task < 0)
        return -1;
    if (p->cols[c].role == ROLE_KEY)
        return nn_fail(err, "target: '%s' is the window key", s->cols[0]);
    if (p->target >= 0)
        p->cols[p->target].role = ROLE_FEATURE;
    p->target = c;
    p->task = task;
    p->cols[c].role = ROLE_TARGET;
    return 0;
}

/* ---- drop and keep ---- */

static int parse_columns(nn_step *s, char **args, int n, nn_error *err)
{
    if (n < 1)
        return nn_fail(err, "expected at least one column");
    return take_columns(s, args, n) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_columns(const nn_step *s, FILE *f) { put_columns(s, f, ""); }

static int compile_drop(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    for (size_t i = 0; i < s->ncols; i++) {
        if (p->predicting && nn_table_find(t, s->cols[i]) < 0)
            continue;
        int c = column("drop", t, s->cols[i], err);
        if (c < 0)
            return -1;
        if (p->cols[c].role == ROLE_TARGET)
            return nn_fail(err, "drop: '%s' is the target; choose another target first", s->cols[i]);
        if (p->cols[c].role == ROLE_KEY)
            return nn_fail(err, "drop: '%s' is the window key", s->cols[i]);
        p->cols[c].role = ROLE_DROPPED;
    }
    return 0;
}

/* A column that can be a feature by itself (text needs encode first). */
static int usable_feature(const char *step, const nn_table *t, const nn_plan *p, int c,
                          nn_error *err)
{
    nn_col_type type = t->cols[c].type;
    if (type == NN_COL_DATE)
        return nn_fail(err, "%s: '%s' is a date: use `calendar %s` or a window", step,
                       t->cols[c].name, t->cols[c].name);
    if (type == NN_COL_TEXT && p->cols[c].role != ROLE_FEATURE)
        return nn_fail(err, "%s: '%s' is a text/ID column: `encode onehot %s` to use it", step,
                       t->cols[c].name, t->cols[c].name);
    return 0;
}

static int compile_keep(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    unsigned char *kept = calloc(t->ncols ? t->ncols : 1, 1);
    if (!kept)
        return nn_fail(err, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < s->ncols && rc == 0; i++) {
        /* predicting: the target may be absent; a missing feature is
         * named when the features are written */
        if (p->predicting && nn_table_find(t, s->cols[i]) < 0)
            continue;
        int c = column("keep", t, s->cols[i], err);
        if (c < 0 || usable_feature("keep", t, p, c, err) < 0)
            rc = -1;
        else
            kept[c] = 1;
    }
    for (size_t c = 0; c < t->ncols && rc == 0; c++) {
        unsigned char *role = &p->cols[c].role;
        if (kept[c] && *role != ROLE_TARGET && *role != ROLE_KEY)
            *role = ROLE_FEATURE;
        else if (!kept[c] && (*role == ROLE_FEATURE || *role == ROLE_IGNORED))
            *role = ROLE_DROPPED;
    }
    free(kept);
    return rc;
}

/* ---- impute ---- */

static int parse_impute(nn_step *s, char **args, int n, nn_error *err)
{
    if (n < 1)
        return nn_fail(err, "impute: expected a method (mean, median, mode, constant, zero, ffill, drop)");
    s->value = 0;
    if (strcasecmp(args[0], "zero") == 0) {
        s->method = NN_IMPUTE_CONSTANT;
    } else if ((s->method = lookup(impute_names + 1, NN_IMPUTE_COUNT - 1, args[0])) < 0) {
        return bad_choice(err, "impute", "method", args[0], impute_names + 1, NN_IMPUTE_COUNT - 1);
    } else {
        s->method++;
    }
    /* value= only follows constant: any other word is a column, even one
     * named "value=5" */
    int first = 1;
    if (s->method == NN_IMPUTE_CONSTANT && n > 1 && keyed(args[1], "value")) {
        if (number_arg("impute", "value", keyed(args[1], "value"), &s->value, err) < 0)
            return -1;
        first = 2;
    }
    return take_columns(s, args + first, n - first) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_impute(const nn_step *s, FILE *f)
{
    fprintf(f, " %s", impute_names[s->method]);
    if (s->method == NN_IMPUTE_CONSTANT)
        put_number(f, " value=", s->value);
    put_columns(s, f, "");
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
        int c = column("impute", t, s->cols[i], err);
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

/* ---- encode ---- */

static int parse_encode(nn_step *s, char **args, int n, nn_error *err)
{
    if (n < 2)
        return nn_fail(err, "encode: expected onehot or ordinal, then columns");
    if ((s->method = lookup(encode_names, NN_ENCODE_COUNT, args[0])) < 0)
        return bad_choice(err, "encode", "method", args[0], encode_names, NN_ENCODE_COUNT);
    return take_columns(s, args + 1, n - 1) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_encode(const nn_step *s, FILE *f)
{
    fprintf(f, " %s", encode_names[s->method]);
    put_columns(s, f, "");
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

static int compile_encode(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    for (size_t i = 0; i < s->ncols; i++) {
        if (p->predicting && nn_table_find(t, s->cols[i]) < 0)
            continue; /* named when the features are written, if needed */
        int c = column("encode", t, s->cols[i], err);
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

/* ---- scale ---- */

static int parse_scale(nn_step *s, char **args, int n, nn_error *err)
{
    if (n != 1)
        return nn_fail(err, "scale: expected one of zscore, minmax, robust, none");
    if ((s->method = lookup(scale_names, NN_SCALE_COUNT, args[0])) < 0)
        return bad_choice(err, "scale", "method", args[0], scale_names, NN_SCALE_COUNT);
    return 0;
}

static void format_scale(const nn_step *s, FILE *f) { fprintf(f, " %s", scale_names[s->method]); }

static int compile_scale(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    (void)t, (void)err;
    p->scale = s->method;
    return 0;
}

/* ---- sort and calendar ---- */

static int parse_one_column(nn_step *s, char **args, int n, nn_error *err)
{
    if (n != 1)
        return nn_fail(err, "expected one date column");
    return take_columns(s, args, 1) < 0 ? nn_fail(err, "out of memory") : 0;
}

static int date_column(const char *step, const nn_table *t, const char *name, nn_error *err)
{
    int c = column(step, t, name, err);
    if (c >= 0 && t->cols[c].type != NN_COL_DATE)
        return nn_fail(err, "%s: '%s' is %s, expected a date column", step, name,
                       nn_col_type_name(t->cols[c].type));
    return c;
}

static int compile_sort(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    int c = date_column("sort", t, s->cols[0], err);
    if (c < 0)
        return -1;
    p->time_col = c;
    return 0;
}

static int compile_calendar(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    int c = date_column("calendar", t, s->cols[0], err);
    if (c < 0)
        return -1;
    p->calendar_col = c;
    if (p->time_col < 0)
        p->time_col = c;
    return 0;
}

/* ---- window ---- */

static int parse_window(nn_step *s, char **args, int n, nn_error *err)
{
    double v;
    if (n < 1 || number_arg("window", "N", args[0], &v, err) < 0 || v < 1 || v > 10000 ||
        v != floor(v))
        return nn_fail(err, "window: expected the number of past steps (1 to 10000) first");
    s->n = (int)v;
    s->horizon = 1;
    s->method = NN_WINDOW_LEVEL;
    s->cols = calloc((size_t)n, sizeof *s->cols);
    if (!s->cols)
        return nn_fail(err, "out of memory");
    for (int i = 1; i < n; i++) {
        const char *val;
        if ((val = keyed(args[i], "on"))) {
            if (!(s->cols[s->ncols++] = strdup(val)))
                return nn_fail(err, "out of memory");
        } else if ((val = keyed(args[i], "as"))) {
            if ((s->method = lookup(window_names, NN_WINDOW_COUNT, val)) < 0)
                return bad_choice(err, "window", "as", val, window_names, NN_WINDOW_COUNT);
        } else if ((val = keyed(args[i], "horizon"))) {
            if (number_arg("window", "horizon", val, &v, err) < 0 || v < 1 || v > 10000 ||
                v != floor(v))
                return nn_fail(err, "window: horizon=%s: expected a whole number of steps >= 1", val);
            s->horizon = (int)v;
        } else if ((val = keyed(args[i], "by"))) {
            free(s->by);
            if (!(s->by = strdup(val)))
                return nn_fail(err, "out of memory");
        } else {
            return nn_fail(err, "window: unexpected '%s' (expected on=, as=, horizon= or by=)",
                           args[i]);
        }
    }
    return 0;
}

static void format_window(const nn_step *s, FILE *f)
{
    fprintf(f, " %d", s->n);
    put_columns(s, f, "on=");
    fprintf(f, " as=%s horizon=%d", window_names[s->method], s->horizon);
    if (s->by) {
        fputs(" by=", f);
        text_put_word(f, s->by);
    }
}

static int first_date_column(const nn_table *t, const nn_plan *p)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (t->cols[c].type == NN_COL_DATE && p->cols[c].role != ROLE_DROPPED)
            return (int)c;
    return -1;
}

static int compile_window(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    for (size_t c = 0; c < p->ncols; c++)
        p->cols[c].on = 0;
    for (size_t i = 0; i < s->ncols; i++) {
        int c = column("window", t, s->cols[i], err);
        if (c < 0)
            return -1;
        if (t->cols[c].type != NN_COL_NUMERIC)
            return nn_fail(err, "window: on=%s is %s, expected a numeric series", s->cols[i],
                           nn_col_type_name(t->cols[c].type));
        p->cols[c].on = 1;
        if (p->cols[c].role != ROLE_TARGET)
            p->cols[c].role = ROLE_FEATURE;
    }
    if (p->key_col >= 0)
        p->cols[p->key_col].role = ROLE_DROPPED;
    p->key_col = -1;
    if (s->by) {
        int k = column("window", t, s->by, err);
        if (k < 0)
            return -1;
        if (t->cols[k].type == NN_COL_DATE || p->cols[k].on || p->cols[k].role == ROLE_TARGET)
            return nn_fail(err, "window: by=%s must be a key column such as a symbol", s->by);
        p->key_col = k;
        p->cols[k].role = ROLE_KEY;
    }
    p->window_n = s->n;
    p->window_as = s->method;
    p->horizon = s->horizon;
    if (p->time_col < 0)
        p->time_col = first_date_column(t, p);
    return 0;
}

/* ---- split ---- */

static int parse_split(nn_step *s, char **args, int n, nn_error *err)
{
    static const char *const keys[3] = {"train", "val", "test"};
    int given[3] = {0, 0, 0};
    s->method = NN_ORDER_AUTO;
    s->seed = 42;
    for (int i = 0; i < n; i++) {
        const char *val = NULL;
        int k;
        for (k = 0; k < 3 && !(val = keyed(args[i], keys[k])); k++)
            ;
        double v;
        if (k < 3) {
            if (number_arg("split", keys[k], val, &v, err) < 0)
                return -1;
            if (v < 0 || v > 1)
                return nn_fail(err, "split: %s=%s must be between 0 and 1", keys[k], val);
            s->fraction[k] = v;
            given[k] = 1;
        } else if ((val = keyed(args[i], "seed"))) {
            if (seed_arg(val, &s->seed, err) < 0)
                return -1;
        } else if (strcasecmp(args[i], "shuffle") == 0 || strcasecmp(args[i], "shuffled") == 0) {
            s->method = NN_ORDER_SHUFFLE;
        } else if (strcasecmp(args[i], "ordered") == 0 || strcasecmp(args[i], "chronological") == 0) {
            s->method = NN_ORDER_CHRONOLOGICAL;
        } else if (strcasecmp(args[i], "auto") != 0) {
            return nn_fail(err, "split: unexpected '%s' (expected train=, val=, test=, shuffle, ordered or seed=)",
                           args[i]);
        }
    }
    if (!given[0])
        return nn_fail(err, "split: train= is required");
    int unknown = !given[1] + !given[2];
    double rest = 1 - s->fraction[0] - s->fraction[1] - s->fraction[2];
    for (int k = 1; k < 3; k++)
        if (!given[k])
            s->fraction[k] = rest > 0 ? nn_round_decimal(rest / unknown) : 0;
    double sum = s->fraction[0] + s->fraction[1] + s->fraction[2];
    if (fabs(sum - 1) > 1e-6)
        return nn_fail(err, "split: fractions sum to %g, must be 1", sum);
    if (s->fraction[0] <= 0)
        return nn_fail(err, "split: train must be more than 0");
    return 0;
}

static void format_split(const nn_step *s, FILE *f)
{
    static const char *const orders[] = {"shuffle", "ordered"};
    put_number(f, " train=", s->fraction[0]);
    put_number(f, " val=", s->fraction[1]);
    put_number(f, " test=", s->fraction[2]);
    fprintf(f, " %s seed=%llu", s->method == NN_ORDER_AUTO ? "auto" : orders[s->method],
            (unsigned long long)s->seed);
}

static int compile_split(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    (void)t, (void)err;
    memcpy(p->split, s->fraction, sizeof p->split);
    p->order = s->method;
    p->seed = s->seed;
    return 0;
}

/* ---- winsorize ---- */

static int parse_winsorize(nn_step *s, char **args, int n, nn_error *err)
{
    s->fraction[0] = 0.01, s->fraction[1] = 0.99;
    for (int i = 0; i < n; i++) {
        const char *val;
        int k = (val = keyed(args[i], "lower")) ? 0 : (val = keyed(args[i], "upper")) ? 1 : -1;
        if (k < 0) {
            if (add_column_word(s, args[i]) < 0)
                return nn_fail(err, "out of memory");
            continue;
        }
        if (number_arg("winsorize", k ? "upper" : "lower", val, &s->fraction[k], err) < 0)
            return -1;
    }
    if (s->ncols < 1)
        return nn_fail(err, "winsorize: expected at least one column");
    if (!(s->fraction[0] >= 0 && s->fraction[0] < s->fraction[1] && s->fraction[1] <= 1))
        return nn_fail(err, "winsorize: lower=%g upper=%g: expected 0 <= lower < upper <= 1",
                       s->fraction[0], s->fraction[1]);
    return 0;
}

static void format_winsorize(const nn_step *s, FILE *f)
{
    put_columns(s, f, "");
    put_number(f, " lower=", s->fraction[0]);
    put_number(f, " upper=", s->fraction[1]);
}

/* A numeric column winsorize or smooth may change (absent: skipped when
 * predicting, -2). */
static int numeric_column(const char *step, const nn_table *t, const nn_plan *p, const char *name,
                          nn_error *err)
{
    if (p->predicting && nn_table_find(t, name) < 0)
        return -2;
    int c = column(step, t, name, err);
    if (c >= 0 && t->cols[c].type != NN_COL_NUMERIC)
        return nn_fail(err, "%s: '%s' is %s, expected a numeric column", step, name,
                       nn_col_type_name(t->cols[c].type));
    return c;
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

/* ---- smooth ---- */

static int parse_smooth(nn_step *s, char **args, int n, nn_error *err)
{
    s->method = NN_SMOOTH_EMA;
    s->n = 5;
    int methods = 0;
    for (int i = 0; i < n; i++) {
        const char *val = NULL;
        int k;
        for (k = 0; k < NN_SMOOTH_COUNT && !(val = keyed(args[i], smooth_names[k])); k++)
            ;
        double v;
        if (k < NN_SMOOTH_COUNT) {
            if (number_arg("smooth", smooth_names[k], val, &v, err) < 0 || v < 2 || v > 10000 ||
                v != floor(v))
                return nn_fail(err, "smooth: %s=%s: expected a whole number of rows from 2 to 10000",
                               smooth_names[k], val);
            s->method = k, s->n = (int)v;
            methods++;
        } else if ((val = keyed(args[i], "by"))) {
            free(s->by);
            if (!(s->by = strdup(val)))
                return nn_fail(err, "out of memory");
        } else if (add_column_word(s, args[i]) < 0) {
            return nn_fail(err, "out of memory");
        }
    }
    if (methods > 1)
        return nn_fail(err, "smooth: expected one of ema=N, mean=N or median=N, not several");
    return s->ncols ? 0 : nn_fail(err, "smooth: expected at least one column");
}

static void format_smooth(const nn_step *s, FILE *f)
{
    put_columns(s, f, "");
    fprintf(f, " %s=%d", smooth_names[s->method], s->n);
    if (s->by) {
        fputs(" by=", f);
        text_put_word(f, s->by);
    }
}

static int compile_smooth(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    int key = -1;
    if (s->by && (key = column("smooth", t, s->by, err)) < 0)
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

/* ---- the table ---- */

static const step_kind kinds[] = {
    {"target", "target COL [task=regression|binary|multiclass]", parse_target, format_target, compile_target},
    {"drop", "drop COL...", parse_columns, format_columns, compile_drop},
    {"keep", "keep COL...", parse_columns, format_columns, compile_keep},
    {"impute", "impute mean|median|mode|constant|zero|ffill|drop [value=X] [COL...]", parse_impute,
     format_impute, compile_impute},
    {"encode", "encode onehot|ordinal COL...", parse_encode, format_encode, compile_encode},
    {"scale", "scale zscore|minmax|robust|none", parse_scale, format_scale, compile_scale},
    {"sort", "sort DATECOL", parse_one_column, format_columns, compile_sort},
    {"calendar", "calendar DATECOL", parse_one_column, format_columns, compile_calendar},
    {"window", "window N [on=COL]... [as=level|diff|return|logreturn] [horizon=H] [by=KEY]",
     parse_window, format_window, compile_window},
    {"split", "split train=F [val=F] [test=F] [shuffle|ordered] [seed=N]", parse_split, format_split,
     compile_split},
    {"winsorize", "winsorize COL... [lower=Q] [upper=Q]", parse_winsorize, format_winsorize,
     compile_winsorize},
    {"smooth", "smooth COL... [ema=N|mean=N|median=N] [by=KEY]", parse_smooth, format_smooth,
     compile_smooth},
};
enum { NKINDS = sizeof kinds / sizeof kinds[0] };

void step_clear(nn_step *s)
{
    for (size_t i = 0; i < s->ncols; i++)
        free(s->cols[i]);
    free(s->cols);
    free(s->by);
    memset(s, 0, sizeof *s);
}

int step_copy(nn_step *dst, const nn_step *src)
{
    *dst = *src;
    dst->cols = calloc(src->ncols ? src->ncols : 1, sizeof *dst->cols);
    dst->by = src->by ? strdup(src->by) : NULL;
    dst->ncols = 0;
    int ok = dst->cols && (!src->by || dst->by);
    for (size_t i = 0; ok && i < src->ncols; i++, dst->ncols++)
        ok = (dst->cols[i] = strdup(src->cols[i])) != NULL;
    if (!ok)
        step_clear(dst);
    return ok ? 0 : -1;
}

char *step_format(const nn_step *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    locale_t old = uselocale(nn_c_locale());
    fputs(kinds[s->kind].name, f);
    kinds[s->kind].format(s, f);
    uselocale(old);
    return fclose(f) == 0 ? text : (free(text), NULL);
}

static const nn_step *last_compiled_by(const nn_step *steps, size_t n,
                                       int (*compile)(const nn_step *, const nn_table *, nn_plan *, nn_error *))
{
    for (size_t i = n; i-- > 0;)
        if (kinds[steps[i].kind].compile == compile)
            return &steps[i];
    return NULL;
}

const nn_step *step_last_window(const nn_step *steps, size_t n)
{
    return last_compiled_by(steps, n, compile_window);
}

const nn_step *step_last_target(const nn_step *steps, size_t n)
{
    return last_compiled_by(steps, n, compile_target);
}

int step_parse(const char *line, nn_step *s, nn_error *err)
{
    memset(s, 0, sizeof *s);
    char **words;
    int n = text_split(line, &words, err);
    if (n < 0)
        return -1;
    int rc = n ? 0 : nn_fail(err, "empty step");
    int k = 0;
    while (rc == 0 && k < NKINDS && strcasecmp(kinds[k].name, words[0]) != 0)
        k++;
    if (rc == 0 && k == NKINDS)
        rc = nn_fail(err, "unknown step '%s'", words[0]);
    if (rc == 0) {
        s->kind = k;
        rc = kinds[k].parse(s, words + 1, n - 1, err);
        if (rc < 0 && strncmp(err ? err->msg : "", kinds[k].name, strlen(kinds[k].name)) != 0 && err) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s: %.300s (usage: %s)", kinds[k].name, err->msg,
                     kinds[k].syntax);
            memcpy(err->msg, msg, sizeof msg);
        }
    }
    text_free_words(words, n);
    if (rc < 0)
        step_clear(s);
    return rc;
}

int step_compile(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    return kinds[s->kind].compile(s, t, p, err);
}

/* ---- the structured entry points build a step and add it ---- */

static int add(nn_recipe *r, const nn_table *t, const char *kind, nn_step *s, nn_error *err)
{
    for (s->kind = 0; strcmp(kinds[s->kind].name, kind) != 0; s->kind++)
        ;
    int rc = recipe_add(r, t, s, err);
    step_clear(s);
    return rc;
}

static int with_columns(nn_step *s, const char *const *cols, size_t n, nn_error *err)
{
    if (take_columns(s, (char **)cols, (int)n) < 0) {
        step_clear(s);
        return nn_fail(err, "out of memory");
    }
    return 0;
}

int nn_recipe_target(nn_recipe *r, const nn_table *t, const char *col, nn_task task, nn_error *err)
{
    nn_step s = {.method = task};
    if (task < NN_TASK_AUTO || task > NN_TASK_MULTICLASS)
        return nn_fail(err, "target: unknown task %d", (int)task);
    return with_columns(&s, &col, 1, err) < 0 ? -1 : add(r, t, "target", &s, err);
}

int nn_recipe_drop(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n, nn_error *err)
{
    nn_step s = {0};
    if (n == 0)
        return nn_fail(err, "drop: expected at least one column");
    return with_columns(&s, cols, n, err) < 0 ? -1 : add(r, t, "drop", &s, err);
}

int nn_recipe_keep(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n, nn_error *err)
{
    nn_step s = {0};
    if (n == 0)
        return nn_fail(err, "keep: expected at least one column");
    return with_columns(&s, cols, n, err) < 0 ? -1 : add(r, t, "keep", &s, err);
}

int nn_recipe_impute(nn_recipe *r, const nn_table *t, nn_impute how, double constant,
                     const char *const *cols, size_t n, nn_error *err)
{
    nn_step s = {.method = how, .value = constant};
    if ((unsigned)how - 1 >= NN_IMPUTE_COUNT - 1) /* NONE is not a step either */
        return nn_fail(err, "impute: unknown method");
    return with_columns(&s, cols, n, err) < 0 ? -1 : add(r, t, "impute", &s, err);
}

int nn_recipe_encode(nn_recipe *r, const nn_table *t, nn_encode how, const char *const *cols,
                     size_t n, nn_error *err)
{
    nn_step s = {.method = how};
    if ((unsigned)how >= NN_ENCODE_COUNT)
        return nn_fail(err, "encode: unknown method %d", (int)how);
    if (n == 0)
        return nn_fail(err, "encode: expected at least one column");
    return with_columns(&s, cols, n, err) < 0 ? -1 : add(r, t, "encode", &s, err);
}

int nn_recipe_scale(nn_recipe *r, const nn_table *t, nn_scale how, nn_error *err)
{
    nn_step s = {.method = how};
    if ((unsigned)how >= NN_SCALE_COUNT)
        return nn_fail(err, "scale: unknown method %d", (int)how);
    return add(r, t, "scale", &s, err);
}

int nn_recipe_sort(nn_recipe *r, const nn_table *t, const char *date_col, nn_error *err)
{
    nn_step s = {0};
    return with_columns(&s, &date_col, 1, err) < 0 ? -1 : add(r, t, "sort", &s, err);
}

int nn_recipe_calendar(nn_recipe *r, const nn_table *t, const char *date_col, nn_error *err)
{
    nn_step s = {0};
    return with_columns(&s, &date_col, 1, err) < 0 ? -1 : add(r, t, "calendar", &s, err);
}

int nn_recipe_window(nn_recipe *r, const nn_table *t, int n, const char *const *on, size_t non,
                     nn_window_as as, int horizon, const char *by, nn_error *err)
{
    if (n < 1 || n > 10000)
        return nn_fail(err, "window: N=%d: expected 1 to 10000 past steps", n);
    if (horizon < 1 || horizon > 10000)
        return nn_fail(err, "window: horizon=%d: expected a whole number of steps >= 1", horizon);
    if ((unsigned)as >= NN_WINDOW_COUNT)
        return nn_fail(err, "window: unknown as=");
    nn_step s = {.n = n, .method = as, .horizon = horizon};
    if (with_columns(&s, on, non, err) < 0)
        return -1;
    if (by && !(s.by = strdup(by))) {
        step_clear(&s);
        return nn_fail(err, "out of memory");
    }
    return add(r, t, "window", &s, err);
}

int nn_recipe_split(nn_recipe *r, const nn_table *t, double train, double val, double test,
                    nn_order order, uint64_t seed, nn_error *err)
{
    const double f[3] = {train, val, test};
    static const char *const keys[3] = {"train", "val", "test"};
    for (int k = 0; k < 3; k++)
        if (!(f[k] >= 0 && f[k] <= 1))
            return nn_fail(err, "split: %s=%g must be between 0 and 1", keys[k], f[k]);
    if (train <= 0)
        return nn_fail(err, "split: train must be more than 0");
    if (order < NN_ORDER_AUTO || order > NN_ORDER_CHRONOLOGICAL)
        return nn_fail(err, "split: unknown order %d", (int)order);
    if (fabs(train + val + test - 1) > 1e-6)
        return nn_fail(err, "split: fractions sum to %g, must be 1", train + val + test);
    nn_step s = {.fraction = {train, val, test}, .method = order, .seed = seed};
    return add(r, t, "split", &s, err);
}

int nn_recipe_winsorize(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n,
                        double lower, double upper, nn_error *err)
{
    if (n == 0)
        return nn_fail(err, "winsorize: expected at least one column");
    if (!(lower >= 0 && lower < upper && upper <= 1))
        return nn_fail(err, "winsorize: lower=%g upper=%g: expected 0 <= lower < upper <= 1", lower,
                       upper);
    nn_step s = {.fraction = {lower, upper}};
    return with_columns(&s, cols, n, err) < 0 ? -1 : add(r, t, "winsorize", &s, err);
}

int nn_recipe_smooth(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n,
                     nn_smooth how, int span, const char *by, nn_error *err)
{
    if (n == 0)
        return nn_fail(err, "smooth: expected at least one column");
    if ((unsigned)how >= NN_SMOOTH_COUNT)
        return nn_fail(err, "smooth: unknown method %d", (int)how);
    if (span < 2 || span > 10000)
        return nn_fail(err, "smooth: %s=%d: expected a whole number of rows from 2 to 10000",
                       smooth_names[how], span);
    nn_step s = {.method = how, .n = span};
    if (with_columns(&s, cols, n, err) < 0)
        return -1;
    if (by && !(s.by = strdup(by))) {
        step_clear(&s);
        return nn_fail(err, "out of memory");
    }
    return add(r, t, "smooth", &s, err);
}
