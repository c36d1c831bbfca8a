/* The dead-unit census of a monitor: which ReLU units output 0 for every
 * sample row, counted per layer into the monitor's layer records. */
#ifndef NN_DEAD_CENSUS_H
#define NN_DEAD_CENSUS_H

#include "engine/error.h"
#include "engine/model.h"
#include "warning_rule.h"

typedef struct nn_dead_census {
    unsigned char *active; /* per ReLU unit: positive for some row */
    size_t cap;
} nn_dead_census;

/* Runs m in evaluation mode over rows of x and sets each layer's dead and
 * counted (0 for layers that are not ReLU).  0, or -1 with err set. */
int nn_dead_census_count(nn_dead_census *c, nn_monitor_layer *layer, nn_model *m, const float *x,
                         int rows, nn_error *err);
void nn_dead_census_free(nn_dead_census *c);

#endif
