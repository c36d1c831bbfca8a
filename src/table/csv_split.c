#include "csv_split.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    AUTO_SPLIT_BYTES = 4 << 20,  /* threads = 0: split files at least this big */
    FORCED_SPLIT_BYTES = 4096,   /* threads >= 2: split anything but tiny files */
    CUT_SEARCH = 64 * 1024,      /* bytes scanned at a time for the line break */
};

/* Offset just after the first '\n' at or past the middle, or 0. */
static off_t find_cut(int fd, size_t size, size_t start)
{
    char buf[CUT_SEARCH];
    for (off_t off = (off_t)(size / 2); off < (off_t)size;) {
        ssize_t n = pread(fd, buf, sizeof buf, off);
        if (n <= 0)
            return 0;
        char *nl = memchr(buf, '\n', (size_t)n);
        if (nl) {
            off_t cut = off + (nl - buf) + 1;
            return cut > (off_t)start && cut < (off_t)size ? cut : 0;
        }
        off += n;
    }
    return 0;
}

static size_t estimate_rows(size_t bytes, double bytes_per_row)
{
    /* A little over, so a good estimate never needs to grow; pages that
     * are never written cost no memory. */
    return bytes_per_row > 0 ? (size_t)(1.1 * (double)bytes / bytes_per_row) + 64 : 1024;
}

static void take_result(nn_csv_reader *r, nn_csv_parsed *out, int threads)
{
    out->cols = r->cols;
    out->ncols = r->lay->ncols;
    out->nrows = r->rows;
    out->map = r->map;
    out->long_fields = r->long_fields;
    out->header_line = r->header_line + 1;
    out->dropped = r->dropped;
    for (size_t i = 0; i < r->dropped && i < NN_DROPPED_SHOWN; i++)
        out->dropped_lines[i] = r->dropped_lines[i] + 1;
    out->threads_used = threads;
    r->cols = NULL;
    memset(&r->map, 0, sizeof r->map);
    nn_csv_reader_free(r);
}

static int one_thread(const nn_csv_layout *lay, size_t size, double bpr, nn_csv_parsed *out,
                      nn_error *err)
{
    nn_csv_reader r;
    if (nn_csv_reader_init(&r, lay, 1, estimate_rows(size, bpr)) < 0)
        return nn_fail(err, "%s: out of memory", lay->path);
    if (nn_csv_reader_run(&r, (off_t)lay->start, (off_t)size, 1) < 0) {
        nn_csv_reader_error(&r, 0, err);
        nn_csv_reader_free(&r);
        return -1;
    }
    take_result(&r, out, 1);
    return 0;
}

typedef struct second_half {
    nn_csv_reader r;
    off_t begin, end;
    atomic_int cancel;
} second_half;

static void *run_second_half(void *arg)
{
    second_half *h = arg;
    nn_csv_reader_run(&h->r, h->begin, h->end, 1);
    return NULL;
}

/* first's rows, then second's; second is freed. */
static int join_halves(nn_csv_reader *first, nn_csv_reader *second)
{
    int rc = 0;
    for (size_t c = 0; c < first->lay->ncols; c++)
        if (nn_colb_append(&first->cols[c], first->rows, &second->cols[c], second->rows) < 0)
            rc = -1;
    if (rc == 0 && nn_line_map_append(&first->map, &second->map, first->rows, first->line) < 0)
        rc = -1;
    nn_long_fields_append(&first->long_fields, &second->long_fields, first->line);
    first->rows += second->rows;
    for (size_t i = 0; i < second->dropped && first->dropped + i < NN_DROPPED_SHOWN; i++)
        first->dropped_lines[first->dropped + i] = second->dropped_lines[i] + first->line;
    first->dropped += second->dropped;
    nn_csv_reader_free(second);
    return rc;
}

static int two_threads(const nn_csv_layout *lay, size_t size, off_t cut, double bpr,
                       nn_csv_parsed *out, nn_error *err)
{
    second_half *h = calloc(1, sizeof *h);
    nn_csv_reader first;
    if (!h)
        return one_thread(lay, size, bpr, out, err);
    if (nn_csv_reader_init(&h->r, lay, 0, estimate_rows(size - (size_t)cut, bpr)) < 0) {
        free(h);
        return one_thread(lay, size, bpr, out, err);
    }
    h->begin = cut;
    h->end = (off_t)size;
    h->r.cancel = &h->cancel;
    pthread_t thread;
    if (pthread_create(&thread, NULL, run_second_half, h) != 0) {
        nn_csv_reader_free(&h->r);
        free(h);
        return one_thread(lay, size, bpr, out, err);
    }
    int rc = nn_csv_reader_init(&first, lay, 1, estimate_rows((size_t)cut, bpr));
    if (rc == 0)
        rc = nn_csv_reader_run(&first, (off_t)lay->start, cut, 0);
    int cut_held = rc == 0 && nn_csv_reader_between_rows(&first) && !first.header_pending;
    if (!cut_held)
        atomic_store(&h->cancel, 1);
    pthread_join(thread, NULL);

    if (!cut_held) { /* the cut fell inside a quoted field: go on alone */
        nn_csv_reader_free(&h->r);
        if (rc == 0)
            rc = nn_csv_reader_run(&first, cut, (off_t)size, 1);
    }
    if (rc < 0) { /* (cut_held implies rc == 0: the second half is freed) */
        if (first.cols)
            nn_csv_reader_error(&first, 0, err);
        else
            nn_fail(err, "%s: out of memory", lay->path);
        nn_csv_reader_free(&first);
        free(h);
        return -1;
    }
    if (cut_held && h->r.failed) { /* the first problem of the file is in the second half */
        nn_csv_reader_error(&h->r, first.line, err);
        nn_csv_reader_free(&h->r);
        nn_csv_reader_free(&first);
        free(h);
        return -1;
    }
    if (cut_held && join_halves(&first, &h->r) < 0) {
        nn_csv_reader_free(&first);
        free(h);
        return nn_fail(err, "%s: out of memory", lay->path);
    }
    free(h);
    take_result(&first, out, cut_held ? 2 : 1);
    return 0;
}

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int nn_csv_parse(const nn_csv_layout *lay, size_t file_size, int threads, double bytes_per_row,
                 nn_csv_parsed *out, nn_error *err)
{
    memset(out, 0, sizeof *out);
    int split = (threads >= 2 && file_size >= FORCED_SPLIT_BYTES) ||
                (threads == 0 && file_size >= AUTO_SPLIT_BYTES && cores() >= 2);
    off_t cut = split ? find_cut(lay->fd, file_size, lay->start) : 0;
    if (cut > 0)
        return two_threads(lay, file_size, cut, bytes_per_row, out, err);
    return one_thread(lay, file_size, bytes_per_row, out, err);
}

void nn_csv_parsed_free(nn_csv_parsed *p)
{
    if (p->cols)
        for (size_t c = 0; c < p->ncols; c++)
            nn_colb_free(&p->cols[c]);
    free(p->cols);
    nn_line_map_free(&p->map);
    memset(p, 0, sizeof *p);
}
