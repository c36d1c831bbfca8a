/* The chart of `plot COL` (the session keeps it; session/charts.h draws
 * it), shown zoomed when it is made: a line for a series, columns for a
 * histogram or for the counts of levels. */
#include <stdio.h>

#include "pane_chart.h"

void tui_show_chart(void *user, const struct nn_chart *c)
{
    (void)c; /* the session keeps its copy: nn_session_last_plot */
    tui *t = user;
    t->zoom = PANE_PLOT;
    layout_panes(t);
}

static void draw_plot(tui *t, WINDOW *w, int h, int width)
{
    const nn_column_view *v = nn_session_last_plot(t->session);
    if (!v) {
        draw_text(t, w, 1, 1, width - 2, NN_ROLE_DIM, "`plot COLUMN` draws a column here");
        return;
    }
    nn_series series[NN_VIEW_MAX_SERIES];
    nn_plot p;
    nn_column_plot(v, &pane_chart_roles, series, &p);
    int rows = h - 2 - (v->first[0] ? 1 : 0);
    if (!pane_chart_draw(t, w, rows, width, &p))
        return;
    if (v->first[0]) {
        char line[400];
        snprintf(line, sizeof line, "%s ... %s%s%s   (F2 or `zoom off` for all panes)", v->first, v->last,
                 v->note[0] ? "; " : "", v->note);
        draw_text(t, w, h - 2, 1, width - 2, NN_ROLE_DIM, line);
    }
}

const pane_kind pane_plot = {"plot", "Plot", draw_plot, NULL};
