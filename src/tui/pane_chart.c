/* The chart panes' common part.  See pane_chart.h. */
#include "pane_chart.h"

#include <stdio.h>

/* The theme's roles for the session's charts. */
const nn_chart_roles pane_chart_roles = {
    NN_ROLE_TEXT, NN_ROLE_CHART_AXIS, NN_ROLE_TITLE, NN_ROLE_CHART_BAR,
    NN_ROLE_LOSS_TRAIN, NN_ROLE_LOSS_VAL, NN_ROLE_LOSS_TRAIN_RAW, NN_ROLE_LOSS_VAL_RAW, NN_ROLE_LOSS_BATCH,
    NN_ROLE_LOSS_BEST, NN_ROLE_LOSS_PREVIOUS, NN_ROLE_LOSS_MARKER,
    {NN_ROLE_GRAD_1, NN_ROLE_GRAD_2, NN_ROLE_GRAD_3, NN_ROLE_GRAD_4, NN_ROLE_GRAD_5, NN_ROLE_GRAD_6},
};

bool pane_chart_draw(tui *t, WINDOW *w, int rows, int width, const nn_plot *p)
{
    if (nn_canvas_resize(&t->canvas, width - 2, rows) < 0)
        return false;
    nn_plot_mode mode = t->utf8 ? NN_PLOT_BRAILLE : NN_PLOT_ASCII;
    nn_plot_draw(&t->canvas, (nn_rect){0, 0, width - 2, rows}, p, mode, NULL);
    draw_canvas(t, w, 1, 1, &t->canvas);
    return true;
}

const char *pane_chart_title(char *buf, size_t n, const char *title, bool log_y, double smoothing)
{
    char smoothed[32] = "";
    if (smoothing > 0)
        snprintf(smoothed, sizeof smoothed, "smoothed %g", smoothing);
    if (log_y || smoothed[0])
        snprintf(buf, n, "%s (%s%s%s)", title, log_y ? "log y" : "", log_y && smoothed[0] ? ", " : "", smoothed);
    else
        snprintf(buf, n, "%s", title);
    return buf;
}
