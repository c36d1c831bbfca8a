/* The decision boundary of a model with two inputs, TensorFlow
 * Playground style: the model's output over the plane of the two
 * (prepared, scaled) features as a shaded field, the training points on
 * top (boundary.h says how each is drawn), and after `view test=show` the
 * test rows' points over them, redrawn live while training.
 *
 * The session's model belongs to the training thread while a run goes
 * on, so the pane predicts with a private model of the same layers,
 * loaded with the parameters the run publishes at each epoch's end and
 * each pause (nn_session_copy_params).  The field is recomputed only when
 * those change or the pane's size does, and while training runs at most
 * four times a second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boundary.h"
#include "recipe/recipe.h"
#include "recipe/split.h"
#include "engine/model.h"
#include "tui_internal.h"

enum { RECOMPUTE_MS = 250 };

static struct {
    nn_model *model;      /* the session model's layers, with published weights */
    float *staging;       /* parameters as copied, before they are compared */
    long number;          /* publication in the model; 0: copied from an idle model */
    float *grid, *field;  /* the grid's inputs and the model's outputs */
    size_t grid_cap, field_cap; /* floats allocated */
    int cols, rows, outputs;
    nn_plane plane;
    bool valid;           /* field matches model, plane and size */
    nn_canvas canvas;     /* its own: the ASCII setting is this pane's */
    long computed_ms;
} view;

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
static int follow_layers(const nn_model *m, nn_error *err)
{
    if (same_layers(view.model, m))
        return 0;
    nn_model_free(view.model);
    free(view.staging);
    view.model = nn_model_new();
    view.staging = malloc(m->n_params * sizeof *view.staging);
    view.number = 0, view.valid = false;
    if (!view.model || !view.staging)
        return nn_fail(err, "out of memory");
    for (int i = 0; i < m->n_layers; i++)
        if (nn_model_add(view.model, &m->layers[i].spec, err) < 0)
            return -1;
    nn_model_set_layout(view.model, m->layout); /* rows read as m reads them */
    return nn_model_build(view.model, m->input, 1, err);
}

/* Grows a buffer to hold n floats; its contents are not kept. */
static int reserve(float **buf, size_t *cap, size_t n, nn_error *err)
{
    if (n <= *cap)
        return 0;
    free(*buf);
    *buf = malloc(n * sizeof **buf);
    *cap = *buf ? n : 0;
    return *buf ? 0 : nn_fail(err, "out of memory");
}

static int size_buffers(int cols, int rows, int outputs, nn_error *err)
{
    size_t cells = (size_t)cols * rows;
    if (outputs != view.outputs)
        view.valid = false;
    view.outputs = outputs;
    return reserve(&view.grid, &view.grid_cap, cells * 2, err) < 0 ||
                   reserve(&view.field, &view.field_cap, cells * outputs, err) < 0
               ? -1
               : 0;
}

/* Brings the field up to date with the published weights; -1 with a
 * reason when there is none to draw. */
static int update_field(tui *t, const nn_model *m, nn_plane plane, int cols, int rows, nn_error *err)
{
    if (follow_layers(m, err) < 0 || size_buffers(cols, rows, nn_model_output_size(m), err) < 0) {
        nn_model_free(view.model);
        view.model = NULL, view.valid = false;
        return -1;
    }
    bool moved = !view.valid || view.cols != cols || view.rows != rows ||
                 memcmp(&view.plane, &plane, sizeof plane) != 0;
    long now = tui_now_ms();
    if (!moved && now - view.computed_ms < RECOMPUTE_MS && nn_session_training(t->session))
        return 0; /* the limit is for a running model; its end shows at once */
    size_t n = view.model->n_params;
    long number = nn_session_copy_params(t->session, view.number, view.staging, n);
    if (number < 0)
        return nn_fail(err, "train the model to see its decision boundary");
    bool changed = number != view.number ||
                   (number == 0 && memcmp(view.staging, view.model->params, n * sizeof *view.staging) != 0);
    if (changed)
        memcpy(view.model->params, view.staging, n * sizeof *view.staging);
    view.number = number;
    if (!changed && !moved)
        return 0;
    view.valid = false;
    if (nn_boundary_field(view.model, &plane, cols, rows, view.grid, view.field, err) < 0)
        return -1;
    view.cols = cols, view.rows = rows, view.plane = plane;
    view.valid = true, view.computed_ms = now;
    return 0;
}

/* The prepared rows the pane shows: the training part (all rows if it
 * is empty). */
static const float *training_rows(const nn_prepared *p, size_t *first, size_t *n)
{
    *first = p->begin[NN_PART_TRAIN], *n = p->begin[NN_PART_TRAIN + 1] - *first;
    if (*n == 0)
        *first = 0, *n = p->nrows;
    return p->x + *first * p->nfeatures;
}

/* The test rows of the data as last split: none before a `train` (or
 * after data came, scored whole by the model's recipe). */
static size_t test_rows(const nn_prepared *p, size_t *first)
{
    *first = p->begin[NN_PART_TEST];
    return p->begin[NN_PART_TEST + 1] - *first;
}

/* The test rows' points for v, thinned as the training points are, so
 * both show at the density the split gives them. */
static void test_points(const nn_prepared *p, nn_boundary_view *v)
{
    size_t first, n = test_rows(p, &first);
    v->test_x = p->x + first * p->nfeatures;
    v->test_n = n;
    v->test_every = v->every;
    v->test_label = v->kind != NN_FIELD_VALUE && p->y_raw ? p->y_raw + first : NULL;
}

void pane_boundary_title(const tui *t, char *buf, size_t n)
{
    const nn_prepared *p = nn_session_prepared(t->session);
    size_t first;
    if (!t->show_test)
        snprintf(buf, n, "%s", pane_boundary.title);
    else if (p && test_rows(p, &first) > 0)
        snprintf(buf, n, "%s (test %s %s)", pane_boundary.title, t->utf8 ? "◇" : "-", t->utf8 ? "◆" : "+");
    else
        snprintf(buf, n, "%s (no test rows yet)", pane_boundary.title);
}

static nn_field_kind field_kind(const nn_prepared *p)
{
    return p->task == NN_TASK_BINARY ? NN_FIELD_BINARY : p->task == NN_TASK_MULTICLASS ? NN_FIELD_CLASSES
                                                                                      : NN_FIELD_VALUE;
}

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

/* The line under the field: which glyph is which class, then the axes. */
static void legend(nn_canvas *c, int y, const nn_prepared *p, nn_field_kind kind, size_t shown, size_t n)
{
    nn_rect line = {0, y, c->w, 1};
    int x = 0;
    char text[160];
    for (size_t k = 0; kind != NN_FIELD_VALUE && k < p->nclasses && k < 6; k++) {
        const char *glyph = nn_boundary_point_glyph(kind, (int)k, c->ascii_only);
        const char *name = p->class_names ? p->class_names[k] : "?";
        if (strcmp(glyph, name) == 0) /* classes named 0, 1, 2 are their own glyphs */
            snprintf(text, sizeof text, "%s  ", name);
        else
            snprintf(text, sizeof text, "%s %s  ", glyph, name);
        x += nn_canvas_text(c, line, x, y, c->w - x, text, nn_boundary_class_role((int)k), NN_CELL_BOLD);
    }
    const nn_plane *pl = &view.plane;
    const char *right = c->ascii_only ? "->" : "→", *up = c->ascii_only ? "^" : "↑";
    int len = snprintf(text, sizeof text, "%s %s %.2g..%.2g  %s %s %.2g..%.2g",
                       p->feature_names ? p->feature_names[0] : "x1", right, pl->x0, pl->x1,
                       p->feature_names ? p->feature_names[1] : "x2", up, pl->y0, pl->y1);
    if (shown < n)
        snprintf(text + len, sizeof text - (size_t)len, "  %zu of %zu points", shown, n);
    nn_canvas_text(c, line, x, y, c->w - x, text, NN_ROLE_DIM, 0);
}

static void say(tui *t, WINDOW *w, int width, const char *a, const char *b)
{
    draw_text(t, w, 1, 1, width - 2, NN_ROLE_DIM, a);
    if (b)
        draw_text(t, w, 2, 1, width - 2, NN_ROLE_DIM, b);
}

static void draw_boundary(tui *t, WINDOW *w, int h, int width)
{
    const nn_prepared *p = nn_session_prepared(t->session);
    const nn_model *m = nn_session_model(t->session);
    char line[160];
    if (!p) {
        say(t, w, width, "the decision boundary of a model with two inputs, once it trains:",
            "`generate xor; target y; add dense 8 tanh; add dense 1 sigmoid; train`");
        return;
    }
    if (p->nfeatures != 2) {
        snprintf(line, sizeof line, "the decision boundary needs two input features; this data has %zu",
                 p->nfeatures);
        say(t, w, width, line, "(try `generate xor`, `circles`, `spirals` or `gauss`)");
        return;
    }
    if (!m->built || nn_model_input_size(m) != 2) {
        say(t, w, width, "train the model to see its decision boundary", NULL);
        return;
    }
    if ((size_t)nn_model_output_size(m) != p->ntargets) {
        snprintf(line, sizeof line, "the model ends in %d units; the %s target needs %zu",
                 nn_model_output_size(m), nn_task_name(p->task), p->ntargets);
        say(t, w, width, line, NULL);
        return;
    }
    int cols = width - 2, rows = h - 3; /* the legend takes the last row inside the frame */
    if (cols < 4 || rows < 2)
        return;
    size_t first, n;
    const float *x = training_rows(p, &first, &n);
    nn_plane plane;
    nn_error err;
    if (nn_plane_around(x, 2, n, &plane) < 0) {
        say(t, w, width, "no finite training points to draw", NULL);
        return;
    }
    if (update_field(t, m, plane, cols, rows, &err) < 0) {
        say(t, w, width, err.msg, NULL);
        return;
    }
    nn_field_kind kind = field_kind(p);
    nn_boundary_view v = {.kind = kind, .field = view.field, .outputs = view.outputs, .x = x, .width = 2,
                          .n = n, .every = nn_boundary_every(n, cols, rows), .ascii = !t->utf8};
    if (kind == NN_FIELD_VALUE)
        target_range(p, first, n, &v.lo, &v.hi);
    else if (p->y_raw)
        v.label = p->y_raw + first;
    if (t->show_test) /* `view test=show` */
        test_points(p, &v);
    nn_canvas *c = &view.canvas;
    if (nn_canvas_resize(c, cols, rows + 1) < 0)
        return;
    c->ascii_only = !t->utf8;
    /* the plane drawn is the one the field was computed on, so points and
     * field agree */
    nn_boundary_draw(c, (nn_rect){0, 0, cols, rows}, &view.plane, &v);
    legend(c, rows, p, kind, (n + v.every - 1) / v.every, n);
    draw_canvas(t, w, 1, 1, c);
}

const pane_kind pane_boundary = {"boundary", "Decision boundary", draw_boundary};
