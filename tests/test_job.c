/* The job interface (session/job.h) seen through a kind that only the
 * test registers: two runs of the session's model, one after the other.
 * The session's refusals, poll, wait, Ctrl-C and the job's "item i of n"
 * must work for it as they do for train and cv, with nothing in the
 * session knowing it. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "session/job.h"
#include "session/run.h"
#include "tap.h"

static char last_error[1024];
static int end_lines;

static void quiet(void *u, const char *line) { (void)u, (void)line; }
static void count_ends(void *u, const char *line)
{
    (void)u;
    end_lines += strncmp(line, "finished after ", 15) == 0 || strncmp(line, "stopped after ", 14) == 0;
}
static void keep_error(void *u, const char *line)
{
    (void)u;
    snprintf(last_error, sizeof last_error, "%s", line);
}

/* ---- the test's own kind: "twice" ---- */

static int twice_run(nn_session *s, nn_error *err)
{
    nn_settings run = s->settings;
    snprintf(run.loss, sizeof run.loss, "%s", session_loss(s));
    nn_dataset train = session_part(&s->prep, NN_PART_TRAIN);
    return run_new(s, s->model, &s->prep, &run, &train, NULL, NULL, false, err);
}

static int twice_start(nn_session *s, job *j, const nn_call *c, bool printing, nn_error *err)
{
    (void)c, (void)printing;
    j->items = 2;
    return session_prepare(s, err) < 0 ? -1 : twice_run(s, err);
}

static int twice_next(nn_session *s, job *j, const nn_end_event *e, nn_error *err)
{
    if (e->reason == NN_END_STOPPED || ++j->item == j->items)
        return 0;
    return twice_run(s, err) < 0 ? -1 : 1;
}

static const job_kind twice = {
    .item_name = "run",
    .forbids = NN_CMD_EDITS_DATA | NN_CMD_EDITS_MODEL,
    .start = twice_start,
    .next = twice_next,
    RUN_CONTROLS,
};

/* ---- the checks ---- */

static nn_session *xor_session(int epochs)
{
    const nn_output out = {NULL, count_ends, quiet, keep_error};
    nn_session *s = nn_session_new(&out);
    char line[256];
    snprintf(line, sizeof line, "generate xor rows=120; target y task=binary; add dense 4 relu; "
             "add dense 1 sigmoid; set epochs=%d batch=8", epochs);
    if (nn_session_run(s, line, "test") < 0)
        printf("# setup failed: %s\n", last_error);
    nn_session_set_foreground(s, 0);
    end_lines = 0;
    return s;
}

static bool progress_is(const nn_session *s, const char *name, int item, int items)
{
    nn_job_progress p;
    nn_session_job_progress(s, &p);
    return p.item == item && p.items == items && (name ? p.item_name && strcmp(p.item_name, name) == 0
                                                       : p.item_name == NULL);
}

/* The workbench's loop: poll until the job ends; the last item seen. */
static int poll_to_the_end(nn_session *s)
{
    int last = 0;
    while (nn_session_training(s)) {
        nn_job_progress p;
        nn_session_job_progress(s, &p);
        last = p.item > last ? p.item : last;
        nn_session_poll(s);
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    return last;
}

static void a_new_kind_runs_in_the_background(void)
{
    nn_session *s = xor_session(3);
    nn_error err = {{0}};
    CHECK(progress_is(s, NULL, 0, 0));
    CHECK(job_begin(s, &twice, NULL, &err) == 0);
    CHECK(nn_session_training(s) && progress_is(s, "run", 1, 2));
    CHECK(nn_session_run(s, "target x1", "test") < 0 && strstr(last_error, "`stop` it first"));
    CHECK(nn_session_run(s, "set lr=0.01", "test") == 0); /* a live setting is no edit */
    CHECK(poll_to_the_end(s) == 2);
    CHECK(progress_is(s, NULL, 0, 0));
    CHECK(s->nruns == 2);
    CHECK(end_lines == 0); /* no say_end: the kind says nothing of its runs' ends */
    nn_session_free(s);
}

static void batch_mode_runs_every_item_through(void)
{
    nn_session *s = xor_session(2);
    nn_session_set_foreground(s, 1);
    nn_error err = {{0}};
    CHECK(job_begin(s, &twice, NULL, &err) == 0);
    CHECK(!nn_session_training(s) && s->nruns == 2);
    nn_session_free(s);
}

static void wait_and_ctrl_c_go_through_the_kind(void)
{
    nn_session *s = xor_session(100000);
    nn_error err = {{0}};
    CHECK(job_begin(s, &twice, NULL, &err) == 0);
    CHECK(nn_session_interrupt(s) == 1);
    poll_to_the_end(s);
    CHECK(s->nruns == 1); /* the stopped run ended the job: no second run */
    CHECK(nn_session_interrupt(s) == 0);
    CHECK(nn_session_run(s, "set epochs=2", "test") == 0);
    CHECK(job_begin(s, &twice, NULL, &err) == 0);
    CHECK(nn_session_run(s, "wait", "test") == 0);
    CHECK(!nn_session_training(s) && s->nruns == 3);
    nn_session_free(s);
}

static void train_is_a_job_of_one_run(void)
{
    nn_session *s = xor_session(100000);
    CHECK(nn_session_run(s, "step 1", "test") == 0);
    CHECK(nn_session_training(s) && progress_is(s, NULL, 1, 1));
    run_settle(s);
    CHECK(strcmp(nn_session_state(s), "paused") == 0);
    CHECK(nn_session_run(s, "stop", "test") == 0);
    CHECK(end_lines == 1 && progress_is(s, NULL, 0, 0));
    nn_session_free(s);
}

int main(void)
{
    TEST(a_new_kind_runs_in_the_background);
    TEST(batch_mode_runs_every_item_through);
    TEST(wait_and_ctrl_c_go_through_the_kind);
    TEST(train_is_a_job_of_one_run);
    return tap_done();
}
