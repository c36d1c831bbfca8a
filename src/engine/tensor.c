#include "tensor.h"
#include "vector_clones.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

float *nn_floats_alloc(size_t n, nn_error *err)
{
    if (n > SIZE_MAX / sizeof(float) - 64) {
        nn_fail(err, "cannot allocate %zu floats: too large", n);
        return NULL;
    }
    size_t bytes = (n * sizeof(float) + 63) & ~(size_t)63;
    float *p = aligned_alloc(64, bytes ? bytes : 64);
    if (!p) {
        nn_fail(err, "out of memory allocating %.1f MB", (double)bytes / 1e6);
        return NULL;
    }
    memset(p, 0, bytes);
    return p;
}

void nn_floats_free(float *p)
{
    free(p);
}

int nn_matrix_alloc(nn_matrix *m, int rows, int cols, nn_error *err)
{
    m->rows = rows;
    m->cols = cols;
    m->data = nn_floats_alloc((size_t)rows * (size_t)cols, err);
    return m->data ? 0 : -1;
}

void nn_matrix_free(nn_matrix *m)
{
    nn_floats_free(m->data);
    m->data = NULL;
    m->rows = m->cols = 0;
}

NN_VECTOR_CLONES
double nn_norm2(const float *x, size_t n)
{
    /* 16 float lanes the compiler keeps in vector registers (a double
     * accumulator would not vectorise), combined in double at the end. */
    enum { LANES = 16 };
    float lane[LANES] = {0};
    size_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (int k = 0; k < LANES; k++)
            lane[k] += x[i + k] * x[i + k];
    double sum = 0.0;
    for (int k = 0; k < LANES; k++)
        sum += lane[k];
    for (; i < n; i++)
        sum += (double)x[i] * x[i];
    return sqrt(sum);
}
