/* What the chart panes (loss, gradient norms, `plot`) share: a plot in the
 * theme's roles, drawn in the terminal's glyphs into the pane's canvas
 * and onto the screen.  A new chart pane fills an nn_plot with its series
 * and markers and calls these two. */
#ifndef NN_PANE_CHART_H
#define NN_PANE_CHART_H

#include "plot.h"
#include "tui_internal.h"

/* nn_plot_init with the theme's text, axis and title roles. */
void pane_chart_init(nn_plot *p);

/* Draws p in the pane's inside from its top left corner, `rows` rows of
 * width - 2 columns.  False when out of memory: nothing drawn. */
bool pane_chart_draw(tui *t, WINDOW *w, int rows, int width, const nn_plot *p);

#endif
