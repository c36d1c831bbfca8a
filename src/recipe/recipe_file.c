/* A recipe as text, to travel inside a model file: the source columns,
 * the steps, and the statistics fitted on the training rows, with
 * numbers in %.17g so that a loaded recipe prepares bit-identical data.
 *
 *   nnwb-recipe 1
 *   column price numeric
 *   step window 12 on=price as=logreturn horizon=1 by=symbol
 *   fit regression 0.0123 0.0871          (task, y centre, y scale: one pair
 *                                          per target of a regression)
 *   class yes                             (classifications)
 *   source lag price 3 logreturn nan 0    (kind column lag as fill levels)
 *   level AAPL                            (the source's levels, if any)
 *   feature price.logreturn[t-3] 0.01 0.08  (name centre scale)
 *   clip income 0.01 0.99 1.2 88.5 923 9 10  (winsorize: column, quantiles,
 *                                    bounds, training values, below, above)
 *   end
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/parse_date.h"
#include "table/parse_number.h"
#include "prep.h"

static const char *const source_kinds[] = {"value", "boolean", "onehot", "ordinal",
                                           "lag", "weekday", "month", "codes"};
enum { NSOURCE_KINDS = sizeof source_kinds / sizeof source_kinds[0] };

static void put_fit(FILE *f, const nn_fit *fit)
{
    fprintf(f, "fit %s", nn_task_name(fit->task));
    for (size_t j = 0; j < fit->ny; j++)
        fprintf(f, " %.17g %.17g", fit->y_center[j], fit->y_scale[j]);
    fputc('\n', f);
    for (size_t k = 0; k < fit->nclasses; k++) {
        fputs("class ", f);
        text_put_word(f, fit->classes[k]);
        fputc('\n', f);
    }
    for (size_t i = 0; i < fit->nsources; i++) {
        const fit_source *s = &fit->sources[i];
        fprintf(f, "source %s ", source_kinds[s->kind]);
        text_put_word(f, s->column);
        fprintf(f, " %d %s %.17g %zu\n", s->lag, nn_window_as_name(s->as), s->fill, s->nlevels);
        for (size_t k = 0; k < s->nlevels; k++) {
            fputs("level ", f);
            text_put_word(f, s->levels[k]);
            fputc('\n', f);
        }
        for (size_t j = s->first; j < s->first + s->count; j++) {
            fputs("feature ", f);
            text_put_word(f, fit->names[j]);
            fprintf(f, " %.17g %.17g\n", fit->center[j], fit->scale[j]);
        }
    }
    for (size_t i = 0; i < fit->nclips; i++) {
        const fit_clip *c = &fit->clips[i];
        fputs("clip ", f);
        text_put_word(f, c->column);
        fprintf(f, " %.17g %.17g %.17g %.17g %zu %zu %zu\n", c->lower, c->upper, c->lo, c->hi,
                c->count, c->below, c->above);
    }
}

char *nn_recipe_format(const nn_recipe *r)
{
    text_builder b;
    FILE *f = text_open(&b);
    if (!f)
        return NULL;
    fputs("nnwb-recipe 1\n", f);
    for (size_t i = 0; i < r->nschema; i++) {
        fputs("column ", f);
        text_put_word(f, r->schema[i].name);
        fprintf(f, " %s", nn_col_type_name(r->schema[i].type));
        if (r->schema[i].type == NN_COL_DATE)
            fprintf(f, " %d %d", r->schema[i].date_format, r->schema[i].has_time);
        fputc('\n', f);
    }
    for (size_t i = 0; i < r->nsteps; i++)
        fprintf(f, "step %s\n", r->texts[i]);
    if (r->fit)
        put_fit(f, r->fit);
    fputs("end\n", f);
    return text_close(&b);
}

/* ---- reading ---- */

typedef struct reader {
    nn_recipe *r;
    nn_fit *fit;
    fit_source *source; /* the last source read */
    size_t levels_left; /* level lines the last source still announces */
    int line;
} reader;

static int lookup(const char *const *names, int n, const char *word)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], word) == 0)
            return i;
    return -1;
}

static int number(const char *word, double *out)
{
    char *end;
    *out = nn_strtod_c(word, &end);
    return end != word && *end == '\0' ? 0 : -1;
}

/* A whole number in [lo, hi]. */
static int whole(const char *word, double lo, double hi, double *out)
{
    return number(word, out) == 0 && *out >= lo && *out <= hi && *out == floor(*out) ? 0 : -1;
}

static int push_string(char ***list, size_t *n, const char *word)
{
    char **more = realloc(*list, (*n + 1) * sizeof *more);
    if (!more)
        return -1;
    *list = more;
    return (more[*n] = strdup(word)) ? (int)(++*n, 0) : -1;
}

static int read_column(reader *rd, char **w, int n)
{
    int type = n >= 3 ? nn_col_type_parse(w[2]) : -1;
    double format = 0, has_time = 0; /* they index tables in the loader: check them */
    int date = type == NN_COL_DATE;
    if (type < 0 || (date && (n != 5 || whole(w[3], 0, NN_DATE_FORMAT_COUNT - 1, &format) ||
                              whole(w[4], 0, 1, &has_time))))
        return -1;
    schema_col *more = realloc(rd->r->schema, (rd->r->nschema + 1) * sizeof *more);
    if (!more)
        return -1;
    rd->r->schema = more;
    schema_col *c = &more[rd->r->nschema];
    *c = (schema_col){strdup(w[1]), type, (int)format, (int)has_time};
    if (!c->name)
        return -1;
    rd->r->nschema++;
    return 0;
}

static int read_step(reader *rd, const char *line, nn_error *err)
{
    nn_step s;
    if (step_parse(line, &s, err) < 0)
        return -1;
    nn_step *steps = realloc(rd->r->steps, (rd->r->nsteps + 1) * sizeof *steps);
    if (steps)
        rd->r->steps = steps;
    char **texts = realloc(rd->r->texts, (rd->r->nsteps + 1) * sizeof *texts);
    if (texts)
        rd->r->texts = texts;
    char *text = step_format(&s);
    if (!steps || !texts || !text) {
        free(text);
        step_clear(&s);
        return -1;
    }
    steps[rd->r->nsteps] = s;
    texts[rd->r->nsteps++] = text;
    return 0;
}

static int read_fit(reader *rd, char **w, int n)
{
    int pairs = n >= 4 && n % 2 == 0 ? (n - 2) / 2 : 0;
    int task = lookup((const char *const[]){"regression", "binary", "multiclass"}, 3, pairs ? w[1] : "");
    if (task < 0 || pairs > NN_MAX_TARGETS || (pairs > 1 && task != NN_TASK_REGRESSION) || rd->fit ||
        !(rd->fit = calloc(1, sizeof *rd->fit)))
        return -1;
    rd->fit->task = task;
    rd->fit->ny = (size_t)pairs;
    for (int j = 0; j < pairs; j++) {
        double *center = &rd->fit->y_center[j], *scale = &rd->fit->y_scale[j];
        if (number(w[2 + 2 * j], center) || number(w[3 + 2 * j], scale) || !isfinite(*center) ||
            !isfinite(*scale) || *scale == 0)
            return -1;
    }
    return 0;
}

static int read_source(reader *rd, char **w, int n)
{
    nn_fit *fit = rd->fit;
    int kind = n == 7 ? lookup(source_kinds, NSOURCE_KINDS, w[1]) : -1;
    double lag, fill, nlevels;
    /* range-checked before they become integers */
    if (!fit || kind < 0 || rd->levels_left || whole(w[3], 0, 10000, &lag) || number(w[5], &fill) ||
        isinf(fill) || whole(w[6], 0, 1e9, &nlevels)) /* a NaN fill means none */
        return -1;
    fit_source *more = realloc(fit->sources, (fit->nsources + 1) * sizeof *more);
    if (!more)
        return -1;
    fit->sources = more;
    fit_source *s = rd->source = &more[fit->nsources];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->lag = (int)lag;
    s->fill = fill;
    s->first = fit->nfeatures;
    rd->levels_left = (size_t)nlevels;
    for (s->as = 0; s->as < NN_WINDOW_COUNT && strcmp(nn_window_as_name(s->as), w[4]) != 0; s->as++)
        ;
    if (!(s->column = strdup(w[2])))
        return -1;
    fit->nsources++;
    return s->as < NN_WINDOW_COUNT ? 0 : -1;
}

static int read_feature(reader *rd, char **w, int n)
{
    nn_fit *fit = rd->fit;
    double center, scale;
    if (!rd->source || n != 4 || number(w[2], &center) || number(w[3], &scale) || !isfinite(center) ||
        !isfinite(scale) || scale == 0)
        return -1;
    double *c = realloc(fit->center, (fit->nfeatures + 1) * sizeof *c);
    if (c)
        fit->center = c;
    double *s = realloc(fit->scale, (fit->nfeatures + 1) * sizeof *s);
    if (s)
        fit->scale = s;
    size_t before = fit->nfeatures;
    if (!c || !s || push_string(&fit->names, &before, w[1]) < 0)
        return -1;
    c[fit->nfeatures] = center, s[fit->nfeatures] = scale;
    fit->nfeatures++;
    rd->source->count++;
    return 0;
}

static int read_clip(reader *rd, char **w, int n)
{
    nn_fit *fit = rd->fit;
    double q[4], count[3];
    for (int i = 0; n == 9 && i < 4; i++)
        if (number(w[2 + i], &q[i]) || !isfinite(q[i]))
            return -1;
    for (int i = 0; n == 9 && i < 3; i++)
        if (whole(w[6 + i], 0, 1e15, &count[i]))
            return -1;
    if (!fit || n != 9 || !(q[0] >= 0 && q[0] < q[1] && q[1] <= 1 && q[2] <= q[3]))
        return -1;
    fit_clip *more = realloc(fit->clips, (fit->nclips + 1) * sizeof *more);
    if (!more)
        return -1;
    fit->clips = more;
    fit_clip *c = &more[fit->nclips];
    *c = (fit_clip){strdup(w[1]), q[0], q[1], q[2], q[3], (size_t)count[0], (size_t)count[1],
                    (size_t)count[2]};
    return c->column ? (int)(fit->nclips++, 0) : -1;
}

static int read_line(reader *rd, const char *line, nn_error *err)
{
    if (strncmp(line, "step ", 5) == 0)
        return read_step(rd, line + 5, err);
    char **w;
    int n = text_split(line, &w, err), rc = -1;
    if (n < 1) {
        rc = n < 0 ? -1 : 0;
    } else if (strcmp(w[0], "column") == 0) {
        rc = read_column(rd, w, n);
    } else if (strcmp(w[0], "fit") == 0) {
        rc = read_fit(rd, w, n);
    } else if (strcmp(w[0], "class") == 0 && n == 2 && rd->fit) {
        rc = push_string(&rd->fit->classes, &rd->fit->nclasses, w[1]);
    } else if (strcmp(w[0], "source") == 0) {
        rc = read_source(rd, w, n);
    } else if (strcmp(w[0], "level") == 0 && n == 2 && rd->source && rd->levels_left) {
        rd->levels_left--;
        rc = push_string(&rd->source->levels, &rd->source->nlevels, w[1]);
    } else if (strcmp(w[0], "feature") == 0) {
        rc = read_feature(rd, w, n);
    } else if (strcmp(w[0], "clip") == 0) {
        rc = read_clip(rd, w, n);
    }
    if (n >= 0) /* a blank line has words too: an empty list */
        text_free_words(w, n);
    return rc;
}

/* "nnwb-recipe 1" and its line end: the text after it, or NULL. */
static const char *after_header(const char *text)
{
    if (strncmp(text, "nnwb-recipe 1", 13) != 0)
        return NULL;
    text += 13 + (text[13] == '\r');
    return *text == '\n' ? text + 1 : NULL;
}

/* Reads lines up to "end" (line ends \n or \r\n). Returns 0 or -1. */
static int read_lines(reader *rd, const char *p, nn_error *err)
{
    int ended = 0, bad = 0;
    for (rd->line = 2; !bad && !ended && *p; rd->line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = strndup(p, len - (len && p[len - 1] == '\r'));
        if (!line)
            bad = 1;
        else if (strcmp(line, "end") == 0)
            ended = 1;
        else if (read_line(rd, line, err) < 0)
            bad = 1;
        if (bad && line && strncmp(line, "step ", 5) != 0)
            nn_fail(err, "recipe line %d: cannot read '%.60s'", rd->line, line);
        free(line);
        p = nl ? nl + 1 : p + len;
    }
    if (!bad && !ended)
        return nn_fail(err, "recipe: truncated (no 'end' line)");
    if (!bad && p[strspn(p, "\r\n")])
        return nn_fail(err, "recipe line %d: text after the 'end' line", rd->line);
    if (!bad && rd->levels_left)
        return nn_fail(err, "recipe: source '%s' lacks %zu of its levels", rd->source->column,
                       rd->levels_left);
    return bad ? -1 : 0;
}

/* A lag must lie within the window the steps build (else it reads before
 * its series, or before the data), and be of the same kind. */
static int check_lag(const nn_recipe *r, const fit_source *s, nn_error *err)
{
    const nn_step *w = step_last_window(r->steps, r->nsteps);
    if (!w)
        return nn_fail(err, "recipe: source '%s' is a lag but no step is a window", s->column);
    if (s->lag >= w->n || s->as != w->method)
        return nn_fail(err, "recipe: source '%s' lag %d %s does not fit `window %d as=%s`", s->column,
                       s->lag, nn_window_as_name(s->as), w->n, nn_window_as_name(w->method));
    return 0;
}

/* The fitted statistics agree with themselves and with the steps. */
static int check_fit(const nn_recipe *r, const nn_fit *fit, nn_error *err)
{
    if (fit->nfeatures == 0)
        return nn_fail(err, "recipe: fitted statistics without features");
    if (fit->task == NN_TASK_REGRESSION ? fit->nclasses != 0
                                        : fit->nclasses < 2 || (fit->task == NN_TASK_BINARY && fit->nclasses != 2))
        return nn_fail(err, "recipe: a %s fit with %zu classes", nn_task_name(fit->task), fit->nclasses);
    for (size_t k = 0; k < fit->nclasses; k++)
        for (size_t j = 0; j < k; j++)
            if (strcmp(fit->classes[j], fit->classes[k]) == 0)
                return nn_fail(err, "recipe: class '%s' is listed twice", fit->classes[k]);
    for (size_t i = 0; i < fit->nsources; i++) {
        const fit_source *s = &fit->sources[i];
        int per_level = s->kind == SRC_ONEHOT || s->kind == SRC_WEEKDAY || s->kind == SRC_MONTH ||
                        s->kind == SRC_CODES;
        for (size_t k = 0; k < s->nlevels; k++)
            for (size_t j = 0; j < k; j++)
                if (strcmp(s->levels[j], s->levels[k]) == 0)
                    return nn_fail(err, "recipe: source '%s' lists level '%s' twice", s->column,
                                   s->levels[k]);
        size_t want = per_level ? s->nlevels : 1;
        if (s->count != want)
            return nn_fail(err, "recipe: source '%s' has %zu features, expected %zu", s->column,
                           s->count, want);
        if (s->kind == SRC_LAG && check_lag(r, s, err) < 0)
            return -1;
    }
    return 0;
}

static int has_column(const nn_recipe *r, const char *name)
{
    for (size_t i = 0; i < r->nschema; i++)
        if (strcmp(r->schema[i].name, name) == 0)
            return 1;
    return 0;
}

/* Every column a step names is one of the recipe's own columns, and
 * fitted statistics come with the target step that says what they learnt
 * to predict. */
static int check_steps(const nn_recipe *r, const nn_fit *fit, nn_error *err)
{
    for (size_t i = 0; i < r->nsteps; i++) {
        const nn_step *s = &r->steps[i];
        for (size_t c = 0; c <= s->ncols; c++) {
            const char *name = c < s->ncols ? s->cols[c] : s->by;
            if (name && !has_column(r, name))
                return nn_fail(err, "recipe: step '%s' names column '%s', which the recipe's "
                                    "columns do not have", r->texts[i], name);
        }
    }
    const nn_step *target = step_last_target(r->steps, r->nsteps);
    if (fit && !target)
        return nn_fail(err, "recipe: a %s fit but no target step", nn_task_name(fit->task));
    if (fit && target->ncols != fit->ny)
        return nn_fail(err, "recipe: a fit of %zu targets but the target step names %zu", fit->ny,
                       target->ncols);
    return 0;
}

nn_recipe *nn_recipe_parse(const char *text, nn_error *err)
{
    const char *p = text ? after_header(text) : NULL;
    if (!p) {
        nn_fail(err, "recipe: expected 'nnwb-recipe 1' on its first line");
        return NULL;
    }
    reader rd = {.r = nn_recipe_new()};
    if (!rd.r) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    int bad = read_lines(&rd, p, err) < 0 || (rd.fit && check_fit(rd.r, rd.fit, err) < 0) ||
              check_steps(rd.r, rd.fit, err) < 0;
    rd.r->fit = rd.fit;
    if (bad) {
        nn_recipe_free(rd.r);
        return NULL;
    }
    return rd.r;
}

nn_table *nn_recipe_schema(const nn_recipe *r)
{
    nn_table *t = calloc(1, sizeof *t);
    if (!t || !(t->cols = calloc(r->nschema ? r->nschema : 1, sizeof *t->cols))) {
        free(t);
        return NULL;
    }
    for (size_t i = 0; i < r->nschema; i++, t->ncols++) {
        nn_column *c = &t->cols[i];
        c->type = r->schema[i].type;
        c->date_format = r->schema[i].date_format;
        c->has_time = r->schema[i].has_time;
        if (!(c->name = strdup(r->schema[i].name))) {
            nn_table_free(t);
            return NULL;
        }
    }
    return t;
}
