/* Shared by the results and file commands. */
#ifndef NN_RESULTS_H
#define NN_RESULTS_H

#include <stddef.h>

#include "engine/error.h"

typedef struct nn_session nn_session;

/* Refuses when nothing is trained, or while training runs. */
int results_need_model(const nn_session *s, const char *cmd, nn_error *err);
/* Model outputs (in the target's units for regressions) for rows
 * [first, first + n) of the prepared data; the caller frees. */
double *results_predict(nn_session *s, size_t first, size_t n, nn_error *err);

#endif
