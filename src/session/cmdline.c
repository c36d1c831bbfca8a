#include "cmdline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct words {
    nn_word *w;
    int n, cap;
} words;

static int push(words *ws, char *key, char *value, int column)
{
    if (ws->n == ws->cap) {
        int cap = ws->cap ? 2 * ws->cap : 8;
        nn_word *w = realloc(ws->w, (size_t)cap * sizeof *w);
        if (!w)
            return -1;
        ws->w = w, ws->cap = cap;
    }
    ws->w[ws->n++] = (nn_word){key, value, column};
    return 0;
}

/* Reads one word at *p into buf (quotes removed). *end_cmd is set when the
 * word ends at an unquoted ';'. Returns the key split point: the index of
 * the first unquoted '=' in buf, or -1. */
static int read_word(const char **p, char *buf, int *end_cmd, nn_error *err, const char *line)
{
    const char *s = *p;
    size_t n = 0;
    int eq = -1;
    while (*s && !isspace((unsigned char)*s) && *s != ';') {
        if (*s == '=' && eq < 0 && n > 0) {
            eq = (int)n;
            buf[n++] = *s++;
        } else if (*s == '"') {
            const char *open = s++;
            while (*s && *s != '"') {
                if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
                    s++;
                buf[n++] = *s++;
            }
            if (*s != '"')
                return nn_fail(err, "column %d: unterminated quote", (int)(open - line) + 1), -2;
            s++;
        } else {
            buf[n++] = *s++;
        }
    }
    buf[n] = '\0';
    *end_cmd = *s == ';';
    *p = s;
    return eq;
}

static int finish_command(nn_cmdline **cmds, int *n, int *cap, words *ws)
{
    if (ws->n == 0)
        return 0;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 4;
        nn_cmdline *c = realloc(*cmds, (size_t)*cap * sizeof *c);
        if (!c)
            return -1;
        *cmds = c;
    }
    nn_cmdline *c = &(*cmds)[(*n)++];
    c->name = ws->w[0].value;
    free(ws->w[0].key);
    c->args = ws->w + 1;
    c->nargs = ws->n - 1;
    /* the array now belongs to the command, with its first slot unused */
    *ws = (words){0};
    return 0;
}

int nn_cmdline_split(const char *line, nn_cmdline **out, nn_error *err)
{
    nn_cmdline *cmds = NULL;
    int n = 0, cap = 0, rc = 0;
    words ws = {0};
    char *buf = malloc(strlen(line) + 1);
    if (!buf)
        return nn_fail(err, "out of memory");
    for (const char *p = line; rc == 0;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0' || *p == '#') {
            rc = finish_command(&cmds, &n, &cap, &ws);
            break;
        }
        if (*p == ';') {
            p++;
            rc = finish_command(&cmds, &n, &cap, &ws);
            continue;
        }
        int column = (int)(p - line) + 1, end_cmd = 0;
        int eq = read_word(&p, buf, &end_cmd, err, line);
        if (eq == -2) {
            rc = -1;
            break;
        }
        char *key = NULL, *value;
        if (eq > 0 && ws.n > 0) { /* the command word itself is never key=value */
            key = strndup(buf, (size_t)eq);
            value = strdup(buf + eq + 1);
        } else {
            value = strdup(buf);
        }
        if (!value || (eq > 0 && ws.n > 0 && !key) || push(&ws, key, value, column) < 0) {
            free(key), free(value);
            rc = nn_fail(err, "out of memory");
        }
    }
    free(buf);
    if (rc < 0) {
        for (int i = 0; i < ws.n; i++)
            free(ws.w[i].key), free(ws.w[i].value);
        free(ws.w);
        nn_cmdline_free(cmds, n);
        return -1;
    }
    *out = cmds;
    return n;
}

void nn_cmdline_free(nn_cmdline *cmds, int n)
{
    for (int i = 0; i < n; i++) {
        free(cmds[i].name);
        for (int j = 0; j < cmds[i].nargs; j++)
            free(cmds[i].args[j].key), free(cmds[i].args[j].value);
        free(cmds[i].args - 1);
    }
    free(cmds);
}

void nn_cmdline_put_word(FILE *f, const char *text)
{
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', f);
        fputc(*p, f);
    }
    fputc('"', f);
}
