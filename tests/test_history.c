/* The training history: what a snapshot shows after synthetic observer
 * events (epoch means, the batch ring across wraparound, markers, the
 * end), incremental snapshots equal fresh ones, the CSV export byte for
 * byte (in the C locale even under a comma locale), the run summary, and
 * a writer thread feeding 100k batches while a reader snapshots (run it
 * under -fsanitize=thread too). */
#include <dirent.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session/charts.h"
#include "session/history.h"
#include "tap.h"

#define LAYERS 2

/* One batch event: loss, global norm and per-layer norms chosen by the
 * test; layer 0 stands for a recurrent one, its recurrent kernel's norms
 * 10 times the layer's. */
static void batch(nn_history *h, int epoch, int b, int batches, long step, float loss, float gnorm,
                  float g0, float g1, float w0, float w1)
{
    float grads[NN_LAYER_NORMS(LAYERS)] = {g0, g1, 10 * g0, 0},
          weights[NN_LAYER_NORMS(LAYERS)] = {w0, w1, 10 * w0, 0};
    nn_batch_event e = {epoch, 10, b, batches, step, loss, 0.001f, gnorm, 1000.0, LAYERS,
                        grads, weights};
    nn_history_record_batch(h, &e);
}

static void epoch_event(nn_history *h, int epoch, double loss, double metric, bool has_val,
                        double val_loss, double val_metric, float lr, double seconds,
                        double sps, int best, double best_val)
{
    nn_epoch_event e = {epoch, 10, loss, metric, has_val, val_loss, val_metric, "mae", lr,
                        seconds, sps, best, best_val};
    nn_history_record_epoch(h, &e);
}

static nn_history *new_history(int ring)
{
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    nn_history *h = nn_history_new(LAYERS, ring, &s, &err);
    CHECK(h != NULL);
    return h;
}

/* Epoch records hold the epoch's means: global norm over its batches,
 * per-layer grad norms averaged, weight norms of the last batch. */
static void test_epoch_means(void)
{
    nn_history *h = new_history(8);
    /* epoch 1: global norms 1, 2, 3, 6 (mean 3); layer 0: 0.5 x4; layer 1: 1, 2, 3, 4 */
    batch(h, 1, 1, 4, 1, 0.9f, 1, 0.5f, 1, 10, 20);
    batch(h, 1, 2, 4, 2, 0.8f, 2, 0.5f, 2, 11, 21);
    batch(h, 1, 3, 4, 3, 0.7f, 3, 0.5f, 3, 12, 22);
    batch(h, 1, 4, 4, 4, 0.6f, 6, 0.5f, 4, 13, 23);
    epoch_event(h, 1, 0.75, 0.5, true, 0.8, 0.6, 0.001f, 2.0, 500.0, 1, 0.8);
    /* epoch 2: norms 4, 4, 4, 8 (mean 5) */
    batch(h, 2, 1, 4, 5, 0.5f, 4, 1, 1, 14, 24);
    batch(h, 2, 2, 4, 6, 0.4f, 4, 1, 1, 15, 25);
    batch(h, 2, 3, 4, 7, 0.3f, 4, 1, 1, 16, 26);
    batch(h, 2, 4, 4, 8, 0.2f, 8, 3, 5, 17, 27);
    epoch_event(h, 2, 0.35, 0.25, true, 0.9, 0.7, 0.0005f, 1.0, 1000.0, 1, 0.8);

    nn_history_snapshot s;
    nn_history_snapshot_init(&s);
    nn_error err;
    CHECK(nn_history_read(h, &s, &err) == 0);
    CHECK(s.n_epochs == 2);
    CHECK(strcmp(s.metric, "mae") == 0);
    CHECK(s.epochs == 10);
    CHECK(s.best_epoch == 1);
    CHECK_NEAR(s.best_val_loss, 0.8, 0);
    CHECK(s.epoch[0].epoch == 1 && s.epoch[1].epoch == 2);
    CHECK_NEAR(s.epoch[0].grad_norm, 3.0, 1e-12);
    CHECK_NEAR(s.epoch[1].grad_norm, 5.0, 1e-12);
    CHECK_NEAR(s.epoch[1].loss, 0.35, 0);
    CHECK_NEAR(s.epoch[1].val_loss, 0.9, 0);
    CHECK_NEAR(s.epoch[1].lr, 0.0005f, 0);
    CHECK(s.epoch[0].step == 4 && s.epoch[1].step == 8);
    const float *g = nn_history_snapshot_layer_grads(&s, 0);
    CHECK_NEAR(g[0], 0.5, 1e-7);
    CHECK_NEAR(g[1], 2.5, 1e-7);
    g = nn_history_snapshot_layer_grads(&s, 1);
    CHECK_NEAR(g[0], 1.5, 1e-7);  /* (1 + 1 + 1 + 3) / 4 */
    CHECK_NEAR(g[1], 2.0, 1e-7);  /* (1 + 1 + 1 + 5) / 4 */
    CHECK_NEAR(g[LAYERS], 15.0, 1e-6); /* layer 0's recurrent kernel: 10 x 1.5 */
    CHECK(g[LAYERS + 1] == 0);
    const float *w = nn_history_snapshot_layer_weights(&s, 0);
    CHECK(w[0] == 13 && w[1] == 23);
    w = nn_history_snapshot_layer_weights(&s, 1);
    CHECK(w[0] == 17 && w[1] == 27 && w[LAYERS] == 170);
    /* the latest batch, for the status line */
    CHECK(s.has_batch && s.last.step == 8 && s.last.epoch == 2 && s.last.batch == 4);
    CHECK(s.grad_norms[0] == 3 && s.grad_norms[1] == 5);
    CHECK(s.weight_norms[0] == 17 && s.weight_norms[1] == 27);
    CHECK_NEAR(s.samples_per_s, 1000.0, 0);
    /* 8 batches fit the ring of 8 exactly */
    CHECK(s.batches_seen == 8 && s.n_batches == 8);
    for (int i = 0; i < s.n_batches; i++)
        CHECK(nn_history_snapshot_batch(&s, i)->step == i + 1);
    CHECK_NEAR(nn_history_snapshot_batch(&s, 7)->loss, 0.2f, 0);
    CHECK_NEAR(nn_batch_position(nn_history_snapshot_batch(&s, 5)), 1.5, 1e-12);
    CHECK(!s.ended);
    nn_history_snapshot_free(&s);
    nn_history_free(h);
}

static void feed_batches(nn_history *h, long from, long to)
{
    for (long step = from; step <= to; step++)
        batch(h, (int)((step - 1) / 10 + 1), (int)((step - 1) % 10 + 1), 10, step,
              (float)step * 0.5f, 1, 1, 1, 1, 1);
}

/* The steps a snapshot's ring holds, oldest first, are first..last. */
static void check_ring(const nn_history_snapshot *s, long first, long last)
{
    CHECK(s->batches_seen == last);
    CHECK(s->n_batches == last - first + 1);
    for (int i = 0; i < s->n_batches; i++) {
        const nn_batch_record *b = nn_history_snapshot_batch(s, i);
        CHECK(b->step == first + i);
        CHECK(b->loss == (float)(first + i) * 0.5f);
    }
}

/* A reused snapshot copies only new batches, across the ring's wrap,
 * and ends up equal to a fresh one. */
static void test_ring_wraparound(void)
{
    nn_history *h = new_history(8);
    nn_history_snapshot s, fresh;
    nn_history_snapshot_init(&s);
    nn_error err;
    CHECK(nn_history_read(h, &s, &err) == 0);
    CHECK(s.n_batches == 0 && s.batches_seen == 0 && !s.has_batch);
    feed_batches(h, 1, 5);
    CHECK(nn_history_read(h, &s, &err) == 0);
    check_ring(&s, 1, 5);
    feed_batches(h, 6, 11); /* wraps: slots 5..7 then 0..2 */
    CHECK(nn_history_read(h, &s, &err) == 0);
    check_ring(&s, 4, 11);
    feed_batches(h, 12, 16); /* ends exactly on a slot boundary */
    CHECK(nn_history_read(h, &s, &err) == 0);
    check_ring(&s, 9, 16);
    feed_batches(h, 17, 40); /* more than a whole ring since the last read */
    CHECK(nn_history_read(h, &s, &err) == 0);
    check_ring(&s, 33, 40);
    unsigned long v = s.version;
    CHECK(nn_history_read(h, &s, &err) == 0);
    CHECK(s.version == v); /* nothing new */
    check_ring(&s, 33, 40);
    nn_history_snapshot_init(&fresh);
    CHECK(nn_history_read(h, &fresh, &err) == 0);
    check_ring(&fresh, 33, 40);
    nn_history_snapshot_free(&fresh);
    nn_history_snapshot_free(&s);
    nn_history_free(h);
}

/* The epoch table grows past its first allocation; a reused snapshot
 * follows it, and moves to another history cleanly. */
static void test_growth_and_retarget(void)
{
    nn_history *a = new_history(4), *b = new_history(4);
    nn_history_snapshot s;
    nn_history_snapshot_init(&s);
    nn_error err;
    for (int e = 1; e <= 300; e++) {
        batch(a, e, 1, 1, e, 1.0f / e, (float)e, (float)e, 2.0f * e, 1, 1);
        epoch_event(a, e, 1.0 / e, 0, false, NAN, NAN, 0.001f, 1, 1, 0, NAN);
        if (e % 37 == 0)
            CHECK(nn_history_read(a, &s, &err) == 0);
    }
    CHECK(nn_history_read(a, &s, &err) == 0);
    CHECK(s.n_epochs == 300);
    int bad = 0;
    for (int i = 0; i < 300; i++) {
        const float *g = nn_history_snapshot_layer_grads(&s, i);
        bad += s.epoch[i].epoch != i + 1 || s.epoch[i].grad_norm != i + 1 || g[0] != i + 1 ||
               g[1] != 2.0f * (i + 1) || s.epoch[i].has_val || !isnan(s.epoch[i].val_loss);
    }
    CHECK(bad == 0);
    epoch_event(b, 1, 0.5, 0, false, NAN, NAN, 0.001f, 1, 1, 0, NAN);
    CHECK(nn_history_read(b, &s, &err) == 0);
    CHECK(s.n_epochs == 1 && s.n_batches == 0 && s.batches_seen == 0);
    CHECK_NEAR(s.epoch[0].loss, 0.5, 0);
    CHECK(isnan(s.epoch[0].grad_norm)); /* an epoch without batch events */
    nn_history_snapshot_free(&s);
    nn_history_free(a);
    nn_history_free(b);
}

/* Markers land where training was when a setting changed. */
static void test_markers(void)
{
    nn_history *h = new_history(16);
    nn_error err;
    CHECK(nn_history_mark(h, "lr=0.01", &err) == 0);
    feed_batches(h, 1, 15); /* ends at epoch 2, batch 5 of 10 */
    CHECK(nn_history_mark(h, "l2=0.0001", &err) == 0);
    for (int i = 0; i < 40; i++) {
        char what[16];
        snprintf(what, sizeof what, "lr=%d", i);
        CHECK(nn_history_mark(h, what, &err) == 0);
    }
    nn_history_snapshot s;
    nn_history_snapshot_init(&s);
    CHECK(nn_history_read(h, &s, &err) == 0);
    CHECK(s.n_markers == 42);
    CHECK(s.marker[0].step == 0 && s.marker[0].epoch == 0 && s.marker[0].position == 0.0);
    CHECK(strcmp(s.marker[0].what, "lr=0.01") == 0);
    CHECK(s.marker[1].step == 15 && s.marker[1].epoch == 2);
    CHECK_NEAR(s.marker[1].position, 1.5, 1e-12);
    CHECK(strcmp(s.marker[1].what, "l2=0.0001") == 0);
    CHECK(strcmp(s.marker[41].what, "lr=39") == 0);
    nn_run_summary sum;
    nn_history_summary(h, &sum);
    CHECK(sum.n_changes == 42);
    nn_history_snapshot_free(&s);
    nn_history_free(h);
}

/* The end event and the summary `runs` shows. */
static void test_end_and_summary(void)
{
    nn_settings set;
    nn_settings_default(&set);
    nn_error err;
    CHECK(nn_settings_set(&set, "lr", "0.01", &err) == 0);
    CHECK(nn_settings_set(&set, "l2", "1e-4", &err) == 0);
    CHECK(nn_settings_set(&set, "patience", "5", &err) == 0);
    nn_history *h = nn_history_new(LAYERS, 0, &set, &err);
    CHECK(h != NULL);
    epoch_event(h, 1, 1.0, 0.9, true, 1.2, 0.8, 0.01f, 1, 1, 1, 1.2);
    epoch_event(h, 2, 0.8, 0.7, true, 1.0, 0.6, 0.01f, 1, 1, 2, 1.0);
    epoch_event(h, 3, 0.6, 0.5, true, 1.1, 0.65, 0.01f, 1, 1, 2, 1.0);
    nn_end_event end = {NN_END_EARLY_STOP, 3, 2, 1.0, true, "early stopping at epoch 3"};
    nn_history_record_end(h, &end);

    nn_history_snapshot s;
    nn_history_snapshot_init(&s);
    CHECK(nn_history_read(h, &s, &err) == 0);
    CHECK(s.ended && s.end.reason == NN_END_EARLY_STOP && s.end.best_epoch == 2);
    CHECK(strcmp(s.end.message, "early stopping at epoch 3") == 0);
    nn_history_snapshot_free(&s);

    nn_run_summary sum;
    nn_history_summary(h, &sum);
    CHECK(strcmp(sum.hyperparams,
                 "loss=mse optimizer=adam lr=0.01 batch=32 epochs=100 l2=0.0001 patience=5") == 0);
    printf("# hyperparams: %s\n", sum.hyperparams);
    CHECK(strcmp(sum.metric, "mae") == 0);
    CHECK(sum.epochs_run == 3);
    CHECK_NEAR(sum.final_loss, 0.6, 0);
    CHECK_NEAR(sum.final_val_loss, 1.1, 0);
    CHECK(sum.best_epoch == 2);
    CHECK_NEAR(sum.best_val_loss, 1.0, 0);
    CHECK_NEAR(sum.best_val_metric, 0.6, 0);
    CHECK(sum.ended && sum.reason == NN_END_EARLY_STOP);
    CHECK(strcmp(nn_end_reason_name(sum.reason), "early stop") == 0);
    CHECK(strcmp(nn_end_reason_name(NN_END_NONFINITE), "NaN/Inf") == 0);
    nn_history_free(h);
}

static char dir[64];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int files_in_dir(void)
{
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* The CSV has the documented header and one exact row per epoch; numbers
 * use a '.' even when the program runs in a comma locale. */
static void test_export_csv(void)
{
    nn_history *h = new_history(8);
    batch(h, 1, 1, 2, 1, 1, 0.5f, 0, 0, 0, 0);
    batch(h, 1, 2, 2, 2, 1, 1.0f, 0, 0, 0, 0);
    epoch_event(h, 1, 0.5, 0.25, true, 0.75, 0.125, 0.001f, 1.5, 183000, 1, 0.75);
    batch(h, 2, 1, 2, 3, 1, 2.0f, 0, 0, 0, 0);
    batch(h, 2, 2, 2, 4, 1, 4.0f, 0, 0, 0, 0);
    epoch_event(h, 2, 0.0231, 0.1, true, 0.0288, 0.2, 0.0005f, 0.25, 200, 2, 0.0288);
    char path[128];
    snprintf(path, sizeof path, "%s/history.csv", dir);
    const char *had = setlocale(LC_NUMERIC, "de_DE.utf8");
    if (!had)
        printf("# de_DE.utf8 not available: comma locale not exercised\n");
    nn_error err;
    CHECK(nn_history_export_csv(h, path, &err) == 0);
    setlocale(LC_NUMERIC, "C");
    const char *want = "epoch,loss,val_loss,mae,val_mae,lr,grad_norm,samples_per_s,seconds\n"
                       "1,0.5,0.75,0.25,0.125,0.001,0.75,183000,1.5\n"
                       "2,0.0231,0.0288,0.1,0.2,0.0005,3,200,0.25\n";
    const char *got = slurp(path);
    CHECK(got && strcmp(got, want) == 0);
    if (got && strcmp(got, want))
        printf("# got:\n%s", got);
    CHECK(files_in_dir() == 1); /* no temporary left beside it */
    nn_history_free(h);

    /* without validation rows the val columns are empty; nothing recorded: header only */
    h = new_history(8);
    epoch_event(h, 1, 2, 0.5, false, NAN, NAN, 0.1f, 4, 10, 0, NAN);
    CHECK(nn_history_export_csv(h, path, &err) == 0);
    got = slurp(path);
    CHECK(got && strcmp(got, "epoch,loss,val_loss,mae,val_mae,lr,grad_norm,samples_per_s,seconds\n"
                             "1,2,,0.5,,0.1,nan,10,4\n") == 0);
    nn_history_free(h);
    h = new_history(8);
    CHECK(nn_history_export_csv(h, path, &err) == 0);
    got = slurp(path);
    CHECK(got && strcmp(got, "epoch,loss,val_loss,mae,val_mae,lr,grad_norm,samples_per_s,seconds\n") == 0);
    /* a directory that does not exist: an error naming the file */
    CHECK(nn_history_export_csv(h, "/nonexistent-dir/h.csv", &err) < 0);
    CHECK(strstr(err.msg, "/nonexistent-dir/h.csv") != NULL);
    nn_history_free(h);
    unlink(path);
}

/* --- a writer thread and a reader at once --- */

#define BATCHES 100000
#define PER_EPOCH 1000

static void *writer(void *arg)
{
    nn_history *h = arg;
    for (long step = 1; step <= BATCHES; step++) {
        int epoch = (int)((step - 1) / PER_EPOCH + 1), b = (int)((step - 1) % PER_EPOCH + 1);
        float gl = (float)(step % 7);
        batch(h, epoch, b, PER_EPOCH, step, (float)step, (float)epoch, gl, gl + 1, (float)step,
              (float)step);
        if (b == PER_EPOCH)
            epoch_event(h, epoch, epoch, 0, true, 2.0 * epoch, 0, 0.001f, 1, 1, epoch, 2.0);
    }
    nn_end_event end = {NN_END_FINISHED, BATCHES / PER_EPOCH, 1, 2.0, true, "finished"};
    nn_history_record_end(h, &end);
    return NULL;
}

/* Whatever moment a snapshot catches, it is consistent: the ring holds
 * consecutive steps ending at the latest batch, epochs are complete. */
static int check_consistent(const nn_history_snapshot *s)
{
    int bad = 0;
    if (s->has_batch) {
        bad += s->last.step != s->batches_seen;
        bad += s->weight_norms[0] != (float)s->last.step;
    }
    for (int i = 0; i < s->n_batches; i++) {
        const nn_batch_record *b = nn_history_snapshot_batch(s, i);
        long want = s->batches_seen - s->n_batches + 1 + i;
        bad += b->step != want || b->loss != (float)want;
    }
    for (int i = 0; i < s->n_epochs; i++)
        bad += s->epoch[i].epoch != i + 1 || s->epoch[i].grad_norm != i + 1 ||
               s->epoch[i].step != (long)(i + 1) * PER_EPOCH;
    bad += s->n_epochs > s->batches_seen / PER_EPOCH;
    return bad;
}

static void test_concurrent_reader(void)
{
    nn_history *h = new_history(512);
    nn_history_snapshot s;
    nn_history_snapshot_init(&s);
    nn_error err;
    pthread_t t;
    CHECK(pthread_create(&t, NULL, writer, h) == 0);
    int reads = 0, bad = 0, marks = 0;
    long last_seen = 0;
    for (bool done = false; !done; reads++) {
        CHECK(nn_history_read(h, &s, &err) == 0);
        bad += check_consistent(&s);
        bad += s.batches_seen < last_seen;
        last_seen = s.batches_seen;
        done = s.ended;
        if (reads % 50 == 0 && nn_history_mark(h, "lr=0.01", &err) == 0)
            marks++;
    }
    pthread_join(t, NULL);
    CHECK(nn_history_read(h, &s, &err) == 0); /* a mark may follow the last read */
    CHECK(bad == 0);
    CHECK(s.batches_seen == BATCHES && s.n_epochs == BATCHES / PER_EPOCH);
    CHECK(s.n_markers == marks);
    printf("# %d snapshots taken while %d batches were recorded\n", reads, BATCHES);
    nn_history_snapshot_free(&s);
    nn_history_free(h);
}

/* The loss chart smooths with the weight `view smoothing=W` gives: losses
 * 1 then 0 make the debiased moving average 1, then w(1-w) / (1-w^2) =
 * w / (1+w); the raw line stays behind it, dim. */
static void test_loss_chart_smoothing(void)
{
    nn_history *h = new_history(8);
    epoch_event(h, 1, 1.0, 0, false, 0, 0, 0.001f, 1.0, 100.0, 0, 0);
    epoch_event(h, 2, 0.0, 0, false, 0, 0, 0.001f, 1.0, 100.0, 0, 0);
    nn_history_snapshot s;
    nn_history_snapshot_init(&s);
    nn_error err;
    CHECK(nn_history_read(h, &s, &err) == 0);
    nn_chart_roles roles = {0};
    nn_loss_chart c = {0};
    nn_plot p;
    const double weights[] = {0.5, 0.9, 0.999};
    for (int k = 0; k < 3; k++) {
        double w = weights[k];
        nn_loss_options o = {true, w, false, false, 0, NULL, 0};
        CHECK(nn_loss_plot(&c, &s, &o, &roles, &p));
        const nn_series *line = NULL;
        for (int i = 0; i < p.n_series; i++)
            if (p.series[i].name && strcmp(p.series[i].name, "loss") == 0)
                line = &p.series[i];
        CHECK(line && line->n == 2);
        CHECK_NEAR(nn_number_at(line->y, 0), 1.0, 1e-12);
        CHECK_NEAR(nn_number_at(line->y, 1), w / (1 + w), 1e-9);
        CHECK(p.n_series == 2 && p.series[0].style == NN_STYLE_DIM); /* the raw line, then the smoothed one */
    }
    nn_loss_options raw = {false, 0.5, false, false, 0, NULL, 0};
    CHECK(nn_loss_plot(&c, &s, &raw, &roles, &p) && p.n_series == 1 && nn_number_at(p.series[0].y, 1) == 0.0);
    nn_loss_chart_free(&c);
    nn_history_snapshot_free(&s);
    nn_history_free(h);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/nnwb-history-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    TEST(test_epoch_means);
    TEST(test_ring_wraparound);
    TEST(test_growth_and_retarget);
    TEST(test_markers);
    TEST(test_end_and_summary);
    TEST(test_export_csv);
    TEST(test_concurrent_reader);
    TEST(test_loss_chart_smoothing);
    rmdir(dir);
    return tap_done();
}
