/* The chart of `plot COL`, shown zoomed when it is made: a line for a
 * series, columns for a histogram or for the counts of levels. */
#include <stdlib.h>
#include <string.h>

#include "table/parse_date.h"
#include "table/stats.h"
#include "pane_chart.h"

/* A copy of the last chart: the session's is freed after the command. */
static struct {
    int kind;
    size_t n;
    double *x, *y;
    char title[128];
    char first[64], last[64];
    bool shown;
} chart;

void tui_show_chart(void *user, const nn_chart *c)
{
    tui *t = user;
    free(chart.x), free(chart.y);
    chart.x = malloc((c->n + 1) * sizeof *chart.x);
    chart.y = malloc((c->n + 1) * sizeof *chart.y);
    if (!chart.x || !chart.y) {
        chart.shown = false;
        return;
    }
    chart.kind = c->kind, chart.n = c->n, chart.shown = true;
    for (size_t i = 0; i < c->n; i++) /* time runs in years, so the x labels read as such */
        chart.x[i] = c->x_is_time ? 1970 + c->x[i] / (365.2425 * 86400) : c->x[i], chart.y[i] = c->y[i];
    snprintf(chart.title, sizeof chart.title, "%s", c->title);
    chart.first[0] = chart.last[0] = '\0';
    if (c->kind == NN_CHART_BARS && c->n) {
        snprintf(chart.first, sizeof chart.first, "first bar: %s", c->labels[0]);
        snprintf(chart.last, sizeof chart.last, "last: %s", c->labels[c->n - 1]);
    } else if (c->x_is_time && c->n) {
        nn_date_format_iso(c->x[0], 0, chart.first, sizeof chart.first);
        nn_date_format_iso(c->x[c->n - 1], 0, chart.last, sizeof chart.last);
    }
    t->zoom = PANE_PLOT;
    layout(t);
}

static void draw_plot(tui *t, WINDOW *w, int h, int width)
{
    if (!chart.shown) {
        draw_text(t, w, 1, 1, width - 2, NN_ROLE_DIM, "`plot COLUMN` draws a column here");
        return;
    }
    nn_series s = {chart.title, nn_doubles(chart.x), nn_doubles(chart.y), 0, 0, chart.n, NN_ROLE_CHART_BAR,
                   NN_STYLE_LINE, NN_REDUCE_MINMAX, 0};
    nn_plot p;
    pane_chart_init(&p);
    p.series = &s, p.n_series = 1;
    p.title = chart.title;
    p.x_name = chart.kind == NN_CHART_LINE ? "year" : chart.kind == NN_CHART_BARS ? "level" : "value";
    if (chart.kind != NN_CHART_LINE)
        p.y_min = 0;
    int rows = h - 2 - (chart.first[0] ? 1 : 0);
    if (!pane_chart_draw(t, w, rows, width, &p))
        return;
    if (chart.first[0]) {
        char line[200];
        snprintf(line, sizeof line, "%s ... %s   (F2 or `zoom off` for all panes)", chart.first, chart.last);
        draw_text(t, w, h - 2, 1, width - 2, NN_ROLE_DIM, line);
    }
}

const pane_kind pane_plot = {"plot", "Plot", draw_plot};
