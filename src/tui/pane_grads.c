/* Per-layer gradient norms per epoch on a log scale (session/charts.h),
 * so vanishing and exploding gradients show at a glance; F6 shows the
 * weight norms instead. */
#include "pane_chart.h"

static void draw_grads(tui *t, WINDOW *w, int h, int width)
{
    static nn_grads_chart chart;
    nn_plot p;
    if (!t->snap_of ||
        !nn_grads_plot(&chart, &t->snap, nn_session_model(t->session), t->weights, t->runs.run_from,
                       &pane_chart_roles, &p)) {
        draw_wrapped(t, w, 1, 1, width - 2, 0, h - 2, NN_ROLE_DIM, "per-layer gradient norms appear after an epoch");
        return;
    }
    p.hide = NN_PLOT_HIDE_TITLE;
    pane_chart_draw(t, w, h - 2, width, &p);
}

/* F6's weight norms say so; the norms are on a log scale always */
static const char *grads_title(const tui *t, char *buf, size_t n)
{
    snprintf(buf, n, "%s", t->weights ? "Weight norms" : pane_grads.title);
    return buf;
}

const pane_kind pane_grads = {"grads", "Gradient norms", draw_grads, grads_title};
