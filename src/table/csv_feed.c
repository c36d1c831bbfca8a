#include "csv_feed.h"

#include <string.h>

/* libcsv's parser states (libcsv.c; csv.h exposes the field, not the names). */
enum { FIELD_BEGUN = 2, FIELD_MIGHT_HAVE_ENDED = 3 };

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

size_t nn_csv_feed(struct csv_parser *p, const char *s, size_t len,
                   void (*field_cb)(void *, size_t, void *), void (*row_cb)(int, void *),
                   void *data)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t pos = 0;
    while (pos < len) {
        if (p->pstate == FIELD_MIGHT_HAVE_ENDED)
            reopen_unquoted(p, u[pos]);
        size_t n = next_stop(p, u + pos, len - pos);
        size_t done = csv_parse(p, s + pos, n, field_cb, row_cb, data);
        pos += done;
        if (done != n)
            break;
    }
    return pos;
}
