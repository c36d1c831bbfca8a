/* The headless front-end: runs commands with no screen, results on
 * standard output, warnings and errors on standard error. */
#ifndef NN_BATCH_H
#define NN_BATCH_H

/* Runs a script (path "-" reads standard input). Returns the exit
 * status: 0 on success, 1 at the first failing command or when standard
 * output could not be written (the script then runs to its end). */
int nnwb_batch_file(const char *path);
/* Runs commands given on the command line (separated by ';'). */
int nnwb_batch_commands(const char *const *lines, int n);

#endif
