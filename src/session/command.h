/* The command language's one table: every command's name, aliases,
 * arguments (types, defaults, what completes them), help, example and
 * handler. The batch front-end, the TUI prompt, `help` and tab completion
 * all read it; adding a command is adding an entry to commands.c and its
 * handler in the file of its group. */
#ifndef NN_COMMAND_H
#define NN_COMMAND_H

#include <stddef.h>

#include "engine/arg_spec.h"
#include "engine/error.h"

typedef struct nn_session nn_session;

/* The arguments of one call, bound to the specs and checked. */
typedef struct nn_call nn_call;

enum {
    NN_CMD_EDITS_DATA = 1 << 0,   /* refused while training runs */
    NN_CMD_EDITS_MODEL = 1 << 1,  /* refused while training runs */
    NN_CMD_OPEN_KEYS = 1 << 2,    /* takes key=value pairs beyond its specs (set, optimizer) */
    NN_CMD_KIND_KEYS = 1 << 3,    /* and those of the kind it is given, which its handler checks (add) */
};

typedef struct nn_command {
    const char *name;
    const char *aliases;  /* space-separated, e.g. Keras words */
    const char *group;    /* "data", "model", "training", "results", "files", "help" */
    const char *summary;  /* one line for `help` */
    const char *help;     /* the paragraph of `help CMD` */
    const char *example;  /* runs as is after the sample data is loaded */
    const nn_arg_spec *args; /* terminated by a spec with a NULL name */
    unsigned flags;
    int (*run)(nn_session *s, const nn_call *call, nn_error *err);
} nn_command;

/* The table, in help order. */
const nn_command *nn_command_at(size_t i);
size_t nn_command_count(void);
/* By name or alias, case-insensitive; NULL if none. */
const nn_command *nn_command_find(const char *name);
/* The syntax line, e.g. "split train=F [val=F] [test=F] [shuffle|ordered]". */
int nn_command_syntax(const nn_command *c, char *buf, size_t len);

/* ---- reading a call's arguments (handlers) ---- */
const char *nn_call_str(const nn_call *c, const char *name); /* value or default, NULL if neither */
int nn_call_given(const nn_call *c, const char *name);
long nn_call_int(const nn_call *c, const char *name);
double nn_call_number(const nn_call *c, const char *name);
/* Every value of a repeated or list argument (commas split). */
size_t nn_call_list(const nn_call *c, const char *name, const char *const **values);
/* Open key=value pairs (NN_CMD_OPEN_KEYS, NN_CMD_KIND_KEYS), in the order given. */
size_t nn_call_extra(const nn_call *c, const char *const **keys, const char *const **values);
const nn_command *nn_call_command(const nn_call *c);

/* Closest name among candidates within a small edit distance, or NULL:
 * the "did you mean" of every message. */
const char *nn_suggest(const char *typed, const char *const *candidates, size_t n);

#endif
