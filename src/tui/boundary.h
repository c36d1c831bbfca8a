/* The decision-boundary picture, away from the screen (no ncurses, no
 * session): the input plane of a dataset with two features, a model's
 * outputs at the centres of a grid of character cells over it, and the
 * picture drawn into a canvas, TensorFlow Playground style: the field
 * shaded by the model's output, the training points on top.
 *
 * The field of a binary classifier is shaded by p(class 1): blank below
 * 0.2, then ░ ▒ ▓ and █ from 0.8 (ASCII: blank . : # in quarters), in the
 * colour of the side of 0.5 it is on, so the shade alone tells the sides
 * apart without colour.  A multiclass field takes each cell's most probable
 * class: its colour and a shade of its own.  A regression field is shaded
 * from the training targets' lowest to their highest.  Points are ○ for
 * class 0 and ● for class 1 (ASCII o and x), the class number for more
 * classes, • for regression, * where classes share a cell; bold, in
 * their class's colour.  Test points, on request, are diamonds. */
#ifndef NN_BOUNDARY_H
#define NN_BOUNDARY_H

#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"
#include "engine/error.h"

struct nn_model;

/* A rectangle of the input plane: the first feature from x0 (left edge)
 * to x1 (right edge), the second from y0 (bottom) to y1 (top). */
typedef struct nn_plane {
    double x0, x1, y0, y1;
} nn_plane;

/* The plane around n rows of x, `width` floats each, of which the first
 * two are shown: the rows' ranges widened by a twentieth on every side,
 * so no point sits on the frame (by 0.5 when a range is a single value).
 * Rows with a non-finite value are skipped; -1 when none is left. */
int nn_plane_around(const float *x, size_t width, size_t n, nn_plane *out);

/* The cell of a cols x rows grid over the plane (row 0 at the top) that
 * the point (x, y) falls in; false outside the plane. */
bool nn_plane_cell(const nn_plane *p, int cols, int rows, double x, double y, int *col, int *row);

/* The model's outputs at the centre of every cell of a cols x rows grid
 * over the plane, row by row from the top: out receives cols * rows *
 * outputs floats; grid is scratch for cols * rows * 2.  The model must be
 * built for two inputs; it runs in evaluation mode (no dropout). */
int nn_boundary_field(struct nn_model *m, const nn_plane *p, int cols, int rows, float *grid,
                      float *out, nn_error *err);

typedef enum nn_field_kind {
    NN_FIELD_BINARY,  /* one output: p(class 1) */
    NN_FIELD_CLASSES, /* one output per class */
    NN_FIELD_VALUE,   /* regression: one output, shaded from lo to hi */
} nn_field_kind;

/* What nn_boundary_draw draws. */
typedef struct nn_boundary_view {
    nn_field_kind kind;
    const float *field;   /* from nn_boundary_field, for the rectangle's size */
    int outputs;          /* per cell */
    float lo, hi;         /* NN_FIELD_VALUE: the outputs shaded blank and full */
    const float *x;       /* the points: n rows of `width` floats, the first two shown */
    size_t width, n;
    const double *label;  /* each point's class, or NULL (regression) */
    size_t every;         /* draws rows 0, every, 2*every, ... (0 counts as 1) */
    bool ascii;           /* a terminal without UTF-8 */
    /* the test rows' points, drawn over the others (test_n 0: none) */
    const float *test_x;  /* test_n rows of `width` floats */
    size_t test_n, test_every;
    const double *test_label;
} nn_boundary_view;

/* Draws the field into r's cells (the grid nn_boundary_field computed
 * for r.w x r.h), the points on top and the test points over them (each
 * takes its cell).  Points outside the plane are left out. */
void nn_boundary_draw(nn_canvas *c, nn_rect r, const nn_plane *p, const nn_boundary_view *v);

/* How many rows to step between points drawn so that they cover at most
 * a quarter of a cols x rows field, leaving it visible (1: all of them). */
size_t nn_boundary_every(size_t n, int cols, int rows);

/* The colour role (theme.h's nn_role) of class k: 0 orange, 1 blue (the
 * chart colours grad_2 and grad_1, as in TensorFlow Playground), then the
 * other chart colours. */
int nn_boundary_class_role(int k);
/* The glyph of a point of class k (k < 0: a regression point). */
const char *nn_boundary_point_glyph(nn_field_kind kind, int k, bool ascii);
/* The glyph of a test point: ◆ for class 1 of a binary target, ◇ for
 * the others (ASCII + and -), in the class's colour. */
const char *nn_boundary_test_glyph(nn_field_kind kind, int k, bool ascii);

#endif
