/* The decision boundary of a model with two inputs, TensorFlow
 * Playground style: the model's output over the plane of the two
 * (prepared, scaled) features as a shaded field, the training points on
 * top (boundary.h says how each is drawn), and after `view test=show` the
 * test rows' points over them, redrawn live while training.
 *
 * The session's model belongs to the training thread while a run goes
 * on, so the pane predicts with a private model of the same layers,
 * loaded with the parameters the run publishes at each epoch's end and
 * each pause (nn_model_follow, session/boundary_field.h).  The field is recomputed only when
 * those change or the pane's size does, and while training runs at most
 * four times a second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boundary.h"
#include "engine/model.h"
#include "recipe/recipe.h"
#include "recipe/split.h"
#include "tui_internal.h"

enum { RECOMPUTE_MS = 250 };

static struct {
    nn_model_follower model; /* the session model's layers, with published weights */
    float *grid, *field;  /* the grid's inputs and the model's outputs */
    size_t grid_cap, field_cap; /* floats allocated */
    int cols, rows, outputs;
    nn_plane plane;
    bool valid;           /* field matches model, plane and size */
    nn_canvas canvas;     /* its own: the ASCII setting is this pane's */
    long computed_ms;
} cache;

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
    if (outputs != cache.outputs)
        cache.valid = false;
    cache.outputs = outputs;
    return reserve(&cache.grid, &cache.grid_cap, cells * 2, err) < 0 ||
                   reserve(&cache.field, &cache.field_cap, cells * outputs, err) < 0
               ? -1
               : 0;
}

/* Brings the field up to date with the published weights; -1 with a
 * reason when there is none to draw. */
static int update_field(tui *t, const nn_model *m, nn_plane plane, int cols, int rows, nn_error *err)
{
    bool moved = !cache.valid || cache.cols != cols || cache.rows != rows ||
                 memcmp(&cache.plane, &plane, sizeof plane) != 0;
    long now = tui_now_ms();
    if (cache.model.model && !moved && now - cache.computed_ms < RECOMPUTE_MS && nn_session_training(t->session))
        return 0; /* the limit is for a running model; its end shows at once */
    bool changed;
    if (nn_model_follow(&cache.model, t->session, m, &changed, err) < 0 ||
        size_buffers(cols, rows, nn_model_output_size(m), err) < 0) {
        cache.valid = false;
        return -1;
    }
    if (!changed && !moved && cache.valid)
        return 0;
    cache.valid = false;
    if (nn_boundary_field(cache.model.model, &plane, cols, rows, cache.grid, cache.field, err) < 0)
        return -1;
    cache.cols = cols, cache.rows = rows, cache.plane = plane;
    cache.valid = true, cache.computed_ms = now;
    return 0;
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

/* `view test=show`: which points are the test rows */
static const char *boundary_title(const tui *t, char *buf, size_t n)
{
    const nn_prepared *p = nn_session_prepared(t->session);
    size_t first;
    if (!t->show_test)
        snprintf(buf, n, "%s", pane_boundary.title);
    else if (p && test_rows(p, &first) > 0)
        snprintf(buf, n, "%s (test %s %s)", pane_boundary.title, t->utf8 ? "◇" : "-", t->utf8 ? "◆" : "+");
    else
        snprintf(buf, n, "%s (no test rows yet)", pane_boundary.title);
    return buf;
}

/* The line under the field: which glyph is which class, then the axes. */
static void legend(nn_canvas *c, int y, const nn_boundary_data *d, size_t shown)
{
    nn_rect line = {0, y, c->w, 1};
    int x = 0;
    char text[160];
    for (size_t k = 0; d->kind != NN_FIELD_VALUE && k < d->nclasses && k < 6; k++) {
        const char *glyph = nn_boundary_point_glyph(d->kind, (int)k, c->ascii_only);
        const char *name = d->class_names ? d->class_names[k] : "?";
        if (strcmp(glyph, name) == 0) /* classes named 0, 1, 2 are their own glyphs */
            snprintf(text, sizeof text, "%s  ", name);
        else
            snprintf(text, sizeof text, "%s %s  ", glyph, name);
        x += nn_canvas_text(c, line, x, y, c->w - x, text, nn_boundary_class_role((int)k), NN_CELL_BOLD);
    }
    const nn_plane *pl = &cache.plane;
    const char *right = c->ascii_only ? "->" : "→", *up = c->ascii_only ? "^" : "↑";
    int len = snprintf(text, sizeof text, "%s %s %.2g..%.2g  %s %s %.2g..%.2g", d->x_name, right, pl->x0, pl->x1,
                       d->y_name, up, pl->y0, pl->y1);
    if (shown < d->n)
        snprintf(text + len, sizeof text - (size_t)len, "  %zu of %zu points", shown, d->n);
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
    nn_boundary_data d;
    const char *hint;
    nn_error err;
    const nn_model *m = nn_session_model(t->session);
    if (nn_boundary_data_of(nn_session_prepared(t->session), m, &d, &hint, &err) < 0) {
        say(t, w, width, err.msg, hint);
        return;
    }
    int cols = width - 2, rows = h - 3; /* the legend takes the last row inside the frame */
    if (cols < 4 || rows < 2)
        return;
    if (update_field(t, m, d.plane, cols, rows, &err) < 0) {
        say(t, w, width, err.msg, NULL);
        return;
    }
    nn_boundary_view v = {.kind = d.kind, .field = cache.field, .outputs = cache.outputs, .x = d.x, .width = 2,
                          .n = d.n, .every = nn_boundary_every(d.n, cols, rows), .ascii = !t->utf8,
                          .lo = d.lo, .hi = d.hi, .label = d.label};
    if (t->show_test) /* `view test=show` */
        test_points(nn_session_prepared(t->session), &v);
    nn_canvas *c = &cache.canvas;
    if (nn_canvas_resize(c, cols, rows + 1) < 0)
        return;
    c->ascii_only = !t->utf8;
    /* the plane drawn is the one the field was computed on, so points and
     * field agree */
    nn_boundary_draw(c, (nn_rect){0, 0, cols, rows}, &cache.plane, &v);
    legend(c, rows, &d, (d.n + v.every - 1) / v.every);
    draw_canvas(t, w, 1, 1, c);
}

const pane_kind pane_boundary = {"boundary", "Decision boundary", draw_boundary, boundary_title};
