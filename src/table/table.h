/* A loaded dataset: named, typed columns stored column by column.
 *
 * Every column keeps one value per row. Numbers, booleans and category
 * codes are float32 (NAN = missing), so that a million-row numeric file
 * costs little more than its float32 size; dates keep double seconds,
 * which float32 could not hold to the second. */
#ifndef NN_TABLE_H
#define NN_TABLE_H

#include <stddef.h>

typedef enum nn_col_type {
    NN_COL_NUMERIC,
    NN_COL_BOOLEAN,     /* values 0/1; levels[0] is the false label, levels[1] the true one */
    NN_COL_CATEGORICAL, /* values are codes into levels (sorted), few distinct strings */
    NN_COL_DATE,        /* times: seconds since 1970-01-01 00:00 UTC */
    NN_COL_TEXT,        /* values are codes into levels; an ID or free text, not a feature */
    NN_COL_TYPE_COUNT
} nn_col_type;

typedef struct nn_column {
    char *name;
    nn_col_type type;
    float *values;      /* every type but DATE; NAN = missing */
    double *times;      /* DATE only; NAN = missing */
    char **levels;      /* BOOLEAN, CATEGORICAL, TEXT */
    size_t nlevels;
    size_t missing;     /* how many rows are missing */
    int date_format;    /* DATE: an nn_date_format (parse_date.h) */
    int has_time;       /* DATE: some value has a time of day */
    char *notes;        /* what loading it had to say (cells read as missing, guesses made),
                           one note a line, for `describe`; NULL: nothing */
} nn_column;

typedef struct nn_table {
    char *source;       /* the file it came from, for messages */
    char *notes;        /* what loading said of the file as a whole (a repeated header
                           dropped, a column renamed), one note a line, for `describe`;
                           NULL: nothing */
    size_t nrows, ncols;
    nn_column *cols;
} nn_table;

const char *nn_col_type_name(nn_col_type t); /* "numeric", "boolean", ... */
int nn_col_type_parse(const char *name);     /* -1 when unknown */

/* Frees the table and everything it owns; NULL is fine. */
void nn_table_free(nn_table *t);
void nn_column_clear(nn_column *c);
/* Index of the named column, or -1. */
int nn_table_find(const nn_table *t, const char *name);
/* A deep copy, or NULL when out of memory. */
nn_table *nn_table_copy(const nn_table *t);
/* Writes one cell as text: numbers with %.7g, levels by name, dates in
 * ISO form, "" when missing. Returns the length written (snprintf rules). */
int nn_table_cell(const nn_table *t, size_t row, size_t col, char *buf, size_t len);
/* 1 when the cell is missing. */
int nn_table_missing(const nn_table *t, size_t row, size_t col);

/* The distinct present values of a numeric column, counted up to
 * limit + 1 (limit at most NN_CODES_MAX_SEEN). */
#define NN_CODES_MAX_SEEN 50
size_t nn_column_distinct_numbers(const nn_column *c, size_t nrows, size_t limit);
/* A numeric column that looks like class codes: at most NN_CODES_MAX
 * distinct values, all whole numbers (0, 1, 2 as many files code
 * classes). Their count, or 0 when it does not look so. */
#define NN_CODES_MAX 20
size_t nn_column_integer_codes(const nn_column *c, size_t nrows);

#endif
