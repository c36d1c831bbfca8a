/* How a run begins: the key of what it fits, and the epochs its starting
 * weights carry.  See run_start.c. */
#ifndef NN_RUN_START_H
#define NN_RUN_START_H

#include "session_internal.h"

/* A key of the training and validation rows and the loss: equal keys,
 * loss curves that compare.  Never 0. */
unsigned long run_fit_key(const nn_dataset *train, const nn_dataset *val, const char *loss);
/* The epochs the session model's weights have trained, as a run on rows
 * x_width wide would start from them: 0 when it builds fresh ones, -1
 * for an opened model's. */
int run_weights_before(const nn_session *s, int x_width);
/* The session model's weights now come from run h, which began with
 * `before` epochs behind it. */
void run_weights_follow(nn_session *s, nn_history *h, int before);
/* They were made otherwise: fresh (0) or opened (-1). */
void run_weights_forget(nn_session *s, int epochs);

#endif
