/* A decision boundary as data: the plane, the field, the points and the
 * model that follows the published weights.  See boundary_field.h. */
#include "boundary_field.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/model.h"
#include "recipe/recipe.h"
#include "recipe/split.h"
#include "session.h"

int nn_plane_around(const float *x, size_t width, size_t n, nn_plane *out)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double a = x[i * width], b = x[i * width + 1];
        if (!isfinite(a) || !isfinite(b))
            continue;
        x0 = fmin(x0, a), x1 = fmax(x1, a);
        y0 = fmin(y0, b), y1 = fmax(y1, b);
    }
    if (x0 > x1)
        return -1;
    double mx = x1 > x0 ? (x1 - x0) / 20 : 0.5, my = y1 > y0 ? (y1 - y0) / 20 : 0.5;
    *out = (nn_plane){x0 - mx, x1 + mx, y0 - my, y1 + my};
    return 0;
}

bool nn_plane_cell(const nn_plane *p, int cols, int rows, double x, double y, int *col, int *row)
{
    double u = (x - p->x0) / (p->x1 - p->x0), v = (p->y1 - y) / (p->y1 - p->y0);
    if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) /* also refuses NaN */
        return false;
    *col = u >= 1 ? cols - 1 : (int)(u * cols); /* the far edges belong to the last cells */
    *row = v >= 1 ? rows - 1 : (int)(v * rows);
    return true;
}

int nn_boundary_field(nn_model *m, const nn_plane *p, int cols, int rows, float *grid, float *out,
                      nn_error *err)
{
    if (nn_model_input_size(m) != 2)
        return nn_fail(err, "the model takes %d inputs, not 2", nn_model_input_size(m));
    double dx = (p->x1 - p->x0) / cols, dy = (p->y1 - p->y0) / rows;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            float *xy = grid + 2 * ((size_t)r * cols + c);
            xy[0] = (float)(p->x0 + (c + 0.5) * dx);
            xy[1] = (float)(p->y1 - (r + 0.5) * dy);
        }
    return nn_model_predict(m, grid, cols * rows, out, err);
}

/* ---- the data ---- */

/* The range of the scaled training targets, for a regression's shading. */
static void target_range(const nn_prepared *p, size_t first, size_t n, float *lo, float *hi)
{
    *lo = 0, *hi = 0;
    for (size_t i = 0; p->y && i < n; i++) {
        float y = p->y[(first + i) * p->ntargets];
        if (i == 0 || y < *lo)
            *lo = y;
        if (i == 0 || y > *hi)
            *hi = y;
    }
}

static int check(const nn_prepared *p, const nn_model *m, const char **hint, nn_error *err)
{
    if (!p) {
        *hint = "`generate xor; target y; add dense 8 tanh; add dense 1 sigmoid; train`";
        return nn_fail(err, "the decision boundary of a model with two inputs, once it trains:");
    }
    if (p->nfeatures != 2) {
        *hint = "(try `generate xor`, `circles`, `spirals` or `gauss`)";
        return nn_fail(err, "the decision boundary needs two input features; this data has %zu", p->nfeatures);
    }
    if (!m || !m->built || nn_model_input_size(m) != 2)
        return nn_fail(err, "train the model to see its decision boundary");
    if ((size_t)nn_model_output_size(m) != p->ntargets)
        return nn_fail(err, "the model ends in %d units; the %s target needs %zu", nn_model_output_size(m),
                       nn_task_name(p->task), p->ntargets);
    return 0;
}

int nn_boundary_data_of(const nn_prepared *p, const nn_model *m, nn_boundary_data *d, const char **hint,
                        nn_error *err)
{
    const char *no_hint = NULL;
    if (!hint)
        hint = &no_hint;
    *hint = NULL;
    memset(d, 0, sizeof *d);
    if (check(p, m, hint, err) < 0)
        return -1;
    size_t first = p->begin[NN_PART_TRAIN];
    d->n = p->begin[NN_PART_TRAIN + 1] - first;
    if (d->n == 0)
        first = 0, d->n = p->nrows;
    d->x = p->x + first * p->nfeatures;
    if (nn_plane_around(d->x, 2, d->n, &d->plane) < 0)
        return nn_fail(err, "no finite training points to draw");
    d->kind = p->task == NN_TASK_BINARY       ? NN_FIELD_BINARY
              : p->task == NN_TASK_MULTICLASS ? NN_FIELD_CLASSES
                                              : NN_FIELD_VALUE;
    if (d->kind == NN_FIELD_VALUE)
        target_range(p, first, d->n, &d->lo, &d->hi);
    else if (p->y_raw)
        d->label = p->y_raw + first;
    d->nclasses = d->kind == NN_FIELD_VALUE ? 0 : p->nclasses;
    d->class_names = (const char *const *)p->class_names;
    d->x_name = p->feature_names ? p->feature_names[0] : "x1";
    d->y_name = p->feature_names ? p->feature_names[1] : "x2";
    return 0;
}

int nn_boundary_class_colour(int k)
{
    k %= 6;
    return k == 0 ? 1 : k == 1 ? 0 : k;
}

/* ---- the model that follows the published weights ---- */

static bool same_spec(const nn_layer_spec *a, const nn_layer_spec *b)
{
    return a->kind == b->kind && a->units == b->units && a->act == b->act && a->rate == b->rate &&
           a->init == b->init;
}

static bool same_layers(const nn_model *a, const nn_model *b)
{
    if (!a || a->n_layers != b->n_layers || a->n_params != b->n_params ||
        nn_model_input_size(a) != nn_model_input_size(b))
        return false;
    for (int i = 0; i < a->n_layers; i++)
        if (!same_spec(&a->layers[i].spec, &b->layers[i].spec))
            return false;
    return true;
}

/* A private model with m's layers (read-only: no training thread writes
 * the specs); its weights come from nn_session_copy_params. */
static int follow_layers(nn_model_follower *f, const nn_model *m, nn_error *err)
{
    if (same_layers(f->model, m))
        return 0;
    nn_model_follower_free(f);
    f->model = nn_model_new();
    f->staging = malloc((m->n_params ? m->n_params : 1) * sizeof *f->staging);
    if (!f->model || !f->staging)
        return nn_fail(err, "out of memory");
    for (int i = 0; i < m->n_layers; i++)
        if (nn_model_add(f->model, &m->layers[i].spec, err) < 0)
            return -1;
    nn_model_set_layout(f->model, m->layout); /* rows read as m reads them */
    return nn_model_build(f->model, m->input, 1, err);
}

int nn_model_follow(nn_model_follower *f, const nn_session *s, const nn_model *m, bool *changed, nn_error *err)
{
    *changed = false;
    if (follow_layers(f, m, err) < 0) {
        nn_model_follower_free(f);
        return -1;
    }
    size_t n = f->model->n_params;
    long number = nn_session_copy_params(s, f->number, f->staging, n);
    if (number < 0)
        return nn_fail(err, "train the model to see its decision boundary");
    *changed = number != f->number ||
               (number == 0 && memcmp(f->staging, f->model->params, n * sizeof *f->staging) != 0);
    if (*changed)
        memcpy(f->model->params, f->staging, n * sizeof *f->staging);
    f->number = number;
    return 0;
}

void nn_model_follower_free(nn_model_follower *f)
{
    nn_model_free(f->model);
    free(f->staging);
    memset(f, 0, sizeof *f);
}
