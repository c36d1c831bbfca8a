/* Loading a CSV file into a table with libcsv, streaming: the file is
 * parsed as it is read, never held whole as text, and numbers go straight
 * into float32 columns. Types are inferred once the whole file is read. */
#ifndef NN_CSV_LOAD_H
#define NN_CSV_LOAD_H

#include "csv_reader.h"
#include "engine/error.h"
#include "notes.h"
#include "table.h"

/* Every cell of a loaded file as the text the file holds (quotes taken
 * off, nothing else changed: no number or date read, no missing marker),
 * so that rows can be written back as they were; and each row's line. */
typedef struct nn_csv_raw {
    size_t nrows, ncols;
    nn_col_builder *cols;
    nn_line_map map;
} nn_csv_raw;

/* The text of a cell ("" when empty). */
const char *nn_csv_raw_cell(const nn_csv_raw *r, size_t row, size_t col);
/* The 1-based line where a data row starts. */
size_t nn_csv_raw_line(const nn_csv_raw *r, size_t row);
void nn_csv_raw_free(nn_csv_raw *r);

typedef struct nn_csv_options {
    char delimiter;      /* 0: detect among , ; TAB | */
    int header;          /* -1: detect, 0: no header (columns c1..cN), 1: header */
    const char *na;      /* missing markers, comma-separated; NULL: the defaults */
    char decimal;        /* 0: detect ('.' but ',' in ';' files), or '.' / ',' */
    int dayfirst;        /* -1: detect, 0: month first, 1: day first */
    int threads;         /* 0: auto (two on large files), 1: one */
    const nn_table *like;/* not NULL: columns of the same name take that
                            table's types and date formats instead of
                            being inferred (prediction-time files) */
    nn_csv_raw *raw;     /* not NULL: also filled with every cell's text */
    const char *types;   /* "NAME:TYPE,...": these columns take these types
                            (numeric, categorical or text), over `like` too;
                            NULL: none */
} nn_csv_options;

/* The default missing markers: empty, NA, N/A, NaN, null, None, - (any case). */
extern const char NN_CSV_DEFAULT_NA[];

void nn_csv_options_init(nn_csv_options *o);

/* Loads path. On success returns a new table and appends warnings (if
 * notes is not NULL). On failure returns NULL and err says
 * "FILE:LINE:COLUMN: what was found, what was expected"; the caller's
 * state is untouched. */
nn_table *nn_csv_load(const char *path, const nn_csv_options *o, nn_notes *notes, nn_error *err);

/* Loads path and, only on success, frees *current and replaces it: a
 * failed load keeps the previous dataset. Returns 0 or -1. */
int nn_csv_reload(nn_table **current, const char *path, const nn_csv_options *o, nn_notes *notes,
                  nn_error *err);

#endif
