#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int nn_fail(nn_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int nn_fail_at(nn_error *err, const char *path, long line, const char *fmt, ...)
{
    char what[400]; /* leaves room in err->msg for the path, as callers always had */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return nn_fail(err, "%s:%ld: %s", path, line, what);
}
