/* The words of a command line: commands separated by ';', '#' starting a
 * comment, arguments positional or key=value, double quotes (with \" and
 * \\) around anything holding spaces, ';' or '#'. */
#ifndef NN_CMDLINE_H
#define NN_CMDLINE_H

#include <stdio.h>

#include "engine/error.h"

typedef struct nn_word {
    char *key;    /* "lr" in lr=0.01; NULL for a positional word */
    char *value;
    int column;   /* 1-based position of the word in the line, for messages */
} nn_word;

typedef struct nn_cmdline {
    char *name;   /* the command word, as typed */
    nn_word *args;
    int nargs;
} nn_cmdline;

/* Splits one line into commands (empty ones skipped). Returns the number
 * of commands (0 for a blank or comment line) or -1 with err set. */
int nn_cmdline_split(const char *line, nn_cmdline **cmds, nn_error *err);
void nn_cmdline_free(nn_cmdline *cmds, int n);
/* Writes text as one word that the splitting reads back as it is: in
 * double quotes, with \" and \\ (the lines the workbench writes for
 * others to run: `train ranks=N`). */
void nn_cmdline_put_word(FILE *f, const char *text);

#endif
