/* A session whose printed lines a test reads back: `output` holds what the
 * last run() printed, `last_error` the last error; progress is dropped. */
#ifndef SESSION_CAPTURE_H
#define SESSION_CAPTURE_H

#include <stdio.h>
#include <string.h>

#include "session/session.h"

static char last_error[1024];
static char output[16384];

static inline void keep_text(void *u, const char *line)
{
    (void)u;
    size_t n = strlen(output);
    snprintf(output + n, sizeof output - n, "%s\n", line);
}
static inline void quiet(void *u, const char *line) { (void)u, (void)line; }
static inline void keep_error(void *u, const char *line)
{
    (void)u;
    snprintf(last_error, sizeof last_error, "%s", line);
}

static inline nn_session *capturing_session(void)
{
    const nn_output out = {NULL, keep_text, quiet, keep_error};
    return nn_session_new(&out);
}

/* Runs a line and keeps only its output; a failure is shown as a comment. */
static inline int run(nn_session *s, const char *line)
{
    output[0] = '\0';
    int rc = nn_session_run(s, line, "test");
    if (rc < 0)
        printf("# `%s` failed: %s\n", line, last_error);
    return rc;
}

#endif
