/* Settings: defaults, `set KEY=VALUE` validation with messages that name
 * the key and the value, settings left unchanged by a refused value, and
 * get/set round trips for every field of the table. */
#include <stdlib.h>
#include <string.h>

#include "engine/settings.h"
#include "tap.h"

static void defaults_are_adam_lr_0001_batch_32(void)
{
    nn_settings s;
    nn_settings_default(&s);
    CHECK(strcmp(s.optimizer, "adam") == 0);
    CHECK(s.lr == 0.001f);
    CHECK(s.batch == 32);
    CHECK(strcmp(s.loss, "mse") == 0);
    CHECK(strcmp(s.schedule, "constant") == 0);
    char buf[64];
    CHECK(nn_settings_get(&s, "optimizer", buf, sizeof buf) > 0 && strcmp(buf, "adam") == 0);
    CHECK(nn_settings_get(&s, "batch", buf, sizeof buf) > 0 && strcmp(buf, "32") == 0);
    CHECK(nn_settings_get(&s, "lr", buf, sizeof buf) > 0 && strtof(buf, NULL) == 0.001f);
    nn_error err;
    CHECK(nn_settings_check(&s, &err) == 0);
}

/* A value for every field, each different from its default. */
static const struct {
    const char *key, *value;
} VALUES[] = {
    {"loss", "cce"},          {"optimizer", "rmsprop"},  {"metric", "accuracy"},
    {"schedule", "cosine"},   {"lr", "0.0123"},          {"batch", "17"},
    {"epochs", "250"},        {"l1", "0.001"},           {"l2", "0.002"},
    {"clip", "1.5"},          {"clipvalue", "0.25"},     {"seed", "1234567890123"},
    {"patience", "7"},        {"min_delta", "0.0001"},   {"shuffle", "0"},
    {"threads", "3"},         {"decay", "0.75"},         {"decay_epochs", "2.5"},
    {"warmup", "3"},          {"min_lr", "1e-05"},       {"plateau_patience", "4"},
    {"momentum", "0.8"},      {"beta1", "0.85"},         {"beta2", "0.995"},
    {"eps", "1e-08"},         {"rho", "0.95"},           {"weight_decay", "0.01"},
    {"class_weight", "yes:5,no:1"}, {"sync", "local"},    {"period", "3"},
};
#define N_VALUES (int)(sizeof VALUES / sizeof *VALUES)

static const char *value_for(const char *key)
{
    for (int i = 0; i < N_VALUES; i++)
        if (strcmp(VALUES[i].key, key) == 0)
            return VALUES[i].value;
    return NULL;
}

/* The test's list covers the engine's table exactly, so a new field
 * cannot slip past the round-trip test below. */
static void every_field_has_a_test_value(void)
{
    int n = 0;
    for (const nn_setting_field *f; (f = nn_setting_field_at(n)); n++) {
        if (!value_for(f->name))
            printf("#   no test value for setting '%s'\n", f->name);
        CHECK(value_for(f->name) != NULL);
        CHECK(nn_setting_field_find(f->name) == f);
    }
    CHECK(n == N_VALUES);
}

/* Setting every field lands in the struct member of that name. */
static void set_writes_the_named_member(void)
{
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    for (int i = 0; i < N_VALUES; i++) {
        int rc = nn_settings_set(&s, VALUES[i].key, VALUES[i].value, &err);
        if (rc != 0)
            printf("#   %s=%s: %s\n", VALUES[i].key, VALUES[i].value, err.msg);
        CHECK(rc == 0);
    }
    CHECK(strcmp(s.loss, "cce") == 0);
    CHECK(strcmp(s.optimizer, "rmsprop") == 0);
    CHECK(strcmp(s.metric, "accuracy") == 0);
    CHECK(strcmp(s.schedule, "cosine") == 0);
    CHECK(s.lr == 0.0123f);
    CHECK(s.batch == 17);
    CHECK(s.epochs == 250);
    CHECK(s.l1 == 0.001f);
    CHECK(s.l2 == 0.002f);
    CHECK(s.clip == 1.5f);
    CHECK(s.clipvalue == 0.25f);
    CHECK(s.seed == 1234567890123LL);
    CHECK(s.patience == 7);
    CHECK(s.min_delta == 0.0001f);
    CHECK(s.shuffle == 0);
    CHECK(s.threads == 3);
    CHECK(s.decay == 0.75f);
    CHECK(s.decay_epochs == 2.5f);
    CHECK(s.warmup == 3.0f);
    CHECK(s.min_lr == 1e-05f);
    CHECK(s.plateau_patience == 4);
    CHECK(strcmp(s.class_weight, "yes:5,no:1") == 0);
    CHECK(strcmp(s.sync, "local") == 0);
    CHECK(s.period == 3);
    CHECK(s.hp.momentum == 0.8f);
    CHECK(s.hp.beta1 == 0.85f);
    CHECK(s.hp.beta2 == 0.995f);
    CHECK(s.hp.eps == 1e-08f);
    CHECK(s.hp.rho == 0.95f);
    CHECK(s.hp.weight_decay == 0.01f);
    CHECK(nn_settings_check(&s, &err) == 0);
}

/* get formats a value that set reads back to the same member, for every
 * field; numbers compare by value ("0.0123" may print as 0.0123000001). */
static void get_round_trips_every_field(void)
{
    nn_error err;
    for (int i = 0; nn_setting_field_at(i); i++) {
        const nn_setting_field *f = nn_setting_field_at(i);
        const char *v = value_for(f->name);
        if (!v)
            continue;
        nn_settings a, b;
        nn_settings_default(&a);
        nn_settings_default(&b);
        char before[64], got[64], again[64];
        nn_settings_get(&a, f->name, before, sizeof before);
        CHECK(nn_settings_set(&a, f->name, v, &err) == 0);
        CHECK(nn_settings_get(&a, f->name, got, sizeof got) > 0);
        CHECK(strcmp(before, got) != 0); /* the set did change something */
        CHECK(nn_settings_set(&b, f->name, got, &err) == 0);
        CHECK(memcmp(&a, &b, sizeof a) == 0);
        nn_settings_get(&b, f->name, again, sizeof again);
        CHECK(strcmp(got, again) == 0);
        switch (f->type) {
        case NN_FIELD_NAME:
        case NN_FIELD_TEXT: CHECK(strcmp(got, v) == 0); break;
        case NN_FIELD_FLOAT: CHECK(strtof(got, NULL) == strtof(v, NULL)); break;
        case NN_FIELD_INT:
        case NN_FIELD_INT64: CHECK(strtoll(got, NULL, 10) == strtoll(v, NULL, 10)); break;
        }
        if (strcmp(got, again) != 0 || memcmp(&a, &b, sizeof a) != 0)
            printf("#   %s: set '%s', got '%s', then '%s'\n", f->name, v, got, again);
    }
    char buf[16];
    nn_settings s;
    nn_settings_default(&s);
    CHECK(nn_settings_get(&s, "no_such_key", buf, sizeof buf) < 0);
}

/* Refused: returns -1, names the key (and the value, when given), and
 * leaves every byte of the settings as it was. */
static void check_refused(const char *key, const char *value, const char *must_mention)
{
    nn_settings s, before;
    nn_settings_default(&s);
    memcpy(&before, &s, sizeof s);
    nn_error err = {{0}};
    int rc = nn_settings_set(&s, key, value, &err);
    CHECK(rc == -1);
    CHECK(memcmp(&s, &before, sizeof s) == 0);
    CHECK(strstr(err.msg, key) != NULL);
    CHECK(strstr(err.msg, must_mention) != NULL);
    if (rc != -1 || !strstr(err.msg, key) || !strstr(err.msg, must_mention))
        printf("#   %s=%s gave rc %d, message '%s'\n", key, value, rc, err.msg);
}

static void unknown_key_is_refused(void)
{
    check_refused("learning_rate", "0.1", "learning_rate");
    check_refused("LR", "0.1", "LR");
}

static void non_numbers_are_refused(void)
{
    check_refused("lr", "abc", "abc");
    check_refused("lr", "0.1x", "0.1x");
    check_refused("lr", "nan", "nan");
    check_refused("lr", "inf", "inf");
    check_refused("lr", "1e400", "1e400");
    check_refused("batch", "ten", "ten");
    check_refused("seed", "0x", "0x");
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    CHECK(nn_settings_set(&s, "lr", "", &err) == -1);
    CHECK(strstr(err.msg, "lr") != NULL);
    CHECK(s.lr == 0.001f);
}

/* class_weight: none, balanced, or LABEL:W items with W >= 0. */
static void bad_class_weights_are_refused(void)
{
    check_refused("class_weight", "yes", "yes");
    check_refused("class_weight", "yes:", "yes:");
    check_refused("class_weight", ":5", ":5");
    check_refused("class_weight", "yes:-1", "yes:-1");
    check_refused("class_weight", "yes:5,", "yes:5,");
    check_refused("class_weight", "yes:5x", "yes:5x");
    check_refused("class_weight", "yes:inf", "yes:inf");
    check_refused("class_weight", "Balanced", "Balanced");
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    CHECK(strcmp(s.class_weight, "none") == 0);
    CHECK(nn_settings_set(&s, "class_weight", "balanced", &err) == 0);
    CHECK(nn_settings_set(&s, "class_weight", "0:2.5,1:0", &err) == 0);
    char longer[80];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    longer[2] = ':';
    check_refused("class_weight", longer, "class_weight");
}

static void out_of_range_is_refused(void)
{
    check_refused("lr", "-0.1", "-0.1");
    check_refused("lr", "11", "11");
    check_refused("batch", "-5", "-5");
    check_refused("epochs", "1e9", "1e9");
    check_refused("shuffle", "2", "2");
    check_refused("seed", "-1", "-1");
    check_refused("decay", "1.5", "1.5");
    check_refused("beta2", "1", "1");
    check_refused("plateau_patience", "0", "0");
    check_refused("l2", "-0.01", "-0.01");
}

static void non_integers_are_refused_for_ints(void)
{
    check_refused("batch", "2.5", "2.5");
    check_refused("epochs", "10.1", "10.1");
    check_refused("patience", "0.5", "0.5");
    check_refused("seed", "1.5", "1.5");
}

static void unknown_names_are_refused(void)
{
    check_refused("optimizer", "adamax", "adamax");
    check_refused("loss", "hinge", "hinge");
    check_refused("schedule", "linear", "linear");
    check_refused("metric", "f1", "f1");
    check_refused("optimizer", "", "optimizer");
    /* longer than the name buffer, even though it starts with a valid name */
    check_refused("optimizer", "adam_with_a_very_long_suffix_x", "adam_with_a_very_long");
}

static void boundary_values_are_accepted(void)
{
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    CHECK(nn_settings_set(&s, "lr", "0", &err) == 0 && s.lr == 0.0f);
    CHECK(nn_settings_set(&s, "lr", "10", &err) == 0 && s.lr == 10.0f);
    CHECK(nn_settings_set(&s, "batch", "1", &err) == 0 && s.batch == 1);
    CHECK(nn_settings_set(&s, "shuffle", "1", &err) == 0 && s.shuffle == 1);
    CHECK(nn_settings_set(&s, "decay", "1", &err) == 0 && s.decay == 1.0f);
    CHECK(nn_settings_set(&s, "epochs", "16777216", &err) == 0 && s.epochs == 16777216);
}

/* The seed is a 64-bit integer: any value in its range is kept exactly,
 * not rounded through a double (2^53 + 1 = 9007199254740993 is not a
 * double). */
static void large_seeds_are_kept_exactly(void)
{
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    char buf[32];
    CHECK(nn_settings_set(&s, "seed", "9007199254740993", &err) == 0);
    CHECK(s.seed == 9007199254740993LL);
    nn_settings_get(&s, "seed", buf, sizeof buf);
    CHECK(strcmp(buf, "9007199254740993") == 0);
    if (strcmp(buf, "9007199254740993") != 0)
        printf("#   set seed=9007199254740993, got back %s\n", buf);
}

static void live_flags_match_the_header(void)
{
    /* the rate, penalties, clipping and schedule may change mid-run ... */
    const char *live[] = {"lr", "l1", "l2", "clip", "clipvalue", "schedule", "decay"};
    for (size_t i = 0; i < sizeof live / sizeof *live; i++)
        CHECK(nn_setting_field_find(live[i]) && nn_setting_field_find(live[i])->live);
    /* ... but not what shapes buffers or the run itself */
    const char *fixed[] = {"batch", "epochs", "optimizer", "loss", "seed"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        CHECK(nn_setting_field_find(fixed[i]) && !nn_setting_field_find(fixed[i])->live);
}

static void check_rejects_inconsistent_settings(void)
{
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    strcpy(s.schedule, "cosine");
    s.epochs = 5;
    s.warmup = 5.0f; /* no epochs left to anneal */
    CHECK(nn_settings_check(&s, &err) == -1);
    CHECK(strstr(err.msg, "warmup") != NULL);
    s.warmup = 4.0f;
    CHECK(nn_settings_check(&s, &err) == 0);
    strcpy(s.optimizer, "adamax"); /* written directly, bypassing set */
    CHECK(nn_settings_check(&s, &err) == -1);
    CHECK(strstr(err.msg, "adamax") != NULL);
}

int main(void)
{
    TEST(defaults_are_adam_lr_0001_batch_32);
    TEST(every_field_has_a_test_value);
    TEST(set_writes_the_named_member);
    TEST(get_round_trips_every_field);
    TEST(unknown_key_is_refused);
    TEST(non_numbers_are_refused);
    TEST(bad_class_weights_are_refused);
    TEST(out_of_range_is_refused);
    TEST(non_integers_are_refused_for_ints);
    TEST(unknown_names_are_refused);
    TEST(boundary_values_are_accepted);
    TEST(large_seeds_are_kept_exactly);
    TEST(live_flags_match_the_header);
    TEST(check_rejects_inconsistent_settings);
    return tap_done();
}
