#include "csv_feed.h"

#include <stdint.h>
#include <string.h>

/* libcsv's parser states (libcsv.c; csv.h exposes the field, not the names). */
enum { ROW_NOT_BEGUN = 0, FIELD_NOT_BEGUN = 1, FIELD_BEGUN = 2, FIELD_MIGHT_HAVE_ENDED = 3 };

/* c may follow a closing quote without reopening the field. */
static int ends_quote(const struct csv_parser *p, unsigned char c)
{
    return c == p->delim_char || c == p->quote_char || c == '\r' || c == '\n';
}

/* The parser has just read a quote inside a quoted field (it keeps that
 * quote in its buffer until it knows whether it closes the field); c
 * comes next. */
static void reopen_unquoted(struct csv_parser *p, unsigned char c)
{
    if (ends_quote(p, c))
        return;
    p->entry_pos--; /* the closing quote */
    p->pstate = FIELD_BEGUN;
    p->quoted = 0;
    p->spaces = 0;
}

/* Bytes up to and including the next quote followed by a byte that does
 * not end a quote (or by the end of s): the only places where the
 * parser may need reopen_unquoted. */
static size_t next_stop(const struct csv_parser *p, const unsigned char *s, size_t len)
{
    for (size_t pos = 0; pos < len;) {
        const unsigned char *q = memchr(s + pos, p->quote_char, len - pos);
        if (!q)
            return len;
        pos = (size_t)(q - s) + 1;
        if (pos == len || !ends_quote(p, s[pos]))
            return pos;
    }
    return len;
}

/* --- keeping spaces ------------------------------------------------------- */

static int never_space(unsigned char c)
{
    (void)c;
    return 0;
}

void nn_csv_keep_spaces(struct csv_parser *p)
{
    csv_set_space_func(p, never_space);
}

/* A space as libcsv's default trims it (a tab delimiter is not one). */
static int is_blank(const struct csv_parser *p, unsigned char c)
{
    return (c == ' ' || c == '\t') && c != p->delim_char;
}

static int is_break(unsigned char c)
{
    return c == '\r' || c == '\n';
}

/* The first blank after s's start that may begin a field (it follows a
 * delimiter or a line break): the parser's state there decides. */
static size_t next_field_blanks(const struct csv_parser *p, const unsigned char *s, size_t len)
{
    for (size_t i = 1; i < len; i++)
        if (is_blank(p, s[i]) && (s[i - 1] == p->delim_char || is_break(s[i - 1])))
            return i;
    return len;
}

enum { UNDECIDED = SIZE_MAX };

/* How many of the blanks at s a trimming parser skips where a kept-spaces
 * one would read them as a field: those before a field's opening quote,
 * and a line (or the file's end) of blanks only. UNDECIDED: s ends first. */
static size_t skipped_blanks(const struct csv_parser *p, const unsigned char *s, size_t len,
                             int more)
{
    if (p->pstate != ROW_NOT_BEGUN && p->pstate != FIELD_NOT_BEGUN)
        return 0;
    size_t n = 0;
    while (n < len && is_blank(p, s[n]))
        n++;
    int row_start = p->pstate == ROW_NOT_BEGUN;
    if (n == 0 || n == len)
        return n && more ? UNDECIDED : row_start ? n : 0;
    return s[n] == p->quote_char || (row_start && is_break(s[n])) ? n : 0;
}

/* --- feeding ------------------------------------------------------------------ */

size_t nn_csv_feed(struct csv_parser *p, const char *s, size_t len, int more,
                   void (*field_cb)(void *, size_t, void *), void (*row_cb)(int, void *),
                   void *data)
{
    const unsigned char *u = (const unsigned char *)s;
    int keep = p->is_space == never_space;
    size_t pos = 0;
    while (pos < len) {
        if (p->pstate == FIELD_MIGHT_HAVE_ENDED)
            reopen_unquoted(p, u[pos]);
        if (keep) {
            size_t skip = skipped_blanks(p, u + pos, len - pos, more);
            if (skip == UNDECIDED && pos > 0)
                return pos; /* (all of s blanks: kept, never waiting forever) */
            pos += skip == UNDECIDED ? 0 : skip;
            if (pos == len)
                break;
        }
        size_t n = next_stop(p, u + pos, len - pos);
        if (keep) {
            size_t blanks = next_field_blanks(p, u + pos, n);
            n = blanks < n ? blanks : n;
        }
        size_t done = csv_parse(p, s + pos, n, field_cb, row_cb, data);
        pos += done;
        if (done != n)
            break;
    }
    return pos;
}
