/* Data commands: loading, exploring, and the preparation steps (each a
 * recipe step, checked before it is recorded). Output formats are stable:
 * scripts and tests read them (see README, "Batch mode"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "commands.h"
#include "recipe/steps.h"
#include "table/csv_load.h"
#include "table/generate.h"
#include "table/parse_date.h"
#include "table/parse_number.h"
#include "table/stats.h"
#include "session_internal.h"

static int need_data(const nn_session *s, const char *cmd, nn_error *err)
{
    return s->table ? 0 : nn_fail(err, "%s: no data loaded: `load FILE` or `generate KIND` first", cmd);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void print_column(nn_session *s, const nn_column *c, int width)
{
    char extra[64] = "";
    if (c->type == NN_COL_CATEGORICAL || c->type == NN_COL_TEXT)
        snprintf(extra, sizeof extra, " levels=%zu", c->nlevels);
    else if (c->type == NN_COL_DATE)
        snprintf(extra, sizeof extra, " format=%s", nn_date_format_name(c->date_format));
    session_print(s, "  %-*s %-11s missing=%zu%s", width, c->name, nn_col_type_name(c->type),
                  c->missing, extra);
}

static int name_width(const nn_table *t)
{
    int w = 4;
    for (size_t i = 0; i < t->ncols; i++)
        if ((int)strlen(t->cols[i].name) > w)
            w = (int)strlen(t->cols[i].name);
    return w > 24 ? 24 : w;
}

static void print_columns(nn_session *s)
{
    int w = name_width(s->table);
    for (size_t i = 0; i < s->table->ncols; i++)
        print_column(s, &s->table->cols[i], w);
}

/* `load` again, by absolute path with the options given, for the ranks of
 * `train ranks=N` (which may run in another directory). */
static void remember_load(nn_session *s, const nn_call *c, const char *path)
{
    static const char *const keys[] = {"sep", "header", "na", "decimal", "dayfirst", "types"};
    char *line = NULL, *abs = realpath(path, NULL);
    size_t len = 0;
    FILE *f = open_memstream(&line, &len);
    if (f) {
        fputs("load ", f);
        nn_cmdline_put_word(f, abs ? abs : path);
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (nn_call_given(c, keys[i])) {
                fprintf(f, " %s=", keys[i]);
                nn_cmdline_put_word(f, nn_call_str(c, keys[i]));
            }
        if (fclose(f) == 0)
            session_set_data_source(s, line);
    }
    free(line), free(abs);
}

HANDLER(cmd_load)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    const char *sep = nn_call_str(c, "sep");
    if (sep) {
        o.delimiter = strcmp(sep, "tab") == 0 || strcmp(sep, "\\t") == 0 ? '\t' : sep[0];
        if (!strchr(",;\t|", o.delimiter) || (strlen(sep) != 1 && o.delimiter != '\t'))
            return nn_fail(err, "load: sep=%s: expected , ; tab or |%s", sep,
                           *sep ? "" : " (a bare ; ends the command: write sep=\";\")");
    }
    if (nn_call_given(c, "header"))
        o.header = strcmp(nn_call_str(c, "header"), "yes") == 0;
    o.na = nn_call_str(c, "na");
    if (nn_call_given(c, "decimal"))
        o.decimal = nn_call_str(c, "decimal")[0];
    if (nn_call_given(c, "dayfirst"))
        o.dayfirst = strcmp(nn_call_str(c, "dayfirst"), "yes") == 0;
    o.types = nn_call_str(c, "types");
    const char *path = nn_call_str(c, "file");
    /* with a model at hand, its columns keep the types it was trained on,
     * as in predict: five rows of 0/1 are still the boolean it knows */
    nn_table *schema = s->model_recipe ? nn_recipe_schema(s->model_recipe) : NULL;
    o.like = schema;
    nn_notes notes = {0};
    nn_table *t = nn_csv_load(path, &o, &notes, err);
    nn_table_free(schema);
    if (!t) {
        nn_notes_free(&notes);
        return -1; /* the message names FILE:LINE:COLUMN */
    }
    session_set_table(s, t, base_name(path));
    remember_load(s, c, path);
    session_print(s, "loaded %s: %zu rows, %zu columns", s->data_name, t->nrows, t->ncols);
    print_columns(s);
    for (size_t i = 0; i < notes.n; i++)
        session_warn(s, "%s", notes.items[i]);
    nn_notes_free(&notes);
    session_apply_model_recipe(s);
    return 0;
}

HANDLER(cmd_generate)
{
    size_t rows = nn_call_given(c, "rows") ? (size_t)nn_call_int(c, "rows") : NN_GENERATE_DEFAULT;
    size_t features = nn_call_given(c, "features") ? (size_t)nn_call_int(c, "features") : NN_GENERATE_DEFAULT;
    double noise = nn_call_given(c, "noise") ? nn_call_number(c, "noise") : NAN;
    const char *kind = nn_call_str(c, "kind");
    nn_table *t = nn_generate(kind, rows, features, noise, (uint64_t)nn_call_int(c, "seed"), err);
    if (!t)
        return -1;
    char name[64];
    snprintf(name, sizeof name, "generate %s", kind);
    /* the same kind again (new noise, rows or seed) replaces the points
     * only, as in TensorFlow Playground: the recipe's steps stay with the
     * model and the settings, so `train` goes on at once */
    bool in_place = s->table && s->data_name && strcmp(s->data_name, name) == 0;
    nn_recipe *steps = in_place ? nn_recipe_copy(s->recipe) : NULL;
    session_set_table(s, t, name);
    if (steps) {
        nn_recipe_free(s->recipe);
        s->recipe = steps;
    }
    char again[200]; /* what was given, as given: the defaults are the kind's */
    int n = snprintf(again, sizeof again, "generate %s seed=%ld", kind, nn_call_int(c, "seed"));
    if (nn_call_given(c, "rows"))
        n += snprintf(again + n, sizeof again - (size_t)n, " rows=%zu", rows);
    if (nn_call_given(c, "features"))
        n += snprintf(again + n, sizeof again - (size_t)n, " features=%zu", features);
    if (!isnan(noise)) /* %.17g: the very double back */
        snprintf(again + n, sizeof again - (size_t)n, " noise=%.17g", noise);
    session_set_data_source(s, again);
    session_print(s, "generated %s: %zu rows, %zu columns", kind, t->nrows, t->ncols);
    print_columns(s);
    if (steps)
        session_print(s, "note: %s regenerated in place: the recipe (%zu step%s), the model with its weights "
                      "and the settings are kept; `train` continues, `model reset` first starts afresh",
                      kind, nn_recipe_steps(s->recipe), nn_recipe_steps(s->recipe) == 1 ? "" : "s");
    session_apply_model_recipe(s);
    return 0;
}

HANDLER(cmd_columns)
{
    if (need_data(s, "columns", err) < 0)
        return -1;
    (void)c;
    session_print(s, "%s: %zu rows, %zu columns", s->data_name, s->table->nrows, s->table->ncols);
    print_columns(s);
    return 0;
}

/* ---- describe ---- */

/* The fitted winsorize bounds of a column, and what they clipped. */
static void print_clip(nn_session *s, const nn_clip *k, const char *indent)
{
    session_print(s, "%swinsorize %s: bounds [%.6g, %.6g] (quantiles %g, %g of %zu training values); "
                     "clipped %zu below and %zu above in training",
                  indent, k->column, k->lo, k->hi, k->lower, k->upper, k->count, k->below, k->above);
}

static void describe_clip(nn_session *s, const char *column)
{
    nn_clip k;
    for (size_t i = 0; nn_recipe_clip(s->recipe, i, &k) == 0; i++)
        if (strcmp(k.column, column) == 0)
            print_clip(s, &k, "    ");
}

/* What loading said (one note a line), each under the name column. */
static void print_notes(nn_session *s, const char *notes, int width)
{
    for (const char *p = notes ? notes : "", *nl; *p; p = nl + !!*nl) {
        nl = strchr(p, '\n');
        nl = nl ? nl : p + strlen(p);
        session_print(s, "  %-*s note: %.*s", width, "", (int)(nl - p), p);
    }
}

/* A smooth step on the column: what its features read instead of it. */
static void describe_smooth(nn_session *s, const char *column)
{
    nn_smoothing sm;
    nn_error err;
    if (nn_recipe_smoothing(s->recipe, s->table, column, &sm, &err) != 0)
        return;
    char what[300];
    nn_smoothing_text(&sm, what, sizeof what);
    session_print(s, "    smooth %s: features read %s, in row order (causal: never a later row)%s", column,
                  what, sm.target ? "; the target itself stays raw" : "");
}

static void describe_one(nn_session *s, size_t col, int width)
{
    nn_column_stats st;
    nn_error err;
    const nn_column *c = &s->table->cols[col];
    if (nn_column_describe(s->table, col, &st, &err) < 0) {
        session_print(s, "  %-*s %s", width, c->name, err.msg);
        return;
    }
    char head[128];
    snprintf(head, sizeof head, "  %-*s %-11s count=%zu missing=%zu", width, c->name,
             nn_col_type_name(c->type), st.count, st.missing);
    if (c->type == NN_COL_NUMERIC) {
        session_print(s, "%s mean=%.6g std=%.6g min=%.6g q1=%.6g median=%.6g q3=%.6g max=%.6g", head,
                      st.mean, st.std, st.min, st.q1, st.median, st.q3, st.max);
    } else if (c->type == NN_COL_DATE) {
        char first[40] = "", last[40] = "";
        nn_date_format_iso(st.first, c->has_time, first, sizeof first);
        nn_date_format_iso(st.last, c->has_time, last, sizeof last);
        session_print(s, "%s first=%s last=%s", head, first, last);
    } else {
        char top[256] = "";
        for (size_t k = 0; k < st.ntop; k++)
            snprintf(top + strlen(top), sizeof top - strlen(top), "%s%s:%zu", k ? "," : "", st.top[k],
                     st.top_count[k]);
        session_print(s, "%s distinct=%zu top=%s", head, st.distinct, top);
    }
    print_notes(s, c->notes, width);
}

HANDLER(cmd_describe)
{
    if (need_data(s, "describe", err) < 0)
        return -1;
    const char *const *cols;
    size_t n = nn_call_list(c, "columns", &cols);
    int w = name_width(s->table);
    session_print(s, "%s: %zu rows", s->data_name, s->table->nrows);
    if (!n) /* the file's own notes (a repeated header dropped) with the whole table */
        print_notes(s, s->table->notes, w);
    for (size_t i = 0; i < (n ? n : s->table->ncols); i++) {
        size_t col = n ? (size_t)nn_table_find(s->table, cols[i]) : i;
        describe_one(s, col, w);
        describe_clip(s, s->table->cols[col].name);
        describe_smooth(s, s->table->cols[col].name);
    }
    return 0;
}

/* ---- head and tail ---- */

static void print_rows(nn_session *s, size_t first, size_t count)
{
    const nn_table *t = s->table;
    int *w = calloc(t->ncols ? t->ncols : 1, sizeof *w);
    char cell[64], *line = malloc(t->ncols * 66 + 16);
    if (!w || !line) {
        free(w), free(line);
        return;
    }
    for (size_t col = 0; col < t->ncols; col++) { /* widths: header and shown cells, at most 24 */
        w[col] = (int)strlen(t->cols[col].name);
        for (size_t r = first; r < first + count; r++)
            if (nn_table_cell(t, r, col, cell, sizeof cell) > w[col])
                w[col] = (int)strlen(cell);
        if (w[col] > 24)
            w[col] = 24;
    }
    for (size_t r = first - 1; r != first + count; r++) { /* first - 1: the header */
        size_t n = (size_t)sprintf(line, "%6s", r == first - 1 ? "row" : "");
        if (r != first - 1)
            n = (size_t)sprintf(line, "%6zu", r + 1);
        for (size_t col = 0; col < t->ncols; col++) {
            const char *text = t->cols[col].name;
            if (r != first - 1) {
                nn_table_cell(t, r, col, cell, sizeof cell);
                text = cell;
            }
            n += (size_t)sprintf(line + n, "  %*.*s", w[col], w[col], text);
        }
        session_print(s, "%s", line);
    }
    free(w), free(line);
}

static int rows(nn_session *s, const nn_call *c, int tail, nn_error *err)
{
    if (need_data(s, tail ? "tail" : "head", err) < 0)
        return -1;
    size_t n = (size_t)nn_call_int(c, "n");
    if (n > s->table->nrows)
        n = s->table->nrows;
    print_rows(s, tail ? s->table->nrows - n : 0, n);
    return 0;
}

HANDLER(cmd_head) { return rows(s, c, 0, err); }
HANDLER(cmd_tail) { return rows(s, c, 1, err); }

/* ---- preparation steps: one handler for every kind of step ---- */

static const char *call_str(const void *call, const char *name) { return nn_call_str(call, name); }

static size_t call_list(const void *call, const char *name, const char *const **values)
{
    return nn_call_list(call, name, values);
}

/* A shuffled split of windows whose targets span several steps puts rows
 * in training whose targets overlap the test rows' windows and targets. */
static void warn_overlap(nn_session *s)
{
    nn_recipe_timing timing;
    nn_error ignored;
    if (nn_recipe_timing_of(s->recipe, s->table, &timing, &ignored) == 0 && timing.overlap)
        session_warn(s, "leak: a shuffled split of windows with horizon=%d puts overlapping targets in "
                        "training and test (a training target is a test row's future); use `split ... "
                        "ordered`, which leaves a gap of %d steps before each later part (as `cv walkforward` does)",
                     timing.overlap, timing.overlap);
}

/* Records the step the command names, then confirms it. */
HANDLER(cmd_recipe_step)
{
    const nn_step_info *kind = nn_step_kind_find(nn_call_command(c)->name);
    if (need_data(s, kind->name, err) < 0)
        return -1;
    nn_step_args args = {c, call_str, call_list};
    if (nn_recipe_add_args(s->recipe, s->table, kind, &args, err) < 0)
        return -1;
    size_t n = nn_recipe_steps(s->recipe);
    session_print(s, "step %zu: %s", n, nn_recipe_step(s->recipe, n - 1));
    nn_notes notes = {0};
    nn_recipe_last_step_notes(s->recipe, s->table, &notes);
    for (size_t i = 0; i < notes.n; i++)
        session_print(s, "note: %s", notes.items[i]);
    nn_notes_free(&notes);
    if (kind->flags & NN_STEP_ORDERS_ROWS)
        warn_overlap(s);
    return 0;
}

HANDLER(cmd_recipe)
{
    (void)c, (void)err;
    size_t n = nn_recipe_steps(s->recipe);
    if (n == 0)
        session_print(s, "no preparation steps yet (defaults: split 0.7/0.15/0.15, scale zscore, onehot)");
    for (size_t i = 0; i < n; i++)
        session_print(s, "step %zu: %s", i + 1, nn_recipe_step(s->recipe, i));
    nn_clip k;
    for (size_t i = 0; nn_recipe_clip(s->recipe, i, &k) == 0; i++)
        print_clip(s, &k, "  fitted: ");
    return 0;
}
