/* Binding a parsed command line to its command (used by the session). */
#ifndef NN_CALL_H
#define NN_CALL_H

#include "cmdline.h"
#include "command.h"

/* What binding needs to know of the session: the column names, so that a
 * mistyped column gets a "did you mean". */
typedef struct nn_bind_context {
    const char *const *columns;
    size_t ncolumns;
} nn_bind_context;

int nn_call_bind(const nn_command *cmd, const nn_cmdline *line, const nn_bind_context *ctx,
                 nn_call **out, nn_error *err);
void nn_call_free(nn_call *c);

#endif
