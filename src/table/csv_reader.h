/* Parsing a byte range of a CSV file with libcsv into column builders.
 *
 * The file is read in 1 MiB blocks with pread and fed to csv_parse, so it
 * is never held whole. Each field goes to its column's builder as it
 * arrives; the reader keeps track of physical lines (blank lines and
 * line breaks inside quoted fields included) so that problems name
 * FILE:LINE:COLUMN, where COLUMN is the 1-based field number in the row.
 * It stops at the first problem: a ragged row, an unterminated quote,
 * binary data, a read error. */
#ifndef NN_CSV_READER_H
#define NN_CSV_READER_H

#include <csv.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>

#include "column_builder.h"
#include "csv_lines.h"
#include "engine/error.h"

/* What every part of the file is parsed with (from the sniff). */
typedef struct nn_csv_layout {
    int fd;
    const char *path;
    unsigned char delimiter;
    size_t ncols;           /* fields per row: those of the first row */
    int last_optional;      /* the first row ends with an empty field: a row may lack it */
    int header;             /* the first row holds names, not data */
    size_t start;           /* bytes before the first row: a byte order mark, a sep= line */
    size_t start_line;      /* lines before the first row: 1 after a sep= line */
    nn_cell_rules rules;
    const unsigned char *text_cols; /* NULL: typed pass; else re-read these columns as text */
    int keep_spaces;        /* cells keep their spaces (csv_feed.h): the rows as written */
    /* Not NULL: the header's ncols cells. A later row equal to them cell
     * for cell repeats the header (files joined together) and is dropped. */
    char *const *header_cells;
    const size_t *header_lens;
} nn_csv_layout;

enum { NN_DROPPED_SHOWN = 5 };

typedef struct nn_csv_reader {
    const nn_csv_layout *lay;
    struct csv_parser parser;
    nn_col_builder *cols;
    size_t cap;             /* rows allocated in every column */
    size_t rows;            /* data rows stored */
    size_t field;           /* index of the next field in the current row */
    size_t line;            /* line breaks so far, i.e. the current 0-based line */
    size_t row_line;        /* line where the current row started */
    int after_cr;           /* the last event was a CR ending a line (CRLF counts once) */
    int header_pending;     /* the header row is still to come */
    size_t header_line;     /* 0-based line where the header row started */
    int extra_field;        /* the current row has a non-empty field past the last column */
    int holding;            /* the current row equals the header so far ... */
    size_t held;            /* ... in its first `held` fields, not stored yet */
    size_t dropped;         /* rows dropped for repeating the header */
    size_t dropped_lines[NN_DROPPED_SHOWN]; /* the first few, 0-based in the range */
    nn_line_map map;
    nn_long_fields long_fields;
    char *buf;
    const atomic_int *cancel; /* set by another thread: stop */
    /* the first problem */
    int failed;
    size_t err_line;        /* 0-based, relative to the range; NN_NO_ROW: no position */
    size_t err_col;
    char err_msg[400];
} nn_csv_reader;

/* first_part: the range starts the file (byte order mark, header row).
 * est_rows sizes the columns (they grow if it is short). Returns 0 or -1
 * (out of memory). */
int nn_csv_reader_init(nn_csv_reader *r, const nn_csv_layout *lay, int first_part,
                       size_t est_rows);
/* Parses bytes [begin, end); at_eof: the range ends the file, so the last
 * row is finished. Returns 0, or -1 when a problem was found. */
int nn_csv_reader_run(nn_csv_reader *r, off_t begin, off_t end, int at_eof);
/* 1 when the parser stands between rows (not inside a quoted field). */
int nn_csv_reader_between_rows(const nn_csv_reader *r);
/* The problem as "FILE:LINE:COLUMN: ...", lines shifted by line_offset. */
void nn_csv_reader_error(const nn_csv_reader *r, size_t line_offset, nn_error *err);
void nn_csv_reader_free(nn_csv_reader *r);

#endif
