/* Loading a CSV in a test and checking what came back: the last load's
 * error and notes are kept in `err` and `notes` for the checks to read. */
#ifndef CSV_CHECK_H
#define CSV_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/csv_load.h"
#include "tap.h"

static nn_error err;
static nn_notes notes;

#define CHECK_STR(a, b)                                                                  \
    do {                                                                                 \
        const char *tap_s_ = (a), *tap_t_ = (b);                                         \
        if (!tap_s_ || strcmp(tap_s_, tap_t_) != 0) {                                    \
            printf("#   %s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,  \
                   tap_s_ ? tap_s_ : "(null)", tap_t_);                                  \
            tap_case_failures++;                                                         \
        }                                                                                \
    } while (0)

/* Loads with default options unless o is given; notes start empty, and a
 * refusal that says nothing leaves "(no message)". */
static inline nn_table *try_load(const char *path, const nn_csv_options *o)
{
    nn_csv_options def;
    nn_csv_options_init(&def);
    nn_notes_free(&notes);
    strcpy(err.msg, "(no message)");
    return nn_csv_load(path, o ? o : &def, &notes, &err);
}

/* As try_load, showing a refusal as a comment. */
static inline nn_table *load_path(const char *path, const nn_csv_options *o)
{
    nn_table *t = try_load(path, o);
    if (!t)
        printf("#   load %s failed: %s\n", path, err.msg);
    return t;
}

static inline void show_notes(void)
{
    for (size_t i = 0; i < notes.n; i++)
        printf("#   note: %s\n", notes.items[i]);
}

static inline int notes_mention(const char *what)
{
    for (size_t i = 0; i < notes.n; i++)
        if (strstr(notes.items[i], what))
            return 1;
    return 0;
}

/* The named column, or NULL (said in a comment) when there is none. */
static inline const nn_column *col(const nn_table *t, const char *name)
{
    int i = t ? nn_table_find(t, name) : -1;
    if (i < 0)
        printf("#   no column \"%s\"\n", name);
    return i < 0 ? NULL : &t->cols[i];
}

static inline void check_type(const nn_column *c, nn_col_type want)
{
    CHECK(c != NULL);
    if (c && c->type != want) {
        printf("#   column \"%s\" is %s, expected %s\n", c->name, nn_col_type_name(c->type),
               nn_col_type_name(want));
        tap_case_failures++;
    }
}

/* Appends one cell (or a name) and a separator to a growing string. */
static inline void append_cell(char **s, size_t *len, size_t *cap, const char *piece, size_t n)
{
    if (*len + n + 2 > *cap) {
        *cap = 2 * (*len + n + 2);
        *s = realloc(*s, *cap);
    }
    memcpy(*s + *len, piece, n);
    (*s)[*len + n] = '|';
    *len += n + 1;
    (*s)[*len] = '\0';
}

/* The whole table as text: names, types and every cell, however long; two
 * tables are the same when their snapshots are. */
static inline char *snapshot(const nn_table *t)
{
    size_t cap = 1 << 12, len = 0, bufcap = 512;
    char *s = malloc(cap), *buf = malloc(bufcap);
    s[0] = '\0';
    for (size_t c = 0; c < t->ncols; c++) {
        append_cell(&s, &len, &cap, t->cols[c].name, strlen(t->cols[c].name));
        const char *type = nn_col_type_name(t->cols[c].type);
        append_cell(&s, &len, &cap, type, strlen(type));
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            size_t n = (size_t)nn_table_cell(t, r, c, buf, bufcap);
            if (n >= bufcap) {
                buf = realloc(buf, bufcap = n + 1);
                nn_table_cell(t, r, c, buf, bufcap);
            }
            append_cell(&s, &len, &cap, buf, n);
        }
    free(buf);
    return s;
}

#endif
