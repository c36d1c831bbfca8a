/* Fuzz target: the CSV loader (sniffing, libcsv streaming, type inference)
 * on arbitrary bytes, with every option left to detection, then once more
 * with the first table as the `like` schema, as prediction files are read.
 *
 * Then the invariant that no row vanishes: read with ',' and no header,
 * the table has exactly as many rows as the file has non-blank records,
 * counted here by the quoting rules alone (csv_feed.h), without libcsv;
 * one and two threads give the same answer; a quote open at the end is
 * refused, and only then reported open; and a quoted field over more than 10 lines is noted. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "table/csv_load.h"
#include "fuzz_file.h"

typedef struct expected {
    size_t rows;
    int open_quote;    /* the file ends inside a quoted field */
    size_t max_breaks; /* most line breaks inside one quoted field */
} expected;

/* Bytes of a first line "sep=X" after offset at (the loader skips it). */
static size_t sep_line(const uint8_t *d, size_t n, size_t at)
{
    if (n - at < 5 || strncasecmp((const char *)d + at, "sep=", 4) != 0 || d[at + 4] == '"' ||
        d[at + 4] == '\r' || d[at + 4] == '\n')
        return 0;
    if (n - at == 5)
        return 5;
    uint8_t c = d[at + 5];
    return c == '\n' ? 6 : c == '\r' ? (n - at > 6 && d[at + 6] == '\n' ? 7 : 6) : 0;
}

/* A quote opens a field only at its start (after blanks); inside one, ""
 * is a quote and a quote followed by anything but the delimiter, a line
 * break or another quote ends the quoting; a record is blank when it has
 * nothing but blanks. */
static expected count_records(const uint8_t *d, size_t n)
{
    enum { START, UNQUOTED, QUOTED, AFTER_QUOTE } state = START;
    expected e = {0};
    size_t i = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, breaks = 0;
    i += sep_line(d, n, i);
    int filled = 0;
    for (; i < n; i++) {
        uint8_t c = d[i];
        int eol = c == '\n' || c == '\r';
        if (state == QUOTED) {
            if (c == '"')
                state = AFTER_QUOTE;
            else
                breaks += c == '\n' || (c == '\r' && !(i + 1 < n && d[i + 1] == '\n'));
            continue;
        }
        if (state == AFTER_QUOTE) {
            e.max_breaks = breaks > e.max_breaks ? breaks : e.max_breaks;
            state = c == '"' ? QUOTED : c == ',' || eol ? START : UNQUOTED;
            if (state == QUOTED || state == UNQUOTED)
                continue;
        }
        if (eol) {
            e.rows += filled;
            filled = 0;
            state = START;
        } else if (c == ',') {
            filled = 1;
            state = START;
        } else if (state == START && (c == ' ' || c == '\t')) {
            continue;
        } else if (state == START) {
            filled = 1;
            state = c == '"' ? QUOTED : UNQUOTED;
            breaks = 0;
        }
    }
    if (state == AFTER_QUOTE)
        e.max_breaks = breaks > e.max_breaks ? breaks : e.max_breaks;
    e.open_quote = state == QUOTED;
    e.rows += filled;
    return e;
}

static int noted(const nn_notes *notes, const char *what)
{
    for (size_t i = 0; i < notes->n; i++)
        if (strstr(notes->items[i], what))
            return 1;
    return 0;
}

static void check_rows(const uint8_t *data, size_t size, const char *path)
{
    expected e = count_records(data, size);
    nn_table *t[2];
    nn_error err[2] = {0};
    for (int k = 0; k < 2; k++) {
        nn_csv_options o;
        nn_csv_options_init(&o);
        o.delimiter = ',';
        o.header = 0;
        o.threads = k + 1; /* two split files of 4 KiB and more */
        nn_notes notes = {0};
        t[k] = nn_csv_load(path, &o, &notes, &err[k]);
        if (t[k] && (t[k]->nrows != e.rows || e.open_quote)) {
            fprintf(stderr, "threads=%d: %zu rows, expected %zu (open quote %d)\n", k + 1,
                    t[k]->nrows, e.rows, e.open_quote);
            abort();
        }
        if (!t[k] && !e.open_quote && strstr(err[k].msg, "unterminated quote")) {
            fprintf(stderr, "threads=%d: %s, but every quote is closed\n", k + 1, err[k].msg);
            abort();
        }
        if (t[k] && e.max_breaks >= 10 && !noted(&notes, "a quoted field spans")) {
            fprintf(stderr, "a quoted field over %zu lines, not noted\n", e.max_breaks + 1);
            abort();
        }
        nn_notes_free(&notes);
    }
    if (!t[0] != !t[1] || (!t[0] && strcmp(err[0].msg, err[1].msg) != 0)) {
        fprintf(stderr, "one thread: %s\ntwo threads: %s\n", t[0] ? "ok" : err[0].msg,
                t[1] ? "ok" : err[1].msg);
        abort();
    }
    nn_table_free(t[0]);
    nn_table_free(t[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memfile(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.threads = 1; /* deterministic; the two-thread path needs large files anyway */
    nn_notes notes_store = {0}, *notes = &notes_store;
    nn_error err = {0};
    nn_table *t = nn_csv_load(path, &o, notes, &err);
    if (t) {
        nn_csv_options like;
        nn_csv_options_init(&like);
        like.threads = 1;
        like.like = t;
        nn_table *again = nn_csv_load(path, &like, notes, &err);
        nn_table_free(again);
        nn_table_free(t);
    }
    nn_notes_free(notes);
    check_rows(data, size, path);
    close(fd);
    return 0;
}
