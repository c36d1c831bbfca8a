/* The table of layer kinds, and layer specs handled generically through
 * each kind's argument descriptions. */
#include "layer.h"
#include "settings.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_KINDS 32

/* The built-in kinds; nn_layer_kind_register fills the empty slots. */
static const nn_layer_kind *kinds[MAX_KINDS] = {
    &nn_layer_dense,
    &nn_layer_activation,
    &nn_layer_dropout,
    &nn_layer_conv1d,
    &nn_layer_maxpool1d,
    &nn_layer_avgpool1d,
    &nn_layer_globalavgpool1d,
    &nn_layer_lstm,
    &nn_layer_gru,
    &nn_layer_batchnorm,
    &nn_layer_layernorm,
};

const nn_layer_kind *nn_layer_kind_at(int i)
{
    return i >= 0 && i < MAX_KINDS ? kinds[i] : NULL;
}

const nn_layer_kind *nn_layer_kind_find(const char *name)
{
    for (int i = 0; nn_layer_kind_at(i); i++)
        if (strcasecmp(kinds[i]->name, name) == 0)
            return kinds[i];
    return NULL;
}

int nn_layer_kind_register(const nn_layer_kind *kind, nn_error *err)
{
    if (nn_layer_kind_find(kind->name))
        return nn_fail(err, "a layer kind '%s' exists already", kind->name);
    int i = 0;
    while (nn_layer_kind_at(i))
        i++;
    if (i == MAX_KINDS)
        return nn_fail(err, "no room for layer kind '%s' (at most %d)", kind->name, MAX_KINDS);
    kinds[i] = kind;
    return 0;
}

static const char *const init_names[] = {"auto", "he", "glorot", "zeros"};

const char *nn_init_name(nn_init init)
{
    return init_names[init];
}

/* ---- what kinds share ---- */

float nn_layer_init_limit(const nn_layer *l, size_t fan_in, size_t fan_out)
{
    nn_init init = l->spec.init;
    if (init == NN_INIT_ZEROS)
        return 0.0f;
    bool he = init == NN_INIT_HE || (init == NN_INIT_AUTO && l->feeds && l->feeds->relu_family);
    return he ? sqrtf(6.0f / (float)fan_in) : sqrtf(6.0f / (float)(fan_in + fan_out));
}

void nn_fill_uniform(float *w, size_t n, float limit, nn_rng *rng)
{
    for (size_t i = 0; i < n; i++)
        w[i] = (2.0f * nn_rng_uniform(rng) - 1.0f) * limit;
}

int nn_layer_need_steps(const nn_layer *l, nn_error *err)
{
    if (l->in.rank == 2)
        return 0;
    char shape[64];
    return nn_fail(err, "%s reads (steps, channels) samples, got %s: window the data "
                   "(`window N on=COLS`, every feature windowed), or put it after another "
                   "sequence layer", l->spec.kind->name, nn_shape_format(l->in, shape, sizeof shape));
}

void nn_sum_rows(const float *m, int rows, int cols, float *sums)
{
    memcpy(sums, m, (size_t)cols * sizeof *sums);
    for (int r = 1; r < rows; r++) {
        const float *row = m + (size_t)r * cols;
        for (int j = 0; j < cols; j++)
            sums[j] += row[j];
    }
}

/* ---- a kind's arguments ---- */

static int arg_index(const nn_layer_kind *kind, const char *name)
{
    for (int i = 0; kind->args && kind->args[i].name; i++)
        if (nn_arg_named(&kind->args[i], name))
            return i;
    return -1;
}

const nn_arg_spec *nn_layer_kind_arg(const nn_layer_kind *kind, const char *name)
{
    int i = arg_index(kind, name);
    return i < 0 ? NULL : &kind->args[i];
}

static int positional_index(const nn_layer_kind *kind, int n)
{
    for (int i = 0; kind->args && kind->args[i].name; i++)
        if (!(kind->args[i].flags & NN_ARG_KEY_ONLY) && n-- == 0)
            return i;
    return -1;
}

const nn_arg_spec *nn_layer_kind_positional(const nn_layer_kind *kind, int n)
{
    int i = positional_index(kind, n);
    return i < 0 ? NULL : &kind->args[i];
}

/* The activation argument is the one typed word that names a table entry. */
static bool is_activation(const nn_arg_spec *a)
{
    return a->type == NN_ARG_WORD && nn_arg_named(a, "act");
}

/* ---- where a value is kept ---- */

static void keep(nn_layer_spec *s, int i, double v)
{
    const nn_arg_spec *a = &s->kind->args[i];
    if (nn_arg_named(a, "units"))
        s->units = (int)v;
    else if (nn_arg_named(a, "rate"))
        s->rate = (float)v;
    else if (nn_arg_named(a, "init"))
        s->init = (nn_init)v;
    else
        s->value[i] = v;
}

static double kept(const nn_layer_spec *s, int i)
{
    const nn_arg_spec *a = &s->kind->args[i];
    return nn_arg_named(a, "units") ? s->units
           : nn_arg_named(a, "rate") ? s->rate
           : nn_arg_named(a, "init") ? (double)s->init
                                  : s->value[i];
}

/* ---- reading a value by its description ---- */

/* The length and start of the k-th of "a|b|c", or 0 past the end. */
static size_t nth_choice(const char *choices, int k, const char **start)
{
    const char *p = choices;
    for (; k > 0 && *p; k--)
        p += strcspn(p, "|") + (p[strcspn(p, "|")] == '|');
    *start = p;
    return strcspn(p, "|");
}

static int read_choice(const nn_arg_spec *a, const char *text, double *v, nn_error *err)
{
    const char *c;
    size_t len;
    int n = 0;
    for (; (len = nth_choice(a->choices, n, &c)) > 0; n++)
        if (strlen(text) == len && strncmp(c, text, len) == 0) {
            *v = n;
            return 0;
        }
    char list[256] = ""; /* "auto, he, glorot or zeros" */
    for (int k = 0; k < n; k++) {
        len = nth_choice(a->choices, k, &c);
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%.*s",
                 k == 0 ? "" : k == n - 1 ? " or " : ", ", (int)len, c);
    }
    return nn_fail(err, "%s: expected %s, got '%s'", a->name, list, text);
}

static bool ranged(const nn_arg_spec *a)
{
    return a->min < a->max;
}

static int read_int(const nn_arg_spec *a, const char *text, double *v, nn_error *err)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (!errno && !*end && end != text && (!ranged(a) || (n >= a->min && n <= a->max))) {
        *v = (double)n;
        return 0;
    }
    if (!ranged(a))
        return nn_fail(err, "%s: expected a whole number, got '%s'", a->name, text);
    return nn_fail(err, "%s: expected a whole number from %.15g to %.15g, got '%s'", a->name,
                   a->min, a->max, text);
}

static int read_number(const nn_arg_spec *a, const char *text, double *v, nn_error *err)
{
    char *end;
    errno = 0;
    float x = strtof(text, &end);
    if (!errno && !*end && end != text && isfinite(x) && (!ranged(a) || (x >= a->min && x < a->max))) {
        *v = x;
        return 0;
    }
    if (!ranged(a))
        return nn_fail(err, "%s: expected a number, got '%s'", a->name, text);
    return nn_fail(err, "%s: expected a number in [%.15g, %.15g), got '%s'", a->name, a->min,
                   a->max, text);
}

static int set_activation(nn_layer_spec *s, const nn_arg_spec *a, const char *text, nn_error *err)
{
    const nn_activation *act = nn_activation_find(text);
    if (!act) {
        char list[256] = "";
        for (int i = 0; nn_activation_at(i); i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     nn_activation_at(i)->name);
        return nn_fail(err, "%s: unknown activation '%s' (one of: %s)", a->name, text, list);
    }
    s->act = act;
    return 0;
}

static int set_value(nn_layer_spec *s, int i, const char *text, nn_error *err)
{
    const nn_arg_spec *a = &s->kind->args[i];
    if (is_activation(a))
        return set_activation(s, a, text, err);
    double v = 0;
    int rc = a->type == NN_ARG_INT      ? read_int(a, text, &v, err)
             : a->type == NN_ARG_CHOICE ? read_choice(a, text, &v, err)
                                        : read_number(a, text, &v, err);
    if (rc == 0)
        keep(s, i, v);
    return rc;
}

/* exact: as a model file keeps it (the float that reads back the same). */
static int write_value(const nn_layer_spec *s, int i, bool exact, char *buf, size_t len)
{
    const nn_arg_spec *a = &s->kind->args[i];
    double v = kept(s, i);
    const char *c;
    if (is_activation(a))
        return snprintf(buf, len, "%s", (s->act ? s->act : nn_activation_linear())->name);
    if (a->type == NN_ARG_CHOICE) {
        int n = (int)nth_choice(a->choices, (int)v, &c);
        return snprintf(buf, len, "%.*s", n, c);
    }
    if (a->type == NN_ARG_INT)
        return snprintf(buf, len, "%.0f", v);
    return exact ? nn_format_float(buf, len, (float)v) : snprintf(buf, len, "%g", v);
}

/* ---- specs ---- */

int nn_layer_spec_init(nn_layer_spec *s, const char *kind, nn_error *err)
{
    const nn_layer_kind *k = nn_layer_kind_find(kind);
    if (!k) {
        char names[256] = "";
        for (int i = 0; nn_layer_kind_at(i); i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                     nn_layer_kind_at(i)->name);
        return nn_fail(err, "unknown layer kind '%s' (one of: %s)", kind, names);
    }
    memset(s, 0, sizeof *s);
    s->kind = k;
    s->act = nn_activation_linear();
    s->init = NN_INIT_AUTO;
    for (int i = 0; k->args && k->args[i].name; i++)
        if (k->args[i].def && set_value(s, i, k->args[i].def, err) < 0)
            return -1;
    return 0;
}

/* "units act init": the first name of each argument. */
static void arg_names(const nn_layer_kind *k, char *buf, size_t len)
{
    buf[0] = '\0';
    for (int i = 0; k->args && k->args[i].name; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%.*s", i ? " " : "",
                 (int)strcspn(k->args[i].name, "|"), k->args[i].name);
}

int nn_layer_spec_set(nn_layer_spec *s, const char *key, const char *value, nn_error *err)
{
    int i = arg_index(s->kind, key);
    if (i < 0) {
        char names[128];
        arg_names(s->kind, names, sizeof names);
        return nn_fail(err, "%s layers take no option '%s' (they take: %s)", s->kind->name, key, names);
    }
    nn_layer_spec copy = *s; /* a failed set leaves the spec as it was */
    if (set_value(&copy, i, value, err) < 0)
        return -1;
    *s = copy;
    return 0;
}

/* A key-only argument left at its default goes without saying in `add`'s words. */
static bool at_default(const nn_layer_spec *s, int i)
{
    char now[64], def[64];
    nn_layer_spec d;
    nn_error ignored;
    if (nn_layer_spec_init(&d, s->kind->name, &ignored) < 0)
        return false;
    write_value(s, i, true, now, sizeof now);
    write_value(&d, i, true, def, sizeof def);
    return strcmp(now, def) == 0;
}

/* The kind's name, then " name=value" (keyed, or a key-only argument
 * away from its default) or " value" for each argument. */
static int format(const nn_layer_spec *s, bool keyed, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "%s", s->kind->name);
    for (int i = 0; s->kind->args && s->kind->args[i].name && used < len; i++) {
        const nn_arg_spec *a = &s->kind->args[i];
        bool key_only = a->flags & NN_ARG_KEY_ONLY;
        if (!keyed && key_only && at_default(s, i))
            continue;
        if (keyed || key_only)
            used += (size_t)snprintf(buf + used, len - used, " %.*s=", (int)strcspn(a->name, "|"), a->name);
        else
            used += (size_t)snprintf(buf + used, len - used, " ");
        if (used < len)
            used += (size_t)write_value(s, i, keyed, buf + used, len - used);
    }
    return used < len ? 0 : -1;
}

int nn_layer_spec_format(const nn_layer_spec *s, char *buf, size_t len)
{
    return format(s, true, buf, len);
}

int nn_layer_spec_words(const nn_layer_spec *s, char *buf, size_t len)
{
    return format(s, false, buf, len);
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
