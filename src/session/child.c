/* A child process with its output read through non-blocking pipes. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"

extern char **environ;

enum { LINE_MAX_BYTES = 4096 };

typedef struct pipe_in {
    int fd; /* -1 once at its end */
    char buf[LINE_MAX_BYTES + 1];
    size_t len;  /* bytes held */
    size_t used; /* bytes of the line handed out last, dropped on the next call */
} pipe_in;

struct nn_child {
    pid_t pid;
    bool exited;
    int status;
    pipe_in in[2]; /* [0] standard output, [1] standard error */
    int to;        /* its standard input: a socket, written without SIGPIPE; -1 once closed */
};

static char **environment_plus(const char *const *extra)
{
    size_t n = 0, k = 0;
    while (environ[n])
        n++;
    while (extra && extra[k])
        k++;
    char **env = malloc((n + k + 1) * sizeof *env);
    if (!env)
        return NULL;
    memcpy(env, environ, n * sizeof *env);
    for (size_t i = 0; i < k; i++)
        env[n + i] = (char *)extra[i];
    env[n + k] = NULL;
    return env;
}

static int spawn(nn_child *c, const char *const *argv, char **env, int in[2], int out[2], int err_pipe[2])
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    posix_spawn_file_actions_adddup2(&fa, in[1], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    posix_spawnattr_setpgroup(&at, 0);
    sigset_t none; /* the workbench's blocked signals are not the child's */
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    int rc = posix_spawnp(&c->pid, argv[0], &fa, &at, (char *const *)argv, env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    return rc;
}

nn_child *nn_child_spawn(const char *const *argv, const char *const *extra_env, nn_error *err)
{
    nn_child *c = calloc(1, sizeof *c);
    char **env = environment_plus(extra_env);
    int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1};
    if (!c || !env || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0 || pipe2(out, O_CLOEXEC) < 0 ||
        pipe2(errp, O_CLOEXEC) < 0) {
        nn_fail(err, "cannot start %s: %s", argv[0], !c || !env ? "out of memory" : strerror(errno));
        goto fail;
    }
    int rc = spawn(c, argv, env, in, out, errp);
    if (rc != 0) {
        nn_fail(err, "cannot start %s: %s", argv[0], strerror(rc));
        goto fail;
    }
    close(in[1]), close(out[1]), close(errp[1]);
    shutdown(in[0], SHUT_RD);
    c->to = in[0];
    free(env);
    c->in[0] = (pipe_in){.fd = out[0]};
    c->in[1] = (pipe_in){.fd = errp[0]};
    for (int i = 0; i < 2; i++)
        fcntl(c->in[i].fd, F_SETFL, fcntl(c->in[i].fd, F_GETFL) | O_NONBLOCK);
    return c;
fail:
    for (int i = 0; i < 2; i++) {
        if (in[i] >= 0)
            close(in[i]);
        if (out[i] >= 0)
            close(out[i]);
        if (errp[i] >= 0)
            close(errp[i]);
    }
    free(env);
    free(c);
    return NULL;
}

/* Reads what is there; the pipe's end closes it. */
static void fill(pipe_in *p)
{
    while (p->fd >= 0 && p->len < LINE_MAX_BYTES) {
        ssize_t n = read(p->fd, p->buf + p->len, LINE_MAX_BYTES - p->len);
        if (n > 0) {
            p->len += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            close(p->fd);
            p->fd = -1;
        }
        return;
    }
}

const char *nn_child_line(nn_child *c, bool out)
{
    pipe_in *p = &c->in[out ? 0 : 1];
    memmove(p->buf, p->buf + p->used, p->len - p->used);
    p->len -= p->used, p->used = 0;
    fill(p);
    char *nl = memchr(p->buf, '\n', p->len);
    size_t end = nl ? (size_t)(nl - p->buf) : p->len;
    if (!nl && p->len < LINE_MAX_BYTES && (p->fd >= 0 || p->len == 0))
        return NULL; /* no whole line yet (a last line without newline counts at the end) */
    p->buf[end] = '\0';
    p->used = nl ? end + 1 : end;
    return p->buf;
}

int nn_child_say(nn_child *c, const char *line)
{
    char text[LINE_MAX_BYTES];
    int n = snprintf(text, sizeof text, "%s\n", line);
    if (c->to < 0 || n < 0 || n >= (int)sizeof text)
        return -1;
    /* a line is a few bytes into an empty socket: all of it or, when the
     * child has gone or stopped reading, none */
    ssize_t sent = send(c->to, text, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
    return sent == n ? 0 : -1;
}

bool nn_child_ended(nn_child *c, int *status)
{
    if (!c->exited && waitpid(c->pid, &c->status, WNOHANG) == c->pid)
        c->exited = true;
    for (int i = 0; i < 2; i++)
        if (c->in[i].fd >= 0 || c->in[i].len > c->in[i].used)
            return false;
    if (!c->exited)
        return false;
    *status = c->status;
    return true;
}

void nn_child_signal(nn_child *c, int sig)
{
    if (!c->exited)
        kill(c->pid, sig);
}

void nn_child_wait_a_while(nn_child *c, int ms)
{
    struct pollfd fds[2];
    nfds_t n = 0;
    for (int i = 0; i < 2; i++)
        if (c->in[i].fd >= 0)
            fds[n++] = (struct pollfd){.fd = c->in[i].fd, .events = POLLIN};
    if (n)
        poll(fds, n, ms);
    else
        nanosleep(&(struct timespec){0, (long)ms * 1000000L}, NULL);
}

void nn_child_free(nn_child *c)
{
    if (!c)
        return;
    nn_child_signal(c, SIGTERM);
    for (int i = 0; i < 50 && !c->exited; i++) { /* mpirun ends its ranks, then itself */
        if (waitpid(c->pid, &c->status, WNOHANG) == c->pid)
            c->exited = true;
        else
            nanosleep(&(struct timespec){0, 100000000L}, NULL);
    }
    if (!c->exited) {
        kill(-c->pid, SIGKILL);
        waitpid(c->pid, &c->status, 0);
    }
    for (int i = 0; i < 2; i++)
        if (c->in[i].fd >= 0)
            close(c->in[i].fd);
    if (c->to >= 0)
        close(c->to);
    free(c);
}
