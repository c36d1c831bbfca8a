/* Loading a CSV file: sniff the delimiter and header (csv_sniff.c), parse
 * the file into column builders (csv_reader.c; two threads on large files,
 * csv_split.c), read again as text the few columns that mix numbers and
 * words, then type every column (infer.c). Nothing reaches the caller
 * unless all of it succeeded: a refused file leaves no table, no notes and
 * no memory behind.
 *
 * Choices worth knowing:
 * - An empty cell is always missing; `na` lists the other markers. A
 *   marker that reads as a number (na="-999") is checked before numbers.
 * - The decimal mark is `decimal`, else ',' in ';'-delimited files, else
 *   '.'; plain numbers ("1.5", "-2e3") take the fast path in any case.
 * - An empty last column that every line leaves empty (a trailing
 *   delimiter) is dropped; rows may also carry one empty field too many.
 * - A row equal to the header cell for cell (files joined together) is
 *   dropped, with a note naming its line.
 * - Messages say FILE:LINE:COLUMN, LINE the physical line (1-based, the
 *   header and blank lines counted) and COLUMN the 1-based field number. */
#include "csv_load.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_sniff.h"
#include "csv_split.h"
#include "engine/input_file.h"
#include "infer.h"

const char NN_CSV_DEFAULT_NA[] = "NA,N/A,NaN,null,None,-";

void nn_csv_options_init(nn_csv_options *o)
{
    memset(o, 0, sizeof *o);
    o->header = -1;
    o->dayfirst = -1;
}

/* Everything a load holds while it runs, freed in one place. */
typedef struct load {
    const char *path;
    const nn_csv_options *o;
    int fd;
    size_t size;
    struct stat st;      /* at the start */
    nn_na_markers na;
    nn_csv_sniff sniff;
    nn_csv_layout lay;
    nn_csv_parsed parsed;
    char **names;
    nn_col_type *forced; /* per column: the type types= gives ... */
    unsigned char *is_forced; /* ... when this is set */
    nn_table *table;
    nn_notes notes;      /* given to the caller only on success */
} load;

static int check_options(const nn_csv_options *o, const char *path, nn_error *err)
{
    unsigned char d = (unsigned char)o->delimiter;
    if (d == '"' || d == '\r' || d == '\n')
        return nn_fail(err, "%s: the delimiter cannot be a quote or a line break", path);
    if (o->decimal && o->decimal != '.' && o->decimal != ',')
        return nn_fail(err, "%s: the decimal mark must be '.' or ','", path);
    if (o->header < -1 || o->header > 1 || o->dayfirst < -1 || o->dayfirst > 1)
        return nn_fail(err, "%s: header and dayfirst must be -1 (detect), 0 or 1", path);
    return 0;
}

static int open_file(load *L, nn_error *err)
{
    L->fd = nn_open_input(L->path, 0, &L->st, err); /* pread needs a regular file */
    if (L->fd < 0)
        return -1;
    L->size = (size_t)L->st.st_size;
    return 0;
}

static const char *delimiter_name(unsigned char d)
{
    static char one[2];
    return d == '\t' ? "tab" : (one[0] = (char)d, one);
}

/* Excel's first line "sep=;" is skipped, and names the delimiter. */
static void note_sep_line(load *L)
{
    unsigned char given = (unsigned char)L->o->delimiter, line = L->sniff.sep_line;
    if (!line)
        return;
    if (given && given != line)
        nn_notes_add(&L->notes, "%s:1: the line \"sep=%c\" (as Excel writes) is skipped; the "
                                "delimiter given, sep=%s, is used instead", L->path, line,
                     delimiter_name(given));
    else
        nn_notes_add(&L->notes, "%s:1: the line \"sep=%c\" (as Excel writes) is skipped; it sets "
                                "the delimiter to %s", L->path, line, delimiter_name(line));
}

/* Delimiter, header, decimal mark and column count, from the first rows. */
static int plan(load *L, nn_error *err)
{
    const nn_csv_options *o = L->o;
    if (nn_csv_sniff_file(L->fd, L->path, (unsigned char)o->delimiter, o->decimal, &L->na,
                          &L->sniff, err) < 0)
        return -1;
    if (L->sniff.nfields == 0)
        return nn_fail(err, "%s:1:1: the file is empty; expected rows of data", L->path);
    int header = o->header >= 0 ? o->header : nn_csv_first_row_is_header(&L->sniff, &L->na);
    size_t n = L->sniff.nfields;
    note_sep_line(L);
    if (o->header < 0 && !header)
        nn_notes_add(&L->notes, "%s:%d: the first row holds data (a number, a date or a "
                                "missing value), not column names: the columns are named c1 to "
                                "c%zu (header=1 says otherwise)", L->path, 1 + (L->sniff.sep_line != 0), n);
    L->lay = (nn_csv_layout){
        .fd = L->fd,
        .path = L->path,
        .delimiter = L->sniff.delimiter,
        .ncols = n,
        .last_optional = n > 1 && L->sniff.first_len[n - 1] == 0,
        .header = header,
        .start = L->sniff.start,
        .start_line = L->sniff.sep_line != 0,
        .rules = {&L->na, L->sniff.decimal},
        .header_cells = header ? L->sniff.first : NULL,
        .header_lens = L->sniff.first_len,
    };
    return 0;
}

/* A quoted field over many lines has likely swallowed rows: never silently. */
static void note_long_fields(load *L)
{
    const nn_long_fields *f = &L->parsed.long_fields;
    size_t shown = f->n < NN_CSV_LONG_SHOWN ? f->n : NN_CSV_LONG_SHOWN;
    for (size_t i = 0; i < shown; i++)
        nn_notes_add(&L->notes, "%s:%zu:%zu: a quoted field spans %zu lines (to line %zu), so "
                                "those lines are one cell, not rows: is a quote left open?",
                     L->path, f->line[i] + 1, f->col[i], f->lines[i], f->line[i] + f->lines[i]);
    if (f->n > shown)
        nn_notes_add(&L->notes, "%s: %zu more quoted fields span more than %d lines", L->path,
                     f->n - shown, NN_CSV_LONG_FIELD_LINES);
}

/* The column of `like` with the same name, if any. */
static const nn_column *like_column(const load *L, size_t c)
{
    const nn_table *like = L->o->like;
    int i = like && L->names ? nn_table_find(like, L->names[c]) : -1;
    return i >= 0 ? &like->cols[i] : NULL;
}

static const nn_col_type *forced_type(const load *L, size_t c)
{
    return L->is_forced && L->is_forced[c] ? &L->forced[c] : NULL;
}

/* One "NAME:TYPE" of types=; the name may itself hold a ':'. */
static int force_one(load *L, const char *item, size_t len, nn_error *err)
{
    const char *colon = NULL;
    for (const char *p = item; p < item + len; p++)
        if (*p == ':')
            colon = p;
    if (!colon)
        return nn_fail(err, "%s: types=%s: expected NAME:TYPE, found \"%.*s\"", L->path,
                       L->o->types, (int)len, item);
    char name[256], type[32];
    snprintf(name, sizeof name, "%.*s", (int)(colon - item), item);
    snprintf(type, sizeof type, "%.*s", (int)(item + len - colon - 1), colon + 1);
    int t = nn_col_type_parse(type);
    if (t != NN_COL_NUMERIC && t != NN_COL_CATEGORICAL && t != NN_COL_DATE && t != NN_COL_TEXT)
        return nn_fail(err, "%s: types=%s: \"%s\" is not a type it can force; expected numeric, "
                       "categorical, date or text", L->path, L->o->types, type);
    for (size_t c = 0; c < L->parsed.ncols; c++)
        if (strcmp(L->names[c], name) == 0) {
            L->forced[c] = (nn_col_type)t;
            L->is_forced[c] = 1;
            return 0;
        }
    return nn_fail(err, "%s: types=%s: the file has no column \"%s\"", L->path, L->o->types,
                   name);
}

/* types=NAME:TYPE,...: the columns whose type the user chose. */
static int force_types(load *L, nn_error *err)
{
    const char *p = L->o->types;
    if (!p)
        return 0;
    L->forced = calloc(L->parsed.ncols, sizeof *L->forced);
    L->is_forced = calloc(L->parsed.ncols, 1);
    if (!L->forced || !L->is_forced)
        return nn_fail(err, "%s: out of memory", L->path);
    while (*p) {
        p += strspn(p, " ");
        size_t len = strcspn(p, ",");
        while (len && p[len - 1] == ' ')
            len--; /* spaces around an item, as in na= */
        if (len && force_one(L, p, len, err) < 0)
            return -1;
        p += strcspn(p, ",");
        p += *p == ',';
    }
    return 0;
}

/* Columns mixing numbers and words are read again, every cell as text:
 * the first pass kept their numbers as floats, not as the text that a
 * category needs ("007" is not 7). */
static int reread_as_text(load *L, nn_error *err)
{
    size_t n = L->parsed.ncols, any = 0;
    /* One flag per column of the layout, which still counts an empty
     * trailing column that drop_trailing_column removed from parsed. */
    unsigned char *mask = calloc(L->lay.ncols > n ? L->lay.ncols : n, 1);
    if (!mask)
        return nn_fail(err, "%s: out of memory", L->path);
    for (size_t c = 0; c < n; c++)
        any += mask[c] = (unsigned char)nn_infer_needs_text(&L->parsed.cols[c], like_column(L, c),
                                                            forced_type(L, c));
    if (!any) {
        free(mask);
        return 0;
    }
    nn_csv_layout lay = L->lay;
    lay.text_cols = mask;
    nn_csv_parsed again;
    int rc = nn_csv_parse(&lay, L->size, 1, L->sniff.bytes_per_row, &again, err);
    if (rc == 0 && again.nrows != L->parsed.nrows)
        rc = nn_fail(err, "%s: the file changed while it was being read", L->path);
    for (size_t c = 0; rc == 0 && c < n; c++)
        if (mask[c]) {
            nn_col_builder *typed = &L->parsed.cols[c];
            again.cols[c].typed.numbers = typed->numbers + typed->infinite;
            again.cols[c].typed.texts = typed->texts;
            again.cols[c].typed.first_text = typed->first_text;
            nn_colb_free(typed);
            L->parsed.cols[c] = again.cols[c];
            memset(&again.cols[c], 0, sizeof again.cols[c]);
        }
    nn_csv_parsed_free(&again); /* what was not moved */
    free(mask);
    return rc;
}

/* A trailing delimiter on every line makes an empty, unnamed last column. */
static void drop_trailing_column(load *L)
{
    nn_csv_parsed *p = &L->parsed;
    nn_col_builder *last = &p->cols[p->ncols - 1];
    if (L->lay.last_optional && last->blanks == p->nrows) {
        nn_colb_free(last);
        p->ncols--;
    }
}

/* The notes from first on as one string, a note a line, kept for
 * `describe` (*out stays NULL when there are none). */
static int keep_notes(char **out, const nn_notes *notes, size_t first)
{
    size_t len = 0;
    for (size_t i = first; i < notes->n; i++)
        len += strlen(notes->items[i]) + 1;
    if (len == 0)
        return 0;
    if (!(*out = malloc(len)))
        return -1;
    char *p = *out;
    for (size_t i = first; i < notes->n; i++)
        p = stpcpy(p, notes->items[i]), *p++ = '\n';
    p[-1] = '\0';
    return 0;
}

/* Repeated header rows, dropped by the reader: one note for all. */
static void note_dropped_headers(load *L)
{
    const nn_csv_parsed *p = &L->parsed;
    if (p->dropped == 0)
        return;
    char lines[200] = "";
    size_t used = 0;
    for (size_t i = 0; i < p->dropped && i < NN_DROPPED_SHOWN; i++)
        used += (size_t)snprintf(lines + used, sizeof lines - used, "%s%zu", i ? ", " : "",
                                 p->dropped_lines[i]);
    if (p->dropped > NN_DROPPED_SHOWN)
        snprintf(lines + used, sizeof lines - used, " and %zu more", p->dropped - NN_DROPPED_SHOWN);
    if (p->dropped == 1)
        nn_notes_add(&L->notes, "%s:%zu: this line repeats the header (files joined together?) "
                                "and is dropped", L->path, p->dropped_lines[0]);
    else
        nn_notes_add(&L->notes, "%s:%zu: %zu lines repeat the header (files joined together?) "
                                "and are dropped: lines %s", L->path, p->dropped_lines[0],
                     p->dropped, lines);
}

static int type_columns(load *L, nn_error *err)
{
    nn_csv_parsed *p = &L->parsed;
    nn_table *t = L->table = calloc(1, sizeof *t);
    if (!t || !(t->source = strdup(L->path)) || !(t->cols = calloc(p->ncols, sizeof *t->cols)))
        return nn_fail(err, "%s: out of memory", L->path);
    t->nrows = p->nrows;
    /* the notes so far are the file's (repeated headers, column names) */
    if (keep_notes(&t->notes, &L->notes, 0) < 0)
        return nn_fail(err, "%s: out of memory", L->path);
    const nn_table *like = L->o->like;
    for (size_t c = 0; c < p->ncols; c++) {
        nn_infer_context ctx = {
            .path = L->path,
            .name = L->names[c],
            .col = c,
            .nrows = p->nrows,
            .map = &p->map,
            .dayfirst = L->o->dayfirst,
            .decimal = L->lay.rules.decimal,
            .decimal_given = L->o->decimal != 0,
            .like = like_column(L, c),
            .like_source = like && like->source ? like->source : "the reference table",
            .forced = forced_type(L, c),
        };
        size_t first_note = L->notes.n;
        if (nn_infer_column(&p->cols[c], &ctx, &t->cols[c], &L->notes, err) < 0)
            return -1;
        t->ncols = c + 1;
        if (keep_notes(&t->cols[c].notes, &L->notes, first_note) < 0)
            return nn_fail(err, "%s: out of memory", L->path);
    }
    return 0;
}

/* The first row the raw pass found elsewhere than the typed one, or n:
 * the two must agree row for row, or cells would shift. */
static size_t first_moved_row(const nn_line_map *typed, const nn_line_map *raw, size_t n)
{
    for (size_t r = 0; r < n; r++)
        if (nn_line_map_line(typed, r) != nn_line_map_line(raw, r))
            return r;
    return n;
}

static int check_same_rows(load *L, const nn_csv_parsed *again, nn_error *err)
{
    size_t n = again->nrows < L->parsed.nrows ? again->nrows : L->parsed.nrows;
    size_t r = first_moved_row(&L->parsed.map, &again->map, n);
    if (r == n && again->nrows == L->parsed.nrows)
        return 0;
    size_t line = nn_line_map_line(&L->parsed.map, r < L->parsed.nrows ? r : L->parsed.nrows - 1);
    return nn_fail(err, "%s:%zu:1: read again to copy its cells as they are written, the file "
                        "does not split into the same rows from here on (did it change while it "
                        "was being read, or does a repeated header differ from the first in "
                        "its spaces?)", L->path, line);
}

/* One more pass, every cell as text with its spaces and no missing
 * markers, for a caller that writes the rows back as they were. */
static int read_raw(load *L, nn_error *err)
{
    static const nn_na_markers no_markers; /* only an empty cell is empty */
    size_t n = L->table->ncols;
    unsigned char *mask = malloc(L->lay.ncols);
    if (!mask)
        return nn_fail(err, "%s: out of memory", L->path);
    memset(mask, 1, L->lay.ncols);
    nn_csv_layout lay = L->lay;
    lay.text_cols = mask;
    lay.rules.na = &no_markers;
    lay.keep_spaces = 1;
    nn_csv_parsed again;
    int rc = nn_csv_parse(&lay, L->size, L->o->threads, L->sniff.bytes_per_row, &again, err);
    free(mask);
    if (rc < 0)
        return -1;
    nn_csv_raw *raw = L->o->raw;
    rc = check_same_rows(L, &again, err);
    if (rc == 0 && !(raw->cols = calloc(n, sizeof *raw->cols)))
        rc = nn_fail(err, "%s: out of memory", L->path);
    if (rc < 0) {
        nn_csv_parsed_free(&again);
        return -1;
    }
    for (size_t c = 0; c < n; c++) {
        raw->cols[c] = again.cols[c];
        memset(&again.cols[c], 0, sizeof again.cols[c]);
    }
    raw->nrows = again.nrows, raw->ncols = n;
    raw->map = again.map;
    memset(&again.map, 0, sizeof again.map);
    nn_csv_parsed_free(&again);
    return 0;
}

const char *nn_csv_raw_cell(const nn_csv_raw *r, size_t row, size_t col)
{
    const nn_col_builder *b = &r->cols[col];
    return b->codes && b->codes[row] ? nn_strtab_text(&b->strings, b->codes[row] - 1) : "";
}

size_t nn_csv_raw_line(const nn_csv_raw *r, size_t row)
{
    return nn_line_map_line(&r->map, row);
}

void nn_csv_raw_free(nn_csv_raw *r)
{
    for (size_t c = 0; r->cols && c < r->ncols; c++)
        nn_colb_free(&r->cols[c]);
    free(r->cols);
    nn_line_map_free(&r->map);
    memset(r, 0, sizeof *r);
}

static int run(load *L, nn_error *err)
{
    if (check_options(L->o, L->path, err) < 0 || open_file(L, err) < 0)
        return -1;
    if (nn_na_parse(&L->na, L->o->na ? L->o->na : NN_CSV_DEFAULT_NA) < 0)
        return nn_fail(err, "%s: na: at most %d markers of at most %d bytes each", L->path,
                       NN_NA_MAX, NN_NA_MAX_LEN);
    if (plan(L, err) < 0)
        return -1;
    if (nn_csv_parse(&L->lay, L->size, L->o->threads, L->sniff.bytes_per_row, &L->parsed, err) < 0)
        return -1;
    if (L->parsed.nrows == 0)
        return nn_fail(err, "%s:%zu:1: the file has a header row but no data rows", L->path,
                       L->parsed.header_line + 1);
    note_long_fields(L);
    drop_trailing_column(L);
    L->names = nn_csv_column_names(&L->sniff, L->parsed.ncols, L->lay.header, L->path,
                                   L->parsed.header_line, &L->notes);
    if (!L->names)
        return nn_fail(err, "%s: out of memory", L->path);
    note_dropped_headers(L);
    if (force_types(L, err) < 0 || reread_as_text(L, err) < 0 || type_columns(L, err) < 0)
        return -1;
    if (nn_input_changed(L->fd, &L->st))
        nn_notes_add(&L->notes, "%s: the file changed while it was being read (it had %zu "
                                "bytes at the start): the table holds %zu rows as they were read; "
                                "load it again once it is written", L->path, L->size,
                     L->parsed.nrows);
    return L->o->raw ? read_raw(L, err) : 0;
}

nn_table *nn_csv_load(const char *path, const nn_csv_options *o, nn_notes *notes, nn_error *err)
{
    nn_csv_options defaults;
    if (!o) {
        nn_csv_options_init(&defaults);
        o = &defaults;
    }
    load L = {.path = path, .o = o, .fd = -1};
    int rc = run(&L, err);
    if (L.fd >= 0)
        close(L.fd);
    nn_csv_parsed_free(&L.parsed);
    nn_csv_sniff_free(&L.sniff);
    nn_csv_free_names(L.names);
    free(L.forced);
    free(L.is_forced);
    if (rc == 0)
        for (size_t i = 0; i < L.notes.n; i++)
            nn_notes_add(notes, "%s", L.notes.items[i]);
    nn_notes_free(&L.notes);
    if (rc < 0) {
        if (o->raw)
            nn_csv_raw_free(o->raw);
        nn_table_free(L.table);
        return NULL;
    }
    return L.table;
}

int nn_csv_reload(nn_table **current, const char *path, const nn_csv_options *o, nn_notes *notes,
                  nn_error *err)
{
    nn_table *t = nn_csv_load(path, o, notes, err);
    if (!t)
        return -1;
    nn_table_free(*current);
    *current = t;
    return 0;
}
