/* NumPy's .npz format, built in memory: a ZIP archive of .npy files
 * (format 1.0, little-endian float32, C order), stored uncompressed as
 * numpy.savez writes them, each checked by zlib's CRC-32.  np.load(FILE)
 * lists them by name without ".npy".  No ZIP64: the archive stays under
 * 4 GiB, and an array that would pass it sets `failed`. */
#ifndef NN_ONNX_NPZ_H
#define NN_ONNX_NPZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { NPZ_MAX_DIMS = 4 };

typedef struct npz {
    unsigned char *data; /* local headers and .npy files, then the directory */
    size_t len, cap;
    unsigned char *dir;  /* the central directory, appended by npz_finish */
    size_t dir_len, dir_cap;
    unsigned entries;
    bool failed;         /* out of memory or too large: npz_finish returns NULL */
} npz;

void npz_init(npz *z);
/* Adds NAME.npy: n = the product of shape's ndim dims float32s. */
void npz_add_f32(npz *z, const char *name, const float *v, const int64_t *shape, int ndim);
/* The archive's bytes (malloc'd, the caller frees) and *len, or NULL
 * when something failed; z is emptied either way. */
unsigned char *npz_finish(npz *z, size_t *len);

#endif
