/* The space a sweep searches: one dimension per KEY=SPEC, each a list of
 * values (`units=16,32,64`, `act=relu,tanh`) or a range (`lr=1e-4..1e-2
 * log`, `dropout=0..0.5`) of a setting (the settings table) or of an
 * argument of one layer of the model (`layer2.units`, as the layer kind
 * describes it). Every value is checked by the same code `set` and `add`
 * use, once, when the sweep is given; a trial is one text value per
 * dimension, applied to a copy of the settings and of the layers. */
#ifndef NN_SWEEP_SPACE_H
#define NN_SWEEP_SPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/layer.h"
#include "engine/model.h"
#include "engine/rng.h"
#include "engine/settings.h"

#define SWEEP_VALUE_LEN 32
#define SWEEP_MAX_DIMS 16

typedef struct sweep_dim {
    char key[48];       /* as typed: "lr", "layer2.units" */
    int layer;          /* 0-based layer of the model; -1: a setting */
    char arg[24];       /* the setting's or the layer argument's key */
    bool range, log, integer;
    double lo, hi;      /* a range's bounds, both included */
    char (*values)[SWEEP_VALUE_LEN]; /* a list's values, as typed */
    size_t nvalues;
} sweep_dim;

typedef struct sweep_space {
    sweep_dim dim[SWEEP_MAX_DIMS];
    size_t n;
} sweep_space;

typedef char sweep_point[SWEEP_MAX_DIMS][SWEEP_VALUE_LEN];

/* Adds KEY=SPEC, checking each value (a range's bounds) against the
 * settings `base` and the layers of m; errors name the key. */
int sweep_space_add(sweep_space *sp, const char *key, const char *spec, const nn_settings *base,
                    const nn_model *m, nn_error *err);
void sweep_space_free(sweep_space *sp);
/* The grid's size: the product of the lists' lengths; 0 when a dimension
 * is a range (a grid needs lists). */
size_t sweep_grid_size(const sweep_space *sp);
/* Point i of the grid, the last dimension moving fastest. */
void sweep_grid_point(const sweep_space *sp, size_t i, sweep_point out);
/* A point drawn at random: a list's value uniformly, a range's uniformly
 * (of its logarithm when log; integers rounded), within its bounds. */
void sweep_random_point(const sweep_space *sp, nn_rng *rng, sweep_point out);
/* Sets a point's values into st and into the layer specs (n of them). */
int sweep_apply(const sweep_space *sp, const sweep_point p, nn_settings *st, nn_layer_spec *specs, int n,
                nn_error *err);
/* The dimension's value as a number, for charts and importance: a
 * range's or a numeric list's value (its log10 when log), else the index
 * of the value in the list. */
double sweep_value_number(const sweep_dim *d, const char *value);

#endif
