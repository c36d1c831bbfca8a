/* Fuzz target: the command language.  Every input line is
 *   1. split into commands (nn_cmdline_split);
 *   2. bound against every command of the table (nn_call_bind), so each
 *      argument spec sees every word, with a few known column names;
 *   3. run on a fresh session, output discarded — but only when each of its
 *      commands is in the list below: nothing that reads or writes files,
 *      trains, or runs long, and no number longer than three digits (so
 *      `generate rows=9999999 features=99999` cannot exhaust memory by
 *      design rather than by a bug). */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session/call.h"
#include "session/cmdline.h"
#include "session/command.h"
#include "session/session.h"

static const char *const runnable[] = {
    "generate", "columns", "describe", "head", "tail", "plot", "target", "drop", "keep",
    "impute", "encode", "scale", "sort", "calendar", "window", "split", "recipe",
    "model", "add", "remove", "summary", "loss", "optimizer", "compile", "set",
    "pause", "resume", "stop", "wait", "history", "runs", "help", "theme", "zoom", "quit",
};

static int is_runnable(const nn_command *c)
{
    for (size_t i = 0; i < sizeof runnable / sizeof runnable[0]; i++)
        if (c && strcmp(c->name, runnable[i]) == 0)
            return 1;
    return 0;
}

/* Digits runs of four or more, or an exponent: sizes too big to run. */
static int has_big_number(const char *s)
{
    size_t run = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (++run > 3)
                return 1;
        } else {
            if (run && (*p == 'e' || *p == 'E' || *p == 'x' || *p == 'X'))
                return 1;
            run = 0;
        }
        if (strncasecmp(p, "inf", 3) == 0 || strncasecmp(p, "nan", 3) == 0)
            return 1;
    }
    return 0;
}

static void discard(void *user, const char *line) { (void)user, (void)line; }

static const char *const columns[] = {"x1", "x2", "y", "date", "symbol", "price"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *line = malloc(size + 1);
    if (!line)
        return 0;
    memcpy(line, data, size);
    line[size] = '\0';
    if (strlen(line) != size) { /* an embedded NUL: a line is a C string */
        free(line);
        return 0;
    }

    nn_error err = {0};
    nn_cmdline *cmds = NULL;
    int n = nn_cmdline_split(line, &cmds, &err);
    int run = n > 0 && !has_big_number(line);
    const nn_bind_context ctx = {columns, sizeof columns / sizeof columns[0]};
    for (int i = 0; i < n; i++) {
        run = run && is_runnable(nn_command_find(cmds[i].name));
        for (size_t k = 0; k < nn_command_count(); k++) {
            nn_call *call = NULL;
            if (nn_call_bind(nn_command_at(k), &cmds[i], &ctx, &call, &err) == 0)
                nn_call_free(call);
        }
    }
    if (n >= 0)
        nn_cmdline_free(cmds, n);

    if (run) {
        const nn_output out = {NULL, discard, discard, discard};
        nn_session *s = nn_session_new(&out);
        if (s) {
            nn_session_run(s, line, "fuzz");
            nn_session_free(s);
        }
    }
    free(line);
    return 0;
}
