/* Features: each source (a column's value, a category, a lag, a calendar
 * part) gives one value per row; imputation values, category levels and
 * scales are fitted on the training rows and then applied to every row. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/parse_date.h"
#include "prep.h"

static const char *const weekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Whether a source's values are indices of its fitted levels. */
static int has_levels(int kind)
{
    return kind == SRC_BOOLEAN || kind == SRC_ONEHOT || kind == SRC_ORDINAL || kind == SRC_CODES;
}

/* Whether a source gives one 0/1 feature per level. */
static int indicators(const fit_source *s)
{
    return s->kind == SRC_ONEHOT || s->kind == SRC_WEEKDAY || s->kind == SRC_MONTH ||
           s->kind == SRC_CODES;
}

/* Features a source produces (a category without levels in training: none). */
static size_t width(const fit_source *s)
{
    return indicators(s) ? s->nlevels : 1;
}

/* Whether a source's features are scaled (0/1 indicators are not). */
static int scaled(const fit_source *s)
{
    return s->kind == SRC_VALUE || s->kind == SRC_LAG || s->kind == SRC_ORDINAL;
}

/* ---- values of a source ---- */

static double lag_value(const prep *pp, int c, int as, size_t q)
{
    double v = prep_feature(pp, c, q);
    if (as == NN_WINDOW_LEVEL)
        return v;
    double before = prep_feature(pp, c, q - 1);
    switch (as) {
    case NN_WINDOW_DIFF:
        return v - before;
    case NN_WINDOW_RETURN: /* from 0 is no number, not an infinity that wrecks the scaler */
        return before != 0 ? v / before - 1 : NAN;
    default:
        return v > 0 && before > 0 ? log(v / before) : NAN;
    }
}

/* Index of each table level among the source's levels (-1: unseen). */
static int *level_map(const nn_column *col, const fit_source *s)
{
    int *map = malloc((col->nlevels ? col->nlevels : 1) * sizeof *map);
    for (size_t i = 0; map && i < col->nlevels; i++) {
        map[i] = -1;
        for (size_t k = 0; k < s->nlevels; k++)
            if (strcmp(col->levels[i], s->levels[k]) == 0)
                map[i] = (int)k;
    }
    return map;
}

/* The index of integer code x among the source's levels, or -1. */
static double code_index(const fit_source *s, double x)
{
    char name[32];
    locale_t old = uselocale(nn_c_locale());
    snprintf(name, sizeof name, "%.0f", x);
    uselocale(old);
    for (size_t k = 0; x == floor(x) && k < s->nlevels; k++)
        if (strcmp(s->levels[k], name) == 0)
            return (double)k;
    return -1;
}

/* One value per row in v; levels become the index of the fitted level
 * (-1 when unseen in training), missing values NAN. *unseen counts rows
 * with an unseen level and names the first one in first_unseen. */
static int source_values(const prep *pp, const fit_source *s, int c, double *v, size_t *unseen,
                         char *first_unseen, size_t len)
{
    const nn_column *col = c >= 0 ? &pp->t->cols[c] : NULL;
    int *map = has_levels(s->kind) && s->kind != SRC_CODES ? level_map(col, s) : NULL;
    if (has_levels(s->kind) && s->kind != SRC_CODES && !map)
        return -1;
    for (size_t r = 0; r < pp->n; r++) {
        size_t q = pp->pos[r];
        double x = s->kind == SRC_LAG ? lag_value(pp, c, s->as, q - (size_t)s->lag)
                                      : prep_feature(pp, c, q);
        if ((map || s->kind == SRC_CODES) && !isnan(x)) {
            double raw = x;
            x = map ? map[(size_t)x] : code_index(s, x);
            if (x < 0 && (*unseen)++ == 0) {
                if (map)
                    snprintf(first_unseen, len, "%s", col->levels[(size_t)raw]);
                else
                    snprintf(first_unseen, len, "%.7g", raw);
            }
        } else if ((s->kind == SRC_WEEKDAY || s->kind == SRC_MONTH) && !isnan(x)) {
            int year, month, day, weekday;
            nn_date_calendar(x, &year, &month, &day, &weekday);
            x = s->kind == SRC_WEEKDAY ? weekday : month - 1;
        }
        v[r] = x;
    }
    free(map);
    return 0;
}

/* ---- building the sources from the plan ---- */

static fit_source *add_source(nn_fit *fit, size_t *cap, int kind, const char *column)
{
    if (fit->nsources == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        fit_source *more = realloc(fit->sources, *cap * sizeof *more);
        if (!more)
            return NULL;
        fit->sources = more;
    }
    fit_source *s = &fit->sources[fit->nsources];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->fill = NAN;
    if (!(s->column = strdup(column)))
        return NULL;
    fit->nsources++;
    return s;
}

static int fixed_levels(fit_source *s, const char *const *names, size_t n)
{
    if (!(s->levels = calloc(n, sizeof *s->levels)))
        return -1;
    for (s->nlevels = 0; s->nlevels < n; s->nlevels++)
        if (!(s->levels[s->nlevels] = strdup(names[s->nlevels])))
            return -1;
    return 0;
}

static int plan_sources(const prep *pp, nn_fit *fit)
{
    const nn_plan *p = &pp->plan;
    size_t cap = 0;
    for (size_t c = 0; c < p->ncols; c++) {
        const plan_col *pc = &p->cols[c];
        const nn_column *col = &pp->t->cols[c];
        int windowed = pc->on && (pc->role == ROLE_FEATURE || pc->role == ROLE_TARGET);
        for (int lag = 0; windowed && lag < p->window_n; lag++) {
            fit_source *s = add_source(fit, &cap, SRC_LAG, col->name);
            if (!s)
                return -1;
            s->lag = lag;
            s->as = p->window_as;
        }
        if (windowed || pc->role != ROLE_FEATURE)
            continue;
        int kind = col->type == NN_COL_NUMERIC   ? (pc->codes ? SRC_CODES : SRC_VALUE)
                   : col->type == NN_COL_BOOLEAN ? SRC_BOOLEAN
                   : pc->encode == NN_ENCODE_ONEHOT ? SRC_ONEHOT
                                                    : SRC_ORDINAL;
        if (!add_source(fit, &cap, kind, col->name))
            return -1;
    }
    if (p->calendar_col >= 0) {
        const char *name = pp->t->cols[p->calendar_col].name;
        fit_source *s = add_source(fit, &cap, SRC_WEEKDAY, name);
        if (!s || fixed_levels(s, weekdays, 7) < 0)
            return -1;
        if (!(s = add_source(fit, &cap, SRC_MONTH, name)) || fixed_levels(s, months, 12) < 0)
            return -1;
    }
    return 0;
}

/* ---- fitting ---- */

/* The levels of column col present in the training rows, in table order
 * (booleans keep both labels, so 0 and 1 keep their meaning). */
static int fit_levels(const prep *pp, fit_source *s, int c)
{
    const nn_column *col = &pp->t->cols[c];
    unsigned char *seen = calloc(col->nlevels ? col->nlevels : 1, 1);
    if (!seen)
        return -1;
    for (size_t r = pp->begin[NN_PART_TRAIN]; r < pp->begin[NN_PART_TRAIN + 1]; r++) {
        double x = prep_value(pp, c, pp->pos[r]);
        if (!isnan(x))
            seen[(size_t)x] = 1;
    }
    s->levels = calloc(col->nlevels ? col->nlevels : 1, sizeof *s->levels);
    int ok = s->levels != NULL;
    for (size_t i = 0; ok && i < col->nlevels; i++)
        if (seen[i] || s->kind == SRC_BOOLEAN)
            ok = (s->levels[s->nlevels++] = strdup(col->levels[i])) != NULL;
    free(seen);
    return ok ? 0 : -1;
}

/* The distinct integer codes of the training rows, ascending, as text. */
static int fit_codes(const prep *pp, fit_source *s, int c, double *buf)
{
    size_t m = 0;
    for (size_t r = pp->begin[NN_PART_TRAIN]; r < pp->begin[NN_PART_TRAIN + 1]; r++) {
        double x = prep_value(pp, c, pp->pos[r]);
        if (!isnan(x))
            buf[m++] = x;
    }
    fit_sort(buf, m);
    if (!(s->levels = calloc(m ? m : 1, sizeof *s->levels)))
        return -1;
    locale_t old = uselocale(nn_c_locale());
    int ok = 1;
    for (size_t i = 0; ok && i < m; i++)
        if (i == 0 || buf[i] != buf[i - 1])
            ok = asprintf(&s->levels[s->nlevels++], "%.0f", buf[i]) >= 0;
    uselocale(old);
    if (!ok)
        s->levels[--s->nlevels] = NULL; /* asprintf leaves it undefined */
    return ok ? 0 : -1;
}

static int impute_method(const nn_plan *p, int c)
{
    if (c >= 0 && p->cols[c].impute != NN_IMPUTE_NONE)
        return p->cols[c].impute;
    return p->all_impute;
}

/* Most frequent value (ties: the smallest). v is sorted. */
static double mode_sorted(const double *v, size_t n)
{
    double best = NAN;
    size_t best_run = 0;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && v[j] == v[i]; j++)
            ;
        if (j - i > best_run)
            best_run = j - i, best = v[i];
    }
    return best;
}

/* Present training values of v, sorted, into buf; returns how many. */
static size_t training_values(const prep *pp, const double *v, double *buf)
{
    size_t m = 0;
    for (size_t r = pp->begin[NN_PART_TRAIN]; r < pp->begin[NN_PART_TRAIN + 1]; r++)
        if (!isnan(v[r]))
            buf[m++] = v[r];
    fit_sort(buf, m);
    return m;
}

static double fill_value(const prep *pp, const fit_source *s, int c, const double *sorted, size_t m)
{
    int how = impute_method(&pp->plan, c);
    if (has_levels(s->kind)) /* levels: only the mode makes sense; -1 (unseen) never counts */
        return how == NN_IMPUTE_NONE || how == NN_IMPUTE_FFILL || how == NN_IMPUTE_DROP
                   ? NAN
                   : mode_sorted(sorted, m);
    switch (how) {
    case NN_IMPUTE_MEAN:
        return fit_mean(sorted, m);
    case NN_IMPUTE_MEDIAN:
        return fit_quantile_sorted(sorted, m, 0.5);
    case NN_IMPUTE_MODE:
        return mode_sorted(sorted, m);
    case NN_IMPUTE_CONSTANT:
        return c >= 0 && pp->plan.cols[c].impute == NN_IMPUTE_CONSTANT ? pp->plan.cols[c].fill
                                                                        : pp->plan.all_fill;
    default:
        return NAN;
    }
}

static char *feature_name(const fit_source *s, size_t k)
{
    char *name = NULL;
    int rc;
    switch (s->kind) {
    case SRC_LAG:
        rc = s->as == NN_WINDOW_LEVEL
                 ? asprintf(&name, "%s[t-%d]", s->column, s->lag)
                 : asprintf(&name, "%s.%s[t-%d]", s->column, nn_window_as_name(s->as), s->lag);
        break;
    case SRC_ONEHOT:
    case SRC_CODES:
        rc = asprintf(&name, "%s=%s", s->column, s->levels[k]);
        break;
    case SRC_WEEKDAY:
    case SRC_MONTH:
        rc = asprintf(&name, "%s.%s=%s", s->column, s->kind == SRC_WEEKDAY ? "weekday" : "month",
                      s->levels[k]);
        break;
    default:
        rc = asprintf(&name, "%s", s->column);
    }
    return rc < 0 ? NULL : name;
}

static int grow_features(nn_fit *fit, size_t extra)
{
    size_t n = fit->nfeatures + extra;
    char **names = realloc(fit->names, (n ? n : 1) * sizeof *names);
    if (names)
        fit->names = names;
    double *center = realloc(fit->center, (n ? n : 1) * sizeof *center);
    if (center)
        fit->center = center;
    double *scale = realloc(fit->scale, (n ? n : 1) * sizeof *scale);
    if (scale)
        fit->scale = scale;
    return names && center && scale ? 0 : -1;
}

/* Fits one source: levels, fill, and the centre/scale of its features. */
static int fit_source_stats(const prep *pp, nn_fit *fit, fit_source *s, int c, double *v,
                            double *buf)
{
    if ((s->kind == SRC_ONEHOT || s->kind == SRC_ORDINAL || s->kind == SRC_BOOLEAN) &&
        fit_levels(pp, s, c) < 0)
        return -1;
    if (s->kind == SRC_CODES && fit_codes(pp, s, c, buf) < 0)
        return -1;
    size_t unseen = 0;
    char first[64];
    if (source_values(pp, s, c, v, &unseen, first, sizeof first) < 0)
        return -1;
    size_t m = training_values(pp, v, buf);
    s->fill = fill_value(pp, s, c, buf, m);
    if (!isnan(s->fill) && scaled(s)) { /* scale what the model will see: filled values */
        for (size_t r = pp->begin[NN_PART_TRAIN]; r < pp->begin[NN_PART_TRAIN + 1]; r++)
            if (isnan(v[r]))
                v[r] = s->fill;
        m = training_values(pp, v, buf);
    }
    s->first = fit->nfeatures;
    s->count = width(s);
    if (grow_features(fit, s->count) < 0)
        return -1;
    for (size_t k = 0; k < s->count; k++, fit->nfeatures++) {
        size_t f = fit->nfeatures;
        if (!(fit->names[f] = feature_name(s, k)))
            return -1;
        fit->center[f] = 0, fit->scale[f] = 1;
        if (scaled(s))
            fit_scale(pp->plan.scale, buf, m, &fit->center[f], &fit->scale[f]);
    }
    return 0;
}

int features_fit(prep *pp, nn_fit *fit, nn_error *err)
{
    double *v = malloc((pp->n ? pp->n : 1) * sizeof *v);
    double *buf = malloc((pp->n ? pp->n : 1) * sizeof *buf);
    int rc = v && buf && plan_sources(pp, fit) == 0 ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < fit->nsources; i++) {
        fit_source *s = &fit->sources[i];
        int c = nn_table_find(pp->t, s->column);
        rc = fit_source_stats(pp, fit, s, c, v, buf);
    }
    free(v), free(buf);
    if (rc == 0 && fit->nfeatures == 0)
        return nn_fail(err, "no features: every column is dropped, the target or not usable");
    return rc < 0 ? nn_fail(err, "out of memory") : 0;
}

/* ---- writing the matrix ---- */

static int check_column(const prep *pp, const fit_source *s, int c, nn_error *err)
{
    const char *file = pp->t->source ? pp->t->source : "the data";
    if (c < 0)
        return nn_fail(err, "column '%s', used by the model, is not in %s", s->column, file);
    nn_col_type type = pp->t->cols[c].type;
    int want_levels = has_levels(s->kind) && s->kind != SRC_CODES;
    int want_date = s->kind == SRC_WEEKDAY || s->kind == SRC_MONTH;
    int is_levels = type == NN_COL_BOOLEAN || type == NN_COL_CATEGORICAL || type == NN_COL_TEXT;
    if (want_levels ? !is_levels : want_date ? type != NN_COL_DATE : type != NN_COL_NUMERIC)
        return nn_fail(err, "column '%s' in %s is %s, but the model was trained on %s values",
                       s->column, file, nn_col_type_name(type),
                       want_levels ? "categorical" : want_date ? "date" : "numeric");
    return 0;
}

static void write_source(const prep *pp, const nn_fit *fit, const fit_source *s, const double *v,
                         nn_prepared *out)
{
    size_t F = fit->nfeatures;
    for (size_t r = 0; r < pp->n; r++) {
        double x = isnan(v[r]) ? s->fill : v[r];
        float *row = out->x + r * F + s->first;
        if (indicators(s)) { /* one-hot, even of one level: unseen (-1) gives zeros; missing
                              * (nothing imputes it) NANs, so that no row passes for complete */
            for (size_t k = 0; k < s->count; k++)
                row[k] = isnan(x) ? NAN : x == (double)k;
            if (isnan(x) && s->count)
                out->missing[s->first]++;
            continue;
        }
        if (x < 0 && has_levels(s->kind)) /* unseen category: the fitted fill */
            x = s->fill;
        double scaled_x = (x - fit->center[s->first]) / fit->scale[s->first];
        row[0] = (float)scaled_x;
        if (isnan(scaled_x))
            out->missing[s->first]++;
    }
}

int features_write(const prep *pp, const nn_fit *fit, nn_prepared *out, nn_error *err)
{
    size_t F = fit->nfeatures;
    out->nfeatures = F;
    out->x = malloc((pp->n * F + 1) * sizeof *out->x);
    out->missing = calloc(F ? F : 1, sizeof *out->missing);
    out->feature_names = calloc(F ? F : 1, sizeof *out->feature_names);
    double *v = malloc((pp->n ? pp->n : 1) * sizeof *v);
    int rc = out->x && out->missing && out->feature_names && v ? 0 : nn_fail(err, "out of memory");
    for (size_t f = 0; rc == 0 && f < F; f++)
        if (!(out->feature_names[f] = strdup(fit->names[f])))
            rc = nn_fail(err, "out of memory");
    for (size_t i = 0; rc == 0 && i < fit->nsources; i++) {
        const fit_source *s = &fit->sources[i];
        int c = nn_table_find(pp->t, s->column);
        size_t unseen = 0;
        char first[256] = "";
        if ((rc = check_column(pp, s, c, err)) < 0)
            break;
        if (source_values(pp, s, c, v, &unseen, first, sizeof first) < 0)
            rc = nn_fail(err, "out of memory");
        else
            write_source(pp, fit, s, v, out);
        if (unseen)
            nn_notes_add(pp->notes,
                         "column '%s': %zu rows have categories not seen in training (first: '%s'); "
                         "encoded as %s",
                         s->column, unseen, first,
                         indicators(s)     ? "all zeros"
                         : isnan(s->fill) ? "missing (no imputation fitted)"
                                          : "the training fill value");
    }
    free(v);
    return rc;
}
