/* Parsing a whole CSV file into column builders, on two threads when it
 * is large.
 *
 * The file is cut at the first line break after its middle. The second
 * half is parsed on a second thread with its own libcsv parser while the
 * first half is parsed here. The cut is right only when the first half's
 * parser, having consumed that line break, stands between rows (the line
 * break was not inside a quoted field): then the two parsers see exactly
 * what one parser would, and the halves are joined column by column. If
 * not, the second half's work is dropped and this thread goes on alone,
 * so the result never depends on the thread count. */
#ifndef NN_CSV_SPLIT_H
#define NN_CSV_SPLIT_H

#include <stddef.h>

#include "csv_reader.h"

typedef struct nn_csv_parsed {
    nn_col_builder *cols; /* lay->ncols of them */
    size_t ncols, nrows;
    nn_line_map map;      /* row -> line */
    nn_long_fields long_fields;
    size_t header_line;   /* 1-based line of the header row, if any */
    size_t dropped;       /* rows dropped for repeating the header */
    size_t dropped_lines[NN_DROPPED_SHOWN]; /* the first few, 1-based */
    int threads_used;     /* 1, or 2 when the cut held */
} nn_csv_parsed;

/* threads: 1 one thread; 2 two when the file has at least a few KiB; 0 two
 * when it is large (4 MiB) and there are two cores. Returns 0, or -1 with
 * err set ("FILE:LINE:COLUMN: ..."). */
int nn_csv_parse(const nn_csv_layout *lay, size_t file_size, int threads, double bytes_per_row,
                 nn_csv_parsed *out, nn_error *err);
void nn_csv_parsed_free(nn_csv_parsed *p);

#endif
