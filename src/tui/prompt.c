/* GNU readline in an ncurses window.  Readline is told to keep its hands
 * off the terminal: its terminal preparation is a no-op, it catches no
 * signals (SIGWINCH included), exports no LINES/COLUMNS (ncurses would stop
 * resizing), reads and writes only /dev/null.  Bytes come from our queue
 * (its getc and input-available hooks), the line is drawn by our redisplay
 * function, completion candidates come from complete.c and their listing
 * goes to the TUI's hook instead of readline's output stream. */
#include "prompt.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

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
    prompt_hooks hooks;
    bool installed, listing, files;
    attr_t prompt_attr, text_attr, mark_attr;
    int scroll;              /* first column of the line shown, when it scrolls */
    int added;               /* history lines of this session */
    FILE *null;              /* readline's streams */
    unsigned char *queue;    /* bytes fed, not yet read by readline */
    size_t head, len, cap;
    char **candidates;       /* what the completion generator hands out */
    size_t next_candidate;
    struct binding { char *seq; int len, id; } *keys;
    int nkeys;
    cell *cells;
    int ncells, cellcap;
} P;

/* ---- input: readline reads our queue ---- */

static int next_byte(FILE *unused)
{
    (void)unused;
    return P.head < P.len ? P.queue[P.head++] : EOF;
}

static int bytes_waiting(void) { return P.head < P.len; }

void prompt_feed(const char *bytes, size_t n)
{
    if (n == 0)
        return;
    bool again = n == 1 && bytes[0] == '\t'; /* another Tab: the list stands, once */
    if (P.listing && P.hooks.show_matches && !again) { /* the list answered the last Tab only */
        P.listing = false;
        P.hooks.show_matches(P.hooks.user, NULL, 0);
    }
    if (P.head == P.len)
        P.head = P.len = 0;
    if (P.len + n > P.cap) {
        size_t cap = P.cap ? P.cap : 256;
        while (cap < P.len + n)
            cap *= 2;
        unsigned char *q = realloc(P.queue, cap);
        if (!q)
            return; /* the keystrokes are lost, nothing else */
        P.queue = q, P.cap = cap;
    }
    memcpy(P.queue + P.len, bytes, n);
    P.len += n;
    /* one key per call; the line handler may end the prompt */
    while (P.installed && P.head < P.len)
        rl_callback_read_char();
    if (!P.installed)
        P.head = P.len = 0;
}

int prompt_read(void)
{
    WINDOW *win = P.win; /* a line handler may end the prompt meanwhile */
    if (!win)
        return ERR;
    int c = wgetch(win), rc = OK;
    if (c == ERR || c == KEY_RESIZE)
        return c;
    char buf[256];
    size_t n = 0;
    int delay = wgetdelay(win);
    wtimeout(win, 0);
    for (; c != ERR; c = wgetch(win)) {
        if (c == KEY_RESIZE) {
            rc = KEY_RESIZE;
            break;
        }
        if (c > 255) /* no other key codes without keypad; ignore any */
            continue;
        buf[n++] = (char)c;
        if (n == sizeof buf) {
            prompt_feed(buf, n);
            n = 0;
        }
    }
    wtimeout(win, delay);
    prompt_feed(buf, n);
    return rc;
}

/* ---- drawing ---- */

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
static void redisplay(void)
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

void prompt_redraw(void) { redisplay(); }

void prompt_resize(WINDOW *win)
{
    P.win = win;
    rl_set_screen_size(LINES > 0 ? LINES : 24, getmaxx(win));
    redisplay();
}

void prompt_set_prompt(const char *prompt)
{
    rl_set_prompt(prompt);
    redisplay();
}

void prompt_set_attrs(attr_t prompt, attr_t text, attr_t marks)
{
    P.prompt_attr = prompt, P.text_attr = text, P.mark_attr = marks;
    redisplay();
}

/* ---- completion ---- */

static char *hand_out(const char *text, int state)
{
    (void)text;
    if (state == 0)
        P.next_candidate = 0;
    const char *c = P.candidates ? P.candidates[P.next_candidate] : NULL;
    if (!c)
        return NULL;
    P.next_candidate++;
    return strdup(c);
}

/* readline's attempted-completion function: complete.c decides, readline
 * computes the common prefix.  Candidates carry their own quotes, and a
 * key= or a directory/ gets no space after it. */
static char **attempt(const char *text, int start, int end)
{
    rl_attempted_completion_over = 1; /* never readline's own file names */
    rl_completion_suppress_quote = 1;
    rl_sort_completion_matches = 0; /* complete.c's order: data files first */
    complete_context ctx = {0};
    if (P.hooks.context)
        P.hooks.context(P.hooks.user, &ctx);
    bool files;
    char **list = complete_line(rl_line_buffer, start, end, &ctx, &files);
    if (!list || !list[0]) {
        complete_free(list);
        return NULL;
    }
    P.files = files;
    if (!list[1]) {
        char last = list[0][strlen(list[0]) - 1];
        rl_completion_suppress_append = last == '=' || last == '/';
    }
    P.candidates = list;
    char **matches = rl_completion_matches(text, hand_out);
    P.candidates = NULL;
    complete_free(list);
    return matches;
}

/* readline's display-matches hook: the list goes to the TUI, not to
 * readline's output stream over the screen. */
static void show_matches(char **matches, int n, int longest)
{
    (void)longest;
    if (P.listing) { /* already listed for this line: extra Tabs add nothing to the log */
        rl_forced_update_display();
        return;
    }
    char **shown = calloc((size_t)n + 1, sizeof *shown);
    if (shown && P.hooks.show_matches) {
        int k = 0;
        for (int i = 1; i <= n; i++)
            if ((shown[k] = complete_display(matches[i], P.files)))
                k++;
        P.hooks.show_matches(P.hooks.user, shown, k);
        P.listing = true;
        complete_free(shown);
    } else {
        free(shown);
    }
    rl_forced_update_display();
}

static int quoted_at(char *line, int index) { return complete_is_quoted(line, index); }

/* ---- keys of the TUI ---- */

static int run_key(int count, int key)
{
    (void)count, (void)key;
    for (int i = 0; i < P.nkeys; i++)
        if (P.keys[i].len == rl_key_sequence_length &&
            memcmp(P.keys[i].seq, rl_executing_keyseq, (size_t)P.keys[i].len) == 0) {
            if (P.hooks.on_key)
                P.hooks.on_key(P.hooks.user, P.keys[i].id);
            break;
        }
    return 0;
}

int prompt_bind_key(const char *keyseq, int id)
{
    char *seq = malloc(2 * strlen(keyseq) + 1);
    int len;
    struct binding *keys = realloc(P.keys, (size_t)(P.nkeys + 1) * sizeof *keys);
    if (keys)
        P.keys = keys;
    if (!seq || !keys || rl_translate_keyseq(keyseq, seq, &len) != 0 || len == 0) {
        free(seq);
        return -1;
    }
    Keymap maps[] = {emacs_standard_keymap, vi_insertion_keymap, vi_movement_keymap};
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
        if (rl_bind_keyseq_in_map(keyseq, run_key, maps[i]) != 0) {
            free(seq);
            return -1;
        }
    P.keys[P.nkeys++] = (struct binding){seq, len, id};
    return 0;
}

/* ---- lines and history ---- */

static void accept_line(char *line)
{
    if (line && line[strspn(line, " \t")]) {
        HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
        if (!last || strcmp(last->line, line) != 0) {
            add_history(line);
            P.added++;
        }
    }
    if (P.listing && P.hooks.show_matches) {
        P.listing = false;
        P.hooks.show_matches(P.hooks.user, NULL, 0);
    }
    if (P.hooks.on_line)
        P.hooks.on_line(P.hooks.user, line);
    else
        free(line);
}

static int make_dirs(char *path)
{
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = c;
        if (rc != 0 && errno != EEXIST)
            return -1;
        if (c == '\0')
            return 0;
    }
}

char *prompt_history_path(void)
{
    const char *env = getenv("NNWB_HISTORY"), *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    if (env && *env)
        return strdup(env);
    char *dir = NULL, *path = NULL;
    int rc = -1;
    if (state && state[0] == '/') /* XDG: a relative path is to be ignored */
        rc = asprintf(&dir, "%s/nnwb", state);
    else if (home && *home)
        rc = asprintf(&dir, "%s/.local/state/nnwb", home);
    if (rc < 0)
        return NULL;
    if (make_dirs(dir) == 0 && asprintf(&path, "%s/history", dir) < 0)
        path = NULL;
    free(dir);
    return path;
}

int prompt_history_load(const char *path)
{
    int rc = read_history(path);
    using_history(); /* Up starts from the newest line, loaded before or after prompt_init */
    return rc == 0 || rc == ENOENT ? 0 : -1;
}

int prompt_history_save(const char *path)
{
    int n = P.added < history_length ? P.added : history_length, rc = 0;
    if (n > 0)
        rc = access(path, F_OK) == 0 ? append_history(n, path) : write_history(path);
    if (rc == 0 && n > 0)
        rc = history_truncate_file(path, PROMPT_HISTORY_LINES);
    if (rc == 0)
        P.added = 0;
    return rc == 0 ? 0 : -1;
}

/* ---- set-up ---- */

/* With a redisplay function of its own, readline never reads terminfo, so
 * it binds no Home, End, Delete or Insert: bind them from ncurses'
 * terminfo and the usual sequences, unless ~/.inputrc bound them. */
static void bind_edit_keys(void)
{
    static const struct {
        const char *cap, *seqs[4];
        rl_command_func_t *fn;
    } keys[] = {
        {"khome", {"\033[1~", "\033[7~", "\033[H", "\033OH"}, rl_beg_of_line},
        {"kend", {"\033[4~", "\033[8~", "\033[F", "\033OF"}, rl_end_of_line},
        {"kdch1", {"\033[3~"}, rl_delete},
        {"kich1", {"\033[2~"}, rl_overwrite_mode},
    };
    Keymap maps[] = {emacs_standard_keymap, vi_insertion_keymap, vi_movement_keymap};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        const char *cap = tigetstr(keys[k].cap);
        for (size_t m = 0; m < sizeof maps / sizeof *maps; m++) {
            if (cap && cap != (char *)-1 && cap[0] == '\033') /* raw bytes: readline takes them as is */
                rl_bind_keyseq_if_unbound_in_map(cap, keys[k].fn, maps[m]);
            for (size_t i = 0; i < 4 && keys[k].seqs[i]; i++)
                rl_bind_keyseq_if_unbound_in_map(keys[k].seqs[i], keys[k].fn, maps[m]);
        }
    }
}

static void no_prep(int meta) { (void)meta; }
static void no_deprep(void) {}

int prompt_init(WINDOW *win, const char *prompt, const prompt_hooks *hooks)
{
    static bool configured;
    if (!P.null && !(P.null = fopen("/dev/null", "r+")))
        return -1;
    P.win = win;
    P.hooks = *hooks;
    P.prompt_attr = A_BOLD, P.text_attr = A_NORMAL, P.mark_attr = A_REVERSE;
    P.scroll = 0;
    rl_instream = rl_outstream = P.null;
    rl_readline_name = "nnwb";
    rl_change_environment = 0;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_prep_term_function = no_prep;
    rl_deprep_term_function = no_deprep;
    rl_getc_function = next_byte;
    rl_input_available_hook = bytes_waiting;
    rl_redisplay_function = redisplay;
    rl_attempted_completion_function = attempt;
    rl_completion_display_matches_hook = show_matches;
    rl_completer_word_break_characters = COMPLETE_WORD_BREAKS;
    rl_completer_quote_characters = "\"";
    rl_char_is_quoted_p = quoted_at;
    if (!configured) { /* defaults ~/.inputrc may change: it is read next */
        rl_variable_bind("show-all-if-ambiguous", "on");
        using_history();
        stifle_history(PROMPT_HISTORY_LINES);
        configured = true;
    }
    /* should readline read terminfo (it does not with a redisplay function
     * of its own), ncurses' terminal stays the current one */
    TERMINAL *term = cur_term;
    rl_callback_handler_install(prompt, accept_line);
    if (term && cur_term != term)
        set_curterm(term);
    P.installed = true;
    bind_edit_keys();
    rl_set_screen_size(LINES > 0 ? LINES : 24, getmaxx(win));
    redisplay();
    return 0;
}

void prompt_end(void)
{
    if (!P.installed)
        return;
    P.installed = false;
    rl_callback_handler_remove();
    for (int i = 0; i < P.nkeys; i++)
        free(P.keys[i].seq);
    free(P.keys);
    free(P.queue);
    free(P.cells);
    P.keys = NULL, P.queue = NULL, P.cells = NULL;
    P.nkeys = 0, P.cap = P.len = P.head = 0, P.ncells = P.cellcap = 0;
    P.win = NULL;
    /* P.null stays open: readline keeps pointing at it */
}
