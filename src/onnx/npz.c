/* NumPy's .npz as a stored ZIP.  See npz.h; the formats are NumPy's
 * "format.rst" (NEP 1) and PKWARE's APPNOTE (local header, central
 * directory, end record). */
#include "npz.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { NPY_ALIGN = 64, ZIP_VERSION = 20, DOS_DATE_1980 = 0x21 };

static bool reserve(unsigned char **buf, size_t *cap, size_t len, size_t more)
{
    if (len + more <= *cap)
        return true;
    size_t cap2 = *cap ? *cap : 4096;
    while (cap2 < len + more)
        cap2 *= 2;
    unsigned char *b = realloc(*buf, cap2);
    if (!b)
        return false;
    *buf = b, *cap = cap2;
    return true;
}

/* Little-endian integers, as both formats store them. */
static void put(unsigned char *at, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        at[i] = (unsigned char)(v >> (8 * i));
}

/* The .npy header: magic, version 1.0, its length, then the dictionary
 * padded with spaces to a multiple of 64 bytes and ended by a newline. */
static size_t npy_header(char *h, size_t cap, const int64_t *shape, int ndim)
{
    char dims[NPZ_MAX_DIMS * 24 + 4] = "", *at = dims;
    for (int i = 0; i < ndim; i++)
        at += sprintf(at, "%" PRId64 "%s", shape[i], ndim == 1 ? "," : i + 1 < ndim ? ", " : "");
    int n = snprintf(h + 10, cap - 10, "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }", dims);
    size_t total = (10 + (size_t)n + 1 + NPY_ALIGN - 1) / NPY_ALIGN * NPY_ALIGN;
    memset(h + 10 + n, ' ', total - 10 - (size_t)n - 1);
    h[total - 1] = '\n';
    memcpy(h, "\x93NUMPY\x01\x00", 8);
    put((unsigned char *)h + 8, total - 10, 2);
    return total;
}

/* The fields a local header and a directory entry share, from "version
 * needed" to the name's length. */
static void common_fields(unsigned char *at, uint32_t crc, size_t size, size_t name_len)
{
    put(at, ZIP_VERSION, 2), put(at + 2, 0, 2), put(at + 4, 0, 2); /* flags, method: stored */
    put(at + 6, 0, 2), put(at + 8, DOS_DATE_1980, 2); /* a fixed time: the same model, the same bytes */
    put(at + 10, crc, 4), put(at + 14, size, 4), put(at + 18, size, 4), put(at + 22, name_len, 2);
}

void npz_init(npz *z)
{
    memset(z, 0, sizeof *z);
}

void npz_add_f32(npz *z, const char *name, const float *v, const int64_t *shape, int ndim)
{
    size_t n = 1, name_len = strlen(name) + 4;
    for (int i = 0; i < ndim; i++)
        n *= (size_t)shape[i];
    char header[NPY_ALIGN * 4];
    size_t hlen = npy_header(header, sizeof header, shape, ndim), size = hlen + 4 * n;
    size_t offset = z->len;
    if (z->failed || ndim > NPZ_MAX_DIMS || size > UINT32_MAX - z->len - 4096 ||
        !reserve(&z->data, &z->cap, z->len, 30 + name_len + size) ||
        !reserve(&z->dir, &z->dir_cap, z->dir_len, 46 + name_len)) {
        z->failed = true;
        return;
    }
    unsigned char *local = z->data + z->len, *file = local + 30 + name_len;
    memcpy(file, header, hlen);
    for (size_t i = 0; i < n; i++) { /* float32 little-endian, whatever the host */
        uint32_t bits;
        memcpy(&bits, &v[i], 4);
        put(file + hlen + 4 * i, bits, 4);
    }
    uint32_t crc = (uint32_t)crc32_z(0, file, size);
    put(local, 0x04034b50, 4), common_fields(local + 4, crc, size, name_len), put(local + 28, 0, 2);
    memcpy(local + 30, name, name_len - 4);
    memcpy(file - 4, ".npy", 4);
    z->len += 30 + name_len + size;
    unsigned char *d = z->dir + z->dir_len;
    put(d, 0x02014b50, 4), put(d + 4, ZIP_VERSION, 2), common_fields(d + 6, crc, size, name_len);
    memset(d + 30, 0, 12); /* extra, comment, disk, attributes */
    put(d + 42, offset, 4);
    memcpy(d + 46, local + 30, name_len);
    z->dir_len += 46 + name_len;
    z->entries++;
}

unsigned char *npz_finish(npz *z, size_t *len)
{
    *len = 0;
    size_t dir_at = z->len;
    if (!z->failed && z->entries < 0xffff && reserve(&z->data, &z->cap, z->len, z->dir_len + 22)) {
        memcpy(z->data + z->len, z->dir, z->dir_len);
        unsigned char *end = z->data + z->len + z->dir_len;
        put(end, 0x06054b50, 4), put(end + 4, 0, 4); /* this disk, the directory's */
        put(end + 8, z->entries, 2), put(end + 10, z->entries, 2);
        put(end + 12, z->dir_len, 4), put(end + 16, dir_at, 4), put(end + 20, 0, 2);
        *len = z->len + z->dir_len + 22;
    } else {
        free(z->data);
        z->data = NULL;
    }
    unsigned char *data = z->data;
    free(z->dir);
    npz_init(z);
    return data;
}
