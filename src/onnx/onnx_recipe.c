/* The fitted recipe as ONNX nodes in front of the network, when every
 * feature is a plain function of its own column in the same row
 * (recipe.h's nn_recipe_source_prep): the graph then reads the raw
 * columns.  Numbers come in "columns" (float, NaN for a missing value),
 * levels in "categories" (strings, as the CSV holds them).
 *
 * Opset 13 compares no strings (Equal takes them from opset 19), so a
 * level is found with TfIdfVectorizer: with a pool of the fitted levels,
 * 1-grams and mode TF, a row's one string gives a 1 at its level's place
 * and zeros when it is none of them (a level unseen in training).  A
 * missing value is told apart from an unseen one the same way, with a
 * pool of the missing-value words nnwb reads by default ("", NA, N/A,
 * NaN, null, None, -) matched in lower case (StringNormalizer). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "onnx_export.h"
#include "onnx_internal.h"
#include "recipe/recipe.h"

/* The words a CSV cell is read as missing by, lower case (na_markers.c's
 * default; a load with na= may have read others). */
static const char *const missing_words[] = {"", "na", "n/a", "nan", "null", "none", "-"};
enum { N_MISSING = sizeof missing_words / sizeof *missing_words };

/* Lines of names, for the metadata (malloc'd). */
char *onnx_lines(const char *const *names, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(names[i]) + 1;
    char *s = malloc(len), *at = s;
    for (size_t i = 0; s && i < n; i++)
        at += sprintf(at, "%s%s", i ? "\n" : "", names[i]);
    if (s)
        *at = '\0';
    return s;
}

/* TfIdfVectorizer of the strings x [batch, 1] against pool[0..n): [batch, n] of 0/1. */
static const char *matches(onnx_graph *g, const char *x, const char *const *pool, size_t n)
{
    int64_t *at = malloc((n ? n : 1) * sizeof *at), zero = 0;
    if (!at)
        return g->failed = true, x;
    for (size_t i = 0; i < n; i++)
        at[i] = (int64_t)i;
    const char *y = onnx_node(g, "TfIdfVectorizer", &x, 1, NULL);
    onnx_attr_int(g, "min_gram_length", 1);
    onnx_attr_int(g, "max_gram_length", 1);
    onnx_attr_int(g, "max_skip_count", 0);
    onnx_attr_string(g, "mode", "TF");
    onnx_attr_ints(g, "ngram_counts", &zero, 1);
    onnx_attr_ints(g, "ngram_indexes", at, n);
    onnx_attr_strings(g, "pool_strings", pool, n);
    free(at);
    return y;
}

/* x [batch, n] times the constant matrix m [n, k]. */
static const char *times(onnx_graph *g, const char *x, const float *m, size_t n, size_t k)
{
    int64_t dims[] = {(int64_t)n, (int64_t)k};
    const char *in[] = {x, onnx_floats(g, "weights", m, n * k, dims, 2)};
    return onnx_node(g, "MatMul", in, 2, NULL);
}

/* 1 where the string x [batch, 1] is a missing-value word (one that is
 * not also a level), else 0: [batch, 1]. */
static const char *missing(onnx_graph *g, const char *x, const nn_source_prep *p)
{
    const char *pool[N_MISSING];
    size_t n = 0;
    for (size_t i = 0; i < N_MISSING; i++) {
        bool level = false;
        for (size_t l = 0; l < p->nlevels && !level; l++)
            level = strcasecmp(p->levels[l], missing_words[i]) == 0;
        if (!level)
            pool[n++] = missing_words[i];
    }
    int64_t flat = -1, column[] = {-1, 1};
    const char *reshape[] = {x, onnx_ints(g, "flat", &flat, 1)};
    const char *lower = onnx_node(g, "StringNormalizer", (const char *[]){onnx_node(g, "Reshape", reshape, 2, NULL)},
                                  1, NULL); /* it takes a vector, not [batch, 1] */
    onnx_attr_string(g, "case_change_action", "LOWER");
    const char *back[] = {lower, onnx_ints(g, "column", column, 2)};
    float ones[N_MISSING] = {1, 1, 1, 1, 1, 1, 1};
    return times(g, matches(g, onnx_node(g, "Reshape", back, 2, NULL), pool, n), ones, n, 1);
}

/* Where(cond, NaN, x): cond 1 in a row makes its features NaN. */
static const char *nan_where(onnx_graph *g, const char *cond, const char *x)
{
    const char *greater[] = {cond, onnx_scalar(g, "half", 0.5f)};
    const char *where[] = {onnx_node(g, "Greater", greater, 2, NULL), onnx_scalar(g, "nan", NAN), x};
    return onnx_node(g, "Where", where, 3, NULL);
}

/* ONEHOT: the level's indicators; a missing value the fill level's, or
 * NaN; an unseen level zeros. */
static const char *onehot(onnx_graph *g, const char *x, const nn_source_prep *p)
{
    size_t k = p->nlevels;
    const char *hits = matches(g, x, p->levels, k), *miss = missing(g, x, p);
    if (isnan(p->fill))
        return nan_where(g, miss, hits);
    float *e = calloc(k, sizeof *e);
    if (!e)
        return g->failed = true, hits;
    e[(size_t)p->fill] = 1;
    const char *add[] = {hits, times(g, miss, e, 1, k)};
    free(e);
    return onnx_node(g, "Add", add, 2, NULL);
}

/* INDEX: the level's index, the fill for a missing or unseen one (NaN
 * without a fill), scaled. */
static const char *level_index(onnx_graph *g, const char *x, const nn_source_prep *p)
{
    size_t k = p->nlevels;
    float *m = malloc(2 * (k ? k : 1) * sizeof *m); /* [k, 2]: index, 1 */
    if (!m)
        return g->failed = true, x;
    for (size_t l = 0; l < k; l++)
        m[2 * l] = (float)l, m[2 * l + 1] = 1;
    const char *both = times(g, matches(g, x, p->levels, k), m, k, 2);
    free(m);
    int64_t zero = 0, one = 1;
    const char *at_index[] = {both, onnx_ints(g, "index", &zero, 1)}, *at_known[] = {both, onnx_ints(g, "known", &one, 1)};
    const char *index = onnx_node(g, "Gather", at_index, 2, NULL);
    onnx_attr_int(g, "axis", 1);
    const char *known = onnx_node(g, "Gather", at_known, 2, NULL);
    onnx_attr_int(g, "axis", 1);
    const char *unknown[] = {onnx_scalar(g, "one", 1), known};
    const char *none = onnx_node(g, "Sub", unknown, 2, NULL);
    const char *v;
    if (isnan(p->fill)) {
        v = nan_where(g, none, index);
    } else {
        const char *fill[] = {none, onnx_scalar(g, "fill", (float)p->fill)};
        const char *add[] = {index, onnx_node(g, "Mul", fill, 2, NULL)};
        v = onnx_node(g, "Add", add, 2, NULL);
    }
    const char *sub[] = {v, onnx_scalar(g, "center", (float)p->center[0])};
    const char *div[] = {onnx_node(g, "Sub", sub, 2, NULL), onnx_scalar(g, "scale", (float)p->scale[0])};
    return onnx_node(g, "Div", div, 2, NULL);
}

/* Column j of the input named in (its [batch, 1]). */
static const char *column_of(onnx_graph *g, const char *in, size_t j)
{
    int64_t at = (int64_t)j;
    const char *gather[] = {in, onnx_ints(g, "column", &at, 1)};
    const char *y = onnx_node(g, "Gather", gather, 2, NULL);
    onnx_attr_int(g, "axis", 1);
    return y;
}

/* The value columns' features, [batch, nv]: x = (isnan(v) ? fill : v - center) / scale. */
static const char *values(onnx_graph *g, const float *fill, const float *center, const float *scale, size_t nv)
{
    int64_t dims[] = {(int64_t)nv};
    const char *v = "columns";
    const char *where[] = {onnx_node(g, "IsNaN", &v, 1, NULL), onnx_floats(g, "fill", fill, nv, dims, 1), v};
    const char *sub[] = {onnx_node(g, "Where", where, 3, NULL), onnx_floats(g, "center", center, nv, dims, 1)};
    const char *div[] = {onnx_node(g, "Sub", sub, 2, NULL), onnx_floats(g, "scale", scale, nv, dims, 1)};
    return onnx_node(g, "Div", div, 2, NULL);
}

/* The plain sources of r, in order, into *out (malloc'd); how many, or
 * -1 when one is not plain or they do not make F features. */
static long plain_sources(const nn_recipe *r, size_t F, nn_source_prep **out)
{
    size_t n = 0, cap = 8, features = 0;
    nn_source_prep *p = malloc(cap * sizeof *p);
    int rc;
    while (p && (rc = nn_recipe_source_prep(r, n, &p[n])) == 1) {
        features += p[n].count;
        if (++n == cap) {
            nn_source_prep *grown = realloc(p, (cap *= 2) * sizeof *p);
            if (!grown)
                free(p);
            p = grown;
        }
    }
    if (!p || rc == 0 || n == 0 || features != F) {
        free(p);
        return -1;
    }
    *out = p;
    return (long)n;
}

bool nn_onnx_reads_columns(const nn_recipe *r, size_t F)
{
    nn_source_prep *p;
    long n = plain_sources(r, F, &p);
    if (n >= 0)
        free(p);
    return n >= 0;
}

typedef struct inputs {
    float *fill, *center, *scale;  /* the value columns' */
    const char **columns, **categories;
    size_t nv, nc;
} inputs;

static void inputs_free(inputs *in)
{
    free(in->fill), free(in->center), free(in->scale), free(in->columns), free(in->categories);
}

static int split_inputs(const nn_source_prep *p, size_t n, inputs *in)
{
    in->fill = malloc(n * sizeof *in->fill), in->center = malloc(n * sizeof *in->center);
    in->scale = malloc(n * sizeof *in->scale);
    in->columns = malloc(n * sizeof *in->columns), in->categories = malloc(n * sizeof *in->categories);
    if (!in->fill || !in->center || !in->scale || !in->columns || !in->categories)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (p[i].kind == NN_SOURCE_VALUE) {
            in->fill[in->nv] = (float)p[i].fill, in->center[in->nv] = (float)p[i].center[0];
            in->scale[in->nv] = (float)p[i].scale[0], in->columns[in->nv++] = p[i].column;
        } else {
            in->categories[in->nc++] = p[i].column;
        }
    return 0;
}

/* Each source's features in order, joined. */
static const char *features(onnx_graph *g, const nn_source_prep *p, size_t n, const char *numbers)
{
    const char **parts = malloc(n * sizeof *parts);
    if (!parts)
        return g->failed = true, numbers;
    size_t nparts = 0, v = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i].kind == NN_SOURCE_VALUE) {
            parts[nparts++] = column_of(g, numbers, v++);
            continue;
        }
        const char *x = column_of(g, "categories", c++);
        if (p[i].count > 0) /* a category with no level in training makes no feature */
            parts[nparts++] = p[i].kind == NN_SOURCE_ONEHOT ? onehot(g, x, &p[i]) : level_index(g, x, &p[i]);
    }
    const char *y = onnx_node(g, "Concat", parts, nparts, NULL);
    onnx_attr_int(g, "axis", 1);
    free(parts);
    return y;
}

const char *onnx_recipe_in_front(onnx_graph *g, const nn_recipe *r, size_t F, char **columns, char **categories)
{
    *columns = *categories = NULL;
    nn_source_prep *p;
    long n = plain_sources(r, F, &p);
    if (n < 0)
        return NULL;
    inputs in = {0};
    const char *x = NULL;
    if (split_inputs(p, (size_t)n, &in) == 0) {
        const char *numbers = in.nv ? values(g, in.fill, in.center, in.scale, in.nv) : NULL;
        x = in.nc ? features(g, p, (size_t)n, numbers) : numbers; /* numbers alone: in order already */
        if (in.nv && (*columns = onnx_lines(in.columns, in.nv)))
            onnx_input(g, "columns", (int64_t)in.nv);
        if (in.nc && (*categories = onnx_lines(in.categories, in.nc)))
            onnx_input_strings(g, "categories", (int64_t)in.nc);
    }
    inputs_free(&in);
    free(p);
    return x;
}
