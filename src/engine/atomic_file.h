/* Writing a file so that readers see either the old or the new content,
 * never half of it: write a temporary file beside it, flush it to disk,
 * then rename it over the target. */
#ifndef NN_ATOMIC_FILE_H
#define NN_ATOMIC_FILE_H

#include <stddef.h>

#include "error.h"

int nn_write_file_atomic(const char *path, const void *data, size_t len, nn_error *err);

/* Reads a whole regular file into a NUL-terminated buffer the caller
 * frees; anything else (a FIFO, /dev/zero, a directory) is refused, and a
 * file that changes size meanwhile is an error. */
int nn_read_file(const char *path, char **data, size_t *len, nn_error *err);

#endif
