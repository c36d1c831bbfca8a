/* The samples folder, found as the themes are (tui/theme_dirs.c): the
 * environment first, then what a user in the source tree sees, then the
 * tree beside the program, then the installed data.  See samples_dir.h. */
#include "samples_dir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NNWB_SAMPLES_DIR
#define NNWB_SAMPLES_DIR "/usr/local/share/nnwb/samples"
#endif

static int holds(const char *dir, const char *probe)
{
    char path[PATH_MAX + 256];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, probe);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int nn_tree_dir(const char *name, const char *probe, char *buf, size_t len)
{
    char exe[PATH_MAX], dir[PATH_MAX + 64], real[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0 || (size_t)n >= sizeof exe - 1)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0'; /* BUILD/src */
    snprintf(dir, sizeof dir, "%s/../../%s", exe, name);
    if (!realpath(dir, real) || !holds(real, probe))
        return -1;
    int m = snprintf(buf, len, "%s", real);
    return m >= 0 && (size_t)m < len ? 0 : -1;
}

static int copy(char *buf, size_t len, const char *dir)
{
    int m = snprintf(buf, len, "%s", dir);
    return m >= 0 && (size_t)m < len ? 0 : -1;
}

int nn_samples_dir(const char *probe, char *buf, size_t len)
{
    const char *env = getenv("NNWB_SAMPLES");
    if (env && env[0]) /* asked for: used even when wrong, so `load` says what is missing */
        return copy(buf, len, env) == 0 && holds(env, probe) ? 0 : -1;
    if (holds("samples", probe))
        return copy(buf, len, "samples");
    if (nn_tree_dir("samples", probe, buf, len) == 0)
        return 0;
    if (holds(NNWB_SAMPLES_DIR, probe))
        return copy(buf, len, NNWB_SAMPLES_DIR);
    copy(buf, len, "samples");
    return -1;
}
