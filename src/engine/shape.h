/* The shape of one sample as it flows between layers.  A batch is always
 * the leading, implicit dimension and data is row-major float32, so a
 * batch of samples of shape (a, b) is a contiguous [batch][a][b] array.
 * Rank 1 is a feature vector (dense layers); rank 2 leaves room for
 * sequences (timesteps, channels) used by conv1d and recurrent layers. */
#ifndef NN_SHAPE_H
#define NN_SHAPE_H

#include <stddef.h>

#define NN_MAX_RANK 3

typedef struct nn_shape {
    int rank;
    int dim[NN_MAX_RANK];
} nn_shape;

static inline nn_shape nn_shape_vector(int n)
{
    nn_shape s = {1, {n, 0, 0}};
    return s;
}

/* Number of floats in one sample. */
static inline size_t nn_shape_size(nn_shape s)
{
    size_t n = 1;
    for (int i = 0; i < s.rank; i++)
        n *= (size_t)s.dim[i];
    return n;
}

/* Writes "(10)" or "(20, 3)" style text; returns buf. */
char *nn_shape_format(nn_shape s, char *buf, size_t len);

#endif
