#include "arg_spec.h"

#include <string.h>
#include <strings.h>

bool nn_arg_named(const nn_arg_spec *spec, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = spec->name; *p;) {
        size_t len = strcspn(p, "|");
        if (len == n && strncasecmp(p, name, n) == 0)
            return true;
        p += len + (p[len] == '|');
    }
    return false;
}
