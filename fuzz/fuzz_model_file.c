/* Fuzz target: the model-file reader (header, layer specs, settings, the
 * extra section, the float32 parameters and the CRC-32) on arbitrary bytes.
 * A mutated file almost never keeps a matching CRC, which would stop the
 * reader at its first check, so each input is also read a second time
 * with its last crc32 line replaced by the right one. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/crc32.h"
#include "engine/model_file.h"
#include "fuzz_file.h"

static void load(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memfile(data, size, path, sizeof path);
    if (fd < 0)
        return;
    nn_model *m = NULL;
    nn_settings s;
    char *extra = NULL;
    nn_error err = {0};
    if (nn_model_load(path, &m, &s, &extra, &err) == 0) {
        nn_model_free(m);
        free(extra);
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load(data, size);

    size_t body = size;
    if (size >= 15 && memcmp(data + size - 15, "crc32 ", 6) == 0)
        body = size - 15;
    uint8_t *fixed = malloc(body + 16);
    if (!fixed)
        return 0;
    memcpy(fixed, data, body);
    snprintf((char *)fixed + body, 16, "crc32 %08" PRIx32 "\n", nn_crc32(0, data, body));
    load(fixed, body + 15);
    free(fixed);
    return 0;
}
