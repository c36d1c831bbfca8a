/* The decision-boundary picture in a terminal's cells (no ncurses): the
 * field the session computes (session/boundary_field.h) at the centres of
 * a grid of character cells, drawn into a canvas, TensorFlow Playground
 * style: the field shaded by the model's output, the training points on
 * top.
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
#include "session/boundary_field.h"

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

/* The colour role (theme.h's nn_role) of class k: the chart colour
 * nn_boundary_class_colour names (class 0 orange, 1 blue). */
int nn_boundary_class_role(int k);
/* The glyph of a point of class k (k < 0: a regression point). */
const char *nn_boundary_point_glyph(nn_field_kind kind, int k, bool ascii);
/* The glyph of a test point: ◆ for class 1 of a binary target, ◇ for
 * the others (ASCII + and -), in the class's colour. */
const char *nn_boundary_test_glyph(nn_field_kind kind, int k, bool ascii);

#endif
