/* Steps that give columns their roles: the target to predict, and the
 * columns dropped from or kept as features. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "step.h"
#include "task.h"

/* ---- target ---- */

static int make_targets(nn_step *s, const char *const *cols, size_t n, nn_task task, nn_error *err)
{
    *s = (nn_step){.kind = &step_target, .method = task};
    if (task < NN_TASK_AUTO || task > NN_TASK_MULTICLASS)
        return nn_fail(err, "target: unknown task %d", (int)task);
    if (n == 0)
        return nn_fail(err, "target: expected a column");
    return step_with_columns(s, cols, n, err);
}

int nn_recipe_target(nn_recipe *r, const nn_table *t, const char *col, nn_task task, nn_error *err)
{
    return nn_recipe_targets(r, t, &col, 1, task, err);
}

int nn_recipe_targets(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n, nn_task task,
                      nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_targets(&s, cols, n, task, err), &s, err);
}

static int target_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    const char *task = step_arg(a, "task");
    const char *const *cols;
    size_t n = step_arg_list(a, "columns", &cols);
    return make_targets(s, cols, n, task ? step_lookup(nn_task_names, 3, task) : NN_TASK_AUTO, err);
}

/* "target COL... [task=T]" */
static int parse_target(nn_step *s, char **args, int n, nn_error *err)
{
    s->method = NN_TASK_AUTO;
    int ncols = n > 0 && step_keyed(args[n - 1], "task") ? n - 1 : n;
    if (ncols < 1)
        return nn_fail(err, "target: expected a column and optionally task=");
    for (int i = 0; i < ncols; i++)
        if (strchr(args[i], '=') && step_keyed(args[i], "task"))
            return nn_fail(err, "target: unexpected '%s' (task= comes after the columns)", args[i]);
    if (ncols < n) {
        const char *v = step_keyed(args[n - 1], "task");
        if ((s->method = step_lookup(nn_task_names, 3, v)) < 0)
            return step_bad_choice(err, "target", "task", v, nn_task_names, 3);
    }
    return step_take_columns(s, args, ncols) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_target(const nn_step *s, FILE *f)
{
    step_put_columns(s, f, "");
    if (s->method != NN_TASK_AUTO)
        fprintf(f, " task=%s", nn_task_names[s->method]);
}

enum { CLASSES_MAX = 50 }; /* as many as a categorical column may have (infer.c) */

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
        if (asked == NN_TASK_MULTICLASS && nn_column_distinct_numbers(c, nrows, CLASSES_MAX) > CLASSES_MAX) {
            snprintf(what, sizeof what, "numbers with over %d distinct values", CLASSES_MAX);
            return too_many_classes(c->name, what, "predict it as a number (no task=multiclass)", err);
        }
        return asked == NN_TASK_AUTO ? NN_TASK_REGRESSION : asked;
    case NN_COL_BOOLEAN: /* task=regression reads it as 0 and 1 (no, false: 0) */
    case NN_COL_CATEGORICAL:
        if (asked == NN_TASK_REGRESSION && c->type == NN_COL_CATEGORICAL)
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

/* Several targets are one regression: every column a number. */
static int several_targets(const nn_step *s, const nn_table *t, int c, int task, nn_error *err)
{
    if (s->ncols > NN_MAX_TARGETS)
        return nn_fail(err, "target: %zu columns: at most %d targets", s->ncols, NN_MAX_TARGETS);
    if (task != NN_TASK_REGRESSION)
        return nn_fail(err, "target: several targets are predicted as numbers (a regression), but '%s' is %s%s; "
                       "several classification targets in one model are not supported: one `target` per "
                       "class column, one model each", t->cols[c].name,
                       s->method == NN_TASK_AUTO ? "a class column" : "asked as task=",
                       s->method == NN_TASK_AUTO ? "" : nn_task_names[task]);
    return 0;
}

static void clear_targets(nn_plan *p)
{
    for (size_t i = 0; i < p->ntargets; i++)
        p->cols[p->targets[i]].role = ROLE_FEATURE;
    p->target = -1;
    p->ntargets = 0;
}

static int compile_target(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    clear_targets(p);
    p->nnamed = s->ncols < NN_MAX_TARGETS ? s->ncols : NN_MAX_TARGETS;
    for (size_t i = 0; i < p->nnamed; i++)
        p->target_names[i] = s->cols[i];
    for (size_t i = 0; p->predicting && i < s->ncols; i++)
        if (nn_table_find(t, s->cols[i]) < 0) /* new data without its targets */
            return 0;
    for (size_t i = 0; i < s->ncols; i++) {
        int c = step_column("target", t, s->cols[i], err);
        int task = c < 0 ? -1 : task_for(&t->cols[c], t->nrows, s->method, err);
        if (task < 0 || (s->ncols > 1 && several_targets(s, t, c, task, err) < 0))
            return -1;
        if (p->cols[c].role == ROLE_KEY)
            return nn_fail(err, "target: '%s' is the window key", s->cols[i]);
        if (p->cols[c].role == ROLE_TARGET)
            return nn_fail(err, "target: '%s' is named twice", s->cols[i]);
        p->targets[p->ntargets++] = c;
        p->task = task;
        p->cols[c].role = ROLE_TARGET;
    }
    p->target = p->targets[0];
    return 0;
}

/* A number target of a few whole values may be class codes: say how it
 * is read, and how to read it as classes. */
static void note_target(const nn_step *s, const nn_table *t, nn_notes *notes)
{
    int c = nn_table_find(t, s->cols[0]);
    if (s->ncols != 1 || s->method != NN_TASK_AUTO || c < 0 || t->cols[c].type != NN_COL_NUMERIC)
        return;
    size_t codes = nn_column_integer_codes(&t->cols[c], t->nrows);
    if (codes)
        nn_notes_add(notes, "'%s' holds %zu integer codes: treated as regression; for classes use "
                            "`target %s task=multiclass`", s->cols[0], codes, s->cols[0]);
}

const nn_step *step_last_target(const nn_step *steps, size_t n)
{
    return step_last_of(steps, n, &step_target);
}

static const nn_arg_spec target_args[] = {
    COLUMN("columns", REQ | REP, "the column to predict (several numeric columns: one model predicts them all)"),
    CHOICE("task", KEY, NULL, "regression|binary|multiclass", "the task (follows from the column's type)"),
    SPEC_END};

const step_kind step_target = {
    {"target", "y", "choose the column(s) to predict",
     "The task follows from the column's type: numbers give a regression, yes/no a binary "
     "classification, categories a multiclass one; task= overrides (task=multiclass reads integer "
     "codes 0, 1, 2 as classes; task=regression reads a 0/1 column as numbers). Several numeric "
     "columns (target y1 y2 y3) are one regression: the model ends in one unit per target, each "
     "scaled on its own.",
     "target card", target_args, 0},
    "target COL... [task=regression|binary|multiclass]",
    parse_target, format_target, target_from_args, compile_target, note_target,
};

/* ---- drop and keep: columns, the same way in and out ---- */

static int make_columns(nn_step *s, const step_kind *kind, const char *const *cols, size_t n,
                        nn_error *err)
{
    *s = (nn_step){.kind = kind};
    if (n == 0)
        return nn_fail(err, "%s: expected at least one column", kind->info.name);
    return step_with_columns(s, cols, n, err);
}

int nn_recipe_drop(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_columns(&s, &step_drop, cols, n, err), &s, err);
}

int nn_recipe_keep(nn_recipe *r, const nn_table *t, const char *const *cols, size_t n, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, make_columns(&s, &step_keep, cols, n, err), &s, err);
}

static int drop_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    const char *const *cols;
    size_t n = step_arg_list(a, "columns", &cols);
    return make_columns(s, &step_drop, cols, n, err);
}

static int keep_from_args(nn_step *s, const nn_step_args *a, nn_error *err)
{
    const char *const *cols;
    size_t n = step_arg_list(a, "columns", &cols);
    return make_columns(s, &step_keep, cols, n, err);
}

static int parse_columns(nn_step *s, char **args, int n, nn_error *err)
{
    if (n < 1)
        return nn_fail(err, "expected at least one column");
    return step_take_columns(s, args, n) < 0 ? nn_fail(err, "out of memory") : 0;
}

static void format_columns(const nn_step *s, FILE *f) { step_put_columns(s, f, ""); }

static int compile_drop(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err)
{
    for (size_t i = 0; i < s->ncols; i++) {
        if (p->predicting && nn_table_find(t, s->cols[i]) < 0)
            continue;
        int c = step_column("drop", t, s->cols[i], err);
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
        int c = step_column("keep", t, s->cols[i], err);
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

static const nn_arg_spec columns_args[] = {COLUMN("columns", REQ | REP, "columns"), SPEC_END};

const step_kind step_drop = {
    {"drop", NULL, "leave columns out of the features", "", "drop share expenditure", columns_args, 0},
    "drop COL...",
    parse_columns, format_columns, drop_from_args, compile_drop, NULL,
};

const step_kind step_keep = {
    {"keep", "select", "use only these columns as features", "", "keep income age owner",
     columns_args, 0},
    "keep COL...",
    parse_columns, format_columns, keep_from_args, compile_keep, NULL,
};
