/* Boolean columns: yes/no, true/false, y/n, t/f words, or the 0/1 a
 * reference column imposes. */
#ifndef NN_INFER_BOOLEAN_H
#define NN_INFER_BOOLEAN_H

#include "infer_cells.h"

/* A boolean column when every value is yes/no, true/false, y/n or t/f:
 * 0 or -1 as it went, 1 when the values are not all such words. */
int infer_boolean_words(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                        nn_error *err);
/* The boolean type `like` imposes: 0/1 numbers or boolean words. */
int infer_imposed_boolean(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                          nn_error *err);

#endif
