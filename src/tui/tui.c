/* The workbench: an ncurses screen around a session. The UI thread reads
 * keys (readline edits the prompt), runs commands, and redraws several
 * times a second from snapshots of the training thread's figures; it never
 * waits on training, and training never waits on the screen. A script
 * given on the command line runs line by line from the same loop, pausing
 * while training runs, so its training is shown live. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <langinfo.h>

#include "table/table.h"
#include "engine/atomic_file.h"
#include "session/script_file.h"
#include "prompt.h"
#include "theme_palette.h"
#include "tui.h"
#include "tui_internal.h"

enum { FRAME_MS = 100, INPUT_WAIT_MS = 30, LOG_LINES = 2000 };

static tui *the_tui; /* for the signal handlers and readline's callbacks */
static void interrupt(tui *t);
static volatile sig_atomic_t quit_signal, interrupts; /* interrupts: SIGINTs not yet handled */

/* ---- the session's output, into the log ---- */

static void out_text(void *user, const char *line) { log_add(&((tui *)user)->log, LOG_TEXT, line); }

static void out_warning(void *user, const char *line)
{
    char text[1200];
    snprintf(text, sizeof text, "warning: %s", line);
    log_add(&((tui *)user)->log, LOG_WARNING, text);
}

static void out_error(void *user, const char *line)
{
    char text[1200];
    snprintf(text, sizeof text, "error: %s", line);
    tui_log_error(user, text);
    beep();
}

/* ---- running commands ---- */

/* Runs a line with the signals the screen handles blocked, so that a
 * training thread started by it inherits them blocked and they always
 * reach the UI thread. */
static int run_line(tui *t, const char *line, const char *where)
{
    sigset_t ui, old;
    sigemptyset(&ui);
    sigaddset(&ui, SIGWINCH), sigaddset(&ui, SIGINT), sigaddset(&ui, SIGTERM), sigaddset(&ui, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &ui, &old);
    int rc = nn_session_run(t->session, line, where);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* A script's `pause` (scripts, below): it waits, the prompt stays free,
 * until an Enter on an empty line or `resume`. */
static bool script_held;
static int hook_script_pause(void *user, int on, nn_error *err);

/* ---- commands typed at the prompt ---- */

static void on_line(void *user, char *line)
{
    tui *t = user;
    if (!line) { /* Ctrl-D on an empty line */
        nn_session_run(t->session, "quit", NULL);
        return;
    }
    char echo[1200];
    snprintf(echo, sizeof echo, "> %s", line);
    if (*line) {
        log_add(&t->log, LOG_COMMAND, echo);
        t->log.scroll = 0;
        run_line(t, line, NULL);
    } else if (script_held) {
        nn_error ignored;
        hook_script_pause(t, 0, &ignored);
    }
    free(line);
    t->dirty = true;
}

static void show_matches(void *user, char **matches, int n)
{
    tui *t = user;
    if (!matches)
        return; /* listed in the log, which scrolls on by itself */
    char line[1024] = "";
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        size_t w = strlen(matches[i]) + 2;
        if (len + w >= (size_t)t->cols - 4) {
            log_add(&t->log, LOG_TEXT, line);
            line[0] = '\0', len = 0;
        }
        len += (size_t)snprintf(line + len, sizeof line - len, "%s  ", matches[i]);
    }
    if (len)
        log_add(&t->log, LOG_TEXT, line);
    t->dirty = true;
}

/* ---- keys the screen keeps for itself ---- */

enum { UI_HELP, UI_ZOOM, UI_LOG_Y, UI_SMOOTH, UI_THEME, UI_WEIGHTS, UI_FOCUS, UI_SCROLL_UP, UI_SCROLL_DOWN,
       UI_STOP, UI_SWEEP, UI_BESIDE };

static void on_key(void *user, int id)
{
    tui *t = user;
    nn_error err;
    switch (id) {
    case UI_HELP: tui_show_keys(t); break;
    case UI_ZOOM: tui_zoom(t, t->zoom >= 0 ? NULL : pane_kinds[t->focus]->name, &err); break;
    case UI_LOG_Y: t->log_y = !t->log_y; break;
    case UI_SMOOTH: nn_loss_view_toggle_smooth(t->session); break;
    case UI_THEME: tui_next_theme(t); break;
    case UI_WEIGHTS: t->weights = !t->weights; break;
    case UI_FOCUS: t->focus = (t->focus + 1) % PANE_COUNT; break;
    case UI_SWEEP: t->charts_over_sweep = !t->charts_over_sweep; break;
    case UI_BESIDE: t->grads_beside = !t->grads_beside, layout_panes(t); break;
    case UI_SCROLL_UP: log_scroll(&t->log, 5); break;
    case UI_SCROLL_DOWN: log_scroll(&t->log, -5); break;
    case UI_STOP: interrupt(t); break;
    }
    t->dirty = true;
}

static void bind_keys(void)
{
    static const struct { const char *seq; int id; } keys[] = {
        {"\033OP", UI_HELP},    {"\033[11~", UI_HELP},   {"\033OQ", UI_ZOOM},  {"\033[12~", UI_ZOOM},
        {"\033OR", UI_LOG_Y},   {"\033[13~", UI_LOG_Y},  {"\033OS", UI_SMOOTH}, {"\033[14~", UI_SMOOTH},
        {"\033[15~", UI_THEME}, {"\033[17~", UI_WEIGHTS}, {"\033[18~", UI_FOCUS}, {"\033[19~", UI_SWEEP}, {"\033[20~", UI_BESIDE}, {"\033[5~", UI_SCROLL_UP},
        {"\033[6~", UI_SCROLL_DOWN},   {"\003", UI_STOP},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        prompt_bind_key(keys[i].seq, keys[i].id);
}

/* Column names for completion, kept until the next Tab. */
static void completion_context(void *user, complete_context *ctx)
{
    tui *t = user;
    static const char **names;
    const nn_table *table = nn_session_table(t->session);
    free(names);
    names = NULL;
    *ctx = (complete_context){0};
    if (!table || !(names = malloc((table->ncols + 1) * sizeof *names)))
        return;
    for (size_t i = 0; i < table->ncols; i++)
        names[i] = table->cols[i].name;
    *ctx = (complete_context){names, table->ncols};
}

/* ---- scripts: from the command line or `source` ---- */

/* Open scripts, the innermost last: each runs a line per turn of the loop
 * while no job goes on, so a script's training shows live and its next
 * command waits for the job (of any kind: nn_session_training). The first error closes them all, naming FILE:LINE. */
enum { MAX_SCRIPTS = 8 };
static nn_script scripts[MAX_SCRIPTS];
static int nscripts;

static void close_scripts(int keep)
{
    script_held = false;
    while (nscripts > keep)
        nn_script_close(&scripts[--nscripts]);
}

static int open_script(const char *path, nn_error *err)
{
    if (nscripts == MAX_SCRIPTS)
        return nn_fail(err, "source: scripts nest too deeply (a script sources itself?)");
    nn_error inner;
    if (nn_script_open(&scripts[nscripts], path, &inner) < 0)
        return nn_fail(err, "source: %s", inner.msg);
    nscripts++;
    return 0;
}

static int hook_script_pause(void *user, int on, nn_error *err)
{
    tui *t = user;
    if (on && nscripts == 0)
        return nn_fail(err, "pause: no training is running (in a script, `pause` waits for Enter or `resume`)");
    if (!on && !script_held)
        return nn_fail(err, "resume: no training is running and no script is paused");
    script_held = on;
    log_add(&t->log, LOG_TEXT, on ? "the script is paused: press Enter or type `resume` to go on (other "
                                    "commands work meanwhile)" : "the script goes on");
    return 0;
}

static int hook_source(void *user, const char *path, nn_error *err)
{
    (void)user;
    return open_script(path, err);
}

static void script_step(tui *t)
{
    if (nscripts == 0 || script_held || nn_session_training(t->session))
        return;
    nn_script *sc = &scripts[nscripts - 1];
    char where[600];
    nn_error err;
    int more = nn_script_next(sc, &err);
    if (more < 0) {
        tui_log_error(t, err.msg);
        close_scripts(0);
    } else if (more == 0) {
        close_scripts(nscripts - 1);
    } else {
        snprintf(where, sizeof where, "%s:%ld", sc->name, sc->line);
        if (run_line(t, sc->buf, where) < 0)
            close_scripts(0);
        t->dirty = true;
    }
}

/* ---- the terminal, restored on every exit ---- */

static void restore_terminal(void)
{
    if (!isendwin())
        endwin();
}

static void on_fatal(int sig)
{
    restore_terminal();
    nn_atomic_file_cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_quit_signal(int sig)
{
    (void)sig;
    quit_signal = 1;
}

static void on_interrupt(int sig)
{
    (void)sig;
    interrupts++;
}

/* Ctrl-C, as a key or a SIGINT, stops training, not the program (F1's
 * promise). With nothing training and nothing unsaved, a second within two
 * seconds quits; with a trained model unsaved it never does, it says how. */
static void interrupt(tui *t)
{
    static long last;
    long now = tui_now_ms();
    if (nn_session_interrupt(t->session)) {
        log_add(&t->log, LOG_TEXT, "stopping training (Ctrl-C stops training, not the program)");
        last = now;
    } else if (nn_session_unsaved(t->session)) {
        log_add(&t->log, LOG_TEXT, "nothing to stop: Ctrl-C stops training, not the program");
        log_add(&t->log, LOG_TEXT, "model not saved: `save FILE` keeps it, `quit` leaves");
    } else if (now - last < 2000) {
        run_line(t, "quit", NULL);
    } else {
        log_add(&t->log, LOG_TEXT, "nothing is training: Ctrl-C again (or `quit`, Ctrl-D) to quit");
        last = now;
    }
    t->dirty = true;
}

static void install_signals(void)
{
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        signal(fatal[i], on_fatal);
    signal(SIGTERM, on_quit_signal);
    signal(SIGHUP, on_quit_signal);
    signal(SIGINT, on_interrupt); /* raw mode makes Ctrl-C a key; this is `kill -INT` */
    signal(SIGPIPE, SIG_IGN);     /* a FIFO's reader leaving fails the save, not the workbench */
    atexit(restore_terminal);
}

static void theme_dirs(tui *t)
{
    nn_theme_find_dirs(&t->theme_dirs, t->user_theme_dir, sizeof t->user_theme_dir, t->built_theme_dir,
                       sizeof t->built_theme_dir);
}

static int screen_init(tui *t)
{
    if (!initscr())
        return -1;
    raw();
    noecho();
    nonl();
    t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    tui_colors_init(t, "default");
    t->zoom = -1;
    t->focus = PANE_LOG;
    layout_panes(t);
    return 0;
}

/* One turn of the loop: a key (or none within INPUT_WAIT_MS), then a
 * redraw when something changed or a frame is due. */
static void turn(tui *t, long *last_draw)
{
    for (; interrupts > 0; interrupts--)
        interrupt(t);
    if (prompt_read() == KEY_RESIZE) {
        layout_panes(t);
        prompt_resize(t->prompt);
        wtimeout(t->prompt, INPUT_WAIT_MS);
    }
    long now = tui_now_ms();
    if (t->dirty || now - *last_draw >= FRAME_MS) {
        draw_all(t);
        prompt_redraw();
        doupdate();
        *last_draw = now, t->dirty = false;
    }
}

int nnwb_tui(const char *script_path)
{
    tui t = {0};
    the_tui = &t;
    if (log_init(&t.log, LOG_LINES) < 0)
        return 1;
    nn_history_snapshot_init(&t.snap);
    nn_chart_runs_init(&t.runs);
    const nn_output out = {&t, out_text, out_warning, out_error};
    t.session = nn_session_new(&out);
    if (!t.session)
        return 1;
    nn_session_set_foreground(t.session, 0);
    nn_session_set_interactive(t.session, 1);
    nn_ui_hooks hooks = {.source = hook_source, .chart = tui_show_chart, .script_pause = hook_script_pause};
    tui_view_hooks(&t, &hooks);
    nn_session_set_ui(t.session, &hooks);
    theme_dirs(&t);
    nn_error err;
    if (script_path && open_script(script_path, &err) < 0) {
        fprintf(stderr, "nnwb: %s\n", err.msg + strlen("source: "));
        nn_session_free(t.session);
        return 1;
    }
    install_signals();
    const prompt_hooks ph = {&t, on_line, show_matches, completion_context, on_key};
    if (screen_init(&t) < 0 || prompt_init(t.prompt, "nnwb> ", &ph) < 0) {
        restore_terminal();
        fprintf(stderr, "nnwb: cannot start the screen (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
        return 1;
    }
    bind_keys();
    prompt_set_attrs(tui_attr(&t, NN_ROLE_PROMPT), tui_attr(&t, NN_ROLE_INPUT), tui_attr(&t, NN_ROLE_DIM));
    char *history = prompt_history_path();
    if (history)
        prompt_history_load(history);
    log_add(&t.log, LOG_TEXT, "nnwb: `help` lists the commands, F1 the keys; try `source samples/keras_example.nnw`");
    wtimeout(t.prompt, INPUT_WAIT_MS);
    long last_draw = 0;
    while (!nn_session_quitting(t.session) && !quit_signal) {
        nn_session_poll(t.session); /* first: a script's next line sees a job going between its runs */
        script_step(&t);
        turn(&t, &last_draw);
    }
    close_scripts(0);
    if (history)
        prompt_history_save(history);
    free(history);
    prompt_end();
    restore_terminal();
    nn_session_free(t.session); /* stops the job going on and joins its trainer */
    nn_history_snapshot_free(&t.snap);
    nn_chart_runs_free(&t.runs);
    nn_canvas_free(&t.canvas);
    log_free(&t.log);
    return 0;
}
