/* Saving never damages what is there: only regular files are replaced
 * (temporary + rename); a symbolic link stays a link and its target gets
 * the content; devices and FIFOs are written in place, directories and
 * sockets refused; modes are kept or follow the umask; a hard link's other
 * name keeps the old content and is noted beforehand, as are temporaries a
 * killed save left; a signal during a save can remove its temporary. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/atomic_file.h"
#include "tap.h"

static char dir[64];

static const char *in_dir(const char *name)
{
    static char buf[4][400];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The file's content, or "" when it cannot be read. */
static const char *content(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return buf;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 ? st.st_mode : 0;
}

static int save(const char *path, const char *text, nn_error *err)
{
    return nn_write_file_atomic(path, text, strlen(text), err);
}

/* How many names in the test directory start with prefix. */
static int count_prefixed(const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

static void empty_dir(void)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            const char *p = in_dir(e->d_name);
            if (unlink(p) < 0)
                rmdir(p);
        }
    if (d)
        closedir(d);
}

/* Collects the notes nn_file_save_notes gives. */
typedef struct {
    int n;
    char text[4][1024];
} notes;

static void collect(void *user, const char *text)
{
    notes *ns = user;
    if (ns->n < 4)
        snprintf(ns->text[ns->n], sizeof ns->text[0], "%s", text);
    ns->n++;
}

/* ---- modes ---- */

static void a_new_file_follows_the_umask(void)
{
    nn_error err;
    mode_t old = umask(027);
    CHECK(save(in_dir("a"), "x", &err) == 0);
    CHECK((mode_of(in_dir("a")) & 07777) == 0640); /* 0666 & ~027 */
    umask(0);
    CHECK(save(in_dir("b"), "x", &err) == 0);
    CHECK((mode_of(in_dir("b")) & 07777) == 0666);
    umask(077);
    CHECK(save(in_dir("c"), "x", &err) == 0);
    CHECK((mode_of(in_dir("c")) & 07777) == 0600);
    umask(old);
    empty_dir();
}

static void a_replaced_file_keeps_its_mode(void)
{
    nn_error err;
    mode_t old = umask(022);
    const mode_t modes[] = {0600, 0640, 0755, 0444};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        put(in_dir("m"), "old");
        chmod(in_dir("m"), modes[i]);
        CHECK(save(in_dir("m"), "new", &err) == 0);
        CHECK((mode_of(in_dir("m")) & 07777) == modes[i]);
        CHECK(strcmp(content(in_dir("m")), "new") == 0);
    }
    umask(old);
    empty_dir();
}

/* ---- links ---- */

static void a_symlink_stays_and_its_target_is_replaced(void)
{
    nn_error err;
    CHECK(mkdir(in_dir("sub"), 0755) == 0);
    put(in_dir("sub/real"), "old");
    chmod(in_dir("sub/real"), 0640);
    CHECK(symlink("sub/real", in_dir("link")) == 0); /* relative to the link's directory */
    CHECK(symlink("link", in_dir("link2")) == 0);    /* a chain */
    CHECK(save(in_dir("link2"), "new", &err) == 0);
    CHECK(S_ISLNK(mode_of(in_dir("link"))) && S_ISLNK(mode_of(in_dir("link2"))));
    CHECK(strcmp(content(in_dir("sub/real")), "new") == 0);
    CHECK((mode_of(in_dir("sub/real")) & 07777) == 0640);
    CHECK(count_prefixed("link") == 2); /* no temporary beside the links */
    /* a dangling link: the file it names is created */
    CHECK(symlink("sub/later", in_dir("dangling")) == 0);
    CHECK(save(in_dir("dangling"), "born", &err) == 0);
    CHECK(S_ISLNK(mode_of(in_dir("dangling"))));
    CHECK(strcmp(content(in_dir("sub/later")), "born") == 0);
    /* a loop is an error, not a hang */
    CHECK(symlink("loop", in_dir("loop")) == 0);
    CHECK(save(in_dir("loop"), "x", &err) == -1);
    CHECK(strstr(err.msg, "Too many levels of symbolic links") != NULL);
    unlink(in_dir("sub/real"));
    unlink(in_dir("sub/later"));
    empty_dir();
}

static void a_hard_link_keeps_the_old_content_and_is_noted(void)
{
    nn_error err;
    put(in_dir("h"), "old");
    CHECK(link(in_dir("h"), in_dir("h2")) == 0);
    notes ns = {0};
    nn_file_save_notes(in_dir("h"), collect, &ns);
    CHECK(ns.n == 1);
    CHECK(strstr(ns.text[0], "has 1 other name (hard links)") != NULL);
    CHECK(save(in_dir("h"), "new", &err) == 0);
    CHECK(strcmp(content(in_dir("h")), "new") == 0);
    CHECK(strcmp(content(in_dir("h2")), "old") == 0);
    ns.n = 0;
    nn_file_save_notes(in_dir("h"), collect, &ns); /* no longer linked */
    CHECK(ns.n == 0);
    empty_dir();
}

/* ---- special files ---- */

static void a_fifo_is_written_in_place(void)
{
    nn_error err;
    const char *fifo = in_dir("fifo");
    CHECK(mkfifo(fifo, 0600) == 0);
    /* no reader: refused at once, not waited for */
    CHECK(save(fifo, "x", &err) == -1);
    CHECK(strstr(err.msg, "a FIFO with no reader") != NULL);
    int rd = open(fifo, O_RDONLY | O_NONBLOCK);
    CHECK(rd >= 0);
    CHECK(save(fifo, "through the pipe", &err) == 0);
    char buf[64] = {0};
    CHECK(read(rd, buf, sizeof buf - 1) == 16);
    CHECK(strcmp(buf, "through the pipe") == 0);
    close(rd);
    CHECK(S_ISFIFO(mode_of(fifo)));
    CHECK(count_prefixed("fifo") == 1);
    empty_dir();
}

/* A character device of our own (mknod needs root) rather than the
 * system's /dev/null, which a regression would replace. */
static void a_character_device_is_written_in_place(void)
{
    nn_error err;
    const char *null = in_dir("null"), *full = in_dir("full");
    if (mknod(null, S_IFCHR | 0666, makedev(1, 3)) < 0 || mknod(full, S_IFCHR | 0666, makedev(1, 7)) < 0) {
        printf("# SKIP: mknod needs root; the shell tests write /dev/null as a user\n");
        empty_dir();
        return;
    }
    CHECK(save(null, "gone", &err) == 0);
    CHECK(S_ISCHR(mode_of(null)));
    CHECK(save(full, "no room", &err) == -1); /* /dev/full: ENOSPC, reported */
    CHECK(strstr(err.msg, "No space left on device") != NULL);
    CHECK(S_ISCHR(mode_of(full)));
    CHECK(count_prefixed("null.tmp") == 0 && count_prefixed("full.tmp") == 0);
    empty_dir();
}

static void a_directory_or_socket_is_refused(void)
{
    nn_error err;
    CHECK(mkdir(in_dir("d"), 0755) == 0);
    CHECK(save(in_dir("d"), "x", &err) == -1);
    CHECK(strstr(err.msg, "d: is a directory") != NULL);
    CHECK(S_ISDIR(mode_of(in_dir("d"))));
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", in_dir("sock"));
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK(save(in_dir("sock"), "x", &err) == -1);
    CHECK(strstr(err.msg, "sock: is a socket") != NULL);
    CHECK(S_ISSOCK(mode_of(in_dir("sock"))));
    close(fd);
    CHECK(count_prefixed("d.tmp") == 0 && count_prefixed("sock.tmp") == 0);
    empty_dir();
}

/* ---- temporaries ---- */

static void stale_temporaries_are_noted_and_left(void)
{
    put(in_dir("s.nnwb"), "model");
    put(in_dir("s.nnwb.tmp.Ab12cZ"), "half"); /* as kill -9 leaves it */
    put(in_dir("s.nnwb.tmp.toolong7"), "a user's file");
    put(in_dir("other.nnwb.tmp.Ab12cZ"), "another file's");
    notes ns = {0};
    nn_file_save_notes(in_dir("s.nnwb"), collect, &ns);
    CHECK(ns.n == 1);
    CHECK(strstr(ns.text[0], "s.nnwb.tmp.Ab12cZ: a temporary file left by an interrupted save") != NULL);
    nn_error err;
    CHECK(save(in_dir("s.nnwb"), "new", &err) == 0);
    CHECK(strcmp(content(in_dir("s.nnwb.tmp.Ab12cZ")), "half") == 0); /* left alone */
    ns.n = 0;
    nn_file_save_notes(in_dir("new.nnwb"), collect, &ns); /* a new file: nothing to say */
    CHECK(ns.n == 0);
    empty_dir();
}

static void on_xfsz(int sig)
{
    (void)sig;
    nn_atomic_file_cleanup();
    _exit(3);
}

/* A file-size limit makes the kernel signal (SIGXFSZ) in the middle of
 * the temporary's write, deterministically; the handler, as batch mode's
 * SIGTERM one, cleans up and exits. */
static void a_signal_during_a_save_can_remove_its_temporary(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, on_xfsz);
        struct rlimit lim = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &lim);
        static char big[1 << 20];
        memset(big, 'x', sizeof big);
        nn_error err;
        nn_write_file_atomic(in_dir("sig.nnwb"), big, sizeof big, &err);
        _exit(0); /* never reached: the write passes the limit */
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3); /* the signal came mid-save */
    CHECK(count_prefixed("sig.nnwb") == 0);
    empty_dir();
}

int main(void)
{
    alarm(60); /* a regression that blocks on a FIFO fails instead of hanging */
    strcpy(dir, "/tmp/nnwb-atomic-file-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    TEST(a_new_file_follows_the_umask);
    TEST(a_replaced_file_keeps_its_mode);
    TEST(a_symlink_stays_and_its_target_is_replaced);
    TEST(a_hard_link_keeps_the_old_content_and_is_noted);
    TEST(a_fifo_is_written_in_place);
    TEST(a_character_device_is_written_in_place);
    TEST(a_directory_or_socket_is_refused);
    TEST(stale_temporaries_are_noted_and_left);
    TEST(a_signal_during_a_save_can_remove_its_temporary);
    empty_dir();
    rmdir(dir);
    return tap_done();
}
