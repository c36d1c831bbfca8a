#include "shape.h"

#include <stdio.h>

char *nn_shape_format(nn_shape s, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "(");
    for (int i = 0; i < s.rank && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%d", i ? ", " : "", s.dim[i]);
    if (used < len)
        snprintf(buf + used, len - used, ")");
    return buf;
}

void nn_seq_gather(nn_seq_layout l, const float *rows, int batch, float *out)
{
    size_t n = (size_t)l.steps * (size_t)l.channels;
    for (int b = 0; b < batch; b++, rows += n, out += n)
        for (int c = 0; c < l.channels; c++)
            for (int s = 0; s < l.steps; s++)
                out[(size_t)s * l.channels + c] = rows[(size_t)c * l.steps + l.steps - 1 - s];
}
