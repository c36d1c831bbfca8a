/* The kinds of recipe step as the command language sees them. Each kind
 * describes its own command — name, aliases, summary, help, example and
 * arguments — so the command table takes its step commands from here, and
 * adding a step is one file and one entry in step.c's table. */
#ifndef NN_STEPS_H
#define NN_STEPS_H

#include <stddef.h>

#include "engine/arg_spec.h"
#include "recipe.h"

enum {
    /* The step decides how rows are ordered and split in time (window,
     * split): a shuffled split of overlapping windows may follow from it. */
    NN_STEP_ORDERS_ROWS = 1 << 0,
};

typedef struct nn_step_info {
    const char *name;
    const char *aliases;     /* space-separated (pandas, Keras words), or NULL */
    const char *summary;     /* one line for `help` */
    const char *help;        /* the paragraph of `help STEP` */
    const char *example;     /* runs as is after the sample data is loaded */
    const nn_arg_spec *args; /* terminated by a spec with a NULL name */
    unsigned flags;          /* NN_STEP_* */
} nn_step_info;

/* The kinds, in the order `help` lists them. */
size_t nn_step_kind_count(void);
const nn_step_info *nn_step_kind_at(size_t i);
/* By exact name; NULL if none. */
const nn_step_info *nn_step_kind_find(const char *name);

/* A command's arguments, bound to a kind's specs and checked by whoever
 * parsed the command (session/call.c): what a step reads to build itself. */
typedef struct nn_step_args {
    const void *call;
    /* The value given, else the spec's default, else NULL. */
    const char *(*str)(const void *call, const char *name);
    /* Every value given to a repeated or list argument, and their count. */
    size_t (*list)(const void *call, const char *name, const char *const **values);
} nn_step_args;

/* Builds a step of this kind from a command's arguments and adds it, as
 * the nn_recipe_<kind> functions do (recipe.h). */
int nn_recipe_add_args(nn_recipe *r, const nn_table *t, const nn_step_info *kind,
                       const nn_step_args *args, nn_error *err);
/* What the user should know about the last step added, against t (how a
 * column is read), appended to notes. */
void nn_recipe_last_step_notes(const nn_recipe *r, const nn_table *t, nn_notes *notes);

#endif
