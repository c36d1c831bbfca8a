/* Where one column's type is being inferred: its file, name and place,
 * how its rows map to lines (for FILE:LINE:COLUMN), and what the user or a
 * reference table imposes. Shared by infer.c and the families of types it
 * hands a column to (infer_boolean.c, infer_dates.c). */
#ifndef NN_INFER_CONTEXT_H
#define NN_INFER_CONTEXT_H

#include <stddef.h>

#include "csv_lines.h"
#include "table.h"

typedef struct nn_infer_context {
    const char *path;
    const char *name;
    size_t col;              /* 0-based; messages say col + 1 */
    size_t nrows;
    const nn_line_map *map;  /* row -> line */
    int dayfirst;            /* -1 detect, 0, 1 */
    char decimal;            /* the decimal mark cells were read with */
    int decimal_given;       /* chosen by the user: ambiguous cells need no note */
    const nn_column *like;   /* impose this column's type, or NULL */
    const char *like_source; /* where like came from, for messages */
    const nn_col_type *forced; /* the type given by types= (numeric, categorical, date or text), or NULL */
} nn_infer_context;

#endif
