/* Synthetic datasets (see generate.h for what each kind draws). Each kind
 * is one entry of `kinds`: its defaults, its target's type and a fill
 * function that writes into columns nn_generate has already allocated. */
#include "generate.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/rng.h"
#include "parse_date.h"
#include "parse_number.h"
#include "engine/c_locale.h"

enum { MAX_ROWS = 10000000, MAX_CELLS = 100000000 };

#define PI 3.14159265358979323846

/* What a fill function writes: the columns of a fresh table. */
typedef struct gen {
    const char *kind;
    size_t rows, features;
    double noise;
    float **x;    /* features columns of rows values */
    float *y;
    double *time; /* the date column, for kinds that have one */
    nn_rng rng;
} gen;

static double uniform(gen *g, double lo, double hi)
{
    return lo + (hi - lo) * (double)nn_rng_uniform(&g->rng);
}

static double normal(gen *g)
{
    return (double)nn_rng_normal(&g->rng);
}

/* ---- the kinds ---- */

static int fill_random(gen *g, nn_error *err)
{
    (void)err;
    for (size_t i = 0; i < g->rows; i++) {
        for (size_t j = 0; j < g->features; j++)
            g->x[j][i] = nn_rng_uniform(&g->rng);
        g->y[i] = nn_rng_uniform(&g->rng);
    }
    return 0;
}

static int fill_linear(gen *g, nn_error *err)
{
    double *w = malloc(g->features * sizeof *w);
    if (!w)
        return nn_fail(err, "generate %s: out of memory", g->kind);
    for (size_t j = 0; j < g->features; j++)
        w[j] = uniform(g, -1, 1);
    double b = uniform(g, -1, 1);
    for (size_t i = 0; i < g->rows; i++) {
        double y = b;
        for (size_t j = 0; j < g->features; j++) {
            g->x[j][i] = (float)normal(g);
            y += w[j] * g->x[j][i]; /* the stored value, so a fit on the table is exact at noise 0 */
        }
        g->y[i] = (float)(y + g->noise * normal(g));
    }
    free(w);
    return 0;
}

static int fill_xor(gen *g, nn_error *err)
{
    (void)err;
    for (size_t i = 0; i < g->rows; i++) {
        float x1 = g->x[0][i] = (float)uniform(g, -1, 1);
        float x2 = g->x[1][i] = (float)uniform(g, -1, 1);
        int flip = nn_rng_uniform(&g->rng) < g->noise;
        g->y[i] = (float)((x1 * x2 > 0) ^ flip);
    }
    return 0;
}

/* A point at (radius, angle) jittered by the noise; class = row parity. */
static void put_polar(gen *g, size_t i, double radius, double angle)
{
    g->x[0][i] = (float)(radius * cos(angle) + g->noise * normal(g));
    g->x[1][i] = (float)(radius * sin(angle) + g->noise * normal(g));
    g->y[i] = (float)(i % 2);
}

static int fill_circles(gen *g, nn_error *err)
{
    (void)err;
    for (size_t i = 0; i < g->rows; i++)
        put_polar(g, i, i % 2 ? 0.5 : 1.0, uniform(g, 0, 2 * PI));
    return 0;
}

static int fill_spirals(gen *g, nn_error *err)
{
    (void)err;
    for (size_t i = 0; i < g->rows; i++) {
        double t = uniform(g, 0, 1);
        put_polar(g, i, t, 3 * PI * t + PI * (double)(i % 2));
    }
    return 0;
}

enum { GAUSS_CLASSES = 3 };

static int fill_gauss(gen *g, nn_error *err)
{
    double *centre = malloc(GAUSS_CLASSES * g->features * sizeof *centre);
    if (!centre)
        return nn_fail(err, "generate %s: out of memory", g->kind);
    for (size_t k = 0; k < GAUSS_CLASSES * g->features; k++)
        centre[k] = uniform(g, -5, 5);
    for (size_t i = 0; i < g->rows; i++) {
        size_t c = i % GAUSS_CLASSES;
        for (size_t j = 0; j < g->features; j++)
            g->x[j][i] = (float)(centre[c * g->features + j] + g->noise * normal(g));
        g->y[i] = (float)c;
    }
    free(centre);
    return 0;
}

/* ---- gbm: prices by geometric Brownian motion ---- */

#define GBM_DT (1.0 / 252) /* a business day, in years */
#define GBM_FIRST_DAY 18262 /* 2020-01-01, days since 1970-01-01 */

typedef struct gbm_series {
    float *price;
    double log_drift, log_vol, log_price; /* per day */
} gbm_series;

/* Monday to Friday: 1970-01-01 was a Thursday. */
static int is_weekend(int64_t day)
{
    return (day + 3) % 7 >= 5;
}

static int gbm_step(gen *g, gbm_series *s, size_t series, size_t i, nn_error *err)
{
    s->log_price += s->log_drift + s->log_vol * normal(g);
    float p = (float)exp(s->log_price);
    if (!(p >= FLT_MIN && p <= FLT_MAX)) {
        char name[32] = "y";
        if (series < g->features)
            snprintf(name, sizeof name, "x%zu", series + 1);
        return nn_fail(err, "generate %s: rows=%zu: %s leaves the float range after %zu days; "
                            "use fewer rows or less noise", g->kind, g->rows, name, i);
    }
    s->price[i] = p;
    return 0;
}

static int fill_gbm(gen *g, nn_error *err)
{
    size_t n = g->features + 1; /* x1..xN, then y */
    gbm_series *s = malloc(n * sizeof *s);
    if (!s)
        return nn_fail(err, "generate %s: out of memory", g->kind);
    for (size_t k = 0; k < n; k++) {
        double mu = uniform(g, -0.05, 0.15), sigma = uniform(g, 0.1, 0.4) * g->noise;
        s[k].price = k < g->features ? g->x[k] : g->y;
        s[k].log_drift = (mu - sigma * sigma / 2) * GBM_DT;
        s[k].log_vol = sigma * sqrt(GBM_DT);
        s[k].price[0] = (float)uniform(g, 10, 200);
        s[k].log_price = log(s[k].price[0]);
    }
    int64_t day = GBM_FIRST_DAY;
    g->time[0] = (double)day * 86400;
    int rc = 0;
    for (size_t i = 1; rc == 0 && i < g->rows; i++) {
        do
            day++;
        while (is_weekend(day));
        g->time[i] = (double)day * 86400;
        for (size_t k = 0; rc == 0 && k < n; k++)
            rc = gbm_step(g, &s[k], k, i, err);
    }
    free(s);
    return rc;
}

/* ---- the table of kinds: adding a kind is one entry ---- */

typedef struct gen_kind {
    nn_generate_kind info;
    const char *noise_means; /* for messages: what noise= is */
    nn_col_type target;      /* NUMERIC, BOOLEAN or CATEGORICAL */
    size_t classes;          /* CATEGORICAL: levels "0", "1", ... */
    int dated;               /* a date column comes first */
    int (*fill)(gen *g, nn_error *err);
} gen_kind;

static const gen_kind kinds[] = {
    {{"random", "Keras tutorial data: x and y uniform in [0,1), y unrelated to x (regression)",
      100, 10, 1, 1000, 0, 0},
     NULL, NN_COL_NUMERIC, 0, 0, fill_random},
    {{"linear", "y = x.w + b + noise*N(0,1), x ~ N(0,1), w and b from the seed (regression)",
      1000, 3, 1, 1000, 0.1, 1000},
     "the standard deviation added to y", NN_COL_NUMERIC, 0, 0, fill_linear},
    {{"xor", "x1, x2 in [-1,1); y = 1 when x1*x2 > 0; noise = share of labels flipped (binary)",
      1000, 2, 2, 2, 0, 0.5},
     "the share of labels flipped", NN_COL_BOOLEAN, 0, 0, fill_xor},
    {{"circles", "two concentric circles, radii 1 (y=0) and 0.5 (y=1), jittered by noise (binary)",
      1000, 2, 2, 2, 0.05, 1000},
     "the standard deviation added to x1 and x2", NN_COL_BOOLEAN, 0, 0, fill_circles},
    {{"spirals", "two interleaved spirals of 1.5 turns, jittered by noise (binary)",
      1000, 2, 2, 2, 0.05, 1000},
     "the standard deviation added to x1 and x2", NN_COL_BOOLEAN, 0, 0, fill_spirals},
    {{"gauss", "3 Gaussian blobs of standard deviation noise, centres from the seed (multiclass)",
      1000, 2, 1, 1000, 1.0, 1000},
     "the standard deviation of each blob", NN_COL_CATEGORICAL, GAUSS_CLASSES, 0, fill_gauss},
    {{"gbm", "daily prices by geometric Brownian motion: date, x1..xN, y (noise scales volatility)",
      1000, 4, 1, 1000, 1.0, 5},
     "the scale of every series' volatility", NN_COL_NUMERIC, 0, 1, fill_gbm},
};

enum { NKINDS = sizeof kinds / sizeof kinds[0] };

const nn_generate_kind *nn_generate_kind_at(int i)
{
    return i >= 0 && i < NKINDS ? &kinds[i].info : NULL;
}

const char *nn_generate_kind_name(int i)
{
    return i >= 0 && i < NKINDS ? kinds[i].info.name : NULL;
}

static const gen_kind *find_kind(const char *name)
{
    for (int i = 0; i < NKINDS; i++)
        if (strcasecmp(name, kinds[i].info.name) == 0)
            return &kinds[i];
    return NULL;
}

static int unknown_kind(const char *name, nn_error *err)
{
    char list[256] = "";
    size_t len = 0;
    for (int i = 0; i < NKINDS; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                i == 0 ? "" : i == NKINDS - 1 ? " or " : ", ", kinds[i].info.name);
    return nn_fail(err, "generate: unknown kind '%s': expected %s", name, list);
}

/* ---- arguments ---- */

static int check_args(const gen_kind *k, size_t rows, size_t features, double noise, nn_error *err)
{
    const nn_generate_kind *in = &k->info;
    if (rows < 1 || rows > MAX_ROWS)
        return nn_fail(err, "generate %s: rows=%zu: expected 1 to %d rows", in->name, rows, MAX_ROWS);
    if (features < in->min_features || features > in->max_features) {
        if (in->min_features == in->max_features)
            return nn_fail(err, "generate %s: features=%zu: %s has %zu feature%s", in->name, features,
                           in->name, in->min_features, in->min_features == 1 ? "" : "s");
        return nn_fail(err, "generate %s: features=%zu: expected %zu to %zu features", in->name,
                       features, in->min_features, in->max_features);
    }
    size_t cols = features + 1 + (size_t)k->dated;
    if (rows > MAX_CELLS / cols)
        return nn_fail(err, "generate %s: rows=%zu features=%zu: too large (at most %d values)",
                       in->name, rows, features, MAX_CELLS);
    if (in->max_noise == 0 && noise != 0)
        return nn_fail(err, "generate %s: noise=%g: %s has no noise", in->name, noise, in->name);
    if (!(noise >= 0 && noise <= in->max_noise))
        return nn_fail(err, "generate %s: noise=%g: expected 0 to %g (%s)", in->name, noise,
                       in->max_noise, k->noise_means);
    return 0;
}

/* ---- building the table ---- */

static int add_column(nn_table *t, const char *name, nn_col_type type)
{
    nn_column *c = &t->cols[t->ncols++];
    c->type = type;
    if (!(c->name = strdup(name)))
        return -1;
    if (type == NN_COL_DATE) {
        c->date_format = NN_DATE_ISO;
        return (c->times = malloc(t->nrows * sizeof *c->times)) ? 0 : -1;
    }
    return (c->values = malloc(t->nrows * sizeof *c->values)) ? 0 : -1;
}

/* Levels "0", "1", ... for a class target (booleans: "0" false, "1" true). */
static int add_levels(nn_column *c, size_t n)
{
    if (!(c->levels = calloc(n, sizeof *c->levels)))
        return -1;
    for (; c->nlevels < n; c->nlevels++)
        if (asprintf(&c->levels[c->nlevels], "%zu", c->nlevels) < 0)
            return -1;
    return 0;
}

static nn_table *new_table(const gen_kind *k, size_t rows, size_t features)
{
    nn_table *t = calloc(1, sizeof *t);
    if (!t || !(t->cols = calloc(features + 2, sizeof *t->cols))) {
        free(t);
        return NULL;
    }
    t->nrows = rows;
    int ok = !k->dated || add_column(t, "date", NN_COL_DATE) == 0;
    for (size_t j = 1; ok && j <= features; j++) {
        char name[32];
        snprintf(name, sizeof name, "x%zu", j);
        ok = add_column(t, name, NN_COL_NUMERIC) == 0;
    }
    ok = ok && add_column(t, "y", k->target) == 0;
    if (ok && k->target != NN_COL_NUMERIC)
        ok = add_levels(&t->cols[t->ncols - 1], k->target == NN_COL_BOOLEAN ? 2 : k->classes) == 0;
    if (!ok) {
        nn_table_free(t);
        return NULL;
    }
    return t;
}

/* Noise written as the shortest text that reads back the same. */
static void format_noise(double noise, char *buf, size_t len)
{
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, noise);
        if (nn_strtod_c(buf, NULL) == noise)
            return;
    }
}

static int set_source(nn_table *t, const gen_kind *k, double noise, uint64_t seed)
{
    char noise_text[32] = "";
    if (k->info.max_noise > 0) {
        memcpy(noise_text, " noise=", 8);
        format_noise(noise, noise_text + 7, sizeof noise_text - 7);
    }
    int n = asprintf(&t->source, "generate %s rows=%zu features=%zu%s seed=%" PRIu64, k->info.name,
                     t->nrows, t->ncols - 1 - (size_t)k->dated, noise_text, seed);
    if (n < 0)
        t->source = NULL;
    return n < 0 ? -1 : 0;
}

static nn_table *generate(const char *name, size_t rows, size_t features, double noise,
                          uint64_t seed, nn_error *err)
{
    const gen_kind *k = find_kind(name);
    if (!k) {
        unknown_kind(name, err);
        return NULL;
    }
    rows = rows == NN_GENERATE_DEFAULT ? k->info.rows : rows;
    features = features == NN_GENERATE_DEFAULT ? k->info.features : features;
    noise = isnan(noise) ? k->info.noise : noise;
    if (check_args(k, rows, features, noise, err) < 0)
        return NULL;
    nn_table *t = new_table(k, rows, features);
    float **x = malloc(features * sizeof *x);
    if (!t || !x || set_source(t, k, noise, seed) < 0) {
        nn_fail(err, "generate %s: out of memory", k->info.name);
        goto fail;
    }
    for (size_t j = 0; j < features; j++)
        x[j] = t->cols[j + (size_t)k->dated].values;
    gen g = {k->info.name, rows, features, noise, x, t->cols[t->ncols - 1].values,
             k->dated ? t->cols[0].times : NULL, {{0}}};
    nn_rng_seed(&g.rng, seed);
    if (k->fill(&g, err) < 0)
        goto fail;
    free(x);
    return t;
fail:
    free(x);
    nn_table_free(t);
    return NULL;
}

nn_table *nn_generate(const char *kind, size_t rows, size_t features, double noise, uint64_t seed,
                      nn_error *err)
{
    locale_t old = uselocale(nn_c_locale()); /* numbers in messages and source */
    nn_table *t = generate(kind, rows, features, noise, seed, err);
    uselocale(old);
    return t;
}
