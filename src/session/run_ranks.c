/* A run across the ranks of an mpirun (mpi/ranks.h): refused before
 * training unless every rank is about to train the same model on the same
 * rows with the same settings, then trained through the ranks' reducer. */
#include <stdio.h>
#include <string.h>

#include "mpi/ranks.h"
#include "run.h"

/* FNV-1a, 64 bits: a fingerprint, not a defence against anyone. */
static uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t hash_rows(uint64_t h, const nn_dataset *d)
{
    if (!d || !d->n)
        return hash_bytes(h, "none", 4);
    int shape[3] = {d->n, d->x_width, d->y_width};
    h = hash_bytes(h, shape, sizeof shape);
    h = hash_bytes(h, d->x, (size_t)d->n * d->x_width * sizeof *d->x);
    return hash_bytes(h, d->y, (size_t)d->n * d->y_width * sizeof *d->y);
}

/* As a model file writes them: no padding bytes, nothing left out. */
static uint64_t hash_settings(const nn_settings *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; nn_setting_field_at(i); i++) {
        char value[96];
        int n = snprintf(value, sizeof value, "%s=", nn_setting_field_at(i)->name);
        nn_settings_get(s, nn_setting_field_at(i)->name, value + n, sizeof value - (size_t)n);
        h = hash_bytes(h, value, strlen(value) + 1);
    }
    return h;
}

int run_ranks_join(progress_ranks *pr, nn_trainer *t, nn_model *m, const nn_settings *run,
                   const nn_dataset *train, const nn_dataset *val, nn_error *err)
{
    *pr = (progress_ranks){NULL, nn_ranks_size()};
    if (pr->size == 1)
        return 0;
    uint64_t basis = 0xcbf29ce484222325ULL;
    uint64_t h[3] = {hash_rows(hash_rows(basis, train), val), hash_settings(run),
                     hash_bytes(basis, m->params, m->n_params * sizeof *m->params)};
    static const char *const what[3] = {"data (training or validation rows)", "settings",
                                        "model (layers or starting weights)"};
    if (nn_ranks_agree(h, what, 3, err) < 0)
        return session_prefix_error(err, "train");
    if (!(pr->reducer = nn_ranks_reducer_new(m, run, train->n, err)))
        return session_prefix_error(err, "train");
    nn_trainer_use_reducer(t, pr->reducer);
    return 0;
}

void run_ranks_say(nn_session *s, const progress_ranks *pr)
{
    if (!pr->reducer)
        return;
    nn_ranks_timing t;
    nn_ranks_reducer_timing(pr->reducer, &t);
    if (t.steps == 0 || t.seconds <= 0)
        return;
    session_print(s, "ranks=%d steps=%ld step_ms=%.3f comm_wait_ms=%.3f comm_wait=%.1f%%", pr->size,
                  t.steps, 1e3 * t.seconds / t.steps, 1e3 * t.wait_seconds / t.steps,
                  100.0 * t.wait_seconds / t.seconds);
}

void run_ranks_leave(progress_ranks *pr)
{
    nn_ranks_reducer_free(pr->reducer);
    pr->reducer = NULL;
}
