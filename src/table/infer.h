/* Choosing a column's type once the whole file has been read, and
 * turning its builder into an nn_column.
 *
 * - Only numbers (and missing): numeric; a boolean when the values are
 *   exactly 0 and 1 (labels "0" and "1").
 * - Only text: boolean when every distinct value is yes/no, true/false,
 *   y/n or t/f (any case); a date when every distinct value reads with one
 *   date format (parse_date.h); categorical when there are at most 50
 *   distinct values and at most half as many as present values; text
 *   (an ID or free text) otherwise.
 * - Numbers with a few words ("12*", "#N/A", a stray remark): numeric,
 *   the words read as missing, with a note naming the first few cells.
 *   A few: at most max(5, 1 % of the present values) and fewer than the
 *   numbers. Such words are typos, footnote marks or unknown missing
 *   markers far more often than categories; 1 % keeps a column whose
 *   words are a real share of it (a level "5+" among counts) as text.
 * - Numbers and more words than that: every cell is read again as text,
 *   and the column is typed as text is, with a note naming the first
 *   word when the numbers were the majority (the user expected numbers).
 * - Dates in more than one form (2024-01-31 and 31/01/2024; 13/02/2024
 *   among 02/13/2024): the column takes the form most cells have, and
 *   every other cell is read in the form that fits it, day or month first
 *   as dayfirst= or the column's cells settle (month first otherwise,
 *   with a note); a note names those cells and what they became. Words
 *   (and impossible dates such as 2001-02-29) among dates are missing,
 *   with a note, when a few by the rule for numbers; more, and the
 *   column mostly dates (at least 20, and 95 % of the present values):
 *   an error naming the first.
 * With a `like` column the type (and date format) is imposed instead and
 * a cell that does not fit is an error. A type forced with types= wins
 * over both: forced numeric or date reads every word as missing, with
 * the note. */
#ifndef NN_INFER_H
#define NN_INFER_H

#include "column_builder.h"
#include "engine/error.h"
#include "infer_context.h"
#include "notes.h"
#include "table.h"


/* 1 when the column must be read again with every cell as text: numbers
 * mixed with more than a few words, or a forced or `like` type made of
 * words. */
int nn_infer_needs_text(const nn_col_builder *b, const nn_column *like, const nn_col_type *forced);

/* Types b and fills out; b's arrays are taken or freed either way.
 * Returns 0, or -1 with err "FILE:LINE:COLUMN: ...". */
int nn_infer_column(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                    nn_notes *notes, nn_error *err);

#endif
