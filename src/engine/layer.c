#include "layer.h"
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const nn_layer_kind *const kinds[] = {
    &nn_layer_dense,
    &nn_layer_activation,
    &nn_layer_dropout,
};

const nn_layer_kind *nn_layer_kind_at(int i)
{
    return i >= 0 && i < (int)(sizeof kinds / sizeof *kinds) ? kinds[i] : NULL;
}

const nn_layer_kind *nn_layer_kind_find(const char *name)
{
    for (int i = 0; nn_layer_kind_at(i); i++)
        if (strcasecmp(kinds[i]->name, name) == 0)
            return kinds[i];
    return NULL;
}

static const char *const init_names[] = {"auto", "he", "glorot", "zeros"};

const char *nn_init_name(nn_init init)
{
    return init_names[init];
}

/* --- the spec fields, each with its parser and printer --- */

static int set_units(nn_layer_spec *s, const char *v, nn_error *err)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || end == v || n < 1 || n > 1000000)
        return nn_fail(err, "units: expected a whole number from 1 to 1000000, got '%s'", v);
    s->units = (int)n;
    return 0;
}

static int set_act(nn_layer_spec *s, const char *v, nn_error *err)
{
    const nn_activation *a = nn_activation_find(v);
    if (!a) {
        char list[256] = "";
        for (int i = 0; nn_activation_at(i); i++) {
            strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, nn_activation_at(i)->name, sizeof list - strlen(list) - 1);
        }
        return nn_fail(err, "act: unknown activation '%s' (one of: %s)", v, list);
    }
    s->act = a;
    return 0;
}

static int set_rate(nn_layer_spec *s, const char *v, nn_error *err)
{
    char *end;
    errno = 0;
    float r = strtof(v, &end);
    if (errno || *end || end == v || !(r >= 0.0f && r < 1.0f))
        return nn_fail(err, "rate: expected a number in [0, 1), got '%s'", v);
    s->rate = r;
    return 0;
}

static int set_init(nn_layer_spec *s, const char *v, nn_error *err)
{
    for (int i = 0; i < (int)(sizeof init_names / sizeof *init_names); i++)
        if (strcmp(v, init_names[i]) == 0) {
            s->init = (nn_init)i;
            return 0;
        }
    return nn_fail(err, "init: expected auto, he, glorot or zeros, got '%s'", v);
}

static int fmt_units(const nn_layer_spec *s, char *b, size_t n) { return snprintf(b, n, "%d", s->units); }
static int fmt_act(const nn_layer_spec *s, char *b, size_t n) { return snprintf(b, n, "%s", s->act->name); }
static int fmt_rate(const nn_layer_spec *s, char *b, size_t n) { return nn_format_float(b, n, s->rate); }
static int fmt_init(const nn_layer_spec *s, char *b, size_t n) { return snprintf(b, n, "%s", nn_init_name(s->init)); }

static const struct option {
    const char *name;
    int (*set)(nn_layer_spec *, const char *, nn_error *);
    int (*format)(const nn_layer_spec *, char *, size_t);
} options[] = {
    {"units", set_units, fmt_units},
    {"act", set_act, fmt_act},
    {"rate", set_rate, fmt_rate},
    {"init", set_init, fmt_init},
};

static bool kind_uses(const nn_layer_kind *k, const char *opt)
{
    size_t len = strlen(opt);
    for (const char *p = k->options; (p = strstr(p, opt)); p += len)
        if ((p == k->options || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
            return true;
    return false;
}

int nn_layer_spec_init(nn_layer_spec *s, const char *kind, nn_error *err)
{
    const nn_layer_kind *k = nn_layer_kind_find(kind);
    if (!k)
        return nn_fail(err, "unknown layer kind '%s' (one of: dense, activation, dropout)", kind);
    memset(s, 0, sizeof *s);
    s->kind = k;
    s->act = nn_activation_find("linear");
    s->init = NN_INIT_AUTO;
    return 0;
}

int nn_layer_spec_set(nn_layer_spec *s, const char *key, const char *value, nn_error *err)
{
    for (size_t i = 0; i < sizeof options / sizeof *options; i++) {
        if (strcmp(options[i].name, key) != 0)
            continue;
        if (!kind_uses(s->kind, key))
            break;
        nn_layer_spec copy = *s; /* a failed set leaves the spec as it was */
        if (options[i].set(&copy, value, err) < 0)
            return -1;
        *s = copy;
        return 0;
    }
    return nn_fail(err, "%s layers take no option '%s' (they take: %s)", s->kind->name, key,
                   s->kind->options);
}

int nn_layer_spec_format(const nn_layer_spec *s, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "%s", s->kind->name);
    for (size_t i = 0; i < sizeof options / sizeof *options && used < len; i++) {
        if (!kind_uses(s->kind, options[i].name))
            continue;
        used += (size_t)snprintf(buf + used, len - used, " %s=", options[i].name);
        if (used < len)
            used += (size_t)options[i].format(s, buf + used, len - used);
    }
    return used < len ? 0 : -1;
}

int nn_layer_spec_parse(nn_layer_spec *s, const char *text, nn_error *err)
{
    char buf[512];
    if (strlen(text) >= sizeof buf)
        return nn_fail(err, "layer description too long");
    strcpy(buf, text);
    char *save = NULL, *word = strtok_r(buf, " \t", &save);
    if (!word)
        return nn_fail(err, "empty layer description");
    nn_layer_spec spec;
    if (nn_layer_spec_init(&spec, word, err) < 0)
        return -1;
    while ((word = strtok_r(NULL, " \t", &save))) {
        char *eq = strchr(word, '=');
        if (!eq)
            return nn_fail(err, "expected key=value, got '%s'", word);
        *eq = '\0';
        if (nn_layer_spec_set(&spec, word, eq + 1, err) < 0)
            return -1;
    }
    *s = spec;
    return 0;
}
