/* A first look at a CSV file before it is parsed: the delimiter, the
 * first row, whether that row is a header, and the column names.
 *
 * The delimiter is the candidate (, ; TAB |, in that order of preference)
 * that splits the first rows of the file (up to 100, read with libcsv so
 * quotes are respected) most consistently: the first row must have at
 * least two fields, and the candidate with the most rows having as many
 * fields as the first row wins. No candidate: ',' (one column).
 * A first line "sep=X", which Excel writes and reads, names the delimiter
 * X and is skipped (the loader notes it). */
#ifndef NN_CSV_SNIFF_H
#define NN_CSV_SNIFF_H

#include <stddef.h>

#include "engine/error.h"
#include "na_markers.h"
#include "notes.h"

typedef struct nn_csv_sniff {
    unsigned char delimiter;
    size_t bom;          /* 3 when the file starts with a UTF-8 byte order mark */
    unsigned char sep_line; /* the delimiter of a first line "sep=X" (as Excel writes), or 0 */
    size_t start;        /* bytes before the first row: the mark and that line */
    size_t nfields;      /* fields of the first row; 0: the file has no rows */
    char **first;        /* the first row's cells, NUL-terminated */
    size_t *first_len;
    double bytes_per_row;/* in the sample, to size the columns ahead */
    char decimal;        /* the decimal mark: given, or ',' in ';' files, else '.' */
    unsigned char *body_kinds; /* per column, what rows 2-100 hold (csv_sniff.c) */
    size_t nbody_kinds;
} nn_csv_sniff;

/* Reads the start of the open file fd. delimiter 0: detect; decimal 0:
 * the default for the delimiter. Returns 0 or -1 with err set. */
int nn_csv_sniff_file(int fd, const char *path, unsigned char delimiter, char decimal,
                      const nn_na_markers *na, nn_csv_sniff *s, nn_error *err);
void nn_csv_sniff_free(nn_csv_sniff *s);

/* The header rule: the first row is a header when it has a non-empty
 * cell and none of its non-empty cells is a number (plainly or
 * tolerantly read, inf included), a date or a missing marker; or when
 * some of its cells are words standing above columns of only numbers or
 * dates (in the first 100 rows), which makes names such as "1990" next
 * to them names too. Data rows almost always hold a number, a date or a
 * missing value; a first row of words is taken for names even when one
 * is empty or repeated (they are made usable), and an all-text file is
 * taken to have a header, as pandas does. header=0 or 1 overrides. */
int nn_csv_first_row_is_header(const nn_csv_sniff *s, const nn_na_markers *na);

/* Column names, ncols of them: the header's cells when header is set,
 * else c1, c2, ...; an empty name becomes "cN" (N the field number) and a
 * repeated one gets "_2", "_3", ..., each with a note at header_line.
 * Returns a NULL-terminated array of strings, or NULL (out of memory). */
char **nn_csv_column_names(const nn_csv_sniff *s, size_t ncols, int header, const char *path,
                           size_t header_line, nn_notes *notes);
void nn_csv_free_names(char **names);

#endif
