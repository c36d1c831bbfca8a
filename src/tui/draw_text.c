/* Text in a window, in a theme role's colours: clipped to a width, or
 * wrapped with its continuation rows indented. Every drawing file uses
 * it, so it sits under them all. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui_internal.h"
#include "wrap.h"

void draw_text(tui *t, WINDOW *w, int y, int x, int width, nn_role role, const char *text)
{
    if (width <= 0)
        return;
    size_t n = strlen(text);
    wchar_t *wide = malloc((n + 1) * sizeof *wide);
    if (!wide)
        return;
    mbstate_t st = {0};
    const char *p = text;
    size_t k = 0;
    int cols = 0;
    while (*p && k < n) {
        wchar_t c;
        size_t used = mbrtowc(&c, p, strlen(p), &st);
        if (used == (size_t)-1 || used == (size_t)-2) { /* invalid byte: show '?' */
            c = L'?', used = 1;
            memset(&st, 0, sizeof st);
        }
        int cw = wcwidth(c);
        cw = cw < 0 ? 1 : cw;
        if (cols + cw > width)
            break;
        wide[k++] = c, cols += cw, p += used;
    }
    wide[k] = L'\0';
    wattrset(w, tui_attr(t, role));
    mvwaddnwstr(w, y, x, wide, (int)k);
    wattrset(w, A_NORMAL);
    free(wide);
}

int draw_wrapped(tui *t, WINDOW *w, int y, int x, int width, int skip, int max, nn_role role, const char *text)
{
    char row[1200];
    size_t pos = 0, len = strlen(text);
    int r = 0, drawn = 0, indent = wrap_indent(text, width);
    do {
        size_t next, n = wrap_row(text, pos, width, &next);
        if (r >= skip && drawn < max) {
            n = n < sizeof row - 1 ? n : sizeof row - 1;
            memcpy(row, text + pos, n);
            row[n] = '\0';
            int in = r ? indent : 0;
            draw_text(t, w, y + drawn++, x + in, width - in, role, row);
        }
        pos = next, r++;
    } while (pos < len && drawn < max);
    return drawn;
}
