/* The guided tour: it starts, goes forward and back and ends as the user
 * asks, moving on only once a step's command has succeeded (a failure is
 * reported and the tour stays); every step fits the log of an 80x24
 * screen; the command each step suggests is a command of the table that
 * runs, in order, in a fresh session, so the tour cannot drift from the
 * language; and it names the sample files wherever nnwb was started. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session/command.h"
#include "session/session.h"
#include "session_capture.h"
#include "tap.h"

static char samples[512];

/* The step shown by the last output ("tour K/N: title"), 0 if none. */
static int shown_step(int *total)
{
    int k = 0, n = 0;
    if (sscanf(output, "tour %d/%d:", &k, &n) != 2)
        return 0;
    if (total)
        *total = n;
    return k;
}

/* The command the shown step suggests ("  type `CMD`"), in buf. */
static int suggested(char *buf, size_t len)
{
    const char *p = strstr(output, "\n  type `");
    if (!p)
        return -1;
    p += strlen("\n  type `");
    size_t n = strcspn(p, "`\n");
    snprintf(buf, len, "%.*s", (int)n, p);
    return 0;
}

static void the_tour_goes_forward_and_back(void)
{
    nn_session *s = capturing_session();
    int total = 0;
    CHECK(run(s, "tour") == 0 && shown_step(&total) == 1);
    CHECK(total >= 8);
    CHECK(strstr(output, "`tour` for the next step") != NULL);
    CHECK(run(s, "tour skip") == 0 && shown_step(NULL) == 2);
    CHECK(run(s, "tour skip") == 0 && shown_step(NULL) == 3);
    CHECK(run(s, "tour back") == 0 && shown_step(NULL) == 2);
    CHECK(run(s, "tour show") == 0 && shown_step(NULL) == 2);
    CHECK(run(s, "tour back; tour back") == 0 && strncmp(output, "tour 1/", 7) == 0);
    /* the second `back` at the first step shows it again */
    CHECK(strstr(output + 1, "tour 1/") != NULL);
    /* a step gone back to was done (or skipped) already: `tour` moves on */
    CHECK(run(s, "tour") == 0 && shown_step(NULL) == 2);
    CHECK(run(s, "tour end") == 0 && shown_step(NULL) == 0 && strstr(output, "tour ended"));
    CHECK(run(s, "tour end") == 0 && strstr(output, "no tour is running"));
    CHECK(run(s, "tour back") == 0 && shown_step(NULL) == 1); /* starts again */
    /* past the last step the tour ends */
    for (int k = 2; k <= total; k++)
        CHECK(run(s, "tour skip") == 0 && shown_step(NULL) == k);
    CHECK(strstr(output, "`tour` to finish") != NULL);
    CHECK(run(s, "tour skip") == 0 && shown_step(NULL) == 0 && strstr(output, "that was the tour"));
    CHECK(run(s, "tour") == 0 && shown_step(NULL) == 1);
    CHECK(nn_session_run(s, "tour forward", "test") < 0 && strstr(last_error, "next|skip|back|show|end"));
    nn_session_free(s);
}

static char warned[1024];
static void keep_warning(void *u, const char *line)
{
    (void)u;
    snprintf(warned, sizeof warned, "%s", line);
}

/* `tour` moves on only once the step's command has succeeded: before, it
 * says what to type; a failure of that command is reported after its
 * error and the tour stays on the step; success says the step is done. */
static void the_tour_waits_for_each_step(void)
{
    const nn_output out = {NULL, keep_text, keep_warning, keep_error};
    nn_session *s = nn_session_new(&out);
    CHECK(run(s, "tour") == 0 && shown_step(NULL) == 1);
    char cmd[512];
    CHECK(suggested(cmd, sizeof cmd) == 0 && strncmp(cmd, "load ", 5) == 0);
    CHECK(nn_session_run(s, "tour", "test") < 0 && strstr(last_error, "tour: step 1 (loading data) waits for `load "));
    warned[0] = '\0';
    CHECK(nn_session_run(s, "load no_such_file.csv", "test") < 0 && strstr(last_error, "no_such_file.csv"));
    CHECK(strstr(warned, "tour: step 1 waits for its command to succeed") != NULL);
    CHECK(run(s, "tour show") == 0 && shown_step(NULL) == 1);
    warned[0] = '\0';
    CHECK(run(s, "summary") == 0 && warned[0] == '\0'); /* another command: nothing about the tour */
    CHECK(run(s, cmd) == 0 && strstr(output, "tour: step 1 done: `tour` for the next one"));
    CHECK(run(s, "tour") == 0 && shown_step(NULL) == 2);
    nn_session_free(s);
}

/* The sample files are named where they are: samples/ under the current
 * directory as such, $NNWB_SAMPLES's folder, and else the source tree
 * beside the program (or the installed copy); a folder without them is
 * said. */
static void the_tour_finds_the_samples(void)
{
    char cmd[1024], here[1024];
    nn_session *s = capturing_session();
    if (!getcwd(here, sizeof here) || chdir(samples) < 0 || chdir("..") < 0) {
        CHECK(0);
        return;
    }
    CHECK(run(s, "tour show") == 0 && suggested(cmd, sizeof cmd) == 0);
    CHECK(strcmp(cmd, "load samples/credit_card.csv") == 0);
    CHECK(chdir("/") == 0);
    setenv("NNWB_SAMPLES", samples, 1);
    CHECK(run(s, "tour show") == 0 && suggested(cmd, sizeof cmd) == 0);
    char want[1024];
    snprintf(want, sizeof want, "load %s/credit_card.csv", samples);
    CHECK(strcmp(cmd, want) == 0 && run(s, cmd) == 0);
    setenv("NNWB_SAMPLES", "/nonexistent", 1);
    CHECK(run(s, "tour show") == 0 && strstr(output, "(no credit_card.csv there: set NNWB_SAMPLES"));
    unsetenv("NNWB_SAMPLES");
    CHECK(run(s, "tour show") == 0 && suggested(cmd, sizeof cmd) == 0);
    if (strstr(output, "(no credit_card.csv there")) /* a build outside the tree, not installed */
        printf("# from /: neither a source tree beside the program nor an installed copy\n");
    else
        CHECK(cmd[5] == '/' && run(s, cmd) == 0); /* an absolute path that loads */
    CHECK(chdir(here) == 0);
    nn_session_free(s);
}

/* Legible on an 80x24 projector: no line wider than 78 columns, and a
 * step fits the workbench's log pane (5 lines at 24 rows), run from the
 * source tree as a class would. */
static void every_step_fits_a_small_screen(void)
{
    char here[1024];
    if (!getcwd(here, sizeof here) || chdir(samples) < 0 || chdir("..") < 0)
        CHECK(0);
    nn_session *s = capturing_session();
    int total = 0;
    run(s, "tour");
    shown_step(&total);
    for (int k = 1; k <= total; k++) {
        int lines = 0;
        for (const char *p = output; *p; lines++) {
            size_t n = strcspn(p, "\n");
            if (n > 78)
                printf("# step %d: a line of %zu columns: %.*s\n", k, n, (int)n, p);
            CHECK(n <= 78);
            p += n + (p[n] == '\n');
        }
        if (lines > 5)
            printf("# step %d takes %d lines\n", k, lines);
        CHECK(lines >= 4 && lines <= 5);
        if (k < total)
            run(s, "tour skip");
    }
    nn_session_free(s);
    if (chdir(here) < 0)
        CHECK(0);
}

/* Walks the whole tour as a newcomer would: read the step, type what it
 * says, ask for the next one. */
static void every_suggested_command_runs_in_order(void)
{
    nn_session *s = capturing_session();
    int total = 0, steps = 0;
    const char *covered[] = {"load", "target", "add", "train", "history", "evaluate", "step"};
    int seen[sizeof covered / sizeof covered[0]] = {0};
    run(s, "tour");
    shown_step(&total);
    for (int k = 1; k <= total; k++, steps++) {
        char cmd[512], name[64];
        CHECK(shown_step(NULL) == k);
        if (suggested(cmd, sizeof cmd) < 0) {
            printf("# step %d suggests no command\n", k);
            CHECK(0);
            break;
        }
        /* a command of the table, not a made-up one */
        sscanf(cmd, "%63s", name);
        const nn_command *c = nn_command_find(name);
        if (!c)
            printf("# step %d suggests `%s`, not a command\n", k, cmd);
        CHECK(c != NULL && strcmp(name, c->name) == 0);
        for (size_t i = 0; i < sizeof covered / sizeof covered[0]; i++)
            seen[i] |= strcmp(name, covered[i]) == 0;
        CHECK(run(s, cmd) == 0); /* as suggested: the tour names the sample files where they are */
        CHECK(run(s, "tour") == 0);
    }
    CHECK(steps == total && strstr(output, "that was the tour"));
    /* the walk covers data, a model, training and the charts */
    for (size_t i = 0; i < sizeof covered / sizeof covered[0]; i++) {
        if (!seen[i])
            printf("# the tour never uses `%s`\n", covered[i]);
        CHECK(seen[i]);
    }
    nn_session_free(s);
}

/* The tour is there in batch mode too: each `tour` prints its step. */
static void the_tour_prints_in_a_script(void)
{
    nn_session *s = capturing_session();
    CHECK(run(s, "tour; tour skip; tour back") == 0);
    CHECK(strncmp(output, "tour 1/", 7) == 0);
    const char *second = strstr(output, "\ntour 2/"), *third = second ? strstr(second + 1, "\ntour 1/") : NULL;
    CHECK(second != NULL && third != NULL);
    nn_session_free(s);
}

int main(void)
{
    const char *src = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
    snprintf(samples, sizeof samples, "%s/samples", src);
    TEST(the_tour_goes_forward_and_back);
    TEST(every_step_fits_a_small_screen);
    /* the walk loads the sample files: named by the environment here, so
     * that a build outside the source tree (distcheck's) finds them too */
    setenv("NNWB_SAMPLES", samples, 1);
    TEST(every_suggested_command_runs_in_order);
    TEST(the_tour_waits_for_each_step);
    unsetenv("NNWB_SAMPLES");
    TEST(the_tour_finds_the_samples);
    TEST(the_tour_prints_in_a_script);
    return tap_done();
}
