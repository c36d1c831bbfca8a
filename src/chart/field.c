/* A field's cells as colour and strength (chart.h): the one reading of a
 * model's outputs that every renderer of a decision boundary shades. */
#include <math.h>

#include "chart/chart.h"

static int role_of(const nn_field *f, int k)
{
    return f->n_roles > 0 ? f->class_roles[(k < 0 ? 0 : k) % f->n_roles] : 0;
}

static double clamp01(double v)
{
    return isfinite(v) ? fmin(fmax(v, 0), 1) : 0;
}

nn_field_shade nn_field_cell(const nn_field *f, int col, int row)
{
    const float *v = f->values + ((size_t)row * (size_t)f->cols + (size_t)col) * (size_t)f->outputs;
    nn_field_shade s = {-1, 0, 0};
    switch (f->kind) {
    case NN_FIELD_BINARY:
        s.cls = v[0] >= 0.5f;
        s.level = clamp01(fabs(2.0 * v[0] - 1));
        break;
    case NN_FIELD_CLASSES: {
        int best = 0;
        for (int k = 1; k < f->outputs; k++)
            if (v[k] > v[best])
                best = k;
        double chance = 1.0 / (f->outputs > 1 ? f->outputs : 2);
        s.cls = best;
        s.level = clamp01((v[best] - chance) / (1 - chance));
        break;
    }
    case NN_FIELD_VALUE:
        s.level = f->hi > f->lo ? clamp01((v[0] - f->lo) / (f->hi - f->lo)) : 0.5;
        break;
    }
    s.role = role_of(f, s.cls);
    return s;
}
