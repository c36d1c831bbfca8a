/* Reading a byte range: libcsv's field and row events go to the column
 * builders (see csv_reader.h), with line counting and the first problem. */
#include "csv_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_feed.h"
#include "parse_number.h"

enum {
    BLOCK = 1 << 20,              /* bytes read at a time */
    FIELD_MAX = 16 * 1024 * 1024, /* a longer field is a runaway quote */
};

/* libcsv's parser states (libcsv.c; csv.h exposes the field, not the names). */
enum { ROW_NOT_BEGUN = 0, FIELD_BEGUN = 2 };

/* --- problems ------------------------------------------------------------- */

__attribute__((format(printf, 4, 5))) static void fail_at(nn_csv_reader *r, size_t line,
                                                          size_t col, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = 1;
    r->err_line = line;
    r->err_col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err_msg, sizeof r->err_msg, fmt, ap);
    va_end(ap);
}

#define fail_oom(r) fail_at(r, NN_NO_ROW, 0, "out of memory")

void nn_csv_reader_error(const nn_csv_reader *r, size_t line_offset, nn_error *err)
{
    if (r->err_line == NN_NO_ROW)
        nn_fail(err, "%s: %s", r->lay->path, r->err_msg);
    else
        nn_fail(err, "%s:%zu:%zu: %s", r->lay->path, r->err_line + line_offset + 1, r->err_col,
                r->err_msg);
}

/* --- text checks ------------------------------------------------------------ */

/* Offset of the first NUL or byte that is not valid UTF-8, or len. */
static size_t first_bad_byte(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c - 1u < 0x7Fu) { /* 0x01..0x7F */
            i++;
            continue;
        }
        size_t n = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
        if (n == 0 || i + n >= len)
            return i;
        unsigned lo = 0x80, hi = 0xBF; /* no overlong forms, surrogates or > U+10FFFF */
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
        else if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += n + 1;
    }
    return len;
}

/* Line breaks inside a quoted field: LF, CRLF and a lone CR count once. */
static size_t line_breaks(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'));
    return n;
}

/* Text that may not be binary; moves the line count past its line breaks. */
static int check_text(nn_csv_reader *r, size_t col, const char *s, size_t len)
{
    size_t bad = first_bad_byte((const unsigned char *)s, len);
    if (bad < len) {
        if (s[bad] == '\0')
            fail_at(r, r->line, col + 1, "binary data (a NUL byte) where text was expected; "
                                         "is this a CSV file?");
        else
            fail_at(r, r->line, col + 1, "binary data (byte 0x%02X is not UTF-8) where text was "
                                         "expected; is this a CSV file saved as UTF-8?",
                    (unsigned char)s[bad]);
        return -1;
    }
    if (memchr(s, '\n', len) || memchr(s, '\r', len)) {
        size_t breaks = line_breaks(s, len);
        if (breaks >= NN_CSV_LONG_FIELD_LINES)
            nn_long_fields_push(&r->long_fields, r->line, col + 1, breaks + 1);
        r->line += breaks;
    }
    return 0;
}

/* --- fields -------------------------------------------------------------------- */

static void text_field(nn_csv_reader *r, size_t col, const char *s, size_t len)
{
    size_t line = r->line;
    if (check_text(r, col, s, len) < 0)
        return;
    if (nn_colb_text(&r->cols[col], r->rows, s, len) < 0)
        fail_at(r, line, col + 1, "out of memory");
}

/* Not a plain number: missing, a tolerant number, infinite, too small
 * for float32 (v is then what nn_parse_plain read) or text. */
static void slow_field(nn_csv_reader *r, size_t col, const char *s, size_t len, int status,
                       float v)
{
    nn_col_builder *b = &r->cols[col];
    const nn_cell_rules *rules = &r->lay->rules;
    if (rules->na->has_number) { /* markers such as -999 go before numbers */
        if (nn_na_match(rules->na, s, len)) {
            nn_colb_missing(b, r->rows, len);
            return;
        }
        if ((status = nn_parse_plain(s, len, &v)) == NN_NUM_OK) {
            nn_colb_number(b, r->rows, v, s, len);
            return;
        }
    }
    if (status == NN_NUM_UNDERFLOW)
        nn_colb_tiny(b, r->rows, v, s, len);
    else if (nn_colb_cell(b, r->rows, s, len, status, rules) == NN_CELL_TEXT)
        text_field(r, col, s, len);
}

static size_t blank_prefix(const char *s, size_t len)
{
    size_t n = 0;
    while (n < len && (s[n] == ' ' || s[n] == '\t'))
        n++;
    return n;
}

/* A header cell, or a field past the last column. */
static void other_field(nn_csv_reader *r, size_t col, const char *s, size_t len)
{
    size_t blanks = r->lay->keep_spaces ? blank_prefix(s, len) : 0; /* empty to a trimming parser */
    if (col == r->lay->ncols && len > blanks)
        r->extra_field = 1;
    else if (col > r->lay->ncols)
        r->extra_field = 1;
    check_text(r, col, s, len);
}

/* A cell of the typed pass: a plain number on the fast path, else the slow one. */
static void store_typed(nn_csv_reader *r, size_t col, const char *s, size_t len)
{
    float v = 0;
    int status = r->lay->rules.na->has_number ? NN_NUM_NOT_A_NUMBER : nn_parse_plain(s, len, &v);
    if (status == NN_NUM_OK)
        nn_colb_number(&r->cols[col], r->rows, v, s, len);
    else
        slow_field(r, col, s, len, status, v);
}

/* A cell of the second pass: the chosen columns, every cell as text. */
static void store_text(nn_csv_reader *r, size_t col, const char *s, size_t len)
{
    if (check_text(r, col, s, len) < 0) /* counts a quoted field's line breaks, as the first pass does */
        return;
    if (!r->lay->text_cols[col])
        return;
    nn_col_builder *b = &r->cols[col];
    if (nn_na_match(r->lay->rules.na, s, len))
        nn_colb_missing(b, r->rows, len);
    else if (nn_colb_text(b, r->rows, s, len) < 0)
        fail_oom(r);
}

static void store(nn_csv_reader *r, size_t col, const char *s, size_t len)
{
    if (r->lay->text_cols)
        store_text(r, col, s, len);
    else
        store_typed(r, col, s, len);
}

/* --- a repeated header --------------------------------------------------------- */

/* While a row equals the header cell for cell, its fields are held back
 * rather than stored: if it stays equal it is dropped, and if a field
 * differs, the held ones are stored then, from the header's cells (the
 * same text). A cell with a line break is never held, so lines count. */
static void release(nn_csv_reader *r)
{
    r->holding = 0;
    for (size_t c = 0; c < r->held; c++)
        store(r, c, r->lay->header_cells[c], r->lay->header_lens[c]);
}

static int hold_back(nn_csv_reader *r, size_t col, const char *s, size_t len)
{
    if (!r->holding)
        return 0;
    const nn_csv_layout *lay = r->lay;
    if (len == lay->header_lens[col] && memcmp(s, lay->header_cells[col], len) == 0 &&
        !memchr(s, '\n', len) && !memchr(s, '\r', len)) {
        r->held++;
        return 1;
    }
    release(r);
    return 0;
}

static void drop_row(nn_csv_reader *r)
{
    if (r->dropped < NN_DROPPED_SHOWN)
        r->dropped_lines[r->dropped] = r->row_line;
    r->dropped++;
}

static void start_row(nn_csv_reader *r)
{
    r->row_line = r->line;
    r->held = 0;
    r->holding = r->lay->header_cells && !r->header_pending;
}

static void on_field(void *data, size_t len, void *ctx)
{
    nn_csv_reader *r = ctx;
    const char *s = data;
    size_t col = r->field++;
    r->after_cr = 0;
    if (col == 0)
        start_row(r);
    if (r->failed)
        return;
    if (r->header_pending || col >= r->lay->ncols) {
        other_field(r, col, s, len);
        return;
    }
    if (!hold_back(r, col, s, len))
        store(r, col, s, len);
}

/* --- rows ----------------------------------------------------------------------- */

static int grow_rows(nn_csv_reader *r)
{
    size_t cap = 2 * r->cap;
    for (size_t c = 0; c < r->lay->ncols; c++)
        if ((!r->lay->text_cols || r->lay->text_cols[c]) && nn_colb_reserve(&r->cols[c], cap) < 0)
            return -1;
    r->cap = cap;
    return 0;
}

static void accept_row(nn_csv_reader *r)
{
    size_t m = r->map.n;
    if (m == 0 || r->row_line - r->rows != r->map.lines[m - 1] - r->map.rows[m - 1])
        if (nn_line_map_push(&r->map, r->rows, r->row_line) < 0) {
            fail_oom(r);
            return;
        }
    if (++r->rows == r->cap && grow_rows(r) < 0)
        fail_oom(r);
}

static void end_row(nn_csv_reader *r, size_t n)
{
    const nn_csv_layout *lay = r->lay;
    int extra = r->extra_field;
    r->extra_field = 0;
    if (r->header_pending) {
        r->header_pending = 0;
        r->header_line = r->row_line;
        return;
    }
    if (r->holding) {
        if (n >= lay->ncols && !extra) {
            drop_row(r); /* every cell equals the header's */
            return;
        }
        release(r);
    }
    if (n == lay->ncols || (n == lay->ncols + 1 && !extra)) {
        accept_row(r); /* a row ending with a delimiter has an empty field too many */
        return;
    }
    if (n == lay->ncols - 1 && lay->last_optional) {
        if (!lay->text_cols || lay->text_cols[n])
            nn_colb_missing(&r->cols[n], r->rows, 0);
        accept_row(r);
        return;
    }
    size_t expected = lay->ncols - (lay->last_optional != 0);
    fail_at(r, r->row_line, (n < expected ? n : expected) + 1, "expected %zu fields, found %zu",
            expected, n);
}

static void on_row(int c, void *ctx)
{
    nn_csv_reader *r = ctx;
    size_t n = r->field;
    r->field = 0;
    if (n > 0 && !r->failed)
        end_row(r, n);
    if (c == '\r') {
        r->line++;
        r->after_cr = 1;
    } else if (c == '\n') {
        r->line += !r->after_cr; /* CRLF: the CR counted it */
        r->after_cr = 0;
    }
}

/* --- the parser's field buffer ---------------------------------------------------- */

/* libcsv grows its field buffer by a fixed 128 bytes each time; this
 * grows it geometrically instead (the true capacity sits before the
 * buffer) and refuses beyond FIELD_MAX, which libcsv reports as
 * CSV_ENOMEM: a quote left open swallowing the rest of the file. */
static void *field_realloc(void *p, size_t size)
{
    size_t *h = p ? (size_t *)p - 1 : NULL;
    if (size > FIELD_MAX)
        return NULL;
    if (h && size <= h[0])
        return p;
    size_t cap = h ? 2 * h[0] : 256;
    if (cap < size)
        cap = size;
    h = realloc(h, sizeof *h + cap);
    if (!h)
        return NULL;
    h[0] = cap;
    return h + 1;
}

static void field_free(void *p)
{
    if (p)
        free((size_t *)p - 1);
}

/* --- running --------------------------------------------------------------------- */

int nn_csv_reader_init(nn_csv_reader *r, const nn_csv_layout *lay, int first_part,
                       size_t est_rows)
{
    memset(r, 0, sizeof *r);
    r->lay = lay;
    r->header_pending = first_part && lay->header;
    r->line = first_part ? lay->start_line : 0;
    r->cap = est_rows < 1024 ? 1024 : est_rows;
    r->buf = malloc(BLOCK);
    r->cols = calloc(lay->ncols ? lay->ncols : 1, sizeof *r->cols);
    if (!r->buf || !r->cols || csv_init(&r->parser, CSV_REPALL_NL) != 0) {
        nn_csv_reader_free(r);
        return -1;
    }
    csv_set_delim(&r->parser, lay->delimiter);
    csv_set_realloc_func(&r->parser, field_realloc);
    csv_set_free_func(&r->parser, field_free);
    if (lay->keep_spaces)
        nn_csv_keep_spaces(&r->parser);
    for (size_t c = 0; c < lay->ncols; c++) {
        nn_colb_init(&r->cols[c]);
        if ((!lay->text_cols || lay->text_cols[c]) && nn_colb_reserve(&r->cols[c], r->cap) < 0) {
            nn_csv_reader_free(r);
            return -1;
        }
    }
    return 0;
}

static void finish(nn_csv_reader *r, void (*field_cb)(void *, size_t, void *))
{
    if (r->parser.pstate == FIELD_BEGUN && r->parser.quoted) {
        fail_at(r, r->line, r->field + 1, "unterminated quote: this field's opening \" is never "
                                          "closed");
        return;
    }
    csv_fini(&r->parser, field_cb, on_row, r);
}

int nn_csv_reader_run(nn_csv_reader *r, off_t begin, off_t end, int at_eof)
{
    void (*field_cb)(void *, size_t, void *) = on_field;
    off_t off = begin;
    while (off < end && !r->failed) {
        if (r->cancel && atomic_load_explicit(r->cancel, memory_order_relaxed))
            return -1;
        size_t want = end - off < BLOCK ? (size_t)(end - off) : BLOCK;
        ssize_t n = pread(r->lay->fd, r->buf, want, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fail_at(r, NN_NO_ROW, 0, "%s", strerror(errno));
            break;
        }
        if (n == 0)
            break; /* the file got shorter */
        size_t done = nn_csv_feed(&r->parser, r->buf, (size_t)n, off + n < end, field_cb, on_row, r);
        int parsed = csv_error(&r->parser) == CSV_SUCCESS; /* else done < n: libcsv stopped */
        if (!parsed && !r->failed)
            fail_at(r, r->line, r->field + 1,
                    csv_error(&r->parser) == CSV_ENOMEM
                        ? "a field longer than 16 MiB: an unterminated quote?"
                        : "the CSV parser failed");
        off += done; /* the blanks it left are read again with what follows */
    }
    if (!r->failed && at_eof)
        finish(r, field_cb);
    return r->failed ? -1 : 0;
}

int nn_csv_reader_between_rows(const nn_csv_reader *r)
{
    return r->parser.pstate == ROW_NOT_BEGUN;
}

void nn_csv_reader_free(nn_csv_reader *r)
{
    if (r->cols)
        for (size_t c = 0; c < r->lay->ncols; c++)
            nn_colb_free(&r->cols[c]);
    free(r->cols);
    free(r->buf);
    csv_free(&r->parser);
    nn_line_map_free(&r->map);
    r->cols = NULL;
    r->buf = NULL;
}
