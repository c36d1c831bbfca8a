/* `plot COLUMN`: a quick chart of one column, kept for the Plot pane and
 * `export plot plot FILE` (charts.h), printed as text in batch mode; a
 * series by key (`plot price by=symbol`: a line per key) or of one key
 * (`plot price symbol=AAPL`); and after `evaluate`, `plot roc|pr`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "eval_curves.h"
#include "table/parse_date.h"
#include "table/stats.h"
#include "session_internal.h"

/* Lines of `by=`: one colour each (the theme has six), the keys with the
 * most rows; the others are named in a note. */
enum { MAX_LINES = NN_CHART_GRAD_ROLES, MAX_WHERE = 4 };

static void bar(char *buf, size_t len, double v, double max, int width)
{
    int n = max > 0 ? (int)lround(v / max * width) : 0;
    snprintf(buf, len, "%.*s", n, "############################################################");
}

/* A chart of one series as text, a row per point. */
static void print_points(nn_session *s, const nn_chart *ch)
{
    double max = 0;
    for (size_t i = 0; i < ch->n; i++)
        max = fmax(max, ch->y[i]);
    for (size_t i = 0; i < ch->n; i++) {
        char x[64], hashes[64];
        if (ch->kind == NN_CHART_LINE && ch->x_is_time)
            nn_date_format_iso(ch->x[i], 0, x, sizeof x);
        else if (ch->kind == NN_CHART_BARS)
            snprintf(x, sizeof x, "%s", ch->labels[i]);
        else
            snprintf(x, sizeof x, "%.6g", ch->x[i]);
        bar(hashes, sizeof hashes, ch->y[i], max, 40);
        session_print(s, "  %14s %12.6g %s", x, ch->y[i], hashes);
    }
}

/* Keeps ch as the session's chart, says so, and shows or prints it. */
static int show_chart(nn_session *s, nn_chart *ch, nn_error *err)
{
    static const char *const kinds[] = {"line", "histogram", "bars"};
    nn_column_view view = {0};
    if (nn_column_view_set(&view, ch) < 0) {
        nn_chart_free(ch);
        return nn_fail(err, "plot: out of memory");
    }
    nn_column_view_free(&s->last_plot);
    s->last_plot = view; /* for the pane and `export plot plot FILE` */
    if (ch->kind == NN_CHART_LINE && view.first[0]) /* the data's own first and last date */
        session_print(s, "plot %s: %s, %zu points, %s ... %s", ch->title, kinds[ch->kind], ch->n, view.first,
                      view.last);
    else
        session_print(s, "plot %s: %s, %zu points", ch->title, kinds[ch->kind], ch->n);
    if (s->ui.chart) /* the screen draws it; the text is for the log */
        s->ui.chart(s->ui.user, ch);
    else
        print_points(s, ch);
    nn_chart_free(ch);
    return 0;
}

/* The column named `name` for `plot`'s key arguments, with levels. */
static int key_column(const nn_session *s, const char *name, nn_error *err)
{
    const nn_table *t = s->table;
    int col = nn_table_find(t, name);
    if (col < 0) {
        const char **names = malloc(t->ncols * sizeof *names);
        const char *near = NULL;
        for (size_t i = 0; names && i < t->ncols; i++)
            names[i] = t->cols[i].name;
        if (names)
            near = nn_suggest(name, names, t->ncols);
        nn_fail(err, "plot: no column '%s' to pick rows by%s%s%s", name, near ? " (did you mean " : "",
                near ? near : "", near ? "?)" : "");
        free(names);
        return -1;
    }
    if (!t->cols[col].levels)
        return nn_fail(err, "plot: '%s' is %s: rows are picked by a column of keys (categorical, text or boolean)",
                       name, nn_col_type_name(t->cols[col].type));
    return col;
}

/* KEY=VALUE: the level VALUE of column KEY. */
static int match_of(const nn_session *s, const char *key, const char *value, nn_chart_match *m, nn_error *err)
{
    int col = key_column(s, key, err);
    if (col < 0)
        return -1;
    const nn_column *k = &s->table->cols[col];
    for (size_t l = 0; l < k->nlevels; l++)
        if (strcmp(k->levels[l], value) == 0) {
            *m = (nn_chart_match){(size_t)col, l};
            return 0;
        }
    const char *near = nn_suggest(value, (const char *const *)k->levels, k->nlevels);
    return nn_fail(err, "plot: %s=%s: '%s' has no such value%s%s%s", key, value, key, near ? " (did you mean " : "",
                   near ? near : "", near ? "?)" : "");
}

/* A line per key of column `by` (the MAX_LINES with most rows) among the
 * rows that meet where[0..n-1], into v; the note names the keys left out. */
static int lines_by(nn_session *s, size_t col, size_t by, nn_chart_match *where, size_t n, size_t points,
                    nn_column_view *v, nn_error *err)
{
    const nn_column *key = &s->table->cols[by];
    nn_level_count *ranked = NULL;
    long levels = nn_rank_levels(key, s->table->nrows, &ranked);
    if (levels < 0)
        return nn_fail(err, "plot: out of memory");
    size_t used = 0;
    int rc = 0;
    for (long i = 0; i < levels && rc == 0; i++) {
        const char *name = key->levels[ranked[i].level];
        if (v->n_series == MAX_LINES) { /* left out, named in the note */
            if (used < sizeof v->note)
                used += (size_t)snprintf(v->note + used, sizeof v->note - used, "%s%s",
                                         used ? ", " : "left out (fewer rows): ", name);
            continue;
        }
        nn_chart ch;
        where[n] = (nn_chart_match){by, ranked[i].level};
        rc = nn_column_line(s->table, col, where, n + 1, points, &ch, err);
        if (rc == 0 && ch.n > 0 && nn_column_view_add(v, &ch, name) < 0)
            rc = nn_fail(err, "plot: out of memory");
        nn_chart_free(&ch);
    }
    free(ranked);
    return rc;
}

/* `plot COL by=KEY [KEY2=VALUE...]`: the keyed lines, kept and listed. */
static int show_lines(nn_session *s, size_t col, size_t by, nn_chart_match *where, size_t n, size_t points,
                      nn_error *err)
{
    const nn_table *t = s->table;
    nn_column_view v = {0};
    nn_column_view_free(&v);
    if (lines_by(s, col, by, where, n, points, &v, err) < 0) {
        nn_column_view_free(&v);
        return session_prefix_error(err, "plot");
    }
    if (v.n_series == 0) {
        nn_column_view_free(&v);
        return nn_fail(err, "plot: no row has both '%s' and a date%s", t->cols[col].name,
                       n ? " among the rows picked" : "");
    }
    v.kind = NN_CHART_LINE;
    size_t used = (size_t)snprintf(v.title, sizeof v.title, "%s by %s", t->cols[col].name, t->cols[by].name);
    for (size_t k = 0; k < n && used < sizeof v.title; k++)
        used += (size_t)snprintf(v.title + used, sizeof v.title - used, ", %s = %s", t->cols[where[k].col].name,
                                 t->cols[where[k].col].levels[where[k].level]);
    snprintf(v.x_name, sizeof v.x_name, "year");
    nn_column_view_free(&s->last_plot);
    s->last_plot = v;
    session_print(s, "plot %s: %d lines, %s ... %s", v.title, v.n_series, v.first, v.last);
    for (int i = 0; i < v.n_series; i++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t p = 0; p < v.n[i]; p++)
            lo = fmin(lo, v.y[i][p]), hi = fmax(hi, v.y[i][p]);
        session_print(s, "  %-12s %4zu points  %.6g to %.6g", v.name[i], v.n[i], lo, hi);
    }
    if (v.note[0])
        session_print(s, "  %s; `plot %s %s=KEY` draws one", s->last_plot.note, t->cols[col].name, t->cols[by].name);
    if (s->ui.chart)
        s->ui.chart(s->ui.user, NULL);
    return 0;
}

/* The KEY=VALUE conditions of the call into where; how many, or -1. */
static long conditions(const nn_session *s, const nn_call *c, nn_chart_match *where, nn_error *err)
{
    const char *const *keys, *const *values;
    size_t n = nn_call_extra(c, &keys, &values);
    if (n > MAX_WHERE)
        return nn_fail(err, "plot: %zu KEY=VALUE conditions; at most %d", n, MAX_WHERE);
    for (size_t i = 0; i < n; i++)
        if (match_of(s, keys[i], values[i], &where[i], err) < 0)
            return -1;
    return (long)n;
}

HANDLER(cmd_plot)
{
    if (!s->table)
        return nn_fail(err, "plot: no data loaded: `load FILE` or `generate KIND` first");
    const char *name = nn_call_str(c, "column"), *by_name = nn_call_str(c, "by");
    int col = nn_table_find(s->table, name);
    nn_chart_match where[MAX_WHERE + 1];
    long n = conditions(s, c, where, err);
    if (n < 0)
        return -1;
    if (col < 0 && eval_curves_named(name)) { /* a column of that name comes first */
        if (n || by_name)
            return nn_fail(err, "plot %s: by= and KEY=VALUE pick rows of a series, not a classifier's curves", name);
        return eval_curves_plot(s, name, err);
    }
    size_t points = (size_t)nn_call_int(c, "points");
    nn_chart ch;
    if (!by_name && n == 0) {
        if (nn_column_chart(s->table, (size_t)col, points, &ch, err) < 0)
            return -1;
        return show_chart(s, &ch, err);
    }
    int by = by_name ? key_column(s, by_name, err) : -1;
    if (by_name && by < 0)
        return -1;
    for (long k = 0; k < n; k++)
        if ((int)where[k].col == by)
            return nn_fail(err, "plot: by=%s and %s=VALUE: pick one of them", by_name, by_name);
    if (by >= 0)
        return show_lines(s, (size_t)col, (size_t)by, where, (size_t)n, points, err);
    if (nn_column_line(s->table, (size_t)col, where, (size_t)n, points, &ch, err) < 0)
        return session_prefix_error(err, "plot");
    if (ch.n == 0) {
        nn_chart_free(&ch);
        return nn_fail(err, "plot %s: no row with a date and a value is left", name);
    }
    return show_chart(s, &ch, err);
}
