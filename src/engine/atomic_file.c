#include "atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "input_file.h"

#define MAX_LINKS 40       /* symbolic links followed, as the kernel's ELOOP */
#define TMP_SUFFIX ".tmp." /* then 6 letters or digits */
#define TMP_RANDOM 6

static const char ALPHABET[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* ---- the temporaries of saves in progress, for the signal handlers ---- */

enum { SLOT_FREE, SLOT_FILLING, SLOT_ARMED };
#define N_SLOTS 8 /* saves at once: the commands' thread and the trainer's checkpoints */
static struct {
    atomic_int state;
    char path[PATH_MAX + 16];
} pending[N_SLOTS];

/* Records tmp where nn_atomic_file_cleanup finds it; -1 when every slot is
 * taken (the temporary then simply outlives a signal, as after kill -9). */
static int arm(const char *tmp)
{
    size_t len = strlen(tmp);
    if (len >= sizeof pending[0].path)
        return -1;
    for (int i = 0; i < N_SLOTS; i++) {
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&pending[i].state, &expected, SLOT_FILLING)) {
            memcpy(pending[i].path, tmp, len + 1);
            atomic_store(&pending[i].state, SLOT_ARMED);
            return i;
        }
    }
    return -1;
}

static void disarm(int slot)
{
    if (slot >= 0)
        atomic_store(&pending[slot].state, SLOT_FREE);
}

void nn_atomic_file_cleanup(void)
{
    for (int i = 0; i < N_SLOTS; i++)
        if (atomic_load(&pending[i].state) == SLOT_ARMED)
            unlink(pending[i].path);
}

/* ---- writing ---- */

static int write_all(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0)
            errno = ENOSPC;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void sync_directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Follows symbolic links from path to the file a save must write into
 * *target; *st describes it when *exists. The links stay as they are. */
static int resolve(const char *path, char *target, struct stat *st, bool *exists, nn_error *err)
{
    if (snprintf(target, PATH_MAX, "%s", path) >= PATH_MAX)
        return nn_fail(err, "%s: %s", path, strerror(ENAMETOOLONG));
    for (int hops = 0;; hops++) {
        if (lstat(target, st) < 0) {
            *exists = false;
            return errno == ENOENT ? 0 : nn_fail(err, "%s: %s", path, strerror(errno));
        }
        *exists = true;
        if (!S_ISLNK(st->st_mode))
            return 0;
        char link[PATH_MAX];
        ssize_t n = hops < MAX_LINKS ? readlink(target, link, sizeof link - 1) : (errno = ELOOP, -1);
        if (n < 0)
            return nn_fail(err, "%s: %s", path, strerror(errno));
        link[n] = '\0';
        const char *slash = strrchr(target, '/');
        size_t dir = link[0] == '/' || !slash ? 0 : (size_t)(slash - target) + 1; /* relative to the link */
        if (dir + (size_t)n >= PATH_MAX)
            return nn_fail(err, "%s: %s", path, strerror(ENAMETOOLONG));
        memcpy(target + dir, link, (size_t)n + 1);
    }
}

/* Creates target.tmp.XXXXXX with O_EXCL; the kernel applies the umask to
 * mode, which mkstemp (always 0600) would not let us choose. The name is
 * armed (*slot) before the file exists, so that no signal finds the file
 * there and unrecorded. */
static int create_temp(const char *target, char *tmp, size_t size, mode_t mode, int *slot)
{
    static atomic_uint counter;
    int at = snprintf(tmp, size, "%s" TMP_SUFFIX, target);
    if (at < 0 || (size_t)at + TMP_RANDOM >= size)
        return errno = ENAMETOOLONG, -1;
    for (int attempt = 0; attempt < 100; attempt++) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t v = ((uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 32 ^ atomic_fetch_add(&counter, 1)) *
                     0x9E3779B97F4A7C15u;
        for (int i = 0; i < TMP_RANDOM; i++, v >>= 8)
            tmp[at + i] = ALPHABET[v % (sizeof ALPHABET - 1)];
        tmp[at + TMP_RANDOM] = '\0';
        *slot = arm(tmp);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0)
            return fd;
        int e = errno;
        disarm(*slot);
        if ((errno = e) != EEXIST)
            return -1;
    }
    return -1;
}

/* The new file takes the old one's mode, before any byte is written into
 * it, and its owner and group when allowed (only root may give a file
 * away; otherwise it is the saver's, as with any editor). */
static int keep_mode(int fd, const struct stat *old)
{
    if (fchown(fd, old->st_uid, old->st_gid) < 0 && fchown(fd, (uid_t)-1, old->st_gid) < 0)
        errno = 0;
    return fchmod(fd, old->st_mode & 07777);
}

static int replace(const char *path, const char *target, const struct stat *old, const void *data,
                   size_t len, nn_error *err)
{
    char tmp[PATH_MAX + 16];
    int slot = -1, rc = 0;
    int fd = create_temp(target, tmp, sizeof tmp, old ? 0600 : 0666, &slot);
    if (fd < 0)
        return nn_fail(err, "%s: cannot create a temporary file: %s", path, strerror(errno));
    if (old && keep_mode(fd, old) < 0)
        rc = nn_fail(err, "%s: cannot give the new file the old one's mode: %s; the previous file is unchanged",
                     path, strerror(errno));
    if (rc == 0 && (write_all(fd, data, len) < 0 || fsync(fd) < 0))
        rc = nn_fail(err, "%s: cannot write: %s; the previous file is unchanged", path, strerror(errno));
    if (close(fd) < 0 && rc == 0)
        rc = nn_fail(err, "%s: cannot write: %s; the previous file is unchanged", path, strerror(errno));
    if (rc == 0 && rename(tmp, target) < 0)
        rc = nn_fail(err, "%s: cannot replace: %s", path, strerror(errno));
    if (rc < 0)
        unlink(tmp);
    disarm(slot); /* only now: a signal before the rename must still remove tmp */
    if (rc == 0)
        sync_directory_of(target);
    return rc;
}

/* A device or a FIFO is written as it is: replacing /dev/null by a regular
 * file would break the system. O_NONBLOCK makes opening a FIFO with no
 * reader fail at once (ENXIO) instead of hanging; writes then block. */
static int write_in_place(const char *path, const char *target, const void *data, size_t len,
                          nn_error *err)
{
    int fd = open(target, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return nn_fail(err, "%s: cannot open: %s", path,
                       errno == ENXIO ? "a FIFO with no reader" : strerror(errno));
    struct stat st;
    int flags = fcntl(fd, F_GETFL), rc = 0;
    if (fstat(fd, &st) < 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
        rc = nn_fail(err, "%s: changed while being opened; nothing written", path);
    else if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 || write_all(fd, data, len) < 0)
        rc = nn_fail(err, "%s: cannot write: %s", path, strerror(errno));
    if (close(fd) < 0 && rc == 0)
        rc = nn_fail(err, "%s: cannot write: %s", path, strerror(errno));
    return rc;
}

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory" : S_ISSOCK(mode) ? "a socket" : S_ISBLK(mode) ? "a block device"
                                                                                       : "a special file";
}

static bool nowhere; /* set once at start-up, before any thread writes */

void nn_write_files_nowhere(void)
{
    nowhere = true;
}

int nn_write_file_atomic(const char *path, const void *data, size_t len, nn_error *err)
{
    if (nowhere)
        return 0;
    char target[PATH_MAX];
    struct stat st;
    bool exists;
    if (resolve(path, target, &st, &exists, err) < 0)
        return -1;
    if (!exists || S_ISREG(st.st_mode))
        return replace(path, target, exists ? &st : NULL, data, len, err);
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
        return write_in_place(path, target, data, len, err);
    return nn_fail(err, "%s: is %s; only a regular file, a character device or a FIFO can be written",
                   path, kind_of(st.st_mode));
}

/* ---- what to say before a save ---- */

/* Is name base.tmp.XXXXXX, a temporary of ours for base? */
static bool is_temp_of(const char *name, const char *base)
{
    size_t b = strlen(base), s = strlen(TMP_SUFFIX);
    if (strncmp(name, base, b) != 0 || strncmp(name + b, TMP_SUFFIX, s) != 0 ||
        strlen(name + b + s) != TMP_RANDOM)
        return false;
    return strspn(name + b + s, ALPHABET) == TMP_RANDOM;
}

static void note_stale_temps(const char *path, const char *target, void (*note)(void *, const char *),
                             void *user)
{
    const char *slash = strrchr(target, '/');
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - target) + 1 : 1, slash ? target : ".");
    DIR *d = opendir(dir);
    if (!d)
        return;
    const char *base = slash ? slash + 1 : target;
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_temp_of(e->d_name, base))
            continue;
        char msg[3 * PATH_MAX];
        snprintf(msg, sizeof msg,
                 "%s%s: a temporary file left by an interrupted save of %s (kill -9?); it is left "
                 "alone: remove it once no other nnwb is saving that file",
                 slash ? dir : "", e->d_name, path);
        note(user, msg);
    }
    closedir(d);
}

void nn_file_save_notes(const char *path, void (*note)(void *user, const char *text), void *user)
{
    char target[PATH_MAX];
    struct stat st;
    bool exists;
    if (resolve(path, target, &st, &exists, NULL) < 0 || (exists && !S_ISREG(st.st_mode)))
        return;
    if (exists && st.st_nlink > 1) {
        char msg[PATH_MAX + 200];
        snprintf(msg, sizeof msg,
                 "%s: the file has %ju other name%s (hard links); saving replaces this name only, "
                 "the other%s keep%s the previous content",
                 path, (uintmax_t)st.st_nlink - 1, st.st_nlink > 2 ? "s" : "", st.st_nlink > 2 ? "s" : "",
                 st.st_nlink > 2 ? "" : "s");
        note(user, msg);
    }
    note_stale_temps(path, target, note, user);
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
        if (failure)
            return nn_fail(err, "%s: read error: %s", path, strerror(failure));
        if (size == 0) /* /proc and /sys files say 0 bytes and hold more */
            return nn_fail(err, "%s: the file says it is empty (0 bytes) but holds data, as files "
                                "under /proc and /sys do; only a file of a known size is read: "
                                "copy it to an ordinary file first", path);
        return nn_fail(err, "%s: the file changed size while it was being read", path);
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return 0;
}
