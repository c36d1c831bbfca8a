/* CRC-32 (IEEE 802.3, as zlib computes it), to detect damaged files. */
#ifndef NN_CRC32_H
#define NN_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t nn_crc32(uint32_t crc, const void *data, size_t len);

#endif
