/* Where rows and long quoted fields are in a CSV file, kept while it is
 * read (csv_reader.c) and joined across the parts read in parallel. */
#ifndef NN_CSV_LINES_H
#define NN_CSV_LINES_H

#include <stddef.h>

/* Physical line of each data row, kept as the rows where line - row
 * changes (after blank lines and multi-line fields), so it costs nothing
 * on a plain file. */
typedef struct nn_line_map {
    size_t *rows, *lines;   /* lines are 0-based */
    size_t n, cap;
} nn_line_map;

/* Records that row starts on (0-based) line; -1 out of memory. */
int nn_line_map_push(nn_line_map *m, size_t row, size_t line);
/* 1-based line of row. */
size_t nn_line_map_line(const nn_line_map *m, size_t row);
int nn_line_map_append(nn_line_map *dst, const nn_line_map *src, size_t row_offset,
                       size_t line_offset);
void nn_line_map_free(nn_line_map *m);

/* Quoted fields spanning more than NN_CSV_LONG_FIELD_LINES lines: most
 * likely a quote left open that swallowed rows, so each is noted (the
 * first NN_CSV_LONG_SHOWN by position, the rest counted). */
enum { NN_CSV_LONG_FIELD_LINES = 10, NN_CSV_LONG_SHOWN = 3 };
typedef struct nn_long_fields {
    size_t n;                        /* all of them */
    size_t line[NN_CSV_LONG_SHOWN];  /* 0-based line where the field starts */
    size_t col[NN_CSV_LONG_SHOWN];   /* 1-based */
    size_t lines[NN_CSV_LONG_SHOWN]; /* lines it spans */
} nn_long_fields;

void nn_long_fields_push(nn_long_fields *f, size_t line, size_t col, size_t lines);
void nn_long_fields_append(nn_long_fields *dst, const nn_long_fields *src, size_t line_offset);

#endif
