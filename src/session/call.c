/* Binding the words of a command line to a command's argument specs, and
 * checking each value, so handlers only ever see valid arguments and a
 * mistake is reported naming the command, the argument and what was
 * expected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "call.h"
#include "engine/arg_spec.h"

typedef struct values {
    const char **v;
    size_t n;
} values;

struct nn_call {
    const nn_command *cmd;
    size_t nspecs;
    values *vals;          /* per spec */
    values extra_keys, extra_values;
    char **owned;          /* pieces of split lists and canonical choices */
    size_t nowned;
};

static int push(values *vs, const char *v)
{
    const char **more = realloc(vs->v, (vs->n + 1) * sizeof *more);
    if (!more)
        return -1;
    vs->v = more;
    vs->v[vs->n++] = v;
    return 0;
}

static char *own(nn_call *c, char *s)
{
    char **more = s ? realloc(c->owned, (c->nowned + 1) * sizeof *more) : NULL;
    if (!more) {
        free(s);
        return NULL;
    }
    c->owned = more;
    return c->owned[c->nowned++] = s;
}

/* The canonical choice equal to word, case-insensitive, or NULL. */
static char *choice_of(const char *choices, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = choices; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncasecmp(p, word, n) == 0)
            return strndup(p, len);
        p += len + (bar != NULL);
    }
    return NULL;
}

static size_t split_names(const char *names, const char **out, size_t max, char *buf, size_t len)
{
    snprintf(buf, len, "%s", names);
    size_t n = 0;
    for (char *save = NULL, *w = strtok_r(buf, "|", &save); w && n < max; w = strtok_r(NULL, "|", &save))
        out[n++] = w;
    return n;
}

static int unknown_key(const nn_call *c, const char *key, nn_error *err)
{
    const char *names[64];
    char buf[64][32];
    size_t n = 0;
    for (size_t i = 0; i < c->nspecs && n < 64; i++)
        n += split_names(c->cmd->args[i].name, names + n, 64 - n, buf[n], sizeof buf[n]);
    const char *near = nn_suggest(key, names, n);
    return nn_fail(err, "%s: unknown argument '%s'%s%s%s", c->cmd->name, key,
                   near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
}

static int check_value(nn_call *c, size_t i, const char **v, const nn_bind_context *ctx,
                       nn_error *err)
{
    const nn_arg_spec *spec = &c->cmd->args[i];
    switch (spec->type) {
    case NN_ARG_INT:
    case NN_ARG_NUMBER:
        return nn_arg_check_number(spec, c->cmd->name, *v, err);
    case NN_ARG_CHOICE: {
        char *canon = choice_of(spec->choices, *v);
        if (!canon) {
            const char *names[32];
            char buf[256];
            const char *near = nn_suggest(*v, names, split_names(spec->choices, names, 32, buf, sizeof buf));
            return nn_fail(err, "%s: %s=%s: expected one of %s%s%s%s", c->cmd->name, spec->name, *v,
                           spec->choices, near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
        }
        return (*v = own(c, canon)) ? 0 : nn_fail(err, "out of memory");
    }
    case NN_ARG_COLUMN: {
        if (!ctx || !ctx->columns)
            return nn_fail(err, "%s: no data loaded: `load FILE` or `generate KIND` first", c->cmd->name);
        for (size_t k = 0; k < ctx->ncolumns; k++)
            if (strcmp(ctx->columns[k], *v) == 0)
                return 0;
        const char *near = nn_suggest(*v, ctx->columns, ctx->ncolumns);
        return nn_fail(err, "%s: no column '%s'%s%s%s", c->cmd->name, *v,
                       near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
    }
    default:
        return 0;
    }
}

/* Appends value(s) to spec i: a LIST splits at commas. */
static int add_value(nn_call *c, size_t i, const char *v, const nn_bind_context *ctx, nn_error *err)
{
    const nn_arg_spec *spec = &c->cmd->args[i];
    if (!(spec->flags & (NN_ARG_LIST | NN_ARG_REPEAT)) && c->vals[i].n > 0)
        return nn_fail(err, "%s: %s given twice", c->cmd->name, spec->name);
    if ((spec->flags & NN_ARG_LIST) && strchr(v, ',')) {
        char *copy = own(c, strdup(v));
        if (!copy)
            return nn_fail(err, "out of memory");
        for (char *save = NULL, *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save))
            if (add_value(c, i, w, ctx, err) < 0)
                return -1;
        return 0;
    }
    if (check_value(c, i, &v, ctx, err) < 0)
        return -1;
    return push(&c->vals[i], v) < 0 ? nn_fail(err, "out of memory") : 0;
}

static int bind_positional(nn_call *c, const nn_word *w, size_t *next, const nn_bind_context *ctx,
                           nn_error *err)
{
    for (size_t i = 0; i < c->nspecs; i++) {
        const nn_arg_spec *spec = &c->cmd->args[i];
        char *canon = (spec->flags & NN_ARG_FLAG) ? choice_of(spec->choices, w->value) : NULL;
        if (canon) {
            free(canon);
            return add_value(c, i, w->value, ctx, err);
        }
    }
    while (*next < c->nspecs && (c->cmd->args[*next].flags & (NN_ARG_KEY_ONLY | NN_ARG_FLAG)))
        (*next)++;
    if (*next >= c->nspecs)
        return nn_fail(err, "%s: unexpected argument '%s'", c->cmd->name, w->value);
    size_t i = *next;
    if (!(c->cmd->args[i].flags & NN_ARG_REPEAT))
        (*next)++;
    return add_value(c, i, w->value, ctx, err);
}

static int bind_keyed(nn_call *c, const nn_word *w, const nn_bind_context *ctx, nn_error *err)
{
    for (size_t i = 0; i < c->nspecs; i++)
        if (nn_arg_named(&c->cmd->args[i], w->key))
            return add_value(c, i, w->value, ctx, err);
    if (!(c->cmd->flags & (NN_CMD_OPEN_KEYS | NN_CMD_KIND_KEYS)))
        return unknown_key(c, w->key, err);
    if (push(&c->extra_keys, w->key) < 0 || push(&c->extra_values, w->value) < 0)
        return nn_fail(err, "out of memory");
    return 0;
}

int nn_call_bind(const nn_command *cmd, const nn_cmdline *line, const nn_bind_context *ctx,
                 nn_call **out, nn_error *err)
{
    nn_call *c = calloc(1, sizeof *c);
    if (!c)
        return nn_fail(err, "out of memory");
    c->cmd = cmd;
    while (cmd->args && cmd->args[c->nspecs].name)
        c->nspecs++;
    c->vals = calloc(c->nspecs + 1, sizeof *c->vals);
    int rc = c->vals ? 0 : nn_fail(err, "out of memory");
    size_t next = 0;
    for (int k = 0; rc == 0 && k < line->nargs; k++) {
        const nn_word *w = &line->args[k];
        rc = w->key ? bind_keyed(c, w, ctx, err) : bind_positional(c, w, &next, ctx, err);
    }
    for (size_t i = 0; rc == 0 && i < c->nspecs; i++) {
        if ((cmd->args[i].flags & NN_ARG_REQUIRED) && c->vals[i].n == 0) {
            char syntax[256];
            nn_command_syntax(cmd, syntax, sizeof syntax);
            rc = nn_fail(err, "%s: missing %s (usage: %s)", cmd->name, cmd->args[i].name, syntax);
        }
    }
    if (rc < 0) {
        nn_call_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

void nn_call_free(nn_call *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nspecs; i++)
        free(c->vals[i].v);
    free(c->vals);
    free(c->extra_keys.v), free(c->extra_values.v);
    for (size_t i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
    free(c);
}

/* ---- reading ---- */

static const values *find(const nn_call *c, const char *name, const nn_arg_spec **spec)
{
    for (size_t i = 0; i < c->nspecs; i++) {
        if (nn_arg_named(&c->cmd->args[i], name)) {
            *spec = &c->cmd->args[i];
            return &c->vals[i];
        }
    }
    *spec = NULL;
    return NULL;
}

const char *nn_call_str(const nn_call *c, const char *name)
{
    const nn_arg_spec *spec;
    const values *v = find(c, name, &spec);
    if (!v)
        return NULL;
    return v->n ? v->v[0] : spec->def;
}

int nn_call_given(const nn_call *c, const char *name)
{
    const nn_arg_spec *spec;
    const values *v = find(c, name, &spec);
    return v && v->n > 0;
}

long nn_call_int(const nn_call *c, const char *name) { return nn_arg_int(nn_call_str(c, name)); }

double nn_call_number(const nn_call *c, const char *name)
{
    return nn_arg_number(nn_call_str(c, name));
}

size_t nn_call_list(const nn_call *c, const char *name, const char *const **out)
{
    const nn_arg_spec *spec;
    const values *v = find(c, name, &spec);
    *out = v ? v->v : NULL;
    return v ? v->n : 0;
}

size_t nn_call_extra(const nn_call *c, const char *const **keys, const char *const **vals)
{
    *keys = c->extra_keys.v;
    *vals = c->extra_values.v;
    return c->extra_keys.n;
}

const nn_command *nn_call_command(const nn_call *c) { return c->cmd; }
