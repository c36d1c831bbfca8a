/* Learning-rate schedules: the learning rate as a function of training
 * progress (epochs, fractional within an epoch).  reduce-on-plateau also
 * depends on the validation history, which the trainer folds into a scale. */
#ifndef NN_SCHEDULE_H
#define NN_SCHEDULE_H

#include <stdbool.h>

#include "settings.h"

typedef struct nn_schedule {
    const char *name;
    const char *help;
    bool on_plateau; /* the trainer reduces plateau_scale when progress stalls */
    float (*lr)(const nn_settings *s, double epoch, float plateau_scale);
} nn_schedule;

const nn_schedule *nn_schedule_find(const char *name);
const nn_schedule *nn_schedule_at(int i);

#endif
