/* The epoch table of a run as a CSV file, for `history export`. */
#include "history.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/c_locale.h"
#include "engine/atomic_file.h"

/* --- CSV export --- */

/* A growing text buffer for the export; fails once, stays failed. */
typedef struct text {
    char *p;
    size_t len, cap;
    bool failed;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...)
{
    for (int tries = 0; tries < 2 && !t->failed; tries++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = 2 * t->cap + (size_t)(n > 0 ? n : 0) + 1;
        char *q = realloc(t->p, cap);
        if (!q || n < 0)
            t->failed = true;
        else
            t->p = q, t->cap = cap;
    }
}

/* A CSV number: shortest sensible digits, "nan"/"inf" spelled plainly. */
static void put_number(text *t, double v, int digits)
{
    if (isnan(v))
        put(t, ",nan");
    else if (isinf(v))
        put(t, v > 0 ? ",inf" : ",-inf");
    else
        put(t, ",%.*g", digits, v);
}

static void put_epoch(text *t, const nn_epoch_record *r)
{
    put(t, "%d", r->epoch);
    put_number(t, r->loss, 9);
    if (r->has_val)
        put_number(t, r->val_loss, 9);
    else
        put(t, ",");
    put_number(t, r->metric, 9);
    if (r->has_val)
        put_number(t, r->val_metric, 9);
    else
        put(t, ",");
    put_number(t, r->lr, 7);
    put_number(t, r->grad_norm, 9);
    put_number(t, r->samples_per_s, 9);
    put_number(t, r->seconds, 9);
    put(t, "\n");
}

int nn_history_export_csv(nn_history *h, const char *path, nn_error *err)
{
    nn_history_snapshot s;
    nn_history_snapshot_init(&s);
    if (nn_history_read(h, &s, err) < 0)
        return -1;
    text t = {malloc(4096), 0, 4096, false};
    t.failed = t.p == NULL;
    locale_t old = uselocale(nn_c_locale());
    put(&t, "epoch,loss,val_loss,%s,val_%s,lr,grad_norm,samples_per_s,seconds\n", s.metric,
        s.metric);
    for (int i = 0; i < s.n_epochs; i++)
        put_epoch(&t, &s.epoch[i]);
    uselocale(old);
    int rc = t.failed ? nn_fail(err, "%s: out of memory formatting the history", path)
                      : nn_write_file_atomic(path, t.p, t.len, err);
    free(t.p);
    nn_history_snapshot_free(&s);
    return rc;
}
