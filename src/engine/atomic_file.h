/* Writing a file so that readers see either the old or the new content,
 * never half of it: write a temporary file (PATH.tmp.XXXXXX) beside it,
 * flush it to disk, then rename it over the target. Only regular files
 * are replaced that way, and what is there is never damaged:
 *  - a symbolic link is followed and its target replaced; the link stays;
 *  - a character device or a FIFO (/dev/null, a named pipe) is written
 *    directly; a FIFO with no reader is refused rather than waited for;
 *    directories, sockets and block devices are refused;
 *  - the new file keeps the old one's mode (and owner, when allowed); a
 *    new file gets 0666 less the umask, like any file a shell creates;
 *  - a file with several names (hard links) is replaced under this name
 *    only: its other names keep the previous content. */
#ifndef NN_ATOMIC_FILE_H
#define NN_ATOMIC_FILE_H

#include <stddef.h>

#include "error.h"

int nn_write_file_atomic(const char *path, const void *data, size_t len, nn_error *err);

/* From now on every write succeeds without touching the file system: for
 * a process whose files another one writes (the ranks after the first of
 * a parallel run, which compute exactly what rank 0 writes).  Call it at
 * start-up, before any thread writes. */
void nn_write_files_nowhere(void);

/* Calls note() with each thing a user should hear before a save onto
 * path: the other names of a hard-linked file, which will keep the old
 * content, and temporaries left by a save that was killed (kill -9).
 * Those are left alone: nnwb removes only files it created itself. */
void nn_file_save_notes(const char *path, void (*note)(void *user, const char *text), void *user);

/* Removes the temporary files of the saves in progress. Async-signal-safe:
 * for the front-ends' SIGTERM, SIGHUP and SIGINT handlers, before exiting. */
void nn_atomic_file_cleanup(void);

/* Reads a whole regular file into a NUL-terminated buffer the caller
 * frees; anything else (a FIFO, /dev/zero, a directory) is refused, and a
 * file that changes size meanwhile is an error. */
int nn_read_file(const char *path, char **data, size_t *len, nn_error *err);

#endif
