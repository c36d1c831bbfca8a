/* The sweep's chart as data.  See sweep_chart.h.  The marks are the
 * scatter's, each drawn whole, as a boundary's points are. */
#include "sweep_chart.h"

#include <stdio.h>
#include <stdlib.h>

/* Room for n marks; false when out of memory. */
static bool reserve(nn_sweep_chart *c, size_t n)
{
    if (n <= c->cap)
        return true;
    double *x = realloc(c->x, n * sizeof *x);
    if (x)
        c->x = x;
    double *y = x ? realloc(c->y, n * sizeof *y) : NULL;
    if (y)
        c->y = y;
    if (!x || !y)
        return false;
    c->cap = n;
    return true;
}

/* The ranked trials' figures against setting k: how many. */
static size_t collect(nn_session *s, const nn_sweep_view *v, int k, nn_sweep_chart *c)
{
    if (!reserve(c, (size_t)v->ranked))
        return 0;
    size_t n = 0;
    for (int i = 0; i < v->ranked; i++) {
        nn_sweep_row r;
        if (nn_session_sweep_row(s, i, &r) < 0)
            break;
        c->x[n] = r.number[k], c->y[n++] = r.figure;
        if (r.rank == 1)
            c->best_x = r.number[k], c->best_y = r.figure;
    }
    snprintf(c->x_name, sizeof c->x_name, "%s%s%s", v->log[k] ? "log10 " : "", v->key[k],
             v->words[k] ? " (index)" : "");
    snprintf(c->title, sizeof c->title, "%s of each trial against %s", v->metric, v->key[k]);
    return n;
}

bool nn_sweep_plot(nn_session *s, const nn_sweep_view *v, nn_sweep_chart *c, const nn_chart_roles *r,
                   nn_plot *p)
{
    size_t n = v->ranked >= 2 && v->ndims > 0 ? collect(s, v, v->by_importance[0], c) : 0;
    if (n < 2)
        return false;
    c->series[0] = (nn_series){NULL, nn_doubles(c->x), nn_doubles(c->y), 0, 0, n, r->loss_val, NN_STYLE_SCATTER,
                               NN_REDUCE_MINMAX, 0};
    c->series[1] = (nn_series){"best", nn_doubles(&c->best_x), nn_doubles(&c->best_y), 0, 0, 1, r->loss_best,
                               NN_STYLE_SCATTER, NN_REDUCE_MINMAX, 0};
    nn_chart_plot_init(p, r);
    p->series = c->series, p->n_series = 2;
    p->x_name = c->x_name;
    p->title = c->title;
    return true;
}

void nn_sweep_chart_free(nn_sweep_chart *c)
{
    free(c->x), free(c->y);
    *c = (nn_sweep_chart){0};
}
