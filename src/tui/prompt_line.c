/* The prompt's line drawn into its ncurses window: readline's redisplay
 * function.  Each character becomes a cell (with its combining marks);
 * bytes that cannot be drawn as they are get a mark (^X, \xNN); a line
 * wider than the window scrolls to keep the cursor in view. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <readline/readline.h>

#include "prompt_internal.h"

/* A run of the line drawn as one thing: a character with its combining
 * marks, or a mark standing for bytes that cannot be drawn as they are. */
typedef enum { CELL_GLYPH, CELL_LONE_MARK, CELL_CONTROL, CELL_INVALID, CELL_UNPRINTABLE } cell_kind;

typedef struct cell {
    int off, len;   /* bytes of the prompt or of the line */
    int width;      /* columns */
    cell_kind kind;
} cell;

static struct {
    WINDOW *win;
    attr_t prompt_attr, text_attr, mark_attr;
    int scroll; /* first column of the line shown, when it scrolls */
    cell *cells;
    int ncells, cellcap;
} P;

static void add_cell(int off, int len, int width, cell_kind kind)
{
    if (P.ncells == P.cellcap) {
        int cap = P.cellcap ? 2 * P.cellcap : 128;
        cell *c = realloc(P.cells, (size_t)cap * sizeof *c);
        if (!c)
            return;
        P.cells = c, P.cellcap = cap;
    }
    P.cells[P.ncells++] = (cell){off, len, width, kind};
}

/* Splits s[0, len) into cells: a character and its combining marks take
 * their wcwidth; a control character shows as ^X, an invalid byte as \xNN,
 * an unprintable character as ?.  Returns the columns. */
static int layout(const char *s, int len, bool prompt)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    int first = P.ncells, width = 0;
    for (int i = 0; i < len;) {
        if (prompt && (s[i] == RL_PROMPT_START_IGNORE || s[i] == RL_PROMPT_END_IGNORE)) {
            i++;
            continue;
        }
        wchar_t wc;
        size_t k = mbrtowc(&wc, s + i, (size_t)(len - i), &st);
        if (k == (size_t)-1 || k == (size_t)-2) {
            memset(&st, 0, sizeof st);
            add_cell(i, 1, 4, CELL_INVALID);
            width += 4, i++;
            continue;
        }
        if (k == 0)
            k = 1;
        int w = wcwidth(wc);
        if (wc < 0x20 || wc == 0x7f) {
            add_cell(i, (int)k, 2, CELL_CONTROL);
            w = 2;
        } else if (w == 0 && P.ncells > first && P.cells[P.ncells - 1].off + P.cells[P.ncells - 1].len == i &&
                   (P.cells[P.ncells - 1].kind == CELL_GLYPH || P.cells[P.ncells - 1].kind == CELL_LONE_MARK)) {
            P.cells[P.ncells - 1].len += (int)k; /* a combining mark joins its character */
        } else if (w == 0) {
            add_cell(i, (int)k, 1, CELL_LONE_MARK); /* drawn on a space */
            w = 1;
        } else if (w < 0) {
            add_cell(i, (int)k, 1, CELL_UNPRINTABLE);
            w = 1;
        } else {
            add_cell(i, (int)k, w, CELL_GLYPH);
        }
        width += w, i += (int)k;
    }
    return width;
}

static void set_attr(attr_t a) { wattr_set(P.win, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL); }

static void draw_cell(const char *s, const cell *c, int x, attr_t attr)
{
    char text[8];
    switch (c->kind) {
    case CELL_GLYPH:
    case CELL_LONE_MARK: {
        wchar_t wcs[CCHARW_MAX + 1];
        int n = 0;
        mbstate_t st;
        memset(&st, 0, sizeof st);
        if (c->kind == CELL_LONE_MARK)
            wcs[n++] = L' ';
        for (int i = 0; i < c->len && n < CCHARW_MAX;) {
            size_t k = mbrtowc(&wcs[n], s + c->off + i, (size_t)(c->len - i), &st);
            if (k == 0 || k > (size_t)(c->len - i))
                break;
            n++, i += (int)k;
        }
        wcs[n] = L'\0';
        cchar_t cc;
        setcchar(&cc, wcs, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
        mvwadd_wch(P.win, 0, x, &cc);
        return;
    }
    case CELL_CONTROL:
        snprintf(text, sizeof text, "^%c", s[c->off] == 0x7f ? '?' : s[c->off] + '@');
        break;
    case CELL_INVALID:
        snprintf(text, sizeof text, "\\x%02X", (unsigned char)s[c->off]);
        break;
    default:
        snprintf(text, sizeof text, "?");
        break;
    }
    set_attr(P.mark_attr);
    mvwaddstr(P.win, 0, x, text);
}

/* Keeps the cursor in view: the line scrolls by half a window when the
 * cursor would reach the edge (or a < > mark). */
static void follow_cursor(int cursor, int total, int avail)
{
    if (total + 1 <= avail) { /* all of it fits, with the cursor after the end */
        P.scroll = 0;
        return;
    }
    int lo = P.scroll > 0 ? P.scroll + 1 : 0, hi = P.scroll + avail - 2;
    if (cursor < lo || cursor > hi)
        P.scroll = cursor - avail / 2;
    if (P.scroll > total + 1 - avail)
        P.scroll = total + 1 - avail;
    if (P.scroll < 0)
        P.scroll = 0;
}

/* readline's redisplay function: the prompt (rl_display_prompt, which is
 * also the i-search message) and rl_line_buffer on row 0.  The cursor's
 * column is the width of what precedes rl_point, a byte offset. */
void prompt_line_redisplay(void)
{
    if (!P.win)
        return;
    const char *prompt = rl_display_prompt ? rl_display_prompt : "", *line = rl_line_buffer ? rl_line_buffer : "";
    int width = getmaxx(P.win), end = rl_end > 0 ? rl_end : 0;
    int point = rl_point < 0 ? 0 : rl_point > end ? end : rl_point;
    P.ncells = 0;
    int pw = layout(prompt, (int)strlen(prompt), true), first_text = P.ncells;
    layout(line, end, false);
    /* the prompt stays put unless it leaves too little room */
    int fixed = pw + 8 <= width ? pw : 0, first = fixed ? first_text : 0;
    int total = 0, cursor = -1;
    for (int i = first; i < P.ncells; i++) {
        if (cursor < 0 && i >= first_text && P.cells[i].off + P.cells[i].len > point)
            cursor = total;
        total += P.cells[i].width;
    }
    if (cursor < 0)
        cursor = total;
    int avail = width - fixed;
    follow_cursor(cursor, total, avail);

    /* columns [from, to) of the text are shown; < and > take a column of
     * their own (drawn over half a wide character they would break it) */
    bool left = P.scroll > 0, right = total > P.scroll + avail;
    int from = P.scroll + left, to = P.scroll + avail - right;
    werase(P.win);
    for (int i = 0, x = 0; i < first; x += P.cells[i].width, i++)
        draw_cell(prompt, &P.cells[i], x, P.prompt_attr);
    for (int i = first, col = 0; i < P.ncells; col += P.cells[i].width, i++) {
        const cell *c = &P.cells[i];
        if (col >= from && col + c->width <= to)
            draw_cell(i < first_text ? prompt : line, c, fixed + col - P.scroll,
                      i < first_text ? P.prompt_attr : P.text_attr);
    }
    set_attr(P.mark_attr);
    if (left)
        mvwaddch(P.win, 0, fixed, '<');
    if (right)
        mvwaddch(P.win, 0, width - 1, '>');
    set_attr(P.text_attr);
    wmove(P.win, 0, fixed + cursor - P.scroll);
    wnoutrefresh(P.win);
}

void prompt_redraw(void) { prompt_line_redisplay(); }

void prompt_resize(WINDOW *win)
{
    P.win = win;
    rl_set_screen_size(LINES > 0 ? LINES : 24, getmaxx(win));
    prompt_line_redisplay();
}

void prompt_set_prompt(const char *prompt)
{
    rl_set_prompt(prompt);
    prompt_line_redisplay();
}

void prompt_set_attrs(attr_t prompt, attr_t text, attr_t marks)
{
    P.prompt_attr = prompt, P.text_attr = text, P.mark_attr = marks;
    prompt_line_redisplay();
}

void prompt_line_start(WINDOW *win)
{
    P.win = win;
    P.prompt_attr = A_BOLD, P.text_attr = A_NORMAL, P.mark_attr = A_REVERSE;
    P.scroll = 0;
}

WINDOW *prompt_line_window(void)
{
    return P.win;
}

void prompt_line_end(void)
{
    free(P.cells);
    P.cells = NULL;
    P.ncells = P.cellcap = 0;
    P.win = NULL;
}
