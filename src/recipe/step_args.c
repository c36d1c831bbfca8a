/* A step's arguments, whatever its kind: read from the words of its text
 * form or from a command, written back as words, copied and freed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/c_locale.h"
#include "step.h"

void step_clear(nn_step *s)
{
    for (size_t i = 0; i < s->ncols; i++)
        free(s->cols[i]);
    free(s->cols);
    free(s->by);
    memset(s, 0, sizeof *s);
}

int step_copy(nn_step *dst, const nn_step *src)
{
    *dst = *src;
    dst->cols = calloc(src->ncols ? src->ncols : 1, sizeof *dst->cols);
    dst->by = src->by ? strdup(src->by) : NULL;
    dst->ncols = 0;
    int ok = dst->cols && (!src->by || dst->by);
    for (size_t i = 0; ok && i < src->ncols; i++, dst->ncols++)
        ok = (dst->cols[i] = strdup(src->cols[i])) != NULL;
    if (!ok)
        step_clear(dst);
    return ok ? 0 : -1;
}

char *step_format(const nn_step *s)
{
    text_builder b;
    FILE *f = text_open(&b);
    if (!f)
        return NULL;
    fputs(s->kind->info.name, f);
    s->kind->format(s, f);
    return text_close(&b);
}

/* ---- reading words ---- */

int step_lookup(const char *const *names, int n, const char *word)
{
    for (int i = 0; i < n; i++)
        if (strcasecmp(names[i], word) == 0)
            return i;
    return -1;
}

int step_bad_choice(nn_error *err, const char *step, const char *what, const char *word,
                    const char *const *names, int n)
{
    char list[160] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, names[i], sizeof list - strlen(list) - 1);
    }
    return nn_fail(err, "%s: unknown %s '%s' (expected one of: %s)", step, what, word, list);
}

const char *step_keyed(const char *word, const char *key)
{
    size_t n = strlen(key);
    return strncmp(word, key, n) == 0 && word[n] == '=' ? word + n + 1 : NULL;
}

int step_number(const char *step, const char *key, const char *text, double *out, nn_error *err)
{
    char *end;
    *out = nn_strtod_c(text, &end);
    if (end == text || *end || !isfinite(*out))
        return nn_fail(err, "%s: %s=%s is not a number", step, key, text);
    return 0;
}

int step_take_columns(nn_step *s, char **words, int n)
{
    s->cols = calloc(n ? (size_t)n : 1, sizeof *s->cols);
    if (!s->cols)
        return -1;
    for (int i = 0; i < n; i++) {
        if (!(s->cols[i] = strdup(words[i])))
            return -1;
        s->ncols = (size_t)i + 1;
    }
    return 0;
}

int step_add_column(nn_step *s, const char *word)
{
    char **more = realloc(s->cols, (s->ncols + 1) * sizeof *more);
    if (!more)
        return -1;
    s->cols = more;
    return (more[s->ncols] = strdup(word)) ? (int)(s->ncols++, 0) : -1;
}

int step_set_by(nn_step *s, const char *key)
{
    free(s->by);
    return (s->by = strdup(key)) ? 0 : -1;
}

int step_with_columns(nn_step *s, const char *const *cols, size_t n, nn_error *err)
{
    if (step_take_columns(s, (char **)cols, (int)n) < 0) {
        step_clear(s);
        return nn_fail(err, "out of memory");
    }
    return 0;
}

int step_with_columns_by(nn_step *s, const char *const *cols, size_t n, const char *by,
                         nn_error *err)
{
    if (step_with_columns(s, cols, n, err) < 0)
        return -1;
    if (by && step_set_by(s, by) < 0) {
        step_clear(s);
        return nn_fail(err, "out of memory");
    }
    return 0;
}

/* ---- writing words ---- */

/* The shortest text that reads back as the same double: 0.6, not
 * 0.59999999999999998, and still exact for a saved recipe. */
void step_put_number(FILE *f, const char *prefix, double v)
{
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (nn_strtod_c(buf, NULL) == v)
            break;
    }
    fprintf(f, "%s%s", prefix, buf);
}

void step_put_columns(const nn_step *s, FILE *f, const char *prefix)
{
    for (size_t i = 0; i < s->ncols; i++) {
        fprintf(f, " %s", prefix);
        text_put_word(f, s->cols[i]);
    }
}

void step_put_by(const nn_step *s, FILE *f)
{
    if (s->by) {
        fputs(" by=", f);
        text_put_word(f, s->by);
    }
}

/* ---- reading a command's arguments ---- */

const char *step_arg(const nn_step_args *a, const char *name) { return a->str(a->call, name); }

size_t step_arg_list(const nn_step_args *a, const char *name, const char *const **values)
{
    return a->list(a->call, name, values);
}

int step_arg_given(const nn_step_args *a, const char *name)
{
    const char *const *values;
    return step_arg_list(a, name, &values) > 0;
}

long step_arg_int(const nn_step_args *a, const char *name) { return nn_arg_int(step_arg(a, name)); }

double step_arg_number(const nn_step_args *a, const char *name)
{
    return nn_arg_number(step_arg(a, name));
}

/* ---- the table ---- */

int step_column(const char *step, const nn_table *t, const char *name, nn_error *err)
{
    int c = nn_table_find(t, name);
    if (c < 0)
        nn_fail(err, "%s: no column '%s' in %s", step, name, t->source ? t->source : "the data");
    return c;
}

const nn_step *step_last_of(const nn_step *steps, size_t n, const step_kind *kind)
{
    for (size_t i = n; i-- > 0;)
        if (steps[i].kind == kind)
            return &steps[i];
    return NULL;
}
