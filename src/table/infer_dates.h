/* Date columns: one format for the column, cells in another form noted. */
#ifndef NN_INFER_DATES_H
#define NN_INFER_DATES_H

#include "infer_cells.h"

/* Every value read in one date format, or an error at the first that is not. */
int infer_date_column(nn_col_builder *b, const nn_infer_context *ctx, int format,
                      nn_column *out, nn_error *err);
/* A date column, if the values make one: 0, 1 (they do not) or -1. */
int infer_dates_of_text(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                        nn_notes *notes, nn_error *err);

#endif
