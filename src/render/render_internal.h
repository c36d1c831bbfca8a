/* What render.c hands draw.c. */
#ifndef NN_RENDER_INTERNAL_H
#define NN_RENDER_INTERNAL_H

#include <cairo.h>

#include "render.h"

/* Draws p laid out on the whole width x height surface of cr. */
void render_draw(cairo_t *cr, const nn_plot *p, int width, int height, const nn_render_style *st);

#endif
