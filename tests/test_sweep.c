/* A sweep's search and pruning logic (session/sweep_space.h,
 * sweep_prune.h), and its controls from another thread: the grid is the
 * product of the lists, random points are the seed's and stay within
 * their bounds and scale, keys are checked as `set` and `add` check them,
 * and successive halving stops exactly the trials it should. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session/job.h"
#include "session/sweep.h"
#include "session/sweep_importance.h"
#include "session/sweep_prune.h"
#include "session/sweep_space.h"
#include "tap.h"

static nn_model *two_layers(void)
{
    nn_error err;
    nn_layer_spec a, b;
    nn_layer_spec_parse(&a, "dense units=8 act=relu", &err);
    nn_layer_spec_parse(&b, "dropout rate=0.1", &err);
    nn_layer_spec specs[] = {a, b};
    return nn_model_of_layers(specs, 2, &err);
}

static void grid_is_the_product_of_the_lists(void)
{
    nn_settings base;
    nn_settings_default(&base);
    nn_model *m = two_layers();
    sweep_space sp = {0};
    nn_error err;
    CHECK(sweep_space_add(&sp, "lr", "0.1,0.01,0.001", &base, m, &err) == 0);
    CHECK(sweep_space_add(&sp, "optimizer", "adam,sgd", &base, m, &err) == 0);
    CHECK(sweep_space_add(&sp, "layer1.units", "4,16", &base, m, &err) == 0);
    CHECK(sweep_grid_size(&sp) == 12);
    int seen[3][2][2] = {{{0}}};
    for (size_t i = 0; i < 12; i++) {
        sweep_point p;
        sweep_grid_point(&sp, i, p);
        int a = strcmp(p[0], "0.1") == 0 ? 0 : strcmp(p[0], "0.01") == 0 ? 1 : 2;
        seen[a][strcmp(p[1], "sgd") == 0][strcmp(p[2], "16") == 0]++;
    }
    for (int i = 0; i < 12; i++)
        CHECK(seen[i / 4][i / 2 % 2][i % 2] == 1); /* each combination once */
    /* a point reaches the settings and the layer it names */
    sweep_point p;
    sweep_grid_point(&sp, 11, p);
    nn_settings st = base;
    nn_layer_spec specs[2] = {m->layers[0].spec, m->layers[1].spec};
    CHECK(sweep_apply(&sp, p, &st, specs, 2, &err) == 0);
    CHECK(st.lr == 0.001f && strcmp(st.optimizer, "sgd") == 0 && specs[0].units == 16);
    sweep_space_free(&sp);
    nn_model_free(m);
}

static void random_points_are_the_seeds_and_keep_bounds_and_scale(void)
{
    nn_settings base;
    nn_settings_default(&base);
    nn_model *m = two_layers();
    sweep_space sp = {0};
    nn_error err;
    CHECK(sweep_space_add(&sp, "lr", "1e-4..1e-2 log", &base, m, &err) == 0);
    CHECK(sweep_space_add(&sp, "layer2.rate", "0..0.5", &base, m, &err) == 0);
    CHECK(sweep_space_add(&sp, "batch", "8..64", &base, m, &err) == 0);
    CHECK(sweep_grid_size(&sp) == 0); /* ranges make no grid */
    nn_rng a, b, c;
    nn_rng_seed(&a, 7), nn_rng_seed(&b, 7), nn_rng_seed(&c, 8);
    int below_geometric_mean = 0, below_middle = 0, differ = 0, n = 4000;
    for (int i = 0; i < n; i++) {
        sweep_point p, q, r;
        sweep_random_point(&sp, &a, p), sweep_random_point(&sp, &b, q), sweep_random_point(&sp, &c, r);
        CHECK(memcmp(p, q, sizeof p) == 0);
        differ += memcmp(p, r, sizeof p) != 0;
        double lr = atof(p[0]), rate = atof(p[1]), batch = atof(p[2]);
        CHECK(lr >= 1e-4 && lr <= 1e-2 && rate >= 0 && rate <= 0.5 && batch >= 8 && batch <= 64);
        CHECK(batch == floor(batch));
        below_geometric_mean += lr < 1e-3;  /* log-uniform: half below sqrt(lo*hi) */
        below_middle += lr < 0.00505;       /* ... and far more than half below the middle */
    }
    CHECK(differ > n * 9 / 10);
    CHECK(below_geometric_mean > n * 45 / 100 && below_geometric_mean < n * 55 / 100);
    CHECK(below_middle > n * 80 / 100);
    sweep_space_free(&sp);
    nn_model_free(m);
}

static bool fails_with(const char *key, const char *spec, const char *words)
{
    nn_settings base;
    nn_settings_default(&base);
    nn_model *m = two_layers();
    sweep_space sp = {0};
    nn_error err = {{0}};
    int rc = sweep_space_add(&sp, key, spec, &base, m, &err);
    bool ok = rc < 0 && strstr(err.msg, words) && sp.n == 0;
    if (!ok)
        printf("# %s=%s: rc=%d '%s', expected '%s'\n", key, spec, rc, err.msg, words);
    sweep_space_free(&sp);
    nn_model_free(m);
    return ok;
}

static void keys_and_values_are_checked_where_they_go(void)
{
    CHECK(fails_with("lrr", "0.1", "did you mean lr"));
    CHECK(fails_with("lr", "0.1,20", "out of range"));
    CHECK(fails_with("lr", "0.1..0.01", "low end"));
    CHECK(fails_with("lr", "0..0.1 log", "above 0"));
    CHECK(fails_with("lr", "0.001..0.1 ln", "only 'log'"));
    CHECK(fails_with("optimizer", "adam..sgd", "needs a number setting"));
    CHECK(fails_with("optimizer", "adam,sgdd", "optimizer"));
    CHECK(fails_with("layer3.units", "4,8", "has 2 layers"));
    CHECK(fails_with("layer1.rate", "0.1", "dense layers take no option 'rate'"));
    CHECK(fails_with("layer2.rate", "0.2,1.5", "layer2.rate"));
    CHECK(fails_with("layer1.act", "relu..tanh", "needs a number argument"));
    CHECK(fails_with("batch", "1.5..8", "whole"));
    CHECK(fails_with("lr", "0.1,,0.2", "empty"));
}

static void rungs_are_a_third_and_a_ninth(void)
{
    int r[SWEEP_MAX_RUNGS];
    CHECK(sweep_rungs(27, r) == 2 && r[0] == 3 && r[1] == 9);
    CHECK(sweep_rungs(10, r) == 2 && r[0] == 1 && r[1] == 3);
    CHECK(sweep_rungs(5, r) == 1 && r[0] == 1);
    CHECK(sweep_rungs(2, r) == 0);
}

static void halving_keeps_the_best_third(void)
{
    double none[1] = {0}, one[] = {0.5}, eight[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    CHECK(sweep_promotable(none, 0, 0.9, false));  /* the first trial always goes on */
    CHECK(!sweep_promotable(one, 1, 0.6, false));  /* fewer than 3: only the best */
    CHECK(sweep_promotable(one, 1, 0.5, false));   /* a tie goes on */
    CHECK(sweep_promotable(one, 1, 0.6, true));    /* larger is better */
    /* nine figures: the best 3 go on */
    CHECK(sweep_promotable(eight, 8, 0.25, false)); /* third */
    CHECK(!sweep_promotable(eight, 8, 0.35, false)); /* fourth */
    CHECK(sweep_promotable(eight, 8, 0.75, true));   /* second from the top */
    CHECK(!sweep_promotable(eight, 8, 0.55, true));
    CHECK(!sweep_promotable(eight, 8, NAN, false));
    double with_nan[] = {NAN, NAN};
    CHECK(sweep_promotable(with_nan, 2, 5.0, false)); /* any number beats no number */
}

static void importance_is_the_share_of_the_ranks_explained(void)
{
    /* y falls as x1 rises, whatever the scale; x2 has nothing to do with it */
    double x1[] = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2}, y[] = {0.9, 0.7, 0.5, 0.45, 0.3, 0.29};
    double x2[] = {1, 2, 1, 2, 2, 1};
    CHECK_NEAR(sweep_importance(x1, y, 6, false), 1.0, 1e-12);
    double unrelated = sweep_importance(x2, y, 6, false);
    CHECK(unrelated < 0.1);
    /* words: two groups that split the ranks (6,5,4 against 3,2,1), then mixed ones */
    double act[] = {0, 0, 0, 1, 1, 1}, mixed[] = {0, 1, 0, 1, 0, 1};
    double ranks_eta = (3 * (2.0 - 3.5) * (2.0 - 3.5) + 3 * (5.0 - 3.5) * (5.0 - 3.5)) / 17.5;
    CHECK_NEAR(sweep_importance(act, y, 6, true), ranks_eta, 1e-12);
    CHECK(sweep_importance(mixed, y, 6, true) < 0.1);
    /* one outlier does not decide: ranks, not values */
    double y_outlier[] = {90, 0.7, 0.5, 0.45, 0.3, 0.29};
    CHECK_NEAR(sweep_importance(x1, y_outlier, 6, false), 1.0, 1e-12);
    double same[] = {1, 1, 1, 1, 1, 1};
    CHECK(isnan(sweep_importance(same, y, 6, false)) && isnan(sweep_importance(same, y, 6, true)));
    CHECK(isnan(sweep_importance(x1, y, 2, false)));
    double r[4], v[] = {3, 1, 3, 2};
    sweep_ranks(v, 4, r);
    CHECK(r[0] == 3.5 && r[1] == 1 && r[2] == 3.5 && r[3] == 2);
}

/* ---- the job, from the thread of the prompt ---- */

static char last_error[512];
static int trial_lines;
static void text(void *u, const char *line) { (void)u; trial_lines += strncmp(line, "sweep ", 6) == 0 && strstr(line, " trial="); }
static void quiet(void *u, const char *line) { (void)u, (void)line; }
static void keep_error(void *u, const char *line) { (void)u, snprintf(last_error, sizeof last_error, "%s", line); }

static void sleep_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* Batches trial k (0-based, of the last sweep's first two) has trained. */
static long batches_seen(nn_session *s, int k)
{
    nn_history_snapshot snap;
    nn_history_snapshot_init(&snap);
    nn_error err;
    long n = nn_history_read(nn_session_run_record(s, k), &snap, &err) == 0 ? snap.batches_seen : -1;
    nn_history_snapshot_free(&snap);
    return n;
}

/* A session whose sweep of 3 endless trials trains trials 1 and 2 side by
 * side on their own threads, both past their first batch. */
static nn_session *sweeping(const nn_output *out)
{
    nn_session *s = nn_session_new(out);
    CHECK(nn_session_run(s, "generate xor rows=400; target y task=binary; add dense 8 relu; add dense 1 sigmoid; "
                            "set batch=4", "test") == 0);
    nn_session_set_foreground(s, 0);
    CHECK(nn_session_run(s, "sweep lr=0.01,0.02,0.03 epochs=100000 lanes=2", "test") == 0);
    CHECK(nn_session_training(s));
    for (int i = 0; i < 2500 && (batches_seen(s, 0) <= 0 || batches_seen(s, 1) <= 0); i++)
        sleep_ms(2); /* however loaded the machine */
    CHECK(batches_seen(s, 0) > 0 && batches_seen(s, 1) > 0);
    return s;
}

/* Commands on the thread of the prompt drive the trials on their own
 * threads: pause holds both lanes, resume and stop reach both. */
static void pause_and_stop_from_the_prompt(void)
{
    const nn_output out = {NULL, text, quiet, keep_error};
    nn_session *s = sweeping(&out);
    CHECK(nn_session_run(s, "sweep pause", "test") == 0);
    CHECK(strcmp(nn_session_state(s), "paused") == 0);
    const sweep *sw = s->sweep;
    for (int i = 0; i < 2500 && !(nn_trainer_settled(run_lane_trainer(sw->lane[0].run)) &&
                                  nn_trainer_settled(run_lane_trainer(sw->lane[1].run))); i++)
        sleep_ms(2); /* the batch each lane was in ends */
    long before[2], after[2];
    for (int k = 0; k < 2; k++)
        before[k] = batches_seen(s, k);
    sleep_ms(50);
    for (int k = 0; k < 2; k++)
        after[k] = batches_seen(s, k);
    CHECK(before[0] > 0 && before[1] > 0); /* both trained before the pause */
    CHECK(after[0] == before[0] && after[1] == before[1]); /* and neither since */
    CHECK(nn_session_run(s, "sweep best", "test") < 0 && strstr(last_error, "paused"));
    CHECK(nn_session_run(s, "train", "test") < 0); /* the data and model are the sweep's */
    CHECK(nn_session_run(s, "step", "test") < 0 && strstr(last_error, "side by side"));
    CHECK(nn_session_run(s, "set lr=0.5", "test") < 0 && strstr(last_error, "side by side"));
    CHECK(nn_session_run(s, "sweep resume", "test") == 0);
    CHECK(strcmp(nn_session_state(s), "running") == 0);
    CHECK(nn_session_run(s, "sweep stop", "test") == 0);
    CHECK(!nn_session_training(s));
    CHECK(trial_lines == 2); /* the two running trials, stopped; the third never began */
    CHECK(nn_session_run(s, "sweep best", "test") < 0 && strstr(last_error, "no trial"));
    CHECK(nn_session_run(s, "sweep stop", "test") < 0 && strstr(last_error, "no sweep is running"));
    nn_session_free(s);
}

/* Quitting while both lanes train stops and joins them before the record
 * and the runs they write go (ASan and TSan builds watch this). */
static void freeing_the_session_mid_sweep_stops_the_lanes(void)
{
    const nn_output out = {NULL, quiet, quiet, keep_error};
    nn_session *s = sweeping(&out);
    nn_session_free(s); /* returns: the lanes were stopped and joined */
    sleep_ms(50);       /* a lane left running would now write into freed memory */
}

int main(void)
{
    TEST(grid_is_the_product_of_the_lists);
    TEST(random_points_are_the_seeds_and_keep_bounds_and_scale);
    TEST(keys_and_values_are_checked_where_they_go);
    TEST(rungs_are_a_third_and_a_ninth);
    TEST(halving_keeps_the_best_third);
    TEST(importance_is_the_share_of_the_ranks_explained);
    TEST(pause_and_stop_from_the_prompt);
    TEST(freeing_the_session_mid_sweep_stops_the_lanes);
    return tap_done();
}
