/* The chart panes' common part.  See pane_chart.h. */
#include "pane_chart.h"

void pane_chart_init(nn_plot *p)
{
    nn_plot_init(p);
    p->text_role = NN_ROLE_TEXT, p->axis_role = NN_ROLE_CHART_AXIS, p->title_role = NN_ROLE_TITLE;
}

bool pane_chart_draw(tui *t, WINDOW *w, int rows, int width, const nn_plot *p)
{
    if (nn_canvas_resize(&t->canvas, width - 2, rows) < 0)
        return false;
    nn_plot_mode mode = t->utf8 ? NN_PLOT_BRAILLE : NN_PLOT_ASCII;
    nn_plot_draw(&t->canvas, (nn_rect){0, 0, width - 2, rows}, p, mode, NULL);
    draw_canvas(t, w, 1, 1, &t->canvas);
    return true;
}
