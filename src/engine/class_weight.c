#include "class_weight.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WEIGHT 1e6

bool nn_class_weight_is_none(const char *spec)
{
    return strcmp(spec, "none") == 0;
}

/* One "LABEL:W" item of length len at p: the label's extent and W. */
static bool parse_item(const char *p, size_t len, size_t *label_len, double *w)
{
    const char *colon = memchr(p, ':', len);
    if (!colon || colon == p || colon + 1 == p + len)
        return false;
    char num[32];
    size_t n = (size_t)(p + len - colon - 1);
    if (n >= sizeof num)
        return false;
    memcpy(num, colon + 1, n);
    num[n] = '\0';
    char *end;
    errno = 0;
    *w = strtod(num, &end);
    *label_len = (size_t)(colon - p);
    return !errno && *end == '\0' && isfinite(*w) && *w >= 0 && *w <= MAX_WEIGHT;
}

/* Calls item() on each comma-separated item; false at the first bad one. */
typedef bool (*item_fn)(void *ctx, const char *label, size_t label_len, double w);

static bool each_item(const char *spec, item_fn item, void *ctx)
{
    if (!*spec)
        return false;
    for (const char *p = spec;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p), label_len;
        double w;
        if (!parse_item(p, len, &label_len, &w) || (item && !item(ctx, p, label_len, w)))
            return false;
        if (!comma)
            return true;
        p = comma + 1;
    }
}

bool nn_class_weight_valid(const char *spec)
{
    return nn_class_weight_is_none(spec) || strcmp(spec, "balanced") == 0 ||
           each_item(spec, NULL, NULL);
}

typedef struct {
    const char *const *names;
    int n_classes;
    float *w;
    bool *seen;
    bool reported; /* an item named no class, or one twice */
    nn_error *err;
    char *out;     /* nn_class_weight_by_index: the text so far */
    size_t len, used;
} explicit_ctx;

/* A class name first, else an index. */
static int find_class(const explicit_ctx *c, const char *label, size_t len)
{
    for (int k = 0; c->names && k < c->n_classes; k++)
        if (strlen(c->names[k]) == len && strncmp(c->names[k], label, len) == 0)
            return k;
    int k = 0;
    for (size_t i = 0; i < len; i++) {
        if (label[i] < '0' || label[i] > '9' || k > c->n_classes)
            return -1;
        k = k * 10 + (label[i] - '0');
    }
    return k < c->n_classes ? k : -1;
}

static bool set_explicit(void *ctx, const char *label, size_t len, double w)
{
    explicit_ctx *c = ctx;
    int k = find_class(c, label, len);
    c->reported = k < 0 || c->seen[k];
    if (k < 0) {
        if (c->names)
            nn_fail(c->err, "class_weight: no class '%.*s' (a class name such as '%s', or an "
                    "index 0 to %d)", (int)len, label, c->names[0], c->n_classes - 1);
        else
            nn_fail(c->err, "class_weight: no class '%.*s' (an index 0 to %d)", (int)len, label,
                    c->n_classes - 1);
        return false;
    }
    if (c->seen[k]) {
        nn_fail(c->err, "class_weight: class '%.*s' is given twice", (int)len, label);
        return false;
    }
    c->seen[k] = true;
    if (c->w)
        c->w[k] = (float)w;
    if (c->out) {
        const char *weight = label + len + 1; /* past the colon, as typed */
        int n = snprintf(c->out + c->used, c->len - c->used, "%s%d:%.*s", c->used ? "," : "", k,
                         (int)strcspn(weight, ","), weight);
        if (n < 0 || (size_t)n >= c->len - c->used) {
            c->reported = true;
            nn_fail(c->err, "class_weight: '%s' is too long by class index", c->out);
            return false;
        }
        c->used += (size_t)n;
    }
    return true;
}

/* Applies every item of an explicit list through set_explicit. */
static int each_explicit(const char *spec, explicit_ctx *c)
{
    bool *seen = calloc((size_t)c->n_classes, sizeof *seen);
    if (!seen)
        return nn_fail(c->err, "out of memory");
    c->seen = seen;
    bool ok = each_item(spec, set_explicit, c);
    free(seen);
    if (!ok && !c->reported)
        nn_fail(c->err, "class_weight: '%s' is not none, balanced or CLASS:WEIGHT,...", spec);
    return ok ? 0 : -1;
}

static int class_of_row(const float *yr, int width)
{
    int best = 0;
    for (int j = 1; j < width; j++)
        best = yr[j] > yr[best] ? j : best;
    return best;
}

static int balanced(const char *const *names, int n_classes, const float *y, int rows, int width,
                    bool per_value, float *w, nn_error *err)
{
    double n = per_value ? (double)rows * width : rows;
    for (int k = 0; k < n_classes; k++)
        w[k] = 0.0f;
    if (per_value)
        for (long i = 0; i < (long)rows * width; i++)
            w[y[i] >= 0.5f]++;
    else
        for (int r = 0; r < rows; r++)
            w[class_of_row(y + (long)r * width, width)]++;
    for (int k = 0; k < n_classes; k++) {
        if (w[k] == 0.0f) {
            char idx[16];
            snprintf(idx, sizeof idx, "%d", k);
            return nn_fail(err, "class_weight=balanced: class '%s' has no training rows",
                           names ? names[k] : idx);
        }
        w[k] = (float)(n / (n_classes * (double)w[k]));
    }
    return 0;
}

int nn_class_weight_resolve(const char *spec, const char *const *names, int n_classes,
                            const float *y, int rows, int width, bool per_value, float *w,
                            nn_error *err)
{
    if (strcmp(spec, "balanced") == 0)
        return balanced(names, n_classes, y, rows, width, per_value, w, err);
    for (int k = 0; k < n_classes; k++)
        w[k] = 1.0f;
    if (nn_class_weight_is_none(spec))
        return 0;
    explicit_ctx c = {names, n_classes, w, NULL, false, err, NULL, 0, 0};
    return each_explicit(spec, &c);
}

int nn_class_weight_by_index(const char *spec, const char *const *names, int n_classes,
                             char *out, size_t len, nn_error *err)
{
    if (nn_class_weight_is_none(spec) || strcmp(spec, "balanced") == 0) {
        snprintf(out, len, "%s", spec);
        return 0;
    }
    out[0] = '\0';
    explicit_ctx c = {names, n_classes, NULL, NULL, false, err, out, len, 0};
    return each_explicit(spec, &c);
}
