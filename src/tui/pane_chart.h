/* What the chart panes (loss, gradient norms, `plot`) share: the session
 * builds each pane's plot (session/charts.h) in the theme's roles, drawn
 * here in the terminal's glyphs into the pane's canvas and onto the
 * screen. */
#ifndef NN_PANE_CHART_H
#define NN_PANE_CHART_H

#include "plot.h"
#include "session/charts.h"
#include "tui_internal.h"

/* The theme's role of each part of the session's charts. */
extern const nn_chart_roles pane_chart_roles;

/* Draws p in the pane's inside from its top left corner, `rows` rows of
 * width - 2 columns.  False when out of memory: nothing drawn. */
bool pane_chart_draw(tui *t, WINDOW *w, int rows, int width, const nn_plot *p);

/* A chart pane's title with the state of its toggles, into buf:
 * "Loss (log y, smoothed 0.6)" (smoothing 0: not smoothed). */
const char *pane_chart_title(char *buf, size_t n, const char *title, bool log_y, double smoothing);

#endif
