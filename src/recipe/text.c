/* Words in recipe text: column names are written bare when they can be,
 * quoted otherwise, so any header survives a save and a load. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "recipe_internal.h"

/* ---- words ---- */

static int is_bare(const char *w)
{
    if (!*w)
        return 0;
    for (const unsigned char *p = (const unsigned char *)w; *p; p++)
        if (*p <= ' ' || *p == '"' || *p == '\\' || *p == '#' || *p == ';')
            return 0;
    return 1;
}

void text_put_word(FILE *f, const char *word)
{
    if (is_bare(word)) {
        fputs(word, f);
        return;
    }
    fputc('"', f);
    for (const char *p = word; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', f);
        if (*p == '\n')
            fputs("\\n", f);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* Reads one word at *p (quoted parts may sit inside it: on="a b"). */
static char *next_word(const char **p, nn_error *err)
{
    size_t cap = strlen(*p) + 1, n = 0;
    char *w = malloc(cap);
    if (!w) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    const char *s = *p;
    while (*s && !isspace((unsigned char)*s)) {
        if (*s != '"') {
            w[n++] = *s++;
            continue;
        }
        for (s++; *s && *s != '"'; s++) {
            if (*s == '\\' && s[1]) {
                s++;
                w[n++] = *s == 'n' ? '\n' : *s;
            } else {
                w[n++] = *s;
            }
        }
        if (*s != '"') {
            free(w);
            nn_fail(err, "unterminated quote in: %s", *p);
            return NULL;
        }
        s++;
    }
    w[n] = '\0';
    *p = s;
    return w;
}

int text_split(const char *line, char ***words, nn_error *err)
{
    int n = 0, cap = 8;
    char **w = malloc(cap * sizeof *w);
    if (!w)
        return nn_fail(err, "out of memory");
    for (const char *p = line;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (n == cap) {
            char **more = realloc(w, 2 * cap * sizeof *w);
            if (!more)
                goto fail;
            w = more;
            cap *= 2;
        }
        if (!(w[n] = next_word(&p, err)))
            goto fail;
        n++;
    }
    *words = w;
    return n;
fail:
    text_free_words(w, n);
    return -1;
}

void text_free_words(char **words, int n)
{
    for (int i = 0; i < n; i++)
        free(words[i]);
    free(words);
}

FILE *text_open(text_builder *b)
{
    *b = (text_builder){0};
    if (!(b->f = open_memstream(&b->text, &b->len)))
        return NULL;
    b->old = uselocale(nn_c_locale());
    return b->f;
}

char *text_close(text_builder *b)
{
    uselocale(b->old);
    if (fclose(b->f) == 0)
        return b->text;
    free(b->text);
    return NULL;
}
