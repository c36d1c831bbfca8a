#include "wrap.h"

#include <string.h>
#include <wchar.h>

/* The display width and byte length of the character at p. */
static int char_at(const char *p, size_t left, size_t *bytes)
{
    mbstate_t st = {0};
    wchar_t c;
    size_t used = mbrtowc(&c, p, left, &st);
    if (used == (size_t)-1 || used == (size_t)-2 || used == 0) { /* invalid: drawn as '?' */
        *bytes = 1;
        return 1;
    }
    *bytes = used;
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

int wrap_indent(const char *text, int width)
{
    int lead = (int)strspn(text, " ") + WRAP_INDENT;
    return lead < width / 2 ? lead : width / 2;
}

size_t wrap_row(const char *text, size_t pos, int width, size_t *next)
{
    size_t len = strlen(text);
    int room = pos > 0 ? width - wrap_indent(text, width) : width;
    if (room < 1)
        room = 1;
    size_t p = pos, brk = 0; /* brk: the end of the last word that fits */
    int cols = 0;
    while (p < len) {
        size_t bytes;
        int w = char_at(text + p, len - p, &bytes);
        if (text[p] == ' ' && p > pos && text[p - 1] != ' ')
            brk = p;
        if (cols + w > room && p > pos) {
            size_t end = brk > pos ? brk : p; /* a word wider than a row is cut */
            size_t n = end;
            while (n < len && text[n] == ' ')
                n++;
            *next = n;
            return end - pos;
        }
        cols += w, p += bytes;
    }
    *next = len;
    return len - pos;
}

int wrap_count(const char *text, int width)
{
    int rows = 0;
    size_t pos = 0, len = strlen(text);
    do {
        wrap_row(text, pos, width, &pos);
        rows++;
    } while (pos < len);
    return rows;
}
