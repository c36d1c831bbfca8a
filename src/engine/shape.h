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

/* A (steps, channels) shape: what sequence layers read and write. */
static inline nn_shape nn_shape_sequence(int steps, int channels)
{
    nn_shape s = {2, {steps, channels, 0}};
    return s;
}

/* How a flat row of windowed features is read as a sequence.  A row comes
 * as `channels` blocks of `steps` values, each block one series newest
 * first (x[t-0], x[t-1], ...: the recipe's `window` writes them so); a
 * sequence layer wants steps oldest first, each step its channels.
 * steps = 0: no window, rows are plain vectors. */
typedef struct nn_seq_layout {
    int steps, channels;
} nn_seq_layout;

/* Rows of nn_shape_size == steps * channels gathered into `batch`
 * [steps][channels] samples: out[s][c] = row[c * steps + steps - 1 - s]. */
void nn_seq_gather(nn_seq_layout l, const float *rows, int batch, float *out);

#endif
