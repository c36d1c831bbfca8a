#include "input_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a named pipe (FIFO)";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "a special file";
}

int nn_open_input(const char *path, int pipes, struct stat *st, nn_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return nn_fail(err, "%s: %s", path, strerror(errno));
    if (fstat(fd, st) < 0) {
        int e = errno;
        close(fd);
        return nn_fail(err, "%s: %s", path, strerror(e));
    }
    if (!S_ISREG(st->st_mode) && !(pipes && S_ISFIFO(st->st_mode))) {
        close(fd);
        return nn_fail(err, "%s: is %s, not a regular file%s", path, kind_of(st->st_mode),
                       S_ISFIFO(st->st_mode) ? " (copy it to a file first)" : "");
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) { /* a writer may be slow */
        int e = errno;
        close(fd);
        return nn_fail(err, "%s: %s", path, strerror(e));
    }
    return fd;
}

int nn_input_changed(int fd, const struct stat *st)
{
    struct stat now;
    return fstat(fd, &now) == 0 &&
           (now.st_size != st->st_size || now.st_mtim.tv_sec != st->st_mtim.tv_sec ||
            now.st_mtim.tv_nsec != st->st_mtim.tv_nsec);
}
