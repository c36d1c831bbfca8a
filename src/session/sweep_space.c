/* The space a sweep searches (sweep_space.h): parsing KEY=SPEC against
 * the settings table and the layer kinds' argument descriptions, the
 * grid, random points and applying a point. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "engine/model.h"
#include "sweep_space.h"

void sweep_space_free(sweep_space *sp)
{
    for (size_t i = 0; i < sp->n; i++)
        free(sp->dim[i].values);
    sp->n = 0;
}

/* Puts "sweep KEY: " before err's message; returns -1. */
static int prefix(nn_error *err, const char *key)
{
    char msg[sizeof err->msg];
    memcpy(msg, err->msg, sizeof msg);
    return nn_fail(err, "sweep %s: %s", key, msg);
}

/* ---- checking one value where it goes ---- */

static int set_one(const sweep_dim *d, const char *value, nn_settings *st, nn_layer_spec *specs,
                   nn_error *err)
{
    if (d->layer < 0)
        return nn_settings_set(st, d->arg, value, err);
    return nn_layer_spec_set(&specs[d->layer], d->arg, value, err);
}

static int check_value(const sweep_dim *d, const char *value, const nn_settings *base, const nn_model *m,
                       nn_error *err)
{
    nn_settings st = *base;
    nn_layer_spec spec[1];
    if (d->layer >= 0)
        spec[0] = m->layers[d->layer].spec;
    sweep_dim one = *d;
    one.layer = d->layer < 0 ? -1 : 0; /* the copy of its own layer */
    if (set_one(&one, value, &st, spec, err) < 0)
        return prefix(err, d->key);
    return 0;
}

/* ---- what a key names ---- */

static int setting_key(sweep_dim *d, const char *key, nn_error *err)
{
    const nn_setting_field *f = nn_setting_field_find(key);
    if (!f) {
        const char *names[64];
        size_t n = 0;
        for (int i = 0; nn_setting_field_at(i) && n < 64; i++)
            names[n++] = nn_setting_field_at(i)->name;
        const char *near = nn_suggest(key, names, n);
        return nn_fail(err, "sweep: '%s' is neither a setting nor layerN.ARG%s%s%s", key,
                       near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
    }
    d->layer = -1;
    d->integer = f->type == NN_FIELD_INT || f->type == NN_FIELD_INT64;
    if (d->range && (f->type == NN_FIELD_NAME || f->type == NN_FIELD_TEXT))
        return nn_fail(err, "sweep %s: a range needs a number setting; list the values: %s=a,b", key, key);
    snprintf(d->arg, sizeof d->arg, "%s", key);
    return 0;
}

/* "layer2.units": layer 2 (1-based, as `summary` numbers them) of m. */
static int layer_key(sweep_dim *d, const char *key, const nn_model *m, nn_error *err)
{
    char *end;
    long n = strtol(key + 5, &end, 10);
    if (end == key + 5 || *end != '.' || !end[1])
        return nn_fail(err, "sweep %s: expected layerN.ARG, e.g. layer2.units", key);
    if (n < 1 || n > m->n_layers)
        return nn_fail(err, "sweep %s: the model has %d layer%s", key, m->n_layers, m->n_layers == 1 ? "" : "s");
    d->layer = (int)n - 1;
    snprintf(d->arg, sizeof d->arg, "%s", end + 1);
    const nn_layer_kind *kind = m->layers[d->layer].spec.kind;
    const nn_arg_spec *a = nn_layer_kind_arg(kind, d->arg);
    if (!a) {
        nn_layer_spec probe = m->layers[d->layer].spec; /* its message lists the kind's arguments */
        nn_layer_spec_set(&probe, d->arg, "0", err);
        return prefix(err, key);
    }
    d->integer = a->type == NN_ARG_INT;
    if (d->range && a->type != NN_ARG_INT && a->type != NN_ARG_NUMBER)
        return nn_fail(err, "sweep %s: a range needs a number argument; list the values: %s=a,b", key, key);
    return 0;
}

/* ---- the spec ---- */

static int parse_bound(const char *key, const char *text, size_t len, double *out, nn_error *err)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return nn_fail(err, "sweep %s: expected LOW..HIGH, e.g. %s=0.001..0.1", key, key);
    memcpy(buf, text, len), buf[len] = 0;
    char *end;
    errno = 0;
    *out = strtod(buf, &end);
    if (errno || *end || !isfinite(*out))
        return nn_fail(err, "sweep %s: '%s' is not a number", key, buf);
    return 0;
}

/* "LOW..HIGH", then " log" or ":log" for a log scale. */
static int parse_range(sweep_dim *d, const char *spec, const char *dots, nn_error *err)
{
    const char *hi = dots + 2, *tail = hi + strcspn(hi, " :");
    if (*tail) {
        if (strcmp(tail + 1, "log") != 0)
            return nn_fail(err, "sweep %s: after the range, only 'log' (%s=%.*s log)", d->key, d->key,
                           (int)(tail - spec), spec);
        d->log = true;
    }
    if (parse_bound(d->key, spec, (size_t)(dots - spec), &d->lo, err) < 0 ||
        parse_bound(d->key, hi, (size_t)(tail - hi), &d->hi, err) < 0)
        return -1;
    if (!(d->lo < d->hi))
        return nn_fail(err, "sweep %s: the range's low end must be below its high end", d->key);
    if (d->log && d->lo <= 0)
        return nn_fail(err, "sweep %s: a log range needs a low end above 0", d->key);
    return 0;
}

static int parse_list(sweep_dim *d, const char *spec, nn_error *err)
{
    size_t n = 1;
    for (const char *p = spec; *p; p++)
        n += *p == ',';
    if (!(d->values = calloc(n, sizeof *d->values)))
        return nn_fail(err, "out of memory");
    for (const char *p = spec; d->nvalues < n; p += strcspn(p, ",") + 1) {
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= SWEEP_VALUE_LEN)
            return nn_fail(err, "sweep %s: %s value in '%s'", d->key, len ? "too long a" : "an empty", spec);
        memcpy(d->values[d->nvalues], p, len);
        d->values[d->nvalues++][len] = 0;
    }
    return 0;
}

static int check_dim(const sweep_dim *d, const nn_settings *base, const nn_model *m, nn_error *err)
{
    char lo[SWEEP_VALUE_LEN], hi[SWEEP_VALUE_LEN];
    if (!d->range) {
        for (size_t i = 0; i < d->nvalues; i++)
            if (check_value(d, d->values[i], base, m, err) < 0)
                return -1;
        return 0;
    }
    if (d->integer && (d->lo != floor(d->lo) || d->hi != floor(d->hi)))
        return nn_fail(err, "sweep %s: a whole-number setting takes whole bounds", d->key);
    snprintf(lo, sizeof lo, "%.17g", d->lo), snprintf(hi, sizeof hi, "%.17g", d->hi);
    return check_value(d, lo, base, m, err) < 0 || check_value(d, hi, base, m, err) < 0 ? -1 : 0;
}

int sweep_space_add(sweep_space *sp, const char *key, const char *spec, const nn_settings *base,
                    const nn_model *m, nn_error *err)
{
    if (sp->n == SWEEP_MAX_DIMS)
        return nn_fail(err, "sweep: at most %d keys", SWEEP_MAX_DIMS);
    for (size_t i = 0; i < sp->n; i++)
        if (strcmp(sp->dim[i].key, key) == 0)
            return nn_fail(err, "sweep: %s is given twice", key);
    sweep_dim d = {.layer = -1};
    if (strlen(key) >= sizeof d.key)
        return nn_fail(err, "sweep: key '%.20s...' is too long", key);
    snprintf(d.key, sizeof d.key, "%s", key);
    const char *dots = strstr(spec, "..");
    d.range = dots != NULL;
    int rc = strncmp(key, "layer", 5) == 0 && key[5] >= '0' && key[5] <= '9' ? layer_key(&d, key, m, err)
                                                                               : setting_key(&d, key, err);
    if (rc == 0)
        rc = d.range ? parse_range(&d, spec, dots, err) : parse_list(&d, spec, err);
    if (rc == 0)
        rc = check_dim(&d, base, m, err);
    if (rc < 0) {
        free(d.values);
        return -1;
    }
    sp->dim[sp->n++] = d;
    return 0;
}

/* ---- points ---- */

size_t sweep_grid_size(const sweep_space *sp)
{
    size_t n = 1;
    for (size_t i = 0; i < sp->n; i++)
        n *= sp->dim[i].range ? 0 : sp->dim[i].nvalues;
    return n;
}

void sweep_grid_point(const sweep_space *sp, size_t i, sweep_point out)
{
    memset(out, 0, sizeof(sweep_point)); /* points compare as bytes */
    for (size_t k = sp->n; k-- > 0;) {
        const sweep_dim *d = &sp->dim[k];
        memcpy(out[k], d->values[i % d->nvalues], SWEEP_VALUE_LEN);
        i /= d->nvalues;
    }
}

static void range_value(const sweep_dim *d, double u, char *out)
{
    double v = d->log ? exp(log(d->lo) + u * (log(d->hi) - log(d->lo))) : d->lo + u * (d->hi - d->lo);
    v = v < d->lo ? d->lo : v > d->hi ? d->hi : v; /* exp(log(x)) may stray by an ulp */
    if (d->integer)
        snprintf(out, SWEEP_VALUE_LEN, "%.0f", round(v));
    else
        snprintf(out, SWEEP_VALUE_LEN, "%.4g", v);
}

void sweep_random_point(const sweep_space *sp, nn_rng *rng, sweep_point out)
{
    memset(out, 0, sizeof(sweep_point)); /* points compare as bytes */
    for (size_t k = 0; k < sp->n; k++) {
        const sweep_dim *d = &sp->dim[k];
        if (d->range) /* uniform in [0, 1], both ends reachable */
            range_value(d, (double)nn_rng_u32(rng) / 4294967295.0, out[k]);
        else
            memcpy(out[k], d->values[nn_rng_below(rng, (uint32_t)d->nvalues)], SWEEP_VALUE_LEN);
    }
}

int sweep_apply(const sweep_space *sp, const sweep_point p, nn_settings *st, nn_layer_spec *specs, int n,
                nn_error *err)
{
    for (size_t k = 0; k < sp->n; k++) {
        if (sp->dim[k].layer >= n)
            return nn_fail(err, "sweep %s: the model has %d layers", sp->dim[k].key, n);
        if (set_one(&sp->dim[k], p[k], st, specs, err) < 0)
            return prefix(err, sp->dim[k].key);
    }
    return 0;
}

double sweep_value_number(const sweep_dim *d, const char *value)
{
    char *end;
    double v = strtod(value, &end);
    bool number = end != value && *end == 0;
    if (!d->range && !number) /* a word: its place in the list */
        for (size_t i = 0; i < d->nvalues; i++)
            if (strcmp(d->values[i], value) == 0)
                return (double)i;
    return d->log && v > 0 ? log10(v) : v;
}
