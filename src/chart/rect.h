/* A rectangle of character cells, for chart layouts and the canvases they
 * are drawn on. */
#ifndef NN_CHART_RECT_H
#define NN_CHART_RECT_H

/* x, y may be negative and w, h zero or negative (empty). */
typedef struct nn_rect {
    int x, y, w, h;
} nn_rect;

#endif
