#include "script_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/input_file.h"

int nn_script_open(nn_script *sc, const char *path, nn_error *err)
{
    memset(sc, 0, sizeof *sc);
    int std = strcmp(path, "-") == 0, fd = STDIN_FILENO;
    struct stat st;
    if (!std && (fd = nn_open_input(path, 1, &st, err)) < 0)
        return -1;
    sc->from_pipe = !std && S_ISFIFO(st.st_mode);
    sc->f = std ? stdin : fdopen(fd, "r");
    sc->name = strdup(std ? "<stdin>" : path);
    sc->buf = malloc(NN_SCRIPT_LINE_MAX + 1);
    if (!sc->f || !sc->name || !sc->buf) {
        if (!sc->f)
            close(fd);
        nn_script_close(sc);
        return nn_fail(err, "%s: out of memory", path);
    }
    return 0;
}

int nn_script_next(nn_script *sc, nn_error *err)
{
    size_t n = 0;
    int c;
    while ((c = getc(sc->f)) != EOF && c != '\n') {
        if (c == '\0')
            return nn_fail_at(err, sc->name, sc->line + 1,
                              "binary data (a NUL byte): is this a script?");
        if (n == NN_SCRIPT_LINE_MAX)
            return nn_fail_at(err, sc->name, sc->line + 1,
                              "a line longer than %d MiB: is this a script?",
                              NN_SCRIPT_LINE_MAX >> 20);
        sc->buf[n++] = (char)c;
    }
    if (c == EOF && ferror(sc->f))
        return nn_fail(err, "%s: %s", sc->name, strerror(errno));
    if (c == EOF && n == 0) {
        if (sc->from_pipe && sc->line == 0)
            return nn_fail(err, "%s: the pipe gave nothing to read (is a program writing to it?)",
                           sc->name);
        return 0;
    }
    sc->buf[n] = '\0';
    if (sc->line == 0 && n >= 3 && memcmp(sc->buf, "\xEF\xBB\xBF", 3) == 0) {
        n -= 3; /* a UTF-8 byte order mark, as Windows Notepad writes, is no command */
        memmove(sc->buf, sc->buf + 3, n + 1);
    }
    sc->len = n;
    sc->line++;
    return 1;
}

void nn_script_close(nn_script *sc)
{
    if (sc->f && sc->f != stdin)
        fclose(sc->f);
    free(sc->name);
    free(sc->buf);
    memset(sc, 0, sizeof *sc);
}
