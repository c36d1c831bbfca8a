#include "batch.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "session/session.h"

static void to_stdout(void *user, const char *line)
{
    (void)user;
    printf("%s\n", line);
    fflush(stdout);
}

static void warning(void *user, const char *line)
{
    (void)user;
    fflush(stdout);
    fprintf(stderr, "warning: %s\n", line);
}

static void error(void *user, const char *line)
{
    (void)user;
    fflush(stdout);
    fprintf(stderr, "error: %s\n", line);
}

static nn_session *running;
static volatile sig_atomic_t interrupts;

/* The first Ctrl-C stops the training in progress (the script goes on
 * with its weights); a second one quits. */
static void on_interrupt(int sig)
{
    (void)sig;
    if (++interrupts >= 2)
        _exit(130);
    static const char msg[] = "\nnnwb: stopping training (Ctrl-C again to quit)\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    if (running)
        nn_session_request_stop(running);
}

static nn_session *batch_session(void)
{
    const nn_output out = {NULL, to_stdout, warning, error};
    nn_session *s = nn_session_new(&out);
    if (!s)
        fprintf(stderr, "nnwb: out of memory\n");
    running = s;
    signal(SIGINT, on_interrupt);
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
    return rc < 0 ? 1 : 0;
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
    return rc < 0 ? 1 : 0;
}
