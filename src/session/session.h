/* A session: the data, the preparation recipe, the model, the settings
 * and the training runs one person works on, changed only by commands.
 * Every front-end (batch, TUI) drives a session the same way and shows
 * what it writes to the output. */
#ifndef NN_SESSION_H
#define NN_SESSION_H

#include "engine/error.h"

/* Where a session's output goes. Each call carries one line without its
 * newline. Warnings come without the "warning: " prefix, errors without
 * "error: ". */
typedef struct nn_output {
    void *user;
    void (*text)(void *user, const char *line);
    void (*warning)(void *user, const char *line);
    void (*error)(void *user, const char *line);
} nn_output;

typedef struct nn_session nn_session;

nn_session *nn_session_new(const nn_output *out);
void nn_session_free(nn_session *s);

/* Batch front-ends train in the foreground (train returns when training
 * ends); interactive ones in the background. Foreground by default. */
void nn_session_set_foreground(nn_session *s, int foreground);

/* Runs one line: commands separated by ';'. Stops at the first failing
 * command, reports it through the output (prefixed by `where`, e.g.
 * "script.nnw:12", when not NULL) and returns -1; the failed command has
 * changed nothing. */
int nn_session_run(nn_session *s, const char *line, const char *where);
/* Runs a script file line by line, stopping at the first failure, whose
 * message names FILE:LINE. */
int nn_session_source(nn_session *s, const char *path);
/* Set by `quit`. */
int nn_session_quitting(const nn_session *s);

#endif
