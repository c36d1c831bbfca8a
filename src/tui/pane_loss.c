/* The loss chart (session/charts.h says what it shows, with the earlier
 * runs, scale and epochs of session/chart_runs.h), redrawn live; F3 log
 * scale, F4 smoothing (`view smoothing=`), both named in the title. */
#include "pane_chart.h"

static nn_loss_chart loss_chart;

static void draw_loss(tui *t, WINDOW *w, int h, int width)
{
    nn_loss_options o = nn_chart_runs_options(&t->runs, t->runs.smooth, t->log_y);
    nn_plot p;
    if (!t->snap_of || !nn_loss_plot(&loss_chart, &t->snap, &o, &pane_chart_roles, &p)) {
        draw_wrapped(t, w, 1, 1, width - 2, 0, h - 2, NN_ROLE_DIM, "the loss is drawn here once `train` runs");
        return;
    }
    p.hide = NN_PLOT_HIDE_TITLE;
    pane_chart_draw(t, w, h - 2, width, &p);
}

static const char *loss_title(const tui *t, char *buf, size_t n)
{
    return pane_chart_title(buf, n, pane_loss.title, t->log_y, t->runs.smooth ? t->runs.smoothing : 0);
}

const pane_kind pane_loss = {"loss", "Loss", draw_loss, loss_title};
