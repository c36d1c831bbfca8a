/* One column while a CSV is being read: every cell goes in as it is
 * parsed, before the column's type is known. Numbers are stored straight
 * as float32; other text is interned (each distinct string once) and the
 * row keeps its index. What was seen along the way (how many numbers,
 * texts, missing and infinite cells, which tolerant number readings, and
 * where each first appeared) lets inference choose the type and explain
 * problems by position afterwards. */
#ifndef NN_COLUMN_BUILDER_H
#define NN_COLUMN_BUILDER_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "na_markers.h"
#include "string_table.h"

#define NN_NO_ROW SIZE_MAX
enum { NN_INFINITE_SHOWN = 5 };

/* A cell worth naming in a message: its row and its text. */
typedef struct nn_cell_sample {
    size_t row;     /* NN_NO_ROW: none seen */
    char text[40];  /* cut to fit */
} nn_cell_sample;

typedef struct nn_col_builder {
    float *values;   /* per row: the number, or NAN (missing, infinite or text) */
    uint32_t *codes; /* per row: 0, or 1 + index into strings; NULL until a text cell */
    size_t cap;      /* rows allocated */
    nn_string_table strings;
    size_t numbers;  /* cells read as finite numbers */
    size_t texts;    /* cells kept as text */
    size_t missing;  /* missing markers, empty cells included */
    size_t blanks;   /* empty cells */
    size_t infinite; /* "inf" or beyond float32: kept as missing */
    unsigned loose;  /* nn_parse_loose flags seen */
    size_t ambiguous;/* cells like "1,234" */
    size_t tiny;     /* nonzero cells below float32's normal range: a subnormal or 0 */
    size_t spaced;   /* cells like "1 000": spaces or apostrophes grouping thousands */
    float first_tiny_value; /* what first_tiny was read as */
    nn_cell_sample first_text, first_ambiguous, first_percent, first_tiny, first_spaced;
    nn_cell_sample infinite_cells[NN_INFINITE_SHOWN]; /* the first few, in order */
    nn_cell_sample comma_decimal, comma_thousands, dot_decimal, dot_thousands;
    /* A column read again as text (numbers mixed with too many words):
     * what the typed pass saw, so that the note can say which word. */
    struct {
        size_t numbers, texts;
        nn_cell_sample first_text;
    } typed;
} nn_col_builder;

/* How cells are read: missing markers and the decimal mark. */
typedef struct nn_cell_rules {
    const nn_na_markers *na;
    char decimal;    /* '.' or ',' */
} nn_cell_rules;

void nn_colb_init(nn_col_builder *b);
void nn_colb_free(nn_col_builder *b);
/* Makes room for cap rows. Returns 0 or -1 (out of memory). */
int nn_colb_reserve(nn_col_builder *b, size_t cap);

void nn_colb_dot_decimal(nn_col_builder *b, size_t row, const char *s, size_t len);

/* A cell that nn_parse_plain read: the fast path. The first cell with a
 * decimal point is kept, for the check that ',' and '.' play one role
 * each in a column; after it, no more searching. */
static inline void nn_colb_number(nn_col_builder *b, size_t row, float v, const char *s,
                                  size_t len)
{
    b->values[row] = v;
    b->numbers++;
    if (b->dot_decimal.row == NN_NO_ROW && memchr(s, '.', len))
        nn_colb_dot_decimal(b, row, s, len);
}

enum nn_cell_kind { NN_CELL_DONE, NN_CELL_TEXT };

/* Any other cell: missing, a tolerant number, infinite (status is what
 * nn_parse_plain said). Returns NN_CELL_TEXT when the cell is text, which
 * the caller checks and then hands to nn_colb_text. */
int nn_colb_cell(nn_col_builder *b, size_t row, const char *s, size_t len, int plain_status,
                 const nn_cell_rules *rules);
void nn_colb_missing(nn_col_builder *b, size_t row, size_t len);
/* A number that underflowed float32 (NN_NUM_UNDERFLOW): v is what it was read as. */
void nn_colb_tiny(nn_col_builder *b, size_t row, float v, const char *s, size_t len);
/* Keeps the cell as text. Returns 0 or -1 (out of memory). */
int nn_colb_text(nn_col_builder *b, size_t row, const char *s, size_t len);

/* Appends src (rows numbered from 0) after dst's first dst_rows rows and
 * frees src as it goes. Returns 0 or -1 (out of memory; src is freed anyway). */
int nn_colb_append(nn_col_builder *dst, size_t dst_rows, nn_col_builder *src, size_t src_rows);

#endif
