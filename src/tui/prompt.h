/* The command prompt: GNU readline (through its callback interface) drawn
 * in a one-line ncurses window.  Readline edits the line (emacs or vi as
 * ~/.inputrc says, with `$if nnwb` sections), keeps the history and
 * completes with complete.c; it never touches the terminal, the signals or
 * the environment, never reads the terminal and never prints: bytes come
 * from the TUI, the line is drawn here into the TUI's window, completion
 * lists go to the TUI.  readline is one global state, so there is one
 * prompt, and only the UI thread may call these functions.
 *
 * Protocol:
 *   setlocale(LC_ALL, "");        before initscr and prompt_init (UTF-8 input)
 *   initscr(); raw() or cbreak(); noecho();
 *   win = newwin(1, COLS, LINES - 1, 0);    the TUI creates and owns it
 *   keypad(win, FALSE);            readline wants the raw escape sequences
 *   wtimeout(win, 100);            the TUI's redraw cadence (or nodelay)
 *   prompt_init(win, "nnwb> ", &hooks);
 *   prompt_bind_key(...);          keys the TUI handles itself (F1, PgUp...)
 *   if interactive: path = prompt_history_path(); prompt_history_load(path);
 *   loop:
 *     r = prompt_read();           reads every waiting byte of win and feeds
 *                                  them to readline, which may call the hooks
 *     if r == KEY_RESIZE: resize the panes, wresize/mvwin (or recreate) the
 *                         prompt window, then prompt_resize(win)
 *     draw panes with wnoutrefresh; prompt_redraw() last (it puts the
 *     terminal's cursor back in the prompt); doupdate()
 *   if interactive: prompt_history_save(path);
 *   prompt_end(); delwin(win); endwin();
 *
 * Nothing of readline needs undoing at exit or on a crash: it never
 * changed the terminal (endwin is enough). */
#ifndef NN_TUI_PROMPT_H
#define NN_TUI_PROMPT_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1 /* ncursesw's wide-character API (prompt.c draws with it) */
#endif
#include <curses.h>
#include <stddef.h>

#include "complete.h"

typedef struct prompt_hooks {
    void *user; /* handed back to every hook */
    /* A line the user entered (Enter), malloc'd: the hook frees it.  NULL:
     * end of input (Ctrl-D on an empty line).  Non-blank lines are already
     * in the history.  The hook may call prompt_set_prompt or prompt_end,
     * not prompt_read or prompt_feed. */
    void (*on_line)(void *user, char *line);
    /* The candidates of an ambiguous Tab, as they should be listed (quotes
     * removed, files without their directory), sorted; valid during the
     * call only.  matches NULL, n 0: hide the list (sent on the next input
     * after a list was shown).  May be NULL. */
    void (*show_matches)(void *user, char **matches, int n);
    /* Fills what completion needs from the session (column names); called
     * at each Tab.  The names must stay valid until the hook is next
     * called.  May be NULL. */
    void (*context)(void *user, complete_context *ctx);
    /* A key bound with prompt_bind_key was pressed.  May be NULL. */
    void (*on_key)(void *user, int id);
} prompt_hooks;

/* Installs readline on win (a window of the TUI, after initscr) and draws
 * the prompt into it.  Returns 0, or -1 if /dev/null cannot be opened. */
int prompt_init(WINDOW *win, const char *prompt, const prompt_hooks *hooks);

/* Reads the prompt window: waits for a first byte as the window's timeout
 * says, then takes every byte already waiting (so an escape sequence
 * reaches readline whole) and feeds them.  Returns OK when bytes were fed,
 * ERR when none came, KEY_RESIZE when the terminal was resized (the
 * bytes before it are fed). */
int prompt_read(void);

/* Feeds bytes read some other way (the whole burst at once: a lone ESC at
 * the end of a burst is taken as the Escape key in vi mode). */
void prompt_feed(const char *bytes, size_t n);

/* Draws the prompt and the line again and leaves the window's cursor at
 * the point (wnoutrefresh; the caller does doupdate). */
void prompt_redraw(void);

/* After a resize: win (the same window resized, or a new one) is where the
 * prompt now lives; its width is the line's. */
void prompt_resize(WINDOW *win);

/* Changes the prompt string (e.g. "nnwb[training]> ") and redraws. */
void prompt_set_prompt(const char *prompt);

/* Attributes (with COLOR_PAIR) of the prompt, the typed text, and the marks
 * (^X, \xNN for invalid bytes, the < and > of a scrolled line); for themes. */
void prompt_set_attrs(attr_t prompt, attr_t text, attr_t marks);

/* Binds a key sequence, in readline's notation ("\\C-l", "\\e[5~") or raw
 * (a terminfo string such as tigetstr("kf1")), to on_key(user, id) in the
 * emacs and vi keymaps.  Call after prompt_init (it overrides ~/.inputrc).
 * Returns 0, or -1 if readline refused it. */
int prompt_bind_key(const char *keyseq, int id);

/* Where the history lives: $NNWB_HISTORY if set, else
 * $XDG_STATE_HOME/nnwb/history, else ~/.local/state/nnwb/history (the
 * directory created, mode 0700).  malloc'd; NULL if there is no home. */
char *prompt_history_path(void);

/* Reads the history file (a missing one is an empty history).  0 or -1. */
int prompt_history_load(const char *path);

/* Appends this session's lines (creating the file, mode 0600), then keeps
 * only the last PROMPT_HISTORY_LINES lines.  0 or -1. */
int prompt_history_save(const char *path);

#define PROMPT_HISTORY_LINES 1000

/* Removes the readline handler; the window stays the TUI's. */
void prompt_end(void);

#endif
