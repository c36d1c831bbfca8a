/* The loss chart (session/charts.h says what it shows), redrawn live;
 * F3 log scale, F4 smoothing. */
#include "pane_chart.h"

static nn_loss_chart loss_chart;

static void draw_loss(tui *t, WINDOW *w, int h, int width)
{
    nn_loss_options o = {t->smooth, t->log_y};
    const nn_history_snapshot *previous = t->has_previous ? &t->previous : NULL;
    nn_plot p;
    if (!t->snap_of || !nn_loss_plot(&loss_chart, &t->snap, previous, &o, &pane_chart_roles, &p)) {
        draw_wrapped(t, w, 1, 1, width - 2, 0, h - 2, NN_ROLE_DIM, "the loss is drawn here once `train` runs");
        return;
    }
    p.hide = NN_PLOT_HIDE_TITLE;
    pane_chart_draw(t, w, h - 2, width, &p);
}

const pane_kind pane_loss = {"loss", "Loss", draw_loss};
