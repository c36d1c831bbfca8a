/* A child process (an mpirun) whose standard output and error come back
 * through pipes, read a line at a time without ever blocking the thread
 * that asks: the workbench's UI thread polls it between key presses. */
#ifndef NN_CHILD_H
#define NN_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#include "engine/error.h"

typedef struct nn_child nn_child;

/* Starts argv[0] (searched on the PATH) with argv, the environment plus
 * the extra "NAME=value" strings (NULL-terminated, may be NULL), its
 * standard input a socket that nn_child_say writes, in a process group
 * of its own (a Ctrl-C at the terminal is the workbench's to handle). */
nn_child *nn_child_spawn(const char *const *argv, const char *const *extra_env, nn_error *err);
/* The next complete line of its standard output (out) or error (!out),
 * without its newline, valid until the next call; NULL when none is
 * there yet. Never waits. */
const char *nn_child_line(nn_child *c, bool out);
/* Writes line and a newline to its standard input without waiting;
 * -1 when it could not (the child has gone, or reads nothing). */
int nn_child_say(nn_child *c, const char *line);
/* Whether it has exited and both pipes are drained; *status then holds
 * waitpid's status. Never waits. */
bool nn_child_ended(nn_child *c, int *status);
/* Sends it sig (its process group: mpirun and what it started here). */
void nn_child_signal(nn_child *c, int sig);
/* Waits up to ms for something to read or the end. */
void nn_child_wait_a_while(nn_child *c, int ms);
/* Ends it if it still runs (SIGTERM, then SIGKILL after a grace time),
 * reaps it, frees all. */
void nn_child_free(nn_child *c);

#endif
