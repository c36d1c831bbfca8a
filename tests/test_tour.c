/* The guided tour: it starts, goes forward and back and ends as the user
 * asks; every step fits an 80-column screen; and the command each step
 * suggests is a command of the table that runs, in order, in a fresh
 * session, so the tour cannot drift from the language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The command the shown step suggests ("  type: CMD"), in buf. */
static int suggested(char *buf, size_t len)
{
    const char *p = strstr(output, "\n  type: ");
    if (!p)
        return -1;
    p += strlen("\n  type: ");
    size_t n = strcspn(p, "\n");
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
    CHECK(run(s, "tour next") == 0 && shown_step(NULL) == 2);
    CHECK(run(s, "tour") == 0 && shown_step(NULL) == 3);
    CHECK(run(s, "tour back") == 0 && shown_step(NULL) == 2);
    CHECK(run(s, "tour show") == 0 && shown_step(NULL) == 2);
    CHECK(run(s, "tour back; tour back") == 0 && strncmp(output, "tour 1/", 7) == 0);
    /* the second `back` at the first step shows it again */
    CHECK(strstr(output + 1, "tour 1/") != NULL);
    CHECK(run(s, "tour end") == 0 && shown_step(NULL) == 0 && strstr(output, "tour ended"));
    CHECK(run(s, "tour end") == 0 && strstr(output, "no tour is running"));
    CHECK(run(s, "tour back") == 0 && shown_step(NULL) == 1); /* starts again */
    /* past the last step the tour ends */
    for (int k = 2; k <= total; k++)
        CHECK(run(s, "tour") == 0 && shown_step(NULL) == k);
    CHECK(strstr(output, "`tour` to finish") != NULL);
    CHECK(run(s, "tour") == 0 && shown_step(NULL) == 0 && strstr(output, "that was the tour"));
    CHECK(run(s, "tour") == 0 && shown_step(NULL) == 1);
    CHECK(nn_session_run(s, "tour forward", "test") < 0 && strstr(last_error, "next|back|show|end"));
    nn_session_free(s);
}

/* Legible on an 80x24 projector: no line wider than 78 columns, and a
 * step fits the workbench's log pane (6 lines at 24 rows). */
static void every_step_fits_a_small_screen(void)
{
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
        if (lines > 6)
            printf("# step %d takes %d lines\n", k, lines);
        CHECK(lines >= 4 && lines <= 6);
        if (k < total)
            run(s, "tour");
    }
    nn_session_free(s);
}

/* "load samples/x.csv" names the file from the source tree. */
static void with_samples_path(const char *cmd, char *line, size_t len)
{
    const char *ref = strstr(cmd, "samples/");
    if (ref)
        snprintf(line, len, "%.*s%s/%s", (int)(ref - cmd), cmd, samples, ref + strlen("samples/"));
    else
        snprintf(line, len, "%s", cmd);
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
        char cmd[512], line[1024], name[64];
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
        with_samples_path(cmd, line, sizeof line);
        CHECK(run(s, line) == 0);
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
    CHECK(run(s, "tour; tour; tour back") == 0);
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
    TEST(every_suggested_command_runs_in_order);
    TEST(the_tour_prints_in_a_script);
    return tap_done();
}
