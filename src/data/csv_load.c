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
        any += mask[c] = (unsigned char)nn_infer_needs_text(&L->parsed.cols[c], like_column(L, c));
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
            nn_colb_free(&L->parsed.cols[c]);
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

static int type_columns(load *L, nn_error *err)
{
    nn_csv_parsed *p = &L->parsed;
    nn_table *t = L->table = calloc(1, sizeof *t);
    if (!t || !(t->source = strdup(L->path)) || !(t->cols = calloc(p->ncols, sizeof *t->cols)))
        return nn_fail(err, "%s: out of memory", L->path);
    t->nrows = p->nrows;
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
        };
        if (nn_infer_column(&p->cols[c], &ctx, &t->cols[c], &L->notes, err) < 0)
            return -1;
        t->ncols = c + 1;
    }
    return 0;
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
    if (reread_as_text(L, err) < 0)
        return -1;
    if (nn_input_changed(L->fd, &L->st))
        nn_notes_add(&L->notes, "%s: the file changed while it was being read (it had %zu "
                                "bytes at the start): the table holds %zu rows as they were read; "
                                "load it again once it is written", L->path, L->size,
                     L->parsed.nrows);
    return type_columns(L, err);
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
    if (rc == 0)
        for (size_t i = 0; i < L.notes.n; i++)
            nn_notes_add(notes, "%s", L.notes.items[i]);
    nn_notes_free(&L.notes);
    if (rc < 0) {
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
