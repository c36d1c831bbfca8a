/* What the completion files share: a growing list of strings and the
 * final list of candidates (complete_list.c), the command line read as
 * cmdline.c reads it (complete_parse.c), and what the cursor's word can
 * be, gathered by complete.c. */
#ifndef NN_TUI_COMPLETE_INTERNAL_H
#define NN_TUI_COMPLETE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "complete.h"

typedef struct strlist {
    char **v;
    size_t n, cap;
    bool oom;
} strlist;

/* Adds s (NULL: out of memory), keeping a free slot after the last
 * string for a NULL terminator. */
void complete_push(strlist *l, char *s);
void strlist_free(strlist *l);
/* a[0, alen) b[0, blen) c, in a new string. */
char *complete_join(const char *a, size_t alen, const char *b, size_t blen, const char *c);

typedef struct word {
    const char *key; /* NULL for a positional word */
    const char *value;
} word;

/* The command at the cursor: its words before the cursor's word (the
 * command name first), and the cursor's word itself. */
typedef struct parsed {
    char *buf;          /* the unquoted words */
    word *w;
    int n;
    bool comment;       /* the cursor is in a comment */
    int cur_start;      /* where the cursor's word begins in the line */
    const char *cur;    /* the cursor's word up to the cursor, unquoted */
    int cur_eq;         /* index of its '=' in cur (a key=value word), or -1 */
    int cur_eq_at;      /* that '=' in the line */
} parsed;

/* Reads one word from line[*pos] up to end into out, quotes removed
 * (inside them \" and \\ stand for " and \).  quoted: whether *pos is
 * already inside quotes.  *eq_out gets the index in out of the first
 * unquoted '=' past the word's first byte, or -1, and *eq_at its offset in
 * the line. */
size_t complete_read_word(const char *line, int *pos, int end, bool quoted, char *out, int *eq_out, int *eq_at);
/* The command at the cursor (end) in *ps; -1 when out of memory (free it
 * all the same). */
int complete_parse(const char *line, int end, parsed *ps);
void parsed_free(parsed *ps);

typedef struct want {
    const char *typed;  /* what the word holds so far, unquoted, after any list head */
    char *head;         /* a list's values before its last comma ("price,"), kept; or NULL */
    strlist values;     /* values: quoted when they need it */
    strlist plain;      /* commands, keys and flags: never need quotes */
    strlist taken;      /* values already given, not offered again */
    bool files;
    const char *first;  /* file name endings listed first ("a|b"), or NULL */
} want;

/* The candidates of w, quoted (inq: the word opened its quote), sorted,
 * without duplicates, NULL-terminated; NULL when out of memory. */
char **complete_finish(want *w, bool inq);

#endif
