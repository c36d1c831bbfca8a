/* Lists of candidates: a growing list of strings, and the final list
 * quoted, sorted and without duplicates, as readline is handed it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "complete_internal.h"

/* Keeps a free slot after the last string, for a NULL terminator. */
void complete_push(strlist *l, char *s)
{
    if (!s) {
        l->oom = true;
        return;
    }
    if (l->n + 1 >= l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            free(s);
            l->oom = true;
            return;
        }
        l->v = v, l->cap = cap;
    }
    l->v[l->n++] = s;
}

void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* a[0, alen) b[0, blen) c, in a new string. */
char *complete_join(const char *a, size_t alen, const char *b, size_t blen, const char *c)
{
    size_t clen = strlen(c);
    char *s = malloc(alen + blen + clen + 1);
    if (s) {
        memcpy(s, a, alen);
        memcpy(s + alen, b, blen);
        memcpy(s + alen + blen, c, clen + 1);
    }
    return s;
}

static bool needs_quotes(const char *s)
{
    return *s == '\0' || strpbrk(s, " \t\n;#\"=\\") != NULL;
}

/* inq: the word already opened its quote. A finished value gets its
 * closing quote; a directory stays open for the next Tab. */
static char *quote(const char *s, bool inq, bool finished)
{
    char *q = malloc(2 * strlen(s) + 3), *o = q;
    if (!q)
        return NULL;
    if (!inq)
        *o++ = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    if (finished)
        *o++ = '"';
    *o = '\0';
    return q;
}

static int by_strcmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Does the name (perhaps with its closing quote) end in one of endings? */
static bool ends_in(const char *name, const char *endings)
{
    size_t len = strlen(name);
    if (len > 0 && name[len - 1] == '"')
        len--;
    for (const char *p = endings; *p;) {
        size_t e = strcspn(p, "|");
        if (e <= len && strncasecmp(name + len - e, p, e) == 0)
            return true;
        p += e + (p[e] == '|');
    }
    return false;
}

/* A stable partition: the data files of `load` before directories and
 * other files, each part still in order. */
static void put_first(char **v, size_t n, const char *endings)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (ends_in(v[i], endings)) {
            char *s = v[i];
            memmove(v + k + 1, v + k, (i - k) * sizeof *v);
            v[k++] = s;
        }
}

char **complete_finish(want *w, bool inq)
{
    strlist out = {0};
    for (size_t i = 0; i < w->values.n; i++) {
        const char *v = w->values.v[i];
        bool open = w->files && v[0] && v[strlen(v) - 1] == '/';
        complete_push(&out, inq || needs_quotes(v) ? quote(v, inq, !open) : strdup(v));
    }
    for (size_t i = 0; i < w->plain.n; i++)
        complete_push(&out, strdup(w->plain.v[i]));
    if (!out.v && !(out.v = malloc(sizeof *out.v)))
        out.oom = true;
    if (out.oom || w->values.oom || w->plain.oom || w->taken.oom) {
        strlist_free(&out);
        return NULL;
    }
    qsort(out.v, out.n, sizeof *out.v, by_strcmp);
    size_t n = 0;
    for (size_t i = 0; i < out.n; i++) {
        if (n > 0 && strcmp(out.v[n - 1], out.v[i]) == 0)
            free(out.v[i]);
        else
            out.v[n++] = out.v[i];
    }
    out.v[n] = NULL;
    if (w->files && w->first)
        put_first(out.v, n, w->first);
    return out.v;
}

void complete_free(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

char *complete_display(const char *candidate, bool file)
{
    char *out = malloc(strlen(candidate) + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    bool quoted = false;
    for (const char *p = candidate; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
            out[n++] = *++p;
        else
            out[n++] = *p;
    }
    out[n] = '\0';
    if (file && n > 1) { /* from the last '/' but a directory's own */
        size_t from = n - 1;
        while (from > 0 && out[from - 1] != '/')
            from--;
        memmove(out, out + from, n - from + 1);
    }
    return out;
}
