/* Reading a script line by line without hanging or reading forever: from
 * a regular file, a pipe or FIFO (opened without waiting for a writer; one
 * that gives nothing at all is an error, as no writer is the likely
 * cause), or standard input ("-"). A line longer than 1 MiB or holding a
 * NUL byte stops the script: /dev/zero or a binary file, not commands.
 * Directories and devices are refused by name. */
#ifndef NN_SCRIPT_FILE_H
#define NN_SCRIPT_FILE_H

#include <stdio.h>

#include "engine/error.h"

enum { NN_SCRIPT_LINE_MAX = 1 << 20 };

typedef struct nn_script {
    FILE *f;
    char *name;    /* for messages: the path, or "<stdin>" */
    int from_pipe; /* a FIFO or pipe, not standard input */
    long line;     /* lines read so far */
    char *buf;     /* the current line, NUL-terminated */
    size_t len;
} nn_script;

/* Returns 0, or -1 with err "PATH: ...". */
int nn_script_open(nn_script *sc, const char *path, nn_error *err);
/* 1: the next line is in sc->buf; 0: the end; -1: err "PATH:LINE: ...". */
int nn_script_next(nn_script *sc, nn_error *err);
void nn_script_close(nn_script *sc);

#endif
