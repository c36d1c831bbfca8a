#include "batch.h"

#include <stdio.h>

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

static nn_session *batch_session(void)
{
    const nn_output out = {NULL, to_stdout, warning, error};
    nn_session *s = nn_session_new(&out);
    if (!s)
        fprintf(stderr, "nnwb: out of memory\n");
    return s;
}

int nnwb_batch_file(const char *path)
{
    nn_session *s = batch_session();
    if (!s)
        return 1;
    int rc = nn_session_source(s, path);
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
    nn_session_free(s);
    return rc < 0 ? 1 : 0;
}
