/* The sweep's chart as data: each ranked trial's validation figure
 * against the setting that matters most (sweep_view.h ranks them), one
 * mark per trial and the best one marked.  The Sweep pane draws it in the
 * terminal and `export plot sweep` into a picture, from this one builder. */
#ifndef NN_SWEEP_CHART_H
#define NN_SWEEP_CHART_H

#include <stdbool.h>

#include "charts.h"
#include "sweep_view.h"

typedef struct nn_sweep_chart {
    double *x, *y;        /* the marks, grown as trials end */
    size_t cap;
    double best_x, best_y;
    char x_name[64], title[96];
    nn_series series[2];
} nn_sweep_chart;

/* Fills p (pointing into c) from v, the sweep as last read, in roles r;
 * false with fewer than two ranked trials, or out of memory. */
bool nn_sweep_plot(nn_session *s, const nn_sweep_view *v, nn_sweep_chart *c, const nn_chart_roles *r,
                   nn_plot *p);
void nn_sweep_chart_free(nn_sweep_chart *c);

#endif
