/* Training diagnostics: synthetic epoch sequences (no training) and the
 * epochs at which each warning must fire, exactly once per episode; the
 * sentences name the epoch and the figures, the remedies are commands;
 * healthy runs raise nothing; dead ReLU units are counted on a model
 * whose weights the test sets by hand. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "engine/trainer.h"
#include "session/monitor.h"
#include "session/session.h"
#include "session/warning_rule.h"
#include "model_by_text.h"
#include "tap.h"

static nn_model *small_model(void)
{
    static const char *const layers[] = {"dense units=8 act=relu", "dense units=1"};
    return model_of_layers(layers, 2, 3);
}

static nn_monitor *monitor_for(const nn_model *m, float lr, float l2)
{
    nn_settings s;
    nn_settings_default(&s);
    s.lr = lr;
    s.l2 = l2;
    nn_error err;
    nn_monitor *mon = nn_monitor_new(m, &s, NULL, &err);
    CHECK(mon != NULL);
    return mon;
}

/* Feeds epochs 1..n (train, val: NAN for none, grad; per-layer grads
 * optional) and records every warning: fired[i] = kind bits raised at
 * epoch i+1; the last warning of each kind is kept in last[kind]. */
typedef struct run {
    unsigned fired[128];
    nn_warning last[NN_WARN_KINDS];
    int count[NN_WARN_KINDS];
} run;

static void feed(nn_monitor *mon, run *r, int epoch, double train, double val, double grad,
                 float lr, const float *layer_grads)
{
    nn_epoch_record rec = {.epoch = epoch, .loss = train, .metric = 0, .has_val = !isnan(val),
                           .val_loss = val, .val_metric = 0, .lr = lr, .grad_norm = grad,
                           .samples_per_s = 1, .seconds = 1, .step = epoch};
    nn_warning out[NN_MONITOR_MAX_WARNINGS];
    int n = nn_monitor_epoch(mon, &rec, layer_grads, out);
    for (int i = 0; i < n; i++) {
        CHECK(out[i].epoch == epoch);
        r->fired[epoch - 1] |= 1u << out[i].kind;
        r->last[out[i].kind] = out[i];
        r->count[out[i].kind]++;
    }
}

/* Epochs (1-based) at which kind fired, as "15 22". */
static const char *epochs_of(const run *r, nn_warning_kind k, int n)
{
    static char buf[256];
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        if (r->fired[i] & (1u << k))
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%d", buf[0] ? " " : "", i + 1);
    return buf;
}

static unsigned all_fired(const run *r, int n)
{
    unsigned bits = 0;
    for (int i = 0; i < n; i++)
        bits |= r->fired[i];
    return bits;
}

#define CHECK_EPOCHS(r, kind, n, want)                                                   \
    do {                                                                                 \
        const char *got_ = epochs_of(r, kind, n);                                        \
        if (strcmp(got_, want) != 0)                                                     \
            printf("#   %s fired at epochs '%s', expected '%s'\n", #kind, got_, want);   \
        CHECK(strcmp(got_, want) == 0);                                                  \
    } while (0)

#define CHECK_HAS(text, part)                                                            \
    do {                                                                                 \
        if (!strstr(text, part))                                                         \
            printf("#   '%s' lacks '%s'\n", text, part);                                 \
        CHECK(strstr(text, part) != NULL);                                               \
    } while (0)

/* Validation loss bottoms out at epoch 10 and climbs while training loss
 * keeps falling: rule A fires at epoch 15 (5 epochs after the low, 0.65
 * >= 1.05 * 0.6, 0.25 <= 0.99 * 0.5), not again while it goes on; a new
 * low at 17 (gap 25% < 50%) starts a new episode, which fires at 22. */
static void test_overfitting_rising(void)
{
    static const double train[] = {0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5,
                                   0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.2,
                                   0.19, 0.18, 0.17, 0.16, 0.15, 0.14, 0.13};
    static const double val[] = {1.14, 1.08, 1.02, 0.96, 0.9, 0.84, 0.78, 0.72, 0.66, 0.6,
                                 0.61, 0.62, 0.63, 0.64, 0.65, 0.66, 0.25,
                                 0.26, 0.27, 0.28, 0.29, 0.30, 0.31, 0.32};
    int n = (int)(sizeof train / sizeof *train);
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    run r = {0};
    for (int e = 1; e <= n; e++)
        feed(mon, &r, e, train[e - 1], val[e - 1], 1.0, 0.001f, NULL);
    CHECK_EPOCHS(&r, NN_WARN_OVERFITTING, n, "15 22");
    CHECK(all_fired(&r, n) == 1u << NN_WARN_OVERFITTING);
    /* the second episode's sentence: up 20% since epoch 17 (0.25 -> 0.3), train fell 25% */
    const nn_warning *w = &r.last[NN_WARN_OVERFITTING];
    printf("# %s: %s; remedy: %s\n", nn_warning_kind_name(w->kind), w->text, w->remedy);
    CHECK_HAS(w->text, "at epoch 22,");
    CHECK_HAS(w->text, "up 20%");
    CHECK_HAS(w->text, "lowest at epoch 17 (0.25 to 0.3)");
    CHECK_HAS(w->text, "fell 25% (0.2 to 0.15)");
    CHECK_HAS(w->remedy, "`set l2=1e-4`");
    CHECK_HAS(w->remedy, "`add dropout 0.2`");
    nn_warning log[4];
    CHECK(nn_monitor_warning_count(mon) == 2);
    CHECK(nn_monitor_copy_warnings(mon, 0, log, 4) == 2);
    CHECK(log[0].epoch == 15 && log[1].epoch == 22);
    CHECK(nn_monitor_copy_warnings(mon, 1, log + 2, 4) == 1 && log[2].epoch == 22);
    CHECK(nn_monitor_copy_warnings(mon, 2, log, 4) == 0);
    CHECK_HAS(log[0].text, "up 8% since its lowest at epoch 10 (0.6 to 0.65)");
    CHECK_HAS(log[0].text, "fell 50% (0.5 to 0.25)");
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* Validation loss still makes new lows but the gap widens every epoch:
 * rule B fires once, at epoch 6 (gaps 10%, 25%, 58%, 80%, 113%, 167%),
 * and stays quiet while the gap stays above 50%. */
static void test_overfitting_gap(void)
{
    static const double train[] = {1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.18, 0.16};
    static const double val[] = {1.1, 1.0, 0.95, 0.9, 0.85, 0.8, 0.78, 0.76, 0.75, 0.74};
    int n = 10;
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.001f, 1e-4f);
    run r = {0};
    for (int e = 1; e <= n; e++)
        feed(mon, &r, e, train[e - 1], val[e - 1], 1.0, 0.001f, NULL);
    CHECK_EPOCHS(&r, NN_WARN_OVERFITTING, n, "6");
    CHECK(all_fired(&r, n) == 1u << NN_WARN_OVERFITTING);
    const nn_warning *w = &r.last[NN_WARN_OVERFITTING];
    printf("# %s\n", w->text);
    CHECK_HAS(w->text, "validation loss (0.8) is 167% above training loss (0.3)");
    CHECK_HAS(w->text, "widened for 5 epochs (it was 10% at epoch 1)");
    CHECK_HAS(w->remedy, "`set l2=0.001`"); /* ten times the run's l2 */
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* A healthy run (both losses falling with a steady 20% gap, a little
 * zigzag, modest gradients) and a run without validation rows raise
 * nothing in 60 epochs. */
static void test_healthy_runs_are_quiet(void)
{
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f), *noval = monitor_for(m, 0.001f, 0.0f);
    run r = {0}, q = {0};
    float grads[2] = {0.05f, 0.1f};
    for (int e = 1; e <= 60; e++) {
        double train = 1.0 / e * (e % 2 ? 1.02 : 0.98);
        feed(mon, &r, e, train, 1.2 * train, 0.5 + 0.1 * (e % 3), 0.001f, grads);
        /* without validation, a loss that rises 5% then recovers is not divergence */
        feed(noval, &q, e, 1.0 + 0.01 * (e % 6), NAN, 1.0, 0.001f, grads);
    }
    CHECK(all_fired(&r, 60) == 0);
    CHECK(all_fired(&q, 60) == 0);
    nn_monitor_free(mon);
    nn_monitor_free(noval);
    nn_model_free(m);
}

/* Two episodes of a loss that doubles (no batch noise given): 1, 0.5,
 * 0.25, then 0.5, 1, 2, 4 fires at 7 (4 is 16 times the lowest), once,
 * though it keeps rising to 6.  Then the loss falls to 0.01 for long
 * enough that the smoothed loss makes a new low, and a second doubling
 * from epoch 27 fires again, once. */
static void test_diverging(void)
{
    static const double train[] = {1.0, 0.5, 0.25, 0.5, 1.0, 2.0, 4.0, 5.0, 6.0, 1.0, 0.1,
                                   0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01,
                                   0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32};
    int n = 31;
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    run r = {0};
    for (int e = 1; e <= n; e++)
        feed(mon, &r, e, train[e - 1], NAN, 1.0, 0.01f, NULL);
    printf("# fired at %s\n", epochs_of(&r, NN_WARN_DIVERGING, n));
    CHECK(r.count[NN_WARN_DIVERGING] == 2);
    CHECK(r.fired[6] == 1u << NN_WARN_DIVERGING);
    CHECK(all_fired(&r, n) == 1u << NN_WARN_DIVERGING);
    const nn_warning *w = &r.last[NN_WARN_DIVERGING];
    printf("# %s; remedy: %s\n", w->text, w->remedy);
    CHECK(w->epoch >= 27);
    CHECK_HAS(w->remedy, "learning rate is too high: try `set lr=0.001`");
    nn_monitor_free(mon);

    /* a small rise (3% over 3 epochs) is noise; 10x the lowest is divergence */
    static const double slow[] = {1.0, 1.01, 1.02, 1.03, 0.5, 0.1, 0.05, 2.0};
    mon = monitor_for(m, 0.001f, 0.0f);
    run s = {0};
    for (int e = 1; e <= 8; e++)
        feed(mon, &s, e, slow[e - 1], NAN, 1.0, 0.5f, NULL);
    CHECK_EPOCHS(&s, NN_WARN_DIVERGING, 8, "8");
    w = &s.last[NN_WARN_DIVERGING];
    CHECK_HAS(w->text, "training loss (2) is 40 times its lowest (0.05 at epoch 7)");
    CHECK_HAS(w->remedy, "`set lr=0.05`");
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* Batch noise is no divergence: a flat loss of 0.06 at batch 8 (125
 * batches an epoch of a skewed per-batch loss, sd about 0.06, so the
 * epoch mean wanders by about 0.005, 9%) for 2,000 epochs raises no
 * warning, although epoch means rise 3 epochs in a row by over 10% many
 * times (counted, so the test shows the noise is there to be ignored). */
static void test_batch_noise_is_quiet(void)
{
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    run r = {0};
    nn_rng rng;
    nn_rng_seed(&rng, 42);
    double prev[4] = {0};
    int naive = 0;
    for (int e = 1; e <= 2000; e++) {
        double sum = 0.0;
        for (int b = 0; b < 125; b++) {
            double u = nn_rng_uniform(&rng), loss = -0.06 * log(1.0 - u); /* exponential */
            nn_monitor_batch(mon, loss);
            sum += loss;
        }
        double mean = sum / 125;
        memmove(prev, prev + 1, 3 * sizeof *prev);
        prev[3] = mean;
        naive += e >= 4 && prev[1] > prev[0] && prev[2] > prev[1] && prev[3] > prev[2] &&
                 prev[3] >= 1.1 * prev[0];
        nn_epoch_record rec = {.epoch = e, .loss = mean, .has_val = false, .val_loss = NAN,
                               .lr = 0.001f, .grad_norm = 1.0, .step = e};
        nn_warning out[NN_MONITOR_MAX_WARNINGS];
        r.count[NN_WARN_DIVERGING] += nn_monitor_epoch(mon, &rec, NULL, out);
    }
    printf("# %d epochs where the loss rose 3 in a row by 10%%; warnings: %d\n", naive,
           r.count[NN_WARN_DIVERGING]);
    CHECK(naive > 10);
    CHECK(r.count[NN_WARN_DIVERGING] == 0);
    /* the same noise, then the loss doubling: one warning */
    for (int e = 2001; e <= 2010; e++) {
        double level = 0.06 * pow(2.0, e - 2000);
        for (int b = 0; b < 125; b++)
            nn_monitor_batch(mon, -level * log(1.0 - nn_rng_uniform(&rng)));
        nn_epoch_record rec = {.epoch = e, .loss = level, .has_val = false, .val_loss = NAN,
                               .lr = 0.001f, .grad_norm = 1.0, .step = e};
        nn_warning out[NN_MONITOR_MAX_WARNINGS];
        int k = nn_monitor_epoch(mon, &rec, NULL, out);
        r.count[NN_WARN_DIVERGING] += k;
        if (k)
            printf("# %s\n", out[0].text);
    }
    CHECK(r.count[NN_WARN_DIVERGING] == 1);
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* A model with dropout is told to raise its rate, not to add dropout. */
static void test_dropout_remedy(void)
{
    static const char *const layers[] = {"dense units=8 act=relu", "dropout rate=0.3",
                                         "dense units=1"};
    nn_model *m = model_of_layers(layers, 3, 3);
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    run r = {0};
    for (int e = 1; e <= 20; e++) /* val lowest at 10, then up while train falls */
        feed(mon, &r, e, 1.0 / e, e <= 10 ? 1.0 / e + 0.5 : 0.6 + 0.05 * (e - 10), 1.0,
             0.001f, NULL);
    CHECK(r.count[NN_WARN_OVERFITTING] >= 1);
    const char *remedy = r.last[NN_WARN_OVERFITTING].remedy;
    printf("# remedy: %s\n", remedy);
    CHECK(strstr(remedy, "add dropout") == NULL);
    CHECK_HAS(remedy, "raise the dropout rate (now 0.3)");
    CHECK_HAS(remedy, "`set l2=1e-4`");
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* Exploding gradients from an output layer that does not fit the loss
 * (bce on a linear output) name the output layer, never `set clip`. */
static void test_wrong_output_remedy(void)
{
    nn_model *m = small_model(); /* dense 8 relu, dense 1 (linear) */
    nn_settings set;
    nn_settings_default(&set);
    snprintf(set.loss, sizeof set.loss, "bce");
    nn_error err;
    nn_monitor *mon = nn_monitor_new(m, &set, NULL, &err);
    run r = {0};
    feed(mon, &r, 1, 0.7, NAN, 4e6, 0.001f, NULL);
    CHECK(r.count[NN_WARN_EXPLODING] == 1);
    const char *remedy = r.last[NN_WARN_EXPLODING].remedy;
    printf("# remedy: %s\n", remedy);
    CHECK(strstr(remedy, "clip") == NULL);
    CHECK_HAS(remedy, "`add dense 1 sigmoid`");
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* A mean gradient norm above 1000 fires at once (epoch 1), stays quiet
 * while high, re-arms after 3 normal epochs and fires at epoch 7; a norm
 * that rose 3 epochs in a row by 20x fires too (1, 2, 5, 20 at epoch 4),
 * but 8x does not. */
static void test_exploding(void)
{
    static const double high[] = {5000, 6000, 7000, 1, 1, 1, 2000};
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    run r = {0};
    for (int e = 1; e <= 7; e++)
        feed(mon, &r, e, 1.0 / e, NAN, high[e - 1], 0.001f, NULL);
    CHECK_EPOCHS(&r, NN_WARN_EXPLODING, 7, "1 7");
    CHECK(all_fired(&r, 7) == 1u << NN_WARN_EXPLODING);
    CHECK_HAS(r.last[NN_WARN_EXPLODING].text, "at epoch 7, the mean gradient norm is 2000, above 1000");
    CHECK_HAS(r.last[NN_WARN_EXPLODING].remedy, "`set clip=1`");
    CHECK_HAS(r.last[NN_WARN_EXPLODING].remedy, "`set lr=0.0001`");
    nn_monitor_free(mon);

    static const double growing[] = {1, 2, 5, 20, 30};
    mon = monitor_for(m, 0.001f, 0.0f);
    run g = {0};
    for (int e = 1; e <= 5; e++)
        feed(mon, &g, e, 1.0 / e, NAN, growing[e - 1], 0.001f, NULL);
    CHECK_EPOCHS(&g, NN_WARN_EXPLODING, 5, "4");
    CHECK_HAS(g.last[NN_WARN_EXPLODING].text, "grew 20-fold in 3 epochs (1 at epoch 1, now 20)");
    nn_monitor_free(mon);

    static const double doubling[] = {1, 2, 4, 8};
    mon = monitor_for(m, 0.001f, 0.0f);
    run d = {0};
    for (int e = 1; e <= 4; e++)
        feed(mon, &d, e, 1.0 / e, NAN, doubling[e - 1], 0.001f, NULL);
    CHECK(all_fired(&d, 4) == 0);
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* With an lstm, vanishing and exploding gradients are through time: the
 * remedies name a shorter window (and gru) rather than relu layers. */
static void test_recurrent_remedies(void)
{
    static const char *const layers[] = {"lstm units=4", "dense units=1"};
    nn_model *m = nn_model_new();
    nn_error err;
    for (int i = 0; i < 2; i++) {
        nn_layer_spec spec;
        CHECK(nn_layer_spec_parse(&spec, layers[i], &err) == 0 && nn_model_add(m, &spec, &err) == 0);
    }
    nn_model_set_layout(m, (nn_seq_layout){3, 2});
    CHECK(nn_model_build(m, nn_shape_vector(6), 1, &err) == 0);
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    const float vanish[NN_LAYER_NORMS(2)] = {1e-9f, 1e-3f, 1e-3f, 0.0f};
    run r = {0};
    for (int e = 1; e <= 3; e++)
        feed(mon, &r, e, 1.0 / e, NAN, 5000.0, 0.001f, vanish);
    CHECK_HAS(r.last[NN_WARN_VANISHING].text, "layer 1 (lstm)");
    CHECK_HAS(r.last[NN_WARN_VANISHING].remedy, "a shorter `window`");
    CHECK_HAS(r.last[NN_WARN_VANISHING].remedy, "`add gru`");
    CHECK_HAS(r.last[NN_WARN_EXPLODING].remedy, "`set clip=1`");
    CHECK_HAS(r.last[NN_WARN_EXPLODING].remedy, "a shorter `window`");
    nn_monitor_free(mon);

    /* the input kernel's gradient is fine, the recurrent kernel's vanished:
     * the steps before the last have almost no say */
    mon = monitor_for(m, 0.001f, 0.0f);
    const float through_time[NN_LAYER_NORMS(2)] = {1e-3f, 1e-3f, 1e-9f, 0.0f};
    run t = {0};
    for (int e = 1; e <= 3; e++)
        feed(mon, &t, e, 1.0 / e, NAN, 1.0, 0.001f, through_time);
    printf("# %s; remedy: %s\n", t.last[NN_WARN_VANISHING].text, t.last[NN_WARN_VANISHING].remedy);
    CHECK_HAS(t.last[NN_WARN_VANISHING].text, "layer 1 (lstm)'s recurrent kernel has a mean "
                                             "gradient norm of 1e-09, 1e-06 times that of layer 2");
    CHECK_HAS(t.last[NN_WARN_VANISHING].remedy, "`add gru`");
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* The first layer's gradient at 1e-6 of the last one's for 3 epochs fires
 * at epoch 3, names both layers and stays quiet at 4 and 5; 3 normal
 * epochs re-arm it and 3 more vanishing ones fire at 11.  Two vanishing
 * epochs, a normal one and two more do not fire.  Layers without
 * parameters (dropout) are not judged; equal small norms everywhere
 * (a converged model) are fine. */
static void test_vanishing(void)
{
    static const char *const deep[] = {"dense units=4 act=sigmoid", "dense units=4 act=sigmoid",
                                       "dense units=1"};
    nn_model *m = model_of_layers(deep, 3, 2);
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    const float vanish[NN_LAYER_NORMS(3)] = {1e-9f, 1e-6f, 1e-3f}, fine[NN_LAYER_NORMS(3)] = {1e-3f, 1e-3f, 1e-3f};
    static const int vanishing[] = {1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1};
    run r = {0};
    for (int e = 1; e <= 11; e++)
        feed(mon, &r, e, 1.0 / e, NAN, 1.0, 0.001f, vanishing[e - 1] ? vanish : fine);
    CHECK_EPOCHS(&r, NN_WARN_VANISHING, 11, "3 11");
    CHECK(all_fired(&r, 11) == 1u << NN_WARN_VANISHING);
    const nn_warning *w = &r.last[NN_WARN_VANISHING];
    printf("# %s; remedy: %s\n", w->text, w->remedy);
    CHECK_HAS(w->text, "layer 1 (dense 4 sigmoid) has a mean gradient norm of 1e-09, 1e-06 times "
                       "that of layer 3 (dense 1) (0.001), for 3 epochs");
    CHECK_HAS(w->remedy, "`add dense 4 relu`");
    nn_monitor_free(mon);

    mon = monitor_for(m, 0.001f, 0.0f);
    static const int gappy[] = {1, 1, 0, 1, 1};
    const float small[NN_LAYER_NORMS(3)] = {1e-9f, 1e-9f, 1e-9f};
    run s = {0};
    for (int e = 1; e <= 5; e++)
        feed(mon, &s, e, 1.0 / e, NAN, 1.0, 0.001f, gappy[e - 1] ? vanish : small);
    CHECK(all_fired(&s, 5) == 0);
    nn_monitor_free(mon);
    nn_model_free(m);

    static const char *const with_dropout[] = {"dense units=4 act=tanh", "dropout rate=0.1",
                                               "dense units=1"};
    m = model_of_layers(with_dropout, 3, 2);
    mon = monitor_for(m, 0.001f, 0.0f);
    const float g[NN_LAYER_NORMS(3)] = {1e-9f, 0.0f, 1e-3f};
    run d = {0};
    for (int e = 1; e <= 3; e++)
        feed(mon, &d, e, 1.0 / e, NAN, 1.0, 0.001f, g);
    CHECK_EPOCHS(&d, NN_WARN_VANISHING, 3, "3");
    CHECK_HAS(d.last[NN_WARN_VANISHING].text, "layer 1 (dense 4 tanh)");
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* A NaN validation loss fires at its epoch; the NaN end of the same run
 * does not repeat it.  In another run the end event fires once, naming
 * the epoch that failed and the engine's message; a normal end is quiet. */
static void test_nonfinite(void)
{
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    run r = {0};
    feed(mon, &r, 1, 0.5, 0.6, 1.0, 0.001f, NULL);
    feed(mon, &r, 2, 0.4, NAN, 1.0, 0.001f, NULL);
    CHECK(r.count[NN_WARN_NONFINITE] == 0); /* NAN here means no validation rows */
    nn_epoch_record rec = {.epoch = 3, .loss = 0.3, .has_val = true, .val_loss = NAN,
                           .lr = 0.001f, .grad_norm = 1.0};
    nn_warning out[NN_MONITOR_MAX_WARNINGS];
    int n = nn_monitor_epoch(mon, &rec, NULL, out);
    CHECK(n == 1 && out[0].kind == NN_WARN_NONFINITE && out[0].epoch == 3);
    CHECK_HAS(out[0].text, "at epoch 3, the validation loss is NaN");
    nn_end_event end = {NN_END_NONFINITE, 3, 1, 0.6, false, "the loss became NaN at epoch 4, batch 2"};
    CHECK(nn_monitor_end(mon, &end, out) == 0);
    nn_monitor_free(mon);

    mon = monitor_for(m, 0.001f, 0.0f);
    feed(mon, &r, 1, 0.5, NAN, 1.0, 0.1f, NULL);
    n = nn_monitor_end(mon, &end, out);
    CHECK(n == 1 && out[0].kind == NN_WARN_NONFINITE && out[0].epoch == 4);
    printf("# %s; remedy: %s\n", out[0].text, out[0].remedy);
    CHECK_HAS(out[0].text, "training stopped in epoch 4: the loss became NaN at epoch 4, batch 2");
    CHECK_HAS(out[0].remedy, "`set lr=0.01` and `set clip=1`");
    CHECK(nn_monitor_end(mon, &end, out) == 0);
    nn_monitor_free(mon);

    mon = monitor_for(m, 0.001f, 0.0f);
    nn_end_event fine = {NN_END_FINISHED, 10, 0, NAN, false, "finished 10 epochs"};
    CHECK(nn_monitor_end(mon, &fine, out) == 0);
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* Sets dense layer `i`'s kernel column j to (a, b) and its bias to c. */
static void set_unit(nn_model *m, int i, int j, float a, float b, float c)
{
    nn_layer *l = &m->layers[i];
    int units = l->spec.units;
    l->w[0 * units + j] = a;
    l->w[1 * units + j] = b;
    l->w[2 * units + j] = c; /* 2 inputs: the bias follows the 2 x units kernel */
}

/* 3 of 4 ReLU units are dead on 8 rows with positive inputs (zero weights,
 * bias -1): 75% >= 50% fires, naming the layer; the count is readable.
 * The warning stays quiet until 3 healthy checks re-arm it.  A ReLU
 * applied by an activation layer counts too. */
static void test_dead_relu(void)
{
    static const char *const layers[] = {"dense units=4 act=relu", "dense units=1"};
    nn_model *m = model_of_layers(layers, 2, 2);
    float x[16];
    for (int r = 0; r < 8; r++)
        x[2 * r] = 0.5f * (r + 1), x[2 * r + 1] = 1.0f;
    for (int j = 0; j < 3; j++)
        set_unit(m, 0, j, 0, 0, -1);
    set_unit(m, 0, 3, 1, 0, 0);
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    nn_warning out[NN_MONITOR_MAX_WARNINGS];
    nn_error err;
    int n = nn_monitor_dead_relu(mon, m, 12, x, 8, out, &err);
    CHECK(n == 1 && out[0].kind == NN_WARN_DEAD_RELU && out[0].epoch == 12);
    printf("# %s; remedy: %s\n", out[0].text, out[0].remedy);
    CHECK_HAS(out[0].text, "at epoch 12, 3 of 4 units (75%) in layer 1 (dense 4 relu) output 0 "
                           "for all 8 sample rows");
    CHECK_HAS(out[0].remedy, "`set lr=0.0001`");
    CHECK_HAS(out[0].remedy, "`add dense 4 leaky_relu`");
    int dead, units;
    nn_monitor_dead_units(mon, 0, &dead, &units);
    CHECK(dead == 3 && units == 4);
    nn_monitor_dead_units(mon, 1, &dead, &units);
    CHECK(dead == 0 && units == 0); /* the linear output layer is not judged */
    /* a unit alive on one row only is alive: unit 0 fires for x0 > 3.9 (rows 8 only) */
    set_unit(m, 0, 0, 1, 0, -3.9f);
    CHECK(nn_monitor_dead_relu(mon, m, 13, x, 8, out, &err) == 0); /* 2 of 4 dead: still, quiet */
    nn_monitor_dead_units(mon, 0, &dead, &units);
    CHECK(dead == 2 && units == 4);
    for (int j = 0; j < 4; j++)
        set_unit(m, 0, j, 1, 0, 0);
    for (int e = 14; e <= 16; e++)
        CHECK(nn_monitor_dead_relu(mon, m, e, x, 8, out, &err) == 0);
    nn_monitor_dead_units(mon, 0, &dead, &units);
    CHECK(dead == 0);
    for (int j = 0; j < 2; j++)
        set_unit(m, 0, j, 0, 0, -1);
    CHECK(nn_monitor_dead_relu(mon, m, 17, x, 8, out, &err) == 1); /* 2 of 4: 50% fires again */
    CHECK_HAS(out[0].text, "at epoch 17, 2 of 4 units (50%)");
    nn_monitor_free(mon);
    nn_model_free(m);

    static const char *const separate[] = {"dense units=4", "activation act=relu", "dense units=1"};
    m = model_of_layers(separate, 3, 2);
    for (int j = 0; j < 4; j++)
        set_unit(m, 0, j, -1, 0, 0); /* negative for positive inputs: all dead after the relu */
    mon = monitor_for(m, 0.001f, 0.0f);
    n = nn_monitor_dead_relu(mon, m, 2, x, 8, out, &err);
    CHECK(n == 1);
    CHECK_HAS(out[0].text, "4 of 4 units (100%) in layer 2 (activation relu)");
    CHECK_HAS(out[0].remedy, "`add activation leaky_relu`");
    nn_monitor_dead_units(mon, 1, &dead, &units);
    CHECK(dead == 4 && units == 4);
    CHECK(nn_monitor_dead_relu(mon, m, 3, x, 0, out, &err) < 0);
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* Sentences use '.' for decimals under a comma locale. */
static void test_c_locale(void)
{
    if (!setlocale(LC_NUMERIC, "de_DE.utf8")) {
        printf("# de_DE.utf8 not available: skipped\n");
        return;
    }
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.001f, 0.0f);
    run r = {0};
    static const double train[] = {1.0, 0.5, 0.25, 4.5};
    for (int e = 1; e <= 4; e++)
        feed(mon, &r, e, train[e - 1], NAN, 1.0, 0.001f, NULL);
    setlocale(LC_NUMERIC, "C");
    CHECK_HAS(r.last[NN_WARN_DIVERGING].text, "(4.5) is 18 times its lowest (0.25 at epoch 3)");
    CHECK_HAS(r.last[NN_WARN_DIVERGING].remedy, "`set lr=0.0001`");
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* --- with the real trainer: the glue a session writes --- */

typedef struct session {
    nn_history *history;
    nn_monitor *monitor;
    nn_model *model;
    const float *sample;
    int sample_rows;
    int dead_warnings, dead_epoch, other_warnings, failures;
} session;

static void s_batch(void *user, const nn_batch_event *e)
{
    nn_history_record_batch(((session *)user)->history, e);
}

/* On the training thread, between epochs: the model is idle, so the
 * dead-unit census may run it. */
static void s_epoch(void *user, const nn_epoch_event *e)
{
    session *s = user;
    nn_history_record_epoch(s->history, e);
    nn_epoch_record rec;
    float grads[NN_LAYER_NORMS(8)];
    nn_warning out[NN_MONITOR_MAX_WARNINGS];
    nn_error err;
    if (nn_history_last_epoch(s->history, &rec, grads) < 0 || rec.epoch != e->epoch)
        s->failures++;
    s->other_warnings += nn_monitor_epoch(s->monitor, &rec, grads, out);
    int n = nn_monitor_dead_relu(s->monitor, s->model, e->epoch, s->sample, s->sample_rows, out,
                                 &err);
    if (n < 0)
        s->failures++;
    for (int i = 0; i < n; i++) {
        s->dead_warnings++;
        s->dead_epoch = out[i].epoch;
    }
}

static void s_end(void *user, const nn_end_event *e)
{
    session *s = user;
    nn_history_record_end(s->history, e);
    nn_warning out[NN_MONITOR_MAX_WARNINGS];
    s->other_warnings += nn_monitor_end(s->monitor, e, out);
}

/* Half of a ReLU layer is dead from the start (zero weights, bias -100:
 * no gradient flows back to revive it): real training on its own thread
 * warns at epoch 1 and never again, while the UI-side snapshots see every
 * epoch and batch.  Runs clean under ThreadSanitizer. */
static void test_with_real_trainer(void)
{
    enum { ROWS = 200, EPOCHS = 6, BATCH = 20 };
    static float x[ROWS * 2], y[ROWS];
    nn_rng rng;
    nn_rng_seed(&rng, 7);
    for (int r = 0; r < ROWS; r++) {
        x[2 * r] = 2.0f * nn_rng_uniform(&rng) - 1.0f;
        x[2 * r + 1] = 2.0f * nn_rng_uniform(&rng) - 1.0f;
        y[r] = x[2 * r] - 0.5f * x[2 * r + 1];
    }
    static const char *const layers[] = {"dense units=8 act=relu", "dense units=1"};
    nn_model *m = model_of_layers(layers, 2, 2);
    for (int j = 0; j < 4; j++)
        set_unit(m, 0, j, 0, 0, -100);
    nn_settings set;
    nn_settings_default(&set);
    set.epochs = EPOCHS;
    set.batch = BATCH;
    set.threads = 1;
    nn_error err;
    session s = {.model = m, .sample = x, .sample_rows = 64};
    s.history = nn_history_new(m->n_layers, 16, &set, &err);
    s.monitor = nn_monitor_new(m, &set, NULL, &err);
    nn_dataset train = {x, y, 160, 2, 1}, val = {x + 320, y + 160, 40, 2, 1};
    nn_observer obs = {&s, s_batch, s_epoch, s_end};
    nn_trainer *t = nn_trainer_new(m, &set, &train, &val, &obs, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(nn_trainer_start(t, &err) == 0);
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    int reads = 0, shown = 0;
    nn_warning pane[8];
    do { /* what a UI thread does: snapshots, and new warnings for its pane */
        CHECK(nn_history_read(s.history, &snap, &err) == 0);
        reads++;
        if (nn_monitor_warning_count(s.monitor) > shown)
            shown += nn_monitor_copy_warnings(s.monitor, shown, pane, 8);
    } while (!snap.ended);
    nn_trainer_wait(t);
    CHECK(nn_history_read(s.history, &snap, &err) == 0);
    CHECK(snap.n_epochs == EPOCHS);
    CHECK(snap.batches_seen == EPOCHS * 160 / BATCH && snap.n_batches == 16);
    CHECK(snap.end.reason == NN_END_FINISHED);
    CHECK(snap.epoch[EPOCHS - 1].loss < snap.epoch[0].loss);
    CHECK(s.failures == 0);
    CHECK(s.dead_warnings == 1 && s.dead_epoch == 1);
    shown += nn_monitor_copy_warnings(s.monitor, shown, pane, 8);
    CHECK(shown == s.dead_warnings + s.other_warnings);
    int dead, units;
    nn_monitor_dead_units(s.monitor, 0, &dead, &units);
    CHECK(dead >= 4 && units == 8);
    printf("# %d snapshots during training; %d other warnings\n", reads, s.other_warnings);
    nn_history_snapshot_free(&snap);
    nn_trainer_free(t);
    nn_monitor_free(s.monitor);
    nn_history_free(s.history);
    nn_model_free(m);
}

/* --- a rule added by one table entry, as a new rule would be --- */

/* A test-only rule: it holds at the epochs whose bit is set here (none
 * outside its own tests, so the other tests never see it), warns at most
 * once until it has been quiet for rearm_epochs epochs, and ranks first. */
static unsigned long probe_epochs;
static int probe_kind = -1;

static unsigned probe_condition(const nn_monitor_run *seen, void *state, const nn_monitor_event *e)
{
    int *judged = state; /* its own state: how many epochs it judged */
    ++*judged;
    bool holds = e->epoch < 64 && (probe_epochs >> e->epoch & 1) && seen->n > 0;
    return holds ? NN_VERDICT_HOLDS | NN_VERDICT_FIRES : 0;
}

static void probe_message(const nn_monitor_run *seen, const void *state, const nn_monitor_event *e,
                          char *buf, size_t len)
{
    snprintf(buf, len, "at epoch %d, the probe holds (judged %d epochs, lr %g)", e->epoch,
             *(const int *)state, (double)seen->lr);
}

static void probe_remedy(const nn_monitor_run *seen, const void *state, const nn_monitor_event *e,
                         char *buf, size_t len)
{
    (void)state, (void)e;
    nn_monitor_lower_lr_remedy(seen, buf, len, "", " to quiet the probe");
}

static const nn_warning_rule probe_rule = {
    .name = "probe", .severity = -5, .repeat = NN_REPEAT_AFTER_QUIET,
    .state_size = sizeof(int), .at_epoch = probe_condition,
    .message = probe_message, .remedy = probe_remedy,
};

/* Registered, it is judged with the built-in rules, after them, on the
 * same path: out, the monitor's log, its name by kind. */
static void test_registered_rule(void)
{
    CHECK(probe_kind >= NN_WARN_KINDS && nn_warning_rule_at(probe_kind) == &probe_rule);
    CHECK(strcmp(nn_warning_kind_name((nn_warning_kind)probe_kind), "probe") == 0);
    CHECK(nn_warning_rule_at(nn_warning_rule_count()) == NULL);
    CHECK(strcmp(nn_warning_kind_name(NN_WARN_OVERFITTING), "overfitting") == 0);
    probe_epochs = 1ul << 2 | 1ul << 3 | 1ul << 4 | 1ul << 8 | 1ul << 9 | 1ul << 11;
    nn_model *m = small_model();
    nn_monitor *mon = monitor_for(m, 0.01f, 0.0f);
    char fired[64] = "";
    for (int e = 1; e <= 12; e++) {
        nn_epoch_record rec = {.epoch = e, .loss = 1.0 / e, .has_val = false, .val_loss = NAN,
                               .lr = 0.01f, .grad_norm = 1.0};
        nn_warning out[NN_MONITOR_MAX_WARNINGS];
        int n = nn_monitor_epoch(mon, &rec, NULL, out);
        for (int i = 0; i < n; i++)
            if ((int)out[i].kind == probe_kind)
                snprintf(fired + strlen(fired), sizeof fired - strlen(fired), " %d", out[i].epoch);
    }
    /* quiet 5, 6, 7 re-arms it for 8; quiet 10 alone does not for 11 */
    CHECK(strcmp(fired, " 2 8") == 0);
    printf("# probe fired at%s\n", fired);
    nn_warning log[4];
    CHECK(nn_monitor_copy_warnings(mon, 0, log, 4) == 2);
    CHECK((int)log[1].kind == probe_kind && log[1].epoch == 8);
    CHECK_HAS(log[1].text, "at epoch 8, the probe holds (judged 8 epochs, lr 0.01)");
    CHECK_HAS(log[1].remedy, "try `set lr=0.001` to quiet the probe");
    nn_monitor_free(mon);
    nn_model_free(m);
    probe_epochs = 0;
}

static char probe_output[4096];

static void keep_warning(void *user, const char *line)
{
    (void)user;
    snprintf(probe_output + strlen(probe_output), sizeof probe_output - strlen(probe_output), "%s\n",
             line);
}

static void ignore_line(void *user, const char *line) { (void)user, (void)line; }

/* `train` in a session prints its warning as it prints the built-in ones,
 * and the session's monitor, which the workbench's log and pane read,
 * holds it under its kind. */
static void test_registered_rule_in_session(void)
{
    const char *src = getenv("SRCDIR") ? getenv("SRCDIR") : "..";
    char line[1024];
    snprintf(line, sizeof line, "load %s/samples/credit_card.csv; target card; drop share expenditure; "
             "add dense 4 relu; add dense 1 sigmoid; set lr=0.02; train epochs=3", src);
    probe_epochs = 1ul << 2;
    const nn_output out = {NULL, ignore_line, keep_warning, keep_warning};
    nn_session *s = nn_session_new(&out);
    CHECK(nn_session_run(s, line, "test") == 0);
    printf("# %s", probe_output);
    CHECK_HAS(probe_output, "probe: at epoch 2, the probe holds (judged 2 epochs, lr 0.02); try "
                            "`set lr=0.002` to quiet the probe\n");
    nn_monitor *mon = nn_session_monitor(s);
    nn_warning w[8];
    int n = mon ? nn_monitor_copy_warnings(mon, 0, w, 8) : 0, probes = 0;
    for (int i = 0; i < n; i++)
        probes += (int)w[i].kind == probe_kind && w[i].epoch == 2;
    CHECK(probes == 1);
    CHECK(nn_warning_rule_at(probe_kind)->severity < nn_warning_rule_at(NN_WARN_NONFINITE)->severity);
    nn_session_free(s);
    probe_epochs = 0;
}

int main(void)
{
    probe_kind = nn_warning_rule_register(&probe_rule); /* at start-up, before any thread */
    TEST(test_overfitting_rising);
    TEST(test_overfitting_gap);
    TEST(test_healthy_runs_are_quiet);
    TEST(test_diverging);
    TEST(test_batch_noise_is_quiet);
    TEST(test_dropout_remedy);
    TEST(test_wrong_output_remedy);
    TEST(test_exploding);
    TEST(test_vanishing);
    TEST(test_recurrent_remedies);
    TEST(test_nonfinite);
    TEST(test_dead_relu);
    TEST(test_c_locale);
    TEST(test_with_real_trainer);
    TEST(test_registered_rule);
    TEST(test_registered_rule_in_session);
    return tap_done();
}
