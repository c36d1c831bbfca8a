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
