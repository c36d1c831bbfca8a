#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/atomic_file.h"
#include "session/session.h"
#include "tui/theme_palette.h"

static int output_errno; /* of the first write to standard output that failed */

/* Output that cannot be written (a full disk, a pipe whose reader left:
 * SIGPIPE is ignored) is said once on standard error; the script goes on
 * for its other effects (saves, exports) and the exit status is 1. */
static void flush_stdout(void)
{
    if (output_errno || fflush(stdout) == 0)
        return;
    output_errno = errno ? errno : EIO;
    __fpurge(stdout); /* nothing more will be tried */
    clearerr(stdout);
    fprintf(stderr, "nnwb: cannot write standard output: %s; the script goes on without its output\n",
            strerror(output_errno));
}

int nnwb_batch_output_failed(void)
{
    return output_errno != 0;
}

static bool quiet; /* a rank after the first of an mpirun: rank 0 speaks for all */

void nnwb_batch_quiet(void)
{
    quiet = true;
}

static void to_stdout(void *user, const char *line)
{
    (void)user;
    if (output_errno || quiet)
        return;
    printf("%s\n", line);
    flush_stdout();
}

static void warning(void *user, const char *line)
{
    (void)user;
    if (quiet)
        return;
    flush_stdout();
    fprintf(stderr, "warning: %s\n", line);
}

static void error(void *user, const char *line)
{
    (void)user;
    flush_stdout();
    fprintf(stderr, "error: %s\n", line);
}

static nn_session *running;
static volatile sig_atomic_t interrupts;

/* The first Ctrl-C stops the training in progress (the script goes on
 * with its weights); a second one quits. */
static void on_interrupt(int sig)
{
    (void)sig;
    if (++interrupts >= 2) {
        nn_atomic_file_cleanup();
        _exit(130);
    }
    static const char msg[] = "\nnnwb: stopping training (Ctrl-C again to quit)\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    if (running)
        nn_session_request_stop(running);
}

/* SIGTERM and SIGHUP end the script at once, as by default, but first
 * remove the temporary file of a save in progress. */
static void on_terminate(int sig)
{
    nn_atomic_file_cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* `export plot ... theme=NAME`: a theme file's colours; batch mode shows
 * no theme, so none is active. */
static int batch_palette(void *user, const char *name, nn_chart_palette *palette, nn_error *err)
{
    (void)user;
    if (strcmp(name, "active") == 0)
        return nn_fail(err, "theme=active: batch mode has no theme in use; name one (theme=light) or leave "
                            "theme= out for the print palette");
    static char user_dir[512], built_dir[512];
    nn_theme_dirs dirs;
    nn_theme_find_dirs(&dirs, user_dir, sizeof user_dir, built_dir, sizeof built_dir);
    return nn_theme_palette_named(name, &dirs, palette, err);
}

static nn_session *batch_session(void)
{
    const nn_output out = {NULL, to_stdout, warning, error};
    nn_session *s = nn_session_new(&out);
    if (!s)
        fprintf(stderr, "nnwb: out of memory\n");
    else
        nn_session_set_ui(s, &(nn_ui_hooks){.palette = batch_palette});
    running = s;
    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_terminate);
    signal(SIGHUP, on_terminate);
    signal(SIGPIPE, SIG_IGN);
    return s;
}

int nnwb_batch_file(const char *path)
{
    nn_session *s = batch_session();
    if (!s)
        return 1;
    int rc = nn_session_source(s, path);
    running = NULL; /* before the handler could see it freed */
    nn_session_free(s);
    return rc < 0 || output_errno ? 1 : 0;
}

int nnwb_batch_commands(const char *const *lines, int n)
{
    nn_session *s = batch_session();
    if (!s)
        return 1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < n && !nn_session_quitting(s); i++)
        rc = nn_session_run(s, lines[i], "-e");
    running = NULL; /* before the handler could see it freed */
    nn_session_free(s);
    return rc < 0 || output_errno ? 1 : 0;
}

int nnwb_batch_prompt(const char *script)
{
    nn_session *s = batch_session();
    if (!s)
        return 1;
    nn_session_set_interactive(s, 1);
    if (script)
        nn_session_source(s, script);
    char *line = NULL;
    size_t cap = 0;
    while (!nn_session_quitting(s)) {
        fputs("nnwb> ", stdout);
        fflush(stdout);
        if (getline(&line, &cap, stdin) < 0)
            break;
        line[strcspn(line, "\n")] = '\0';
        nn_session_run(s, line, NULL);
    }
    free(line);
    running = NULL; /* before the handler could see it freed */
    nn_session_free(s);
    return output_errno ? 1 : 0;
}
