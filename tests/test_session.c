/* The command language on a session: every command documented with an
 * example that runs; mistakes suggest the right word; a failing command
 * leaves the session exactly as it was, including edits refused while
 * training runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recipe/steps.h"
#include "session/cmdline.h"
#include "session/command.h"
#include "session/session_internal.h"
#include "tap.h"

static char samples[512];
static char last_error[1024];
static int errors;

static void quiet(void *u, const char *line) { (void)u, (void)line; }
static void keep_error(void *u, const char *line)
{
    (void)u;
    snprintf(last_error, sizeof last_error, "%s", line);
    errors++;
}

/* A screen's hooks that accept every theme and pane, as the workbench's do
 * for the ones it has. */
static int ui_calls;
static int fake_theme(void *u, const char *name, nn_error *err) { (void)u, (void)name, (void)err; ui_calls++; return 0; }
static int fake_zoom(void *u, const char *pane, nn_error *err) { (void)u, (void)pane, (void)err; ui_calls++; return 0; }
static void fake_keys(void *u) { (void)u; ui_calls++; }
static int fake_log(void *u, const char *show, nn_error *err) { (void)u, (void)show, (void)err; ui_calls++; return 0; }
static int fake_compare(void *u, nn_compare_mode mode, const int *runs, int n, nn_error *err)
{
    (void)u, (void)mode, (void)runs, (void)n, (void)err;
    ui_calls++;
    return 0;
}
static int fake_view(void *u, const char *key, const char *value, nn_error *err)
{
    (void)u, (void)key, (void)value, (void)err;
    ui_calls++;
    return 0;
}

static nn_session *session(void)
{
    const nn_output out = {NULL, quiet, quiet, keep_error};
    nn_session *s = nn_session_new(&out);
    const nn_ui_hooks ui = {NULL, fake_theme, fake_zoom, fake_keys, .log_filter = fake_log, .compare = fake_compare,
                            .view = fake_view};
    nn_session_set_ui(s, &ui);
    return s;
}

static int run(nn_session *s, const char *fmt, const char *arg)
{
    char line[1024];
    snprintf(line, sizeof line, fmt, arg);
    return nn_session_run(s, line, "test");
}

/* What a command may not change when it fails. */
static char *fingerprint(const nn_session *s, int with_weights)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    fprintf(f, "table=%p rows=%zu name=%s\n", (void *)s->table, s->table ? s->table->nrows : 0,
            s->data_name ? s->data_name : "");
    for (size_t i = 0; i < nn_recipe_steps(s->recipe); i++)
        fprintf(f, "step %s\n", nn_recipe_step(s->recipe, i));
    fprintf(f, "layers=%d built=%d\n", s->model->n_layers, s->model->built);
    for (int i = 0; i < s->model->n_layers; i++) {
        char d[512];
        nn_model_describe(s->model, i, d, sizeof d);
        fprintf(f, "layer %s\n", d);
    }
    for (int i = 0; nn_setting_field_at(i); i++) {
        char v[64];
        nn_settings_get(&s->settings, nn_setting_field_at(i)->name, v, sizeof v);
        fprintf(f, "%s=%s\n", nn_setting_field_at(i)->name, v);
    }
    if (with_weights && s->model->built && s->model->n_params)
        fprintf(f, "w0=%.9g wN=%.9g\n", s->model->params[0], s->model->params[s->model->n_params - 1]);
    fclose(f);
    return text;
}

/* ---- the lexer ---- */

static void lexer_splits_commands_and_arguments(void)
{
    nn_cmdline *c;
    nn_error err;
    int n = nn_cmdline_split("load \"my file.csv\" sep=; ; drop a b # comment; not a command", &c, &err);
    CHECK(n == 2);
    if (n == 2) {
        CHECK(strcmp(c[0].name, "load") == 0 && c[0].nargs == 2);
        CHECK(strcmp(c[0].args[0].value, "my file.csv") == 0 && c[0].args[0].key == NULL);
        CHECK(strcmp(c[0].args[1].key, "sep") == 0 && strcmp(c[0].args[1].value, "") == 0);
        CHECK(strcmp(c[1].name, "drop") == 0 && c[1].nargs == 2);
        nn_cmdline_free(c, n);
    }
    n = nn_cmdline_split("load out=\"a \\\"b\\\"\" x#y", &c, &err);
    CHECK(n == 1 && strcmp(c[0].args[0].value, "a \"b\"") == 0 && strcmp(c[0].args[1].value, "x#y") == 0);
    if (n > 0)
        nn_cmdline_free(c, n);
    CHECK(nn_cmdline_split("   # only a comment", &c, &err) == 0);
    CHECK(nn_cmdline_split("load \"unterminated", &c, &err) < 0 && strstr(err.msg, "quote"));
}

/* ---- help and examples ---- */

static void every_command_is_documented(void)
{
    for (size_t i = 0; i < nn_command_count(); i++) {
        const nn_command *cmd = nn_command_at(i);
        CHECK(cmd->summary && strlen(cmd->summary) > 8);
        CHECK(cmd->example && strlen(cmd->example) >= strlen(cmd->name));
        char syntax[512];
        CHECK(nn_command_syntax(cmd, syntax, sizeof syntax) > 0 && strncmp(syntax, cmd->name, strlen(cmd->name)) == 0);
        CHECK(nn_command_find(cmd->name) == cmd);
    }
    const nn_command *fit = nn_command_find("fit"), *train = nn_command_find("train");
    CHECK(fit && fit == train); /* Keras' word */
}

/* The recipe steps' commands are the step table's kinds, in its order,
 * together in `help` after the data commands that read the table. */
static void step_commands_come_from_the_step_table(void)
{
    const nn_command *first = nn_command_find(nn_step_kind_at(0)->name);
    size_t at = 0;
    while (at < nn_command_count() && nn_command_at(at) != first)
        at++;
    for (size_t i = 0; i < nn_step_kind_count(); i++) {
        const nn_step_info *kind = nn_step_kind_at(i);
        const nn_command *cmd = nn_command_at(at + i);
        CHECK(cmd && cmd == nn_command_find(kind->name));
        CHECK(cmd && cmd->args == kind->args && cmd->summary == kind->summary && cmd->help == kind->help);
        CHECK(cmd && strcmp(cmd->group, "data") == 0 && (cmd->flags & NN_CMD_EDITS_DATA));
    }
    CHECK(strcmp(nn_command_at(at + nn_step_kind_count())->name, "recipe") == 0);
    CHECK(nn_command_find("fillna") == nn_command_find("impute")); /* an alias of the kind */
}

/* A session with credit data and a small trained model (0), stock data
 * (1), or credit data training in the background (2). */
static nn_session *ready_session(int kind)
{
    nn_session *s = session();
    int stocks = kind == 1;
    const char *setup = stocks
        ? "load %s/stocks.csv; target price; window 3 on=price as=logreturn by=symbol; add dense 4 relu; "
          "add dense 1; train epochs=2"
        : "load %s/credit_card.csv; target card; drop share expenditure; add dense 4 relu; "
          "add dense 1 sigmoid; train epochs=2; save /tmp/model.nnwb";
    if (run(s, setup, samples) < 0)
        printf("# setup failed: %s\n", last_error);
    if (kind == 2) {
        nn_session_set_foreground(s, 0);
        run(s, "%s", "set epochs=100000; train");
    }
    return s;
}

static void every_example_runs(void)
{
    for (size_t i = 0; i < nn_command_count(); i++) {
        const nn_command *cmd = nn_command_at(i);
        int ok = 0;
        for (int kind = 0; kind < 3 && !ok; kind++) {
            nn_session *s = ready_session(kind);
            char example[512];
            snprintf(example, sizeof example, "%s", cmd->example);
            char *samples_ref = strstr(example, "samples/");
            char line[1024];
            if (samples_ref) { /* examples name files as from the source tree */
                *samples_ref = '\0';
                snprintf(line, sizeof line, "%s%s/%s", example, samples, samples_ref + 8);
            } else {
                snprintf(line, sizeof line, "%s", example);
            }
            ok = nn_session_run(s, line, "example") == 0;
            nn_session_free(s);
        }
        if (!ok)
            printf("# example of %s failed: %s\n", cmd->name, last_error);
        CHECK(ok);
    }
    remove("/tmp/model.nnwb");
    remove("/tmp/predictions.csv");
}

/* ---- mistakes ---- */

static void mistakes_get_suggestions(void)
{
    nn_session *s = ready_session(0);
    CHECK(run(s, "%s", "trian") < 0 && strstr(last_error, "did you mean train?"));
    CHECK(run(s, "%s", "drop incme") < 0 && strstr(last_error, "drop: no column 'incme' (did you mean income?)"));
    CHECK(run(s, "%s", "set lr=0.1 patiense=3") < 0 && strstr(last_error, "did you mean patience?"));
    CHECK(run(s, "%s", "split train=0.7 sed=3") < 0 && strstr(last_error, "did you mean seed?"));
    CHECK(run(s, "%s", "scale zcore") < 0 && strstr(last_error, "scale: method=zcore: expected one of"));
    CHECK(run(s, "%s", "set lr=abc") < 0 && strstr(last_error, "set: lr"));
    CHECK(run(s, "%s", "remove 9") < 0 && strstr(last_error, "remove: no layer 9"));
    CHECK(strncmp(last_error, "test: ", 6) == 0); /* where it happened comes first */
    nn_session_free(s);
}

static void failures_leave_the_session_unchanged(void)
{
    nn_session *s = ready_session(0);
    char *before = fingerprint(s, 1);
    static const char *const bad[] = {
        "load /nonexistent/file.csv",
        "load %s/../tests/csv/ragged_more.csv",
        "target nothing",
        "drop card",
        "impute mean owner",
        "split train=0.8 val=0.3",
        "window 3 on=owner",
        "add dense 0",
        "add conv 3",
        "set lr=-1",
        "set batch=10 lr=oops",
        "optimizer adamm",
        "loss nonsense",
        "open /nonexistent/model.nnwb",
        "predict /nonexistent.csv",
        "remove 0",
        "encode onehot income",
        "train epochs=0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int before_errors = errors;
        CHECK(run(s, bad[i], samples) < 0);
        CHECK(errors == before_errors + 1);
        char *after = fingerprint(s, 1);
        if (strcmp(before, after) != 0)
            printf("# `%s` changed the session\n", bad[i]);
        CHECK(strcmp(before, after) == 0);
        free(after);
    }
    /* a failing command in the middle of a line stops the line there */
    CHECK(run(s, "%s", "set epochs=7; drop nothing; set epochs=9") < 0);
    char v[32];
    nn_settings_get(&s->settings, "epochs", v, sizeof v);
    CHECK(strcmp(v, "7") == 0);
    free(before);
    nn_session_free(s);
}

static void edits_are_refused_while_training(void)
{
    nn_session *s = ready_session(0);
    nn_session_set_foreground(s, 0);
    CHECK(run(s, "%s", "set epochs=100000; train") == 0);
    CHECK(session_training(s));
    char *before = fingerprint(s, 0); /* the weights move while it trains */
    CHECK(run(s, "%s", "add dense 3") < 0 && strstr(last_error, "stop"));
    CHECK(run(s, "%s", "drop income") < 0);
    CHECK(run(s, "%s", "load %s/stocks.csv") < 0);
    CHECK(run(s, "%s", "set batch=8") < 0 && strstr(last_error, "batch"));
    CHECK(run(s, "%s", "pause") == 0);
    char *after = fingerprint(s, 0);
    CHECK(strcmp(before, after) == 0);
    CHECK(run(s, "%s", "set lr=0.0005") == 0); /* live settings may change */
    CHECK(run(s, "%s", "describe income; summary; help train") == 0);
    CHECK(run(s, "%s", "stop") == 0);
    CHECK(!session_training(s));
    CHECK(run(s, "%s", "add dense 3") == 0);
    free(before), free(after);
    nn_session_free(s);
}

/* ---- cv in the background, as the workbench runs it ---- */

static char cv_text[16384];
static void keep_text(void *u, const char *line)
{
    (void)u;
    size_t n = strlen(cv_text);
    snprintf(cv_text + n, sizeof cv_text - n, "%s\n", line);
}

static int count_lines(const char *prefix)
{
    int n = 0;
    for (const char *p = cv_text; (p = strstr(p, prefix)); p++)
        n += p == cv_text || p[-1] == '\n';
    return n;
}

static nn_session *cv_session(void)
{
    const nn_output out = {NULL, keep_text, quiet, keep_error};
    nn_session *s = nn_session_new(&out);
    cv_text[0] = '\0';
    if (run(s, "%s", "generate xor rows=120; target y task=binary; add dense 4 relu; add dense 1 sigmoid; "
                     "train epochs=1") < 0)
        printf("# setup failed: %s\n", last_error);
    nn_session_set_foreground(s, 0);
    nn_trainer_wait(s->trainer);
    return s;
}

static void cv_runs_in_the_background(void)
{
    nn_session *s = cv_session();
    char *before = fingerprint(s, 1);
    CHECK(run(s, "%s", "cv folds=3 epochs=3 batch=8") == 0);
    CHECK(session_training(s));
    CHECK(run(s, "%s", "add dense 3") < 0 && strstr(last_error, "stop"));
    while (nn_session_training(s)) { /* the workbench's loop */
        nn_session_poll(s);
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    CHECK(count_lines("fold ") == 3 && count_lines("fold 3/3 ") == 1);
    CHECK(count_lines("cv model folds=3 ") == 1 && count_lines("cv baseline folds=3 ") == 1);
    char *after = fingerprint(s, 1);
    CHECK(strcmp(before, after) == 0); /* the session's own model, weights included */
    free(before), free(after);
    nn_session_free(s);
}

static void stop_ends_a_cv(void)
{
    nn_session *s = cv_session();
    char *before = fingerprint(s, 1);
    CHECK(run(s, "%s", "cv folds=3 epochs=100000") == 0);
    nn_session_poll(s); /* nothing to do yet: fold 1 trains */
    CHECK(session_training(s));
    CHECK(run(s, "%s", "stop") == 0);
    CHECK(!session_training(s));
    CHECK(count_lines("cv stopped in fold 1/3") == 1 && count_lines("cv model") == 0);
    char *after = fingerprint(s, 1);
    CHECK(strcmp(before, after) == 0);
    CHECK(run(s, "%s", "set epochs=1; train; wait; evaluate test") == 0); /* nothing left behind */
    free(before), free(after);
    nn_session_free(s);
}

int main(void)
{
    const char *src = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
    snprintf(samples, sizeof samples, "%s/samples", src);
    TEST(lexer_splits_commands_and_arguments);
    TEST(every_command_is_documented);
    TEST(step_commands_come_from_the_step_table);
    TEST(every_example_runs);
    TEST(mistakes_get_suggestions);
    TEST(failures_leave_the_session_unchanged);
    TEST(edits_are_refused_while_training);
    TEST(cv_runs_in_the_background);
    TEST(stop_ends_a_cv);
    return tap_done();
}
