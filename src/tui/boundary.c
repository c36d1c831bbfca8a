/* The decision-boundary picture: the plane, the field, the drawing.  See
 * boundary.h. */
#include "boundary.h"

#include <math.h>
#include <string.h>

#include "theme.h"

/* ---- drawing ---- */

static const char *const shades_utf8[] = {" ", "░", "▒", "▓", "█"};
static const char *const shades_ascii[] = {" ", ".", ":", "#"};

/* The shade for a level in [0, 1]: five even bins, or four in ASCII. */
static const char *shade(double level, bool ascii)
{
    int n = ascii ? 4 : 5;
    int i = isfinite(level) ? (int)(level * n) : 0;
    i = i < 0 ? 0 : i >= n ? n - 1 : i;
    return ascii ? shades_ascii[i] : shades_utf8[i];
}

int nn_boundary_class_role(int k)
{
    return NN_ROLE_GRAD_1 + nn_boundary_class_colour(k);
}

const char *nn_boundary_point_glyph(nn_field_kind kind, int k, bool ascii)
{
    static const char *const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    if (kind == NN_FIELD_VALUE || k < 0)
        return ascii ? "o" : "•";
    if (kind == NN_FIELD_BINARY)
        return k == 0 ? (ascii ? "o" : "○") : (ascii ? "x" : "●");
    return k < 10 ? digits[k] : "+";
}

const char *nn_boundary_test_glyph(nn_field_kind kind, int k, bool ascii)
{
    bool filled = kind == NN_FIELD_BINARY && k == 1;
    return filled ? (ascii ? "+" : "◆") : (ascii ? "-" : "◇");
}

static int most_probable(const float *p, int n)
{
    int best = 0;
    for (int k = 1; k < n; k++)
        if (p[k] > p[best])
            best = k;
    return best;
}

static void field_cell(nn_canvas *c, int x, int y, const float *out, const nn_boundary_view *v)
{
    static const char *const class_utf8[] = {"░", "▒", "▓", "█"};
    static const char *const class_ascii[] = {".", ":", "+", "#"};
    switch (v->kind) {
    case NN_FIELD_BINARY:
        nn_canvas_put(c, x, y, shade(out[0], v->ascii), nn_boundary_class_role(out[0] >= 0.5f), 0);
        break;
    case NN_FIELD_CLASSES: {
        int k = most_probable(out, v->outputs);
        nn_canvas_put(c, x, y, v->ascii ? class_ascii[k % 4] : class_utf8[k % 4], nn_boundary_class_role(k), 0);
        break;
    }
    case NN_FIELD_VALUE: {
        double level = v->hi > v->lo ? (out[0] - v->lo) / (v->hi - v->lo) : 0.5;
        nn_canvas_put(c, x, y, shade(level, v->ascii), NN_ROLE_GRAD_1, 0);
        break;
    }
    }
}

/* A point over the field; a second class in the same cell makes it '*'.
 * A test point takes its cell whatever is there. */
static void point(nn_canvas *c, int x, int y, int k, bool test, const nn_boundary_view *v)
{
    const nn_cell *under = nn_canvas_cell_const(c, x, y);
    if (!under)
        return;
    int role = k < 0 ? NN_ROLE_TEXT : nn_boundary_class_role(k);
    const char *glyph = test ? nn_boundary_test_glyph(v->kind, k, v->ascii)
                             : nn_boundary_point_glyph(v->kind, k, v->ascii);
    if (!test && (under->flags & NN_CELL_BOLD) && (under->role != role || strcmp(under->glyph, glyph) != 0))
        glyph = "*", role = NN_ROLE_TEXT;
    nn_canvas_put(c, x, y, glyph, role, NN_CELL_BOLD);
}

/* Rows 0, every, 2*every... of x (n rows of v->width floats) as points. */
static void points(nn_canvas *c, nn_rect r, const nn_plane *p, const nn_boundary_view *v, const float *x,
                   const double *label, size_t n, size_t every, bool test)
{
    every = every ? every : 1;
    for (size_t i = 0; i < n; i += every) {
        const float *xy = x + i * v->width;
        int col, row;
        if (!nn_plane_cell(p, r.w, r.h, xy[0], xy[1], &col, &row))
            continue;
        int k = label && isfinite(label[i]) ? (int)label[i] : -1;
        point(c, r.x + col, r.y + row, k, test, v);
    }
}

void nn_boundary_draw(nn_canvas *c, nn_rect r, const nn_plane *p, const nn_boundary_view *v)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    for (int row = 0; row < r.h; row++)
        for (int col = 0; col < r.w; col++)
            field_cell(c, r.x + col, r.y + row, v->field + ((size_t)row * r.w + col) * v->outputs, v);
    points(c, r, p, v, v->x, v->label, v->n, v->every, false);
    points(c, r, p, v, v->test_x, v->test_label, v->test_n, v->test_every, true);
}

size_t nn_boundary_every(size_t n, int cols, int rows)
{
    size_t most = (size_t)(cols > 0 ? cols : 0) * (size_t)(rows > 0 ? rows : 0) / 4;
    if (most < 1)
        most = 1;
    return n <= most ? 1 : (n + most - 1) / most;
}
