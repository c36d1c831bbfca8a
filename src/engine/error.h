/* Errors in the engine: a message buffer filled by the failing call.
 * The engine never prints; front-ends decide how to show the message. */
#ifndef NN_ERROR_H
#define NN_ERROR_H

#include <stddef.h>

typedef struct nn_error {
    char msg[512];
} nn_error;

/* Formats into err->msg (if err is not NULL) and returns -1, so that
 * callers can write `return nn_fail(err, "...", ...);`. */
int nn_fail(nn_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The same for a fault at a line of a file: "PATH:LINE: message". */
int nn_fail_at(nn_error *err, const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
