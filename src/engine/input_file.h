/* Opening a file to read without hanging or reading forever: open() on a
 * FIFO with no writer blocks, /dev/zero never ends, and a directory opens
 * fine and fails later with a vague read error. */
#ifndef NN_INPUT_FILE_H
#define NN_INPUT_FILE_H

#include <sys/stat.h>

#include "error.h"

/* Opens path read-only: a regular file, or also a FIFO or pipe when
 * pipes is set (scripts may come from one). Never blocks on a FIFO with
 * no writer. Anything else (a directory, a device, a socket) is refused
 * with "PATH: is a directory, not a regular file". Returns the descriptor
 * (blocking again) with its stat in st, or -1 with err set. */
int nn_open_input(const char *path, int pipes, struct stat *st, nn_error *err);

/* 1 when the open file fd no longer has the size or modification time of
 * st (another program wrote to it meanwhile), else 0. */
int nn_input_changed(int fd, const struct stat *st);

#endif
