/* A kind of recipe step: what its arguments mean. One kind reads them
 * from its text form (a saved recipe, nn_recipe_add_line) or from a
 * command, writes them back as text, and compiles them into the plan.
 * The kinds live in step_<group>.c and are listed in step.c's table. */
#ifndef NN_STEP_H
#define NN_STEP_H

#include "recipe_internal.h"
#include "engine/arg_table.h"
#include "steps.h"

typedef struct step_kind {
    nn_step_info info;  /* first: the public description is the kind */
    const char *syntax; /* the text form, for "(usage: ...)" in its errors */
    /* Reads the words after the name into s. */
    int (*parse)(nn_step *s, char **args, int n, nn_error *err);
    /* Writes the arguments after the name. */
    void (*format)(const nn_step *s, FILE *f);
    /* Builds s from a command's arguments, as the kind's nn_recipe_*
     * function does from C values. */
    int (*from_args)(nn_step *s, const nn_step_args *a, nn_error *err);
    /* Checks s against the table and the steps before it (in p), and
     * records its effect in p. */
    int (*compile)(const nn_step *s, const nn_table *t, nn_plan *p, nn_error *err);
    /* Optional: what the user should know once s is added (how a column
     * is read); NULL: nothing. */
    void (*note)(const nn_step *s, const nn_table *t, nn_notes *notes);
} step_kind;

/* The kinds, by group. */
extern const step_kind step_target, step_drop, step_keep;          /* step_roles.c */
extern const step_kind step_impute, step_encode, step_scale;       /* step_values.c */
extern const step_kind step_sort, step_calendar, step_window;      /* step_time.c */
extern const step_kind step_split;                                 /* step_split.c */
extern const step_kind step_winsorize, step_smooth;                /* step_clean.c */

/* ---- step_args.c: what the kinds share ---- */

/* The last step of that kind in a list, or NULL. */
const nn_step *step_last_of(const nn_step *steps, size_t n, const step_kind *kind);

/* Reading words: the index of word among names (case-insensitive), or -1. */
int step_lookup(const char *const *names, int n, const char *word);
/* Fails naming the step, what was asked, the word and the choices. */
int step_bad_choice(nn_error *err, const char *step, const char *what, const char *word,
                    const char *const *names, int n);
/* "key=value" → value when the key matches, else NULL. */
const char *step_keyed(const char *word, const char *key);
int step_number(const char *step, const char *key, const char *text, double *out, nn_error *err);
/* The step's columns: n words (-1 out of memory), or one more word. */
int step_take_columns(nn_step *s, char **words, int n);
int step_add_column(nn_step *s, const char *word);
/* s->by = key (a copy); -1 out of memory. */
int step_set_by(nn_step *s, const char *key);
/* Builders: the columns as given, or fails "out of memory" with s cleared. */
int step_with_columns(nn_step *s, const char *const *cols, size_t n, nn_error *err);
/* Builders: the columns and the key, or fails "out of memory" with s cleared. */
int step_with_columns_by(nn_step *s, const char *const *cols, size_t n, const char *by,
                         nn_error *err);

/* Writing words: the shortest text that reads back as v. */
void step_put_number(FILE *f, const char *prefix, double v);
void step_put_columns(const nn_step *s, FILE *f, const char *prefix);
void step_put_by(const nn_step *s, FILE *f);

/* Reading a command's arguments, as session/call.c converts them. */
const char *step_arg(const nn_step_args *a, const char *name);
int step_arg_given(const nn_step_args *a, const char *name);
long step_arg_int(const nn_step_args *a, const char *name);
double step_arg_number(const nn_step_args *a, const char *name);
size_t step_arg_list(const nn_step_args *a, const char *name, const char *const **values);

/* Column name → index, or fails "STEP: no column 'NAME' in SOURCE". */
int step_column(const char *step, const nn_table *t, const char *name, nn_error *err);

#endif
