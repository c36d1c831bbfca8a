/* GNU readline in an ncurses window.  Readline is told to keep its hands
 * off the terminal: its terminal preparation is a no-op, it catches no
 * signals (SIGWINCH included), exports no LINES/COLUMNS (ncurses would stop
 * resizing), reads and writes only /dev/null.  Bytes come from our queue
 * (its getc and input-available hooks), the line is drawn by our redisplay
 * function (prompt_line.c), completion candidates come from complete.c and
 * their listing goes to the TUI's hook instead of readline's output
 * stream; the history file is prompt_history.c's. */
#include "prompt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "prompt_internal.h"

static struct {
    prompt_hooks hooks;
    bool installed, listing, files;
    FILE *null;              /* readline's streams */
    unsigned char *queue;    /* bytes fed, not yet read by readline */
    size_t head, len, cap;
    char **candidates;       /* what the completion generator hands out */
    size_t next_candidate;
    struct binding { char *seq; int len, id; } *keys;
    int nkeys;
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
    WINDOW *win = prompt_line_window(); /* a line handler may end the prompt meanwhile */
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

/* ---- lines ---- */

static void accept_line(char *line)
{
    prompt_history_add(line);
    if (P.listing && P.hooks.show_matches) {
        P.listing = false;
        P.hooks.show_matches(P.hooks.user, NULL, 0);
    }
    if (P.hooks.on_line)
        P.hooks.on_line(P.hooks.user, line);
    else
        free(line);
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
    prompt_line_start(win);
    P.hooks = *hooks;
    rl_instream = rl_outstream = P.null;
    rl_readline_name = "nnwb";
    rl_change_environment = 0;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_prep_term_function = no_prep;
    rl_deprep_term_function = no_deprep;
    rl_getc_function = next_byte;
    rl_input_available_hook = bytes_waiting;
    rl_redisplay_function = prompt_line_redisplay;
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
    prompt_line_redisplay();
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
    P.keys = NULL, P.queue = NULL;
    P.nkeys = 0, P.cap = P.len = P.head = 0;
    prompt_line_end();
    /* P.null stays open: readline keeps pointing at it */
}
