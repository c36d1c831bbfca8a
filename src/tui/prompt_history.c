/* The prompt's history file: where it lives, reading it, and appending
 * this session's lines to it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>

#include "prompt_internal.h"

static int added; /* history lines of this session */

void prompt_history_add(const char *line)
{
    if (!line || !line[strspn(line, " \t")])
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (!last || strcmp(last->line, line) != 0) {
        add_history(line);
        added++;
    }
}

static int make_dirs(char *path)
{
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = c;
        if (rc != 0 && errno != EEXIST)
            return -1;
        if (c == '\0')
            return 0;
    }
}

char *prompt_history_path(void)
{
    const char *env = getenv("NNWB_HISTORY"), *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    if (env && *env)
        return strdup(env);
    char *dir = NULL, *path = NULL;
    int rc = -1;
    if (state && state[0] == '/') /* XDG: a relative path is to be ignored */
        rc = asprintf(&dir, "%s/nnwb", state);
    else if (home && *home)
        rc = asprintf(&dir, "%s/.local/state/nnwb", home);
    if (rc < 0)
        return NULL;
    if (make_dirs(dir) == 0 && asprintf(&path, "%s/history", dir) < 0)
        path = NULL;
    free(dir);
    return path;
}

int prompt_history_load(const char *path)
{
    int rc = read_history(path);
    using_history(); /* Up starts from the newest line, loaded before or after prompt_init */
    return rc == 0 || rc == ENOENT ? 0 : -1;
}

int prompt_history_save(const char *path)
{
    int n = added < history_length ? added : history_length, rc = 0;
    if (n > 0)
        rc = access(path, F_OK) == 0 ? append_history(n, path) : write_history(path);
    if (rc == 0 && n > 0)
        rc = history_truncate_file(path, PROMPT_HISTORY_LINES);
    if (rc == 0)
        added = 0;
    return rc == 0 ? 0 : -1;
}
