#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void sync_directory_of(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

int nn_write_file_atomic(const char *path, const void *data, size_t len, nn_error *err)
{
    size_t tlen = strlen(path) + 16;
    char *tmp = malloc(tlen);
    if (!tmp)
        return nn_fail(err, "%s: out of memory", path);
    snprintf(tmp, tlen, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        nn_fail(err, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    int rc = 0;
    if (write_all(fd, data, len) < 0 || fsync(fd) < 0)
        rc = nn_fail(err, "%s: cannot write: %s; the previous file is unchanged", path,
                     strerror(errno ? errno : ENOSPC));
    fchmod(fd, 0644);
    if (close(fd) < 0 && rc == 0)
        rc = nn_fail(err, "%s: cannot write: %s; the previous file is unchanged", path,
                     strerror(errno));
    if (rc == 0 && rename(tmp, path) < 0)
        rc = nn_fail(err, "%s: cannot replace: %s", path, strerror(errno));
    if (rc < 0)
        unlink(tmp);
    else
        sync_directory_of(path);
    free(tmp);
    return rc;
}

int nn_read_file(const char *path, char **data, size_t *len, nn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return nn_fail(err, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        used += fread(buf + used, 1, cap - used, f);
        if (used < cap)
            break;
        char *grown = realloc(buf, 2 * cap + 1);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf)
        return nn_fail(err, "%s: out of memory reading the file", path);
    if (failed) {
        free(buf);
        return nn_fail(err, "%s: read error", path);
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return 0;
}
