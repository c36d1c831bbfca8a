/* The Sweep pane: while a sweep runs (and after it, until another job),
 * it takes the charts' place. Left, the trials as a table: rank, trial,
 * each setting, the best validation figure (the running trial's latest),
 * epochs and state, the best trial highlighted. Right, how much each
 * setting matters (rho^2 or eta^2 on ranks: session/sweep_importance.h),
 * and a chart of the figure against the most influential setting, one
 * mark per trial, the best one marked. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane_chart.h"
#include "session/sweep_chart.h"

/* A setting's column: what the table's width leaves after rank, trial,
 * figure, epochs and state (33 columns), between 5 and 10. */
static int setting_cols(const nn_sweep_view *v, int width)
{
    int col = v->ndims ? (width - 33) / v->ndims - 1 : 10;
    return col < 5 ? 5 : col > 10 ? 10 : col;
}

/* A value in col columns: a number that is too long loses digits
 * (1.147e-05 -> 1.1e-05), a word its end. */
static void fit_value(const char *text, int col, char *out, size_t len)
{
    char *end;
    double v = strtod(text, &end);
    snprintf(out, len, "%s", text);
    for (int digits = 4; (int)strlen(out) > col && *end == 0 && end != text && digits >= 1; digits--)
        snprintf(out, len, "%.*g", digits, v);
    if ((int)strlen(out) > col && (size_t)col < len)
        out[col] = 0;
}

static nn_role row_role(const nn_sweep_row *r)
{
    if (r->rank == 1)
        return NN_ROLE_SELECTION;
    if (strcmp(r->state, "running") == 0)
        return NN_ROLE_STATE_TRAINING;
    return strcmp(r->state, "done") == 0 ? NN_ROLE_TEXT : NN_ROLE_DIM;
}

static void draw_table(tui *t, WINDOW *w, const nn_sweep_view *v, int rows, int width)
{
    char line[512];
    int col = setting_cols(v, width);
    int n = snprintf(line, sizeof line, "%3s %5s", "#", "trial");
    for (int k = 0; k < v->ndims; k++) /* a long key keeps its end: layer1.units -> r1.units */
        n += snprintf(line + n, sizeof line - (size_t)n, " %*s", col,
                      v->key[k] + ((int)strlen(v->key[k]) > col ? strlen(v->key[k]) - (size_t)col : 0));
    snprintf(line + n, sizeof line - (size_t)n, " %10.10s %4s %s", v->metric, "ep", "state");
    draw_text(t, w, 1, 1, width, NN_ROLE_TABLE_HEADER, line);
    for (int i = 0; i < v->ntrials && i < rows - 1; i++) {
        nn_sweep_row r;
        if (nn_session_sweep_row(t->session, i, &r) < 0 || strcmp(r.state, "waiting") == 0)
            break;
        char rank[8] = "";
        if (r.rank)
            snprintf(rank, sizeof rank, "%d", r.rank);
        n = snprintf(line, sizeof line, "%3s %5d", rank, r.trial);
        for (int k = 0; k < v->ndims; k++) {
            char value[32];
            fit_value(r.text[k], col, value, sizeof value);
            n += snprintf(line + n, sizeof line - (size_t)n, " %*s", col, value);
        }
        snprintf(line + n, sizeof line - (size_t)n, " %10.4g %4d %s", r.figure, r.epochs, r.state);
        draw_text(t, w, 2 + i, 1, width, row_role(&r), line);
    }
}

/* One row per setting, the most important first, with a bar. */
static int draw_importance(tui *t, WINDOW *w, const nn_sweep_view *v, int x, int width)
{
    draw_text(t, w, 1, x, width, NN_ROLE_TABLE_HEADER, "importance: rho^2 | eta^2 of ranks");
    int y = 2;
    for (int i = 0; i < v->ndims; i++, y++) {
        int k = v->by_importance[i];
        double imp = v->importance[k];
        char line[128], bar[24] = "";
        int len = isnan(imp) ? 0 : (int)lround(imp * 10);
        for (int b = 0; b < len && b < 10; b++)
            bar[b] = '#';
        if (isnan(imp))
            snprintf(line, sizeof line, "%-14.14s   -", v->key[k]);
        else
            snprintf(line, sizeof line, "%-14.14s %4.2f %s", v->key[k], imp, bar);
        draw_text(t, w, y, x, width, i == 0 && !isnan(imp) ? NN_ROLE_TEXT : NN_ROLE_DIM, line);
    }
    return y;
}

static nn_sweep_chart chart;

static void draw_marks(tui *t, WINDOW *w, const nn_sweep_view *v, int y, int x, int h, int width)
{
    nn_plot p;
    if (h < 4 || !nn_sweep_plot(t->session, v, &chart, &pane_chart_roles, &p)) {
        draw_text(t, w, y, x, width, NN_ROLE_DIM, "the figure against the settings shows once two trials end");
        return;
    }
    p.hide = NN_PLOT_HIDE_TITLE;
    p.log_y = t->log_y;
    if (nn_canvas_resize(&t->canvas, width, h) < 0)
        return;
    nn_plot_draw(&t->canvas, (nn_rect){0, 0, width, h}, &p, t->utf8 ? NN_PLOT_BRAILLE : NN_PLOT_ASCII, NULL);
    draw_canvas(t, w, y, x, &t->canvas);
}

static void draw_sweep(tui *t, WINDOW *w, int h, int width)
{
    nn_sweep_view v;
    if (nn_session_sweep_view(t->session, &v) < 0) {
        draw_wrapped(t, w, 1, 1, width - 2, 0, h - 2, NN_ROLE_DIM,
                     "a sweep's trials show here: `sweep lr=1e-4..1e-2:log layer1.units=16,32 trials=20`");
        return;
    }
    int inner = width - 2, left = inner * 55 / 100, right = inner - left - 1;
    if (right < 24) /* narrow: the table alone */
        left = inner, right = 0;
    draw_table(t, w, &v, h - 2, left);
    if (right == 0)
        return;
    int x = 1 + left + 1, y = draw_importance(t, w, &v, x, right) + 1;
    draw_marks(t, w, &v, y, x, h - 1 - y, right);
}

static const char *sweep_title(const tui *t, char *buf, size_t n)
{
    return pane_chart_title(buf, n, pane_sweep.title, t->log_y, 0);
}

const pane_kind pane_sweep = {"sweep", "Sweep", draw_sweep, sweep_title};
