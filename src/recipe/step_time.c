/* Steps about time: ordering rows by a date, calendar features, and
 * windows that turn series into rows of past values. */
#include <math.h>

#include "step.h"

static const char *const window_names[NN_WINDOW_COUNT] = {"level", "diff", "return", "logreturn"};

const char *nn_window_as_name(nn_window_as m) { return (unsigned)m < NN_WINDOW_COUNT ? window_names[m] : "?"; }

/* ---- sort and calendar: one date column ---- */

static int make_date_step(nn_step *s, const step_kind *kind, const char *col, nn_error *err)
{
    *s = (nn_step){.kind = kind};
    return step_with_columns(s, &col, 1, err);
}

int nn_recipe_sort(nn_recipe *r, const nn_table *t, const char *date_col, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_date_step(&s, &step_sort, date_col, err), &s, err);
}

int nn_recipe_calendar(nn_recipe *r, const nn_table *t, const char *date_col, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_date_step(&s, &step_calendar, date_col, err), &s, err);
}

static int sort_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    return make_date_step(s, &step_sort, step_arg(a, "column"), err);
}

static int calendar_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    return make_date_step(s, &step_calendar, step_arg(a, "column"), err);
}

static int parse_one_column(nn_step *s, char **args, int n, nn_error *err)
{
    if (n != 1)
        return nn_fail(err, "expected one date column");
    return step_take_columns(s, args, 1) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_one_column(const nn_step *s, FILE *f) { step_put_columns(s, f, ""); }

static int date_column(const char *step, const nn_table *t, const char *name, nn_error *err)
{
    int c = step_column(step, t, name, err);
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

static const nn_arg_spec date_args[] = {COLUMN("column", REQ, "a date column"), SPEC_END};

const step_kind step_sort = {
    {"sort", NULL, "order the rows by a date column",
     "Once rows are in date order the split is chronological.", "sort date", date_args, 0},
    "sort DATECOL",
    parse_one_column, format_one_column, sort_from_args, compile_sort, NULL,
};

const step_kind step_calendar = {
    {"calendar", NULL, "add day-of-week and month features from a date column", "",
     "calendar date", date_args, 0},
    "calendar DATECOL",
    parse_one_column, format_one_column, calendar_from_args, compile_calendar, NULL,
};

/* ---- window ---- */

static int make_window(nn_step *s, int n, const char *const *on, size_t non, nn_window_as as,
                       int horizon, const char *by, nn_error *err)
{
    *s = (nn_step){.kind = &step_window, .n = n, .method = as, .horizon = horizon};
    if (n < 1 || n > 10000)
        return nn_fail(err, "window: N=%d: expected 1 to 10000 past steps", n);
    if (horizon < 1 || horizon > 10000)
        return nn_fail(err, "window: horizon=%d: expected a whole number of steps >= 1", horizon);
    if ((unsigned)as >= NN_WINDOW_COUNT)
        return nn_fail(err, "window: unknown as=");
    return step_with_columns_by(s, on, non, by, err);
}

int nn_recipe_window(nn_recipe *r, const nn_table *t, int n, const char *const *on, size_t non,
                     nn_window_as as, int horizon, const char *by, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_window(&s, n, on, non, as, horizon, by, err), &s, err);
}

static int window_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    int as = step_lookup(window_names, NN_WINDOW_COUNT, step_arg(a, "as"));
    const char *const *on;
    size_t non = step_arg_list(a, "on", &on);
    return make_window(s, (int)step_arg_int(a, "n"), on, non, as < 0 ? NN_WINDOW_LEVEL : as,
                       (int)step_arg_int(a, "horizon"), step_arg(a, "by"), err);
}

/* A whole number from 1 to 10000 in text, or -1. */
static int steps_of(const char *key, const char *text, nn_error *err)
{
    double v;
    if (step_number("window", key, text, &v, err) < 0 || v < 1 || v > 10000 || v != floor(v))
        return -1;
    return (int)v;
}

static int parse_window(nn_step *s, char **args, int n, nn_error *err)
{
    if (n < 1 || (s->n = steps_of("N", args[0], err)) < 0)
        return nn_fail(err, "window: expected the number of past steps (1 to 10000) first");
    s->horizon = 1;
    s->method = NN_WINDOW_LEVEL;
    for (int i = 1; i < n; i++) {
        const char *val;
        if ((val = step_keyed(args[i], "on"))) {
            if (step_add_column(s, val) < 0)
                return nn_fail(err, "out of memory");
        } else if ((val = step_keyed(args[i], "as"))) {
            if ((s->method = step_lookup(window_names, NN_WINDOW_COUNT, val)) < 0)
                return step_bad_choice(err, "window", "as", val, window_names, NN_WINDOW_COUNT);
        } else if ((val = step_keyed(args[i], "horizon"))) {
            if ((s->horizon = steps_of("horizon", val, err)) < 0)
                return nn_fail(err, "window: horizon=%s: expected a whole number of steps >= 1", val);
        } else if ((val = step_keyed(args[i], "by"))) {
            if (step_set_by(s, val) < 0)
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
    step_put_columns(s, f, "on=");
    fprintf(f, " as=%s horizon=%d", window_names[s->method], s->horizon);
    step_put_by(s, f);
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
        int c = step_column("window", t, s->cols[i], err);
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
        int k = step_column("window", t, s->by, err);
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

const nn_step *step_last_window(const nn_step *steps, size_t n)
{
    return step_last_of(steps, n, &step_window);
}

static const nn_arg_spec window_args[] = {
    INT("n", REQ, NULL, 1, 10000, "past steps per row"),
    COLUMN("on", KEY | LIST, "series to window (the target when left out)"),
    CHOICE("as", KEY, "level", "level|diff|return|logreturn", "what each step holds"),
    INT("horizon", KEY, "1", 1, 10000, "steps ahead of the target"),
    COLUMN("by", KEY, "key column: one series per key (e.g. symbol)"), SPEC_END};

const step_kind step_window = {
    {"window", "lags", "turn series into rows of past values and a future target",
     "Each row holds the previous N values of the `on` columns (levels, differences, returns or log "
     "returns) and the target `horizon` steps ahead; with by=KEY each key's series is windowed alone.",
     "window 12 on=price as=logreturn horizon=1 by=symbol", window_args, NN_STEP_ORDERS_ROWS},
    "window N [on=COL]... [as=level|diff|return|logreturn] [horizon=H] [by=KEY]",
    parse_window, format_window, window_from_args, compile_window, NULL,
};
