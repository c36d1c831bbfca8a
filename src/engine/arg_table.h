/* Short forms for writing tables of argument descriptions (arg_spec.h):
 * the command table and the recipe steps' files read as a list of
 * arguments. The names are short, so include this only in a file that
 * defines such a table. */
#ifndef NN_ARG_TABLE_H
#define NN_ARG_TABLE_H

#include "arg_spec.h"

#define SPEC_END {0}
#define WORD(n, fl, h) {n, NN_ARG_WORD, fl, NULL, NULL, h, 0, 0}
#define COLUMN(n, fl, h) {n, NN_ARG_COLUMN, fl, NULL, NULL, h, 0, 0}
#define FILEARG(n, fl, h) {n, NN_ARG_FILE, fl, NULL, NULL, h, 0, 0}
#define DATAFILE(n, fl, h) {n, NN_ARG_FILE, fl, NULL, ".csv|.tsv", h, 0, 0}
#define CHOICE(n, fl, def, ch, h) {n, NN_ARG_CHOICE, fl, def, ch, h, 0, 0}
#define INT(n, fl, def, lo, hi, h) {n, NN_ARG_INT, fl, def, NULL, h, lo, hi}
#define NUMBER(n, fl, def, lo, hi, h) {n, NN_ARG_NUMBER, fl, def, NULL, h, lo, hi}

enum { REQ = NN_ARG_REQUIRED, REP = NN_ARG_REPEAT, KEY = NN_ARG_KEY_ONLY, FLAG = NN_ARG_FLAG,
       LIST = NN_ARG_LIST };

#endif
