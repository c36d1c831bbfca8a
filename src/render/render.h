/* The file renderer: a chart (chart/chart.h) drawn by Cairo as a PNG,
 * SVG or PDF picture, from the same frame the terminal draws in cells.
 *
 * The picture is a grid of character cells of the font's size (a
 * monospaced face, so that the frame's text measures hold); each cell
 * holds DOTS x DOTS dots, so lines and ticks fall between pixels where
 * the data puts them.  Ticks sit at their exact values, marker lines at
 * their exact x, series are stroked as Cairo paths (one per series, so a
 * vector file holds each line as one <path>), points as small discs.
 * Everything is drawn into memory: the caller writes the bytes where it
 * wants them (atomically), and a failure leaves no file behind. */
#ifndef NN_RENDER_H
#define NN_RENDER_H

#include <stddef.h>

#include "chart/chart.h"

typedef enum nn_render_format { NN_RENDER_PNG, NN_RENDER_SVG, NN_RENDER_PDF } nn_render_format;

/* Colours as 0xrrggbb; a role's colour is colors[role] (the text colour
 * for a role past the end). */
typedef struct nn_render_style {
    unsigned background;
    const unsigned *colors;
    int n_colors;
    double font_px;  /* the text's size in pixels (points in SVG and PDF) */
} nn_render_style;

/* The format a file name asks for by its ending (.png, .svg, .pdf, any
 * case); -1 for none of them. */
int nn_render_format_of(const char *path);

/* Draws p on a width x height picture (pixels; points in SVG and PDF)
 * into *data (malloc'd, *len bytes).  0, or -1 with the reason in msg. */
int nn_render_plot(const nn_plot *p, nn_render_format format, int width, int height, const nn_render_style *st,
                   unsigned char **data, size_t *len, char *msg, size_t msg_len);

/* Frees what Cairo and fontconfig keep for the whole process (font
 * caches), so that a leak checker sees only real leaks; for atexit. */
void nn_render_cleanup(void);

#endif
