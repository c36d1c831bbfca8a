#include "arg_spec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "c_locale.h"

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

int nn_arg_check_number(const nn_arg_spec *spec, const char *who, const char *text,
                        nn_error *err)
{
    char *end;
    double x = nn_strtod_c(text, &end);
    int whole = spec->type == NN_ARG_INT;
    if (end == text || *end || !isfinite(x) || (whole && x != floor(x)))
        return nn_fail(err, "%s: %s=%s: expected %s", who, spec->name, text,
                       whole ? "a whole number" : "a number");
    if (spec->min < spec->max && (x < spec->min || x > spec->max))
        return nn_fail(err, "%s: %s=%s: expected %s from %g to %g", who, spec->name, text,
                       whole ? "a whole number" : "a number", spec->min, spec->max);
    return 0;
}

long nn_arg_int(const char *text)
{
    return text ? strtol(text, NULL, 10) : 0;
}

double nn_arg_number(const char *text)
{
    return text ? nn_strtod_c(text, NULL) : NAN;
}
