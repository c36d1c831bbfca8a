/* Counting dead ReLU units on sample rows, chunk by chunk through the
 * model's own inference workspaces. */
#include "dead_census.h"

#include <stdlib.h>
#include <string.h>

/* Marks, for each ReLU unit, whether it was positive for any row. */
static void mark_active(nn_dead_census *c, const nn_monitor_layer *layer, const nn_model *m, int rows)
{
    size_t at = 0;
    for (int i = 0; i < m->n_layers; i++) {
        if (!layer[i].relu)
            continue;
        size_t width = nn_shape_size(m->layers[i].out);
        const float *o = m->out[i];
        for (int r = 0; r < rows; r++)
            for (size_t j = 0; j < width; j++)
                c->active[at + j] |= o[(size_t)r * width + j] > 0.0f;
        at += width;
    }
}

/* Room for one mark per ReLU unit, all cleared. */
static int clear_marks(nn_dead_census *c, const nn_monitor_layer *layer, const nn_model *m,
                       nn_error *err)
{
    size_t total = 0;
    for (int i = 0; i < m->n_layers; i++)
        if (layer[i].relu)
            total += nn_shape_size(m->layers[i].out);
    if (total > c->cap) {
        unsigned char *grown = realloc(c->active, total);
        if (!grown)
            return nn_fail(err, "out of memory counting dead units");
        c->active = grown;
        c->cap = total;
    }
    if (total) /* no ReLU layer: nothing to clear */
        memset(c->active, 0, total);
    return 0;
}

int nn_dead_census_count(nn_dead_census *c, nn_monitor_layer *layer, nn_model *m, const float *x,
                         int rows, nn_error *err)
{
    if (clear_marks(c, layer, m, err) < 0)
        return -1;
    int chunk = nn_model_infer_chunk(rows);
    if (nn_model_reserve(m, chunk, err) < 0)
        return -1;
    int in = nn_model_input_size(m);
    for (int r = 0; r < rows; r += chunk) {
        int n = rows - r < chunk ? rows - r : chunk;
        nn_model_forward(m, x + (size_t)r * in, n, false);
        mark_active(c, layer, m, n);
    }
    size_t at = 0;
    for (int i = 0; i < m->n_layers; i++) {
        nn_monitor_layer *l = &layer[i];
        l->dead = l->counted = 0;
        if (!l->relu)
            continue;
        l->counted = (int)nn_shape_size(m->layers[i].out);
        for (int j = 0; j < l->counted; j++)
            l->dead += !c->active[at + j];
        at += (size_t)l->counted;
    }
    return 0;
}

void nn_dead_census_free(nn_dead_census *c)
{
    free(c->active);
    c->active = NULL;
    c->cap = 0;
}
