/* `train control=stdin`: a thread that reads control lines from standard
 * input and hands them to the running trainer, as the workbench's own
 * commands do for a local run.  The workbench writes them to the mpirun
 * of `train ranks=N`, which gives its standard input to rank 0; the
 * ranks' reducer then carries rank 0's state to every rank at the next
 * batch (engine/grad_reducer.h, agree).  The lines:
 *
 *   pause | resume | stop | step [N] [epochs] | set KEY=VALUE...
 *
 * A line it cannot take is said on standard error, which the workbench
 * shows as a warning; the run goes on. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

enum { LINE_BYTES = 1024 };

struct run_control {
    nn_trainer *trainer;
    int fd;      /* where the lines come from */
    int wake[2]; /* a byte here ends the thread */
    pthread_t thread;
};

static void say(const char *fmt, const char *what)
{
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
}

static void obey_set(nn_trainer *t, char **save)
{
    for (char *pair; (pair = strtok_r(NULL, " \t", save));) {
        char *eq = strchr(pair, '=');
        nn_error err = {{0}};
        if (!eq || eq == pair) {
            say("train control: '%s' is not KEY=VALUE", pair);
            continue;
        }
        *eq = '\0';
        if (nn_trainer_set(t, pair, eq + 1, &err) < 0)
            say("train control: set: %s", err.msg);
    }
}

static void obey(nn_trainer *t, char *line)
{
    char *save = NULL, *word = strtok_r(line, " \t\r", &save);
    if (!word)
        return;
    if (strcmp(word, "pause") == 0) {
        nn_trainer_pause(t);
    } else if (strcmp(word, "resume") == 0) {
        nn_trainer_resume(t);
    } else if (strcmp(word, "stop") == 0) {
        nn_trainer_stop(t);
    } else if (strcmp(word, "step") == 0) {
        char *count = strtok_r(NULL, " \t\r", &save), *unit = strtok_r(NULL, " \t\r", &save);
        int n = count ? atoi(count) : 1;
        if (unit && strncmp(unit, "epoch", 5) == 0)
            nn_trainer_step_epochs(t, n);
        else
            nn_trainer_step(t, n);
    } else if (strcmp(word, "set") == 0) {
        obey_set(t, &save);
    } else {
        say("train control: unknown line '%s' (pause, resume, stop, step [N] [epochs], set KEY=VALUE)", word);
    }
}

/* Hands every whole line in buf (len bytes) to the trainer; returns the
 * bytes of an unfinished last line, moved to buf's start. */
static size_t obey_lines(nn_trainer *t, char *buf, size_t len)
{
    char *start = buf, *nl;
    while ((nl = memchr(start, '\n', len - (size_t)(start - buf)))) {
        *nl = '\0';
        obey(t, start);
        start = nl + 1;
    }
    size_t left = len - (size_t)(start - buf);
    memmove(buf, start, left);
    return left < LINE_BYTES - 1 ? left : 0; /* an overlong line is dropped */
}

static void *reader(void *arg)
{
    run_control *c = arg;
    char buf[LINE_BYTES];
    size_t len = 0;
    for (;;) {
        struct pollfd fds[2] = {{.fd = c->fd, .events = POLLIN}, {.fd = c->wake[0], .events = POLLIN}};
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            break;
        if (fds[1].revents)
            break;
        if (!fds[0].revents)
            continue;
        ssize_t n = read(c->fd, buf + len, sizeof buf - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* the end of the input: the run goes on uncontrolled */
        len = obey_lines(c->trainer, buf, len + (size_t)n);
    }
    return NULL;
}

run_control *run_control_start(nn_trainer *t, int fd, nn_error *err)
{
    run_control *c = calloc(1, sizeof *c);
    if (!c) {
        nn_fail(err, "out of memory");
        return NULL;
    }
    *c = (run_control){.trainer = t, .fd = fd};
    if (pipe(c->wake) < 0) {
        free(c);
        nn_fail(err, "train control=: cannot make a pipe: %s", strerror(errno));
        return NULL;
    }
    if (pthread_create(&c->thread, NULL, reader, c) != 0) {
        close(c->wake[0]), close(c->wake[1]);
        free(c);
        nn_fail(err, "train control=: cannot start the thread that reads the controls");
        return NULL;
    }
    return c;
}

void run_control_end(run_control *c)
{
    if (!c)
        return;
    ssize_t n;
    do
        n = write(c->wake[1], "", 1);
    while (n < 0 && errno == EINTR);
    pthread_join(c->thread, NULL);
    close(c->wake[0]), close(c->wake[1]);
    free(c);
}
