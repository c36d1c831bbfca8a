/* How an argument is described: its name, type, default, choices or
 * range and help. One description drives parsing, `help`, completion and
 * the error for a bad value, so it lives on the lowest floor: commands use
 * it, and so can any kind (a layer, a recipe step) whose arguments the user
 * types. */
#ifndef NN_ARG_SPEC_H
#define NN_ARG_SPEC_H

#include <stdbool.h>

#include "error.h"

typedef enum nn_arg_type {
    NN_ARG_WORD,    /* any text */
    NN_ARG_INT,
    NN_ARG_NUMBER,
    NN_ARG_CHOICE,  /* one of spec->choices ("a|b|c") */
    NN_ARG_FILE,
    NN_ARG_COLUMN,  /* a column of the loaded data */
} nn_arg_type;

enum {
    NN_ARG_REQUIRED = 1 << 0, /* must be given */
    NN_ARG_REPEAT = 1 << 1,   /* takes every remaining positional word */
    NN_ARG_KEY_ONLY = 1 << 2, /* only as key=value */
    NN_ARG_FLAG = 1 << 3,     /* a bare word equal to one of its choices ("shuffle") */
    NN_ARG_LIST = 1 << 4,     /* key=value may repeat or hold a,b,c */
};

typedef struct nn_arg_spec {
    const char *name;    /* the key of key=value, shown in syntax */
    nn_arg_type type;
    unsigned flags;
    const char *def;     /* default, as text; NULL: none */
    const char *choices; /* NN_ARG_CHOICE and NN_ARG_FLAG: "a|b|c"; NN_ARG_FILE: the
                          * endings Tab offers first (".csv|.tsv"), or NULL */
    const char *help;
    double min, max;     /* NN_ARG_INT and NN_ARG_NUMBER, when min < max */
} nn_arg_spec;

/* Does the spec answer to name? "act|activation" answers to either,
 * in any case. */
bool nn_arg_named(const nn_arg_spec *spec, const char *name);

/* Is text a value for an INT or NUMBER spec: a finite number in the C
 * locale, whole for INT, within min..max when it has a range? If not,
 * fails with "WHO: NAME=TEXT: expected ...". */
int nn_arg_check_number(const nn_arg_spec *spec, const char *who, const char *text,
                        nn_error *err);
/* The value of a checked INT or NUMBER text ("1e3" passes an INT spec and
 * reads 1, as it always has); NULL (neither given nor defaulted) reads 0
 * and NaN. */
long nn_arg_int(const char *text);
double nn_arg_number(const char *text);

#endif
