/* What every part of type inference shares (infer.c and the families of
 * types, infer_boolean.c and infer_dates.c): the thresholds, where a cell
 * is for messages, what "mostly" and "a few" mean, handing values over. */
#ifndef NN_INFER_CELLS_H
#define NN_INFER_CELLS_H

#include <stdint.h>
#include <stdio.h>

#include "column_builder.h"
#include "engine/error.h"
#include "infer_context.h"
#include "notes.h"

enum {
    CATEGORICAL_MAX = 50,      /* distinct values */
    MOSTLY_MIN = 20,           /* "mostly numbers/dates" needs at least this many */
    MOSTLY_PERCENT = 95,
    FEW_WORDS = 5,             /* words among numbers read as missing: at most this many, */
    FEW_WORDS_PERCENT = 1,     /* or this share of the present values */
    WORDS_SHOWN = 5,           /* cells a note names */
    MAX_LEVELS = 1 << 24,      /* codes are float32: exact up to 2^24 */
};

size_t infer_line(const nn_infer_context *ctx, size_t row);
/* "FILE:LINE:COLUMN: column "name"" of a row's cell. */
int infer_at_cell(char *buf, size_t len, const nn_infer_context *ctx, size_t row);

/* Fails (returns) or notes with the cell of row before the message. */
#define FAIL_AT(ctx, row, err, fmt, ...)                                    \
    do {                                                                    \
        char where_[512];                                                   \
        infer_at_cell(where_, sizeof where_, ctx, row);                     \
        return nn_fail(err, "%s: " fmt, where_, __VA_ARGS__);               \
    } while (0)

#define NOTE_AT(notes, ctx, row, fmt, ...)                                  \
    do {                                                                    \
        char where_[512];                                                   \
        infer_at_cell(where_, sizeof where_, ctx, row);                     \
        nn_notes_add(notes, "%s: " fmt, where_, __VA_ARGS__);               \
    } while (0)

int infer_out_of_memory(const nn_infer_context *ctx, nn_error *err);
/* Mostly: at least MOSTLY_MIN, and MOSTLY_PERCENT % of whole. */
int infer_mostly(size_t part, size_t whole);
/* A few words among numbers, read as missing: see infer.h. */
int infer_few_words(size_t words, size_t numbers);
/* Hands the values array over, exactly nrows long. */
float *infer_take_values(nn_col_builder *b, size_t nrows);
/* The code of row r's text: 0 when the cell held no text. */
uint32_t infer_row_code(const nn_col_builder *b, size_t r);
/* A column of `type` whose rows take their text's value in by_code
 * (indexed by code - 1); rows without text are missing. */
void infer_values_by_code(nn_col_builder *b, const nn_infer_context *ctx, nn_col_type type,
                          const float *by_code, nn_column *out);
int infer_set_levels(nn_column *out, const char *const *words, size_t n);

#endif
