#include "csv_sniff.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csv_feed.h"
#include "parse_date.h"
#include "parse_loose.h"
#include "parse_number.h"

enum {
    SAMPLE_START = 64 * 1024,         /* bytes read first */
    SAMPLE_MAX = 16 * 1024 * 1024,    /* the first row must end within this */
    SAMPLE_ROWS = 100,
};

static const unsigned char candidates[] = {',', ';', '\t', '|'};

/* --- reading the sample -------------------------------------------------- */

typedef struct sample {
    char *data;
    size_t len;
    int whole_file;
} sample;

static int read_sample(int fd, size_t want, sample *s, const char *path, nn_error *err)
{
    char *data = realloc(s->data, want);
    if (!data)
        return nn_fail(err, "%s: out of memory", path);
    s->data = data;
    while (s->len < want) {
        ssize_t n = pread(fd, s->data + s->len, want - s->len, (off_t)s->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return nn_fail(err, "%s: %s", path, strerror(errno));
        if (n == 0) {
            s->whole_file = 1;
            break;
        }
        s->len += (size_t)n;
    }
    return 0;
}

/* --- counting fields per row with one candidate delimiter ---------------- */

typedef struct row_counter {
    size_t fields;               /* in the current row */
    size_t rows;                 /* complete rows */
    size_t bytes;                /* bytes parsed to see them */
    size_t counts[SAMPLE_ROWS];
    int capture;                 /* keep the first row's cells, classify the others */
    const nn_na_markers *na;
    char decimal;
    unsigned char *kinds;        /* per column: CELL_TYPED and CELL_WORD bits seen below row 1 */
    size_t nkinds;
    char **cells;
    size_t *lens;
    size_t ncells, cap;
    int failed;
} row_counter;

static void keep_cell(row_counter *c, const char *s, size_t len)
{
    if (c->ncells == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        char **cells = realloc(c->cells, cap * sizeof *cells);
        size_t *lens = cells ? realloc(c->lens, cap * sizeof *lens) : NULL;
        if (cells)
            c->cells = cells;
        if (!cells || !lens) {
            c->failed = 1;
            return;
        }
        c->lens = lens;
        c->cap = cap;
    }
    char *cell = malloc(len + 1);
    if (!cell) {
        c->failed = 1;
        return;
    }
    memcpy(cell, s, len);
    cell[len] = '\0';
    c->cells[c->ncells] = cell;
    c->lens[c->ncells++] = len;
}

enum { CELL_MISSING = 0, CELL_TYPED = 1, CELL_WORD = 2 };

/* A number (plainly or tolerantly read, inf included) or a date is typed;
 * a missing marker is missing; anything else is a word. */
static int cell_kind(const char *cell, size_t len, const nn_na_markers *na, char decimal)
{
    float f;
    double d;
    unsigned flags;
    if (nn_na_match(na, cell, len))
        return CELL_MISSING;
    if (nn_parse_plain(cell, len, &f) != NN_NUM_NOT_A_NUMBER ||
        nn_parse_loose(cell, len, decimal, &d, &flags) != NN_NUM_NOT_A_NUMBER ||
        nn_date_formats(cell, len) != 0)
        return CELL_TYPED;
    return CELL_WORD;
}

static void classify_cell(row_counter *c, const char *s, size_t len)
{
    size_t col = c->fields;
    if (col >= c->nkinds) {
        size_t n = 2 * col + 16;
        unsigned char *kinds = realloc(c->kinds, n);
        if (!kinds) {
            c->failed = 1;
            return;
        }
        memset(kinds + c->nkinds, 0, n - c->nkinds);
        c->kinds = kinds;
        c->nkinds = n;
    }
    c->kinds[col] |= (unsigned char)cell_kind(s, len, c->na, c->decimal);
}

static void on_field(void *s, size_t len, void *data)
{
    row_counter *c = data;
    if (c->capture && !c->failed) {
        if (c->rows == 0)
            keep_cell(c, s, len);
        else if (c->rows < SAMPLE_ROWS)
            classify_cell(c, s, len);
    }
    c->fields++;
}

static void on_row(int ch, void *data)
{
    (void)ch;
    row_counter *c = data;
    if (c->fields == 0)
        return; /* a blank line */
    if (c->rows < SAMPLE_ROWS)
        c->counts[c->rows] = c->fields;
    c->rows++;
    c->fields = 0;
}

static int count_rows(const sample *s, size_t skip, unsigned char delim, row_counter *c)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_REPALL_NL) != 0)
        return -1;
    csv_set_delim(&p, delim);
    size_t len = s->len - skip, done = 0;
    /* Feed in pieces so a long sample stops once enough rows are seen. */
    while (done < len && c->rows < SAMPLE_ROWS) {
        size_t n = len - done < 4096 ? len - done : 4096;
        if (nn_csv_feed(&p, s->data + skip + done, n, 0, on_field, on_row, c) != n) {
            csv_free(&p);
            return -1;
        }
        done += n;
    }
    c->bytes = done;
    if (s->whole_file && done == len)
        csv_fini(&p, on_field, on_row, c);
    csv_free(&p);
    return c->failed ? -1 : 0;
}

static void free_counter(row_counter *c)
{
    for (size_t i = 0; i < c->ncells; i++)
        free(c->cells[i]);
    free(c->cells);
    free(c->lens);
    free(c->kinds);
}

/* Rows agreeing with the first row's field count; 0 when it has one field. */
static size_t score(const row_counter *c)
{
    size_t n = c->rows < SAMPLE_ROWS ? c->rows : SAMPLE_ROWS, agree = 0;
    if (n == 0 || c->counts[0] < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        agree += c->counts[i] == c->counts[0];
    return agree;
}

static unsigned char pick_delimiter(const sample *s, size_t skip)
{
    unsigned char best = ',';
    size_t best_score = 0;
    for (size_t i = 0; i < sizeof candidates; i++) {
        row_counter c = {0};
        if (count_rows(s, skip, candidates[i], &c) == 0 && score(&c) > best_score) {
            best = candidates[i];
            best_score = score(&c);
        }
        free_counter(&c);
    }
    return best;
}

/* Bytes of a line "sep=X" (and its line break) at offset at, or 0. */
static size_t sep_line(const sample *s, size_t at)
{
    const char *p = s->data + at;
    size_t left = s->len - at;
    if (left < 5 || strncasecmp(p, "sep=", 4) != 0 || p[4] == '"' || p[4] == '\r' ||
        p[4] == '\n')
        return 0;
    if (left == 5)
        return s->whole_file ? 5 : 0;
    size_t n = p[5] == '\n' ? 6 : p[5] == '\r' ? (left > 6 && p[6] == '\n' ? 7 : 6) : 0;
    return n;
}

int nn_csv_sniff_file(int fd, const char *path, unsigned char delimiter, char decimal,
                      const nn_na_markers *na, nn_csv_sniff *out, nn_error *err)
{
    memset(out, 0, sizeof *out);
    sample s = {0};
    row_counter c = {0};
    int rc = -1;
    for (size_t want = SAMPLE_START;; want *= 2) {
        if (read_sample(fd, want, &s, path, err) < 0)
            goto done;
        if (s.len >= 2 && (memcmp(s.data, "\xFF\xFE", 2) == 0 ||
                           memcmp(s.data, "\xFE\xFF", 2) == 0)) {
            nn_fail(err, "%s:1:1: the file is UTF-16 text (Excel's \"Unicode text\"), not UTF-8; "
                         "save it as \"CSV UTF-8\"", path);
            goto done;
        }
        out->bom = s.len >= 3 && memcmp(s.data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        size_t sep_len = sep_line(&s, out->bom);
        out->sep_line = sep_len ? (unsigned char)s.data[out->bom + 4] : 0;
        out->start = out->bom + sep_len;
        delimiter = delimiter ? delimiter : out->sep_line;
        out->delimiter = delimiter ? delimiter : pick_delimiter(&s, out->start);
        out->decimal = decimal ? decimal : out->delimiter == ';' ? ',' : '.';
        free_counter(&c);
        memset(&c, 0, sizeof c);
        c.capture = 1;
        c.na = na;
        c.decimal = out->decimal;
        if (count_rows(&s, out->start, out->delimiter, &c) < 0) {
            nn_fail(err, "%s: out of memory", path);
            goto done;
        }
        if (c.rows > 0 || s.whole_file)
            break;
        if (want >= SAMPLE_MAX) {
            nn_fail(err, "%s:1:%zu: the first row does not end within %d MiB: an unterminated "
                         "quote?", path, c.fields + 1, SAMPLE_MAX >> 20);
            goto done;
        }
    }
    if (c.rows > 0) {
        out->nfields = c.ncells;
        out->first = c.cells;
        out->first_len = c.lens;
        out->bytes_per_row = (double)c.bytes / (double)c.rows;
        out->body_kinds = c.kinds;
        out->nbody_kinds = c.nkinds;
        c.cells = NULL;
        c.lens = NULL;
        c.ncells = 0;
        c.kinds = NULL;
    }
    rc = 0;
done:
    free_counter(&c);
    free(s.data);
    return rc;
}

void nn_csv_sniff_free(nn_csv_sniff *s)
{
    for (size_t i = 0; i < s->nfields; i++)
        free(s->first[i]);
    free(s->first);
    free(s->first_len);
    free(s->body_kinds);
    memset(s, 0, sizeof *s);
}

/* --- the header ------------------------------------------------------------ */

int nn_csv_first_row_is_header(const nn_csv_sniff *s, const nn_na_markers *na)
{
    size_t words = 0, values = 0;
    int named_column = 0;
    for (size_t i = 0; i < s->nfields; i++) {
        if (s->first_len[i] == 0)
            continue;
        if (cell_kind(s->first[i], s->first_len[i], na, s->decimal) != CELL_WORD) {
            values++;
            continue;
        }
        words++;
        unsigned below = i < s->nbody_kinds ? s->body_kinds[i] : 0;
        named_column |= below == CELL_TYPED; /* a word above numbers or dates only */
    }
    return words > 0 && (values == 0 || named_column);
}

/* --- column names ------------------------------------------------------------ */

static int name_taken(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* name, or name_2, name_3, ... until unused among the first n names. */
static char *unique_name(char **names, size_t n, const char *name)
{
    if (!name_taken(names, n, name))
        return strdup(name);
    for (size_t k = 2;; k++) {
        char *candidate;
        if (asprintf(&candidate, "%s_%zu", name, k) < 0)
            return NULL;
        if (!name_taken(names, n, candidate))
            return candidate;
        free(candidate);
    }
}

char **nn_csv_column_names(const nn_csv_sniff *s, size_t ncols, int header, const char *path,
                           size_t header_line, nn_notes *notes)
{
    char **names = calloc(ncols + 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < ncols; i++) {
        char fallback[32];
        snprintf(fallback, sizeof fallback, "c%zu", i + 1);
        const char *given = header && i < s->nfields && s->first_len[i] > 0 ? s->first[i] : NULL;
        names[i] = unique_name(names, i, given ? given : fallback);
        if (!names[i]) {
            nn_csv_free_names(names);
            return NULL;
        }
        if (header && !given)
            nn_notes_add(notes, "%s:%zu:%zu: column %zu has no name; it is called \"%s\"", path,
                         header_line, i + 1, i + 1, names[i]);
        else if (given && strcmp(given, names[i]) != 0)
            nn_notes_add(notes, "%s:%zu:%zu: column name \"%s\" is used twice; this one is called "
                                "\"%s\"", path, header_line, i + 1, given, names[i]);
    }
    return names;
}

void nn_csv_free_names(char **names)
{
    if (!names)
        return;
    for (size_t i = 0; names[i]; i++)
        free(names[i]);
    free(names);
}
