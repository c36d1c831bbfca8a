/* What a session says: lines of text, warnings and error prefixes, sent
 * to the front-end's output. The floor under every other session file,
 * so that each of them may speak without calling back up. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/atomic_file.h"
#include "session_internal.h"

static void emit(void (*sink)(void *, const char *), void *user, const char *fmt, va_list ap)
{
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        return;
    for (char *line = text, *nl; line; line = nl) { /* one call per line */
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        if (sink && (*line || nl))
            sink(user, line);
    }
    free(text);
}

void session_print(nn_session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(s->out.text, s->out.user, fmt, ap);
    va_end(ap);
}

void session_warn(nn_session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(s->out.warning, s->out.user, fmt, ap);
    va_end(ap);
}

static void warn_note(void *s, const char *text)
{
    session_warn(s, "%s", text);
}

void session_save_notes(nn_session *s, const char *path)
{
    nn_file_save_notes(path, warn_note, s);
}

int session_prefix_error(nn_error *err, const char *prefix)
{
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s: %.*s", prefix, (int)(sizeof msg - strlen(prefix) - 3), err->msg);
    memcpy(err->msg, msg, sizeof msg);
    return -1;
}
