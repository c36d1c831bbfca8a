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
/* For a terminal the workbench cannot draw on: runs the script, if any,
 * then reads commands a line at a time from standard input, after a
 * prompt, with batch-style output; an error does not end it. */
int nnwb_batch_prompt(const char *script);
/* From now on only errors are said: for the ranks after the first of an
 * mpirun, whose output rank 0 prints. */
void nnwb_batch_quiet(void);
/* 1 once batch mode has said that standard output cannot be written: no
 * one need say it again. */
int nnwb_batch_output_failed(void);

#endif
