/* A grid of character cells that charts are drawn into, away from the
 * terminal: each cell holds one UTF-8 glyph, a colour role (the TUI's
 * nn_role) and a few attribute flags.  The TUI copies a canvas to the
 * screen; tests read it back as text.  No ncurses here.
 *
 * Ownership: the canvas owns its cells.  nn_canvas_resize allocates only
 * when the canvas grows past anything it held before, so a canvas kept
 * for the life of a pane costs no allocation per frame.  Drawing never
 * allocates.
 *
 * Text is written one character per cell, measured as chart/text.h says.
 * A double-width character takes its cell and the next: the next is
 * marked NN_CELL_CONT and must be skipped when copying to the screen.
 * Zero-width characters are dropped.  With ascii_only set (a terminal
 * whose locale is not UTF-8) every non-ASCII character becomes '?'. */
#ifndef NN_CANVAS_H
#define NN_CANVAS_H

#include <stdbool.h>
#include <stddef.h>

#include "chart/rect.h"
#include "chart/text.h"

enum {
    NN_CELL_DIM = 1 << 0,  /* faint: A_DIM */
    NN_CELL_BOLD = 1 << 1, /* A_BOLD */
    NN_CELL_WIDE = 1 << 2, /* the left half of a double-width glyph */
    NN_CELL_CONT = 1 << 3, /* the right half: draw nothing here */
};

typedef struct nn_cell {
    char glyph[NN_GLYPH_MAX]; /* UTF-8, NUL-terminated; " " when blank, "" when NN_CELL_CONT */
    unsigned char dots;       /* sub-cell pattern of a chart cell (plot.c), 0 otherwise */
    unsigned char flags;      /* NN_CELL_* */
    int role;                 /* colour role, the TUI's nn_role */
} nn_cell;

typedef struct nn_canvas {
    int w, h;
    nn_cell *cells;  /* w * h, row by row */
    size_t capacity; /* cells allocated */
    bool ascii_only; /* write non-ASCII text as '?' */
} nn_canvas;

/* An empty 0x0 canvas; allocates nothing. */
void nn_canvas_init(nn_canvas *c);
void nn_canvas_free(nn_canvas *c);
/* Makes the canvas w x h (negative sizes count as 0) and blanks it with
 * role 0.  Reallocates only to grow.  -1 if out of memory: the canvas is
 * then 0x0 but still valid. */
int nn_canvas_resize(nn_canvas *c, int w, int h);

/* The cell at (x, y), or NULL outside the canvas. */
nn_cell *nn_canvas_cell(nn_canvas *c, int x, int y);
const nn_cell *nn_canvas_cell_const(const nn_canvas *c, int x, int y);

/* The part of r inside the canvas.  Drawing clips to both the rectangle
 * and the canvas. */
nn_rect nn_canvas_clip(const nn_canvas *c, nn_rect r);
/* The overlap of two rectangles (w or h 0 when they do not meet). */
nn_rect nn_rect_intersect(nn_rect a, nn_rect b);

/* Blanks the cells of r (clipped) with a role. */
void nn_canvas_fill(nn_canvas *c, nn_rect r, int role);

/* Sets one cell to a single-width glyph (a NUL-terminated UTF-8
 * character of at most 4 bytes; anything longer is cut to "?").  Does
 * nothing outside the canvas.  A double-width glyph it overwrites half of
 * loses its other half, which becomes a blank.  Clears the cell's dots. */
void nn_canvas_put(nn_canvas *c, int x, int y, const char *glyph, int role, unsigned flags);

/* Writes text from (x, y) rightwards, into at most max_cols columns and
 * never outside clip or the canvas (a wide character that would not fit
 * whole is not written).  Returns the columns written. */
int nn_canvas_text(nn_canvas *c, nn_rect clip, int x, int y, int max_cols, const char *text,
                   int role, unsigned flags);

/* Columns that text takes when written on this canvas (ascii_only
 * counts every non-ASCII character as one column). */
int nn_canvas_text_width(const nn_canvas *c, const char *text);

/* The canvas as text: each row's glyphs (continuation cells skipped) and a
 * '\n'.  Writes at most len bytes including the NUL and returns the length
 * the whole text needs, like snprintf. */
size_t nn_canvas_dump(const nn_canvas *c, char *buf, size_t len);

#endif
