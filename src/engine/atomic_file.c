#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input_file.h"

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
    struct stat st;
    int fd = nn_open_input(path, 0, &st, err);
    if (fd < 0)
        return -1;
    size_t size = (size_t)st.st_size, used = 0;
    int failure = 0;
    char *buf = malloc(size + 2); /* one byte more shows a file that grew */
    while (buf && used <= size) {
        ssize_t n = read(fd, buf + used, size + 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            failure = n < 0 ? errno : 0;
            break;
        }
        used += (size_t)n;
    }
    close(fd);
    if (!buf)
        return nn_fail(err, "%s: out of memory reading the file", path);
    if (failure || used != size) {
        free(buf);
        return failure ? nn_fail(err, "%s: read error: %s", path, strerror(failure))
                       : nn_fail(err, "%s: the file changed size while it was being read", path);
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return 0;
}
