/* The decision boundary as a plot (charts.h): the field computed as the
 * Boundary pane computes it (boundary_field.h), the training points a
 * scatter per class on top. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "engine/model.h"
#include "session.h"

void nn_boundary_chart_free(nn_boundary_chart *c)
{
    nn_model_follower_free(&c->model);
    free(c->grid), free(c->values);
    for (int i = 0; i < NN_BOUNDARY_MAX_SERIES; i++)
        free(c->px[i]), free(c->py[i]);
    memset(c, 0, sizeof *c);
}

/* The field of the model's outputs over d's plane. */
static int compute_field(nn_boundary_chart *c, const nn_session *s, const nn_boundary_data *d, int cols, int rows,
                         const nn_chart_roles *r, nn_error *err)
{
    const nn_model *m = nn_session_model(s);
    bool changed;
    if (nn_model_follow(&c->model, s, m, &changed, err) < 0)
        return -1;
    int outputs = nn_model_output_size(m);
    size_t cells = (size_t)cols * (size_t)rows;
    c->grid = malloc(cells * 2 * sizeof *c->grid);
    c->values = malloc(cells * (size_t)outputs * sizeof *c->values);
    if (!c->grid || !c->values)
        return nn_fail(err, "out of memory");
    if (nn_boundary_field(c->model.model, &d->plane, cols, rows, c->grid, c->values, err) < 0)
        return -1;
    for (int k = 0; k < NN_CHART_GRAD_ROLES; k++) /* a value's field: the first chart colour, as the pane */
        c->class_roles[k] = r->grad[d->kind == NN_FIELD_VALUE ? 0 : nn_boundary_class_colour(k)];
    c->field = (nn_field){d->kind, c->values, cols, rows, outputs, d->plane.x0, d->plane.x1, d->plane.y0,
                          d->plane.y1, d->lo, d->hi, c->class_roles, NN_CHART_GRAD_ROLES};
    return 0;
}

/* The rows of class k (k < 0: every row) as series i. */
static int points(nn_boundary_chart *c, int i, const nn_boundary_data *d, int k, const char *name, int role)
{
    c->px[i] = malloc((d->n ? d->n : 1) * sizeof *c->px[i]);
    c->py[i] = malloc((d->n ? d->n : 1) * sizeof *c->py[i]);
    if (!c->px[i] || !c->py[i])
        return -1;
    size_t n = 0;
    for (size_t row = 0; row < d->n; row++)
        if (k < 0 || (d->label && d->label[row] == k)) {
            c->px[i][n] = d->x[2 * row], c->py[i][n] = d->x[2 * row + 1];
            n++;
        }
    c->series[i] = (nn_series){name, nn_doubles(c->px[i]), nn_doubles(c->py[i]), 0, 0, n, role, NN_STYLE_SCATTER,
                               NN_REDUCE_MINMAX, 0};
    return 0;
}

int nn_boundary_plot(nn_boundary_chart *c, const nn_session *s, int cols, int rows, const nn_chart_roles *r,
                     nn_plot *p, nn_error *err)
{
    nn_boundary_chart_free(c);
    nn_chart_plot_init(p, r);
    nn_boundary_data d;
    const char *hint = NULL;
    if (nn_boundary_data_of(nn_session_prepared(s), nn_session_model(s), &d, &hint, err) < 0) {
        size_t len = strlen(err->msg);
        if (hint) /* what the pane shows on its second line */
            snprintf(err->msg + len, sizeof err->msg - len, " %s", hint);
        return -1;
    }
    if (compute_field(c, s, &d, cols, rows, r, err) < 0)
        return -1;
    int n = d.kind == NN_FIELD_VALUE ? 1 : (int)(d.nclasses < NN_BOUNDARY_MAX_SERIES ? d.nclasses : NN_BOUNDARY_MAX_SERIES);
    for (int i = 0; i < n; i++) {
        bool value = d.kind == NN_FIELD_VALUE;
        const char *name = value ? NULL : d.class_names ? d.class_names[i] : "?";
        if (points(c, i, &d, value ? -1 : i, name, value ? r->text : c->class_roles[i % NN_CHART_GRAD_ROLES]) < 0)
            return nn_fail(err, "out of memory");
    }
    snprintf(c->title, sizeof c->title, "Decision boundary: %s against %s", d.y_name, d.x_name);
    p->title = c->title;
    p->x_name = d.x_name;
    p->field = &c->field;
    p->series = c->series, p->n_series = n;
    p->x_min = d.plane.x0, p->x_max = d.plane.x1, p->y_min = d.plane.y0, p->y_max = d.plane.y1;
    return 0;
}
