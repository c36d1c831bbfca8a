/* float32 storage.  Matrices are row-major, rows = samples; buffers are
 * 64-byte aligned so element-wise loops vectorise cleanly. */
#ifndef NN_TENSOR_H
#define NN_TENSOR_H

#include <stddef.h>

#include "error.h"

typedef struct nn_matrix {
    float *data;
    int rows, cols;
} nn_matrix;

/* Returns NULL and explains (naming the size asked for) on failure. */
float *nn_floats_alloc(size_t n, nn_error *err);
void nn_floats_free(float *p);

/* Zeroed matrix; data == NULL on failure. */
int nn_matrix_alloc(nn_matrix *m, int rows, int cols, nn_error *err);
void nn_matrix_free(nn_matrix *m);

static inline float *nn_matrix_row(const nn_matrix *m, int r)
{
    return m->data + (size_t)r * (size_t)m->cols;
}

/* Euclidean norm, accumulated in double. */
double nn_norm2(const float *x, size_t n);

#endif
