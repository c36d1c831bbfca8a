/* The commands that drive the job going on, whatever its kind: pause,
 * resume, stop, wait and step, each acting within one batch. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "job.h"
#include "run.h"

static int need_run(const nn_session *s, const char *cmd, nn_error *err)
{
    return session_training(s) ? 0 : nn_fail(err, "%s: no training is running", cmd);
}

/* slow|normal|fast|off or a number of epochs a second; -1 when it is none. */
static double pace_of(const char *word)
{
    static const struct { const char *name; double rate; } names[] = {
        {"slow", 2}, {"normal", 10}, {"fast", 0}, {"off", 0}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(word, names[i].name) == 0)
            return names[i].rate;
    char *end;
    double v = strtod(word, &end);
    return end != word && !*end && v > 0 && v <= 1000 ? v : -1;
}

HANDLER(cmd_pace)
{
    const char *word = nn_call_str(c, "rate");
    if (word) {
        double rate = pace_of(word);
        if (rate < 0)
            return nn_fail(err, "pace: '%s' is not a pace: slow, normal, fast, off, or epochs a second "
                           "(more than 0, at most 1000)", word);
        s->pace = rate;
        if (s->trainer)
            nn_trainer_set_pace(s->trainer, rate);
    }
    if (s->pace > 0)
        session_print(s, "pace: at most %g epoch%s a second", s->pace, s->pace == 1 ? "" : "s");
    else
        session_print(s, "pace: as fast as the machine goes");
    return 0;
}

HANDLER(cmd_pause)
{
    (void)c;
    if (!session_training(s) && s->ui.script_pause) /* a stop between a script's stages */
        return s->ui.script_pause(s->ui.user, 1, err);
    if (!session_training(s) && !s->interactive) {
        session_print(s, "pause: nothing is training (in the workbench a script waits here for Enter); "
                      "batch mode goes on");
        return 0;
    }
    if (need_run(s, "pause", err) < 0 || job_controllable(s, "pause", err) < 0)
        return -1;
    job_pause(s);
    session_print(s, "paused");
    return 0;
}

HANDLER(cmd_resume)
{
    (void)c;
    if (!session_training(s) && s->ui.script_pause)
        return s->ui.script_pause(s->ui.user, 0, err);
    if (need_run(s, "resume", err) < 0 || job_controllable(s, "resume", err) < 0)
        return -1;
    job_resume(s);
    session_print(s, "resumed");
    return 0;
}

HANDLER(cmd_stop)
{
    (void)c;
    if (need_run(s, "stop", err) < 0)
        return -1;
    job_stop(s);
    return 0;
}

HANDLER(cmd_wait)
{
    (void)c, (void)err;
    if (!session_training(s)) {
        session_print(s, "nothing to wait for");
        return 0;
    }
    job_wait(s);
    return 0;
}

/* A step of a job whose runs are elsewhere, which count their batches. */
static int step_elsewhere(nn_session *s, int n, bool epochs)
{
    if (!epochs) {
        job_step(s, n);
        session_print(s, "step: %d batch%s, then paused", n, n == 1 ? "" : "es");
    } else if (job_step_epochs(s, n) && n == 1) {
        session_print(s, "step: on to the end of the current epoch, then paused");
    } else {
        session_print(s, "step: on to the end of the current epoch and %d more, then paused", n - 1);
    }
    return 0;
}

/* step [N] [epoch|epochs]: train N batches, or to the end of the current
 * epoch and N - 1 more, then pause; starts a training run if no job is
 * going. */
HANDLER(cmd_step)
{
    int n = (int)nn_call_int(c, "n"), last_epoch = 0;
    bool epochs = strncmp(nn_call_str(c, "unit"), "epoch", 5) == 0;
    if (job_steppable(s, "step", err) < 0)
        return -1;
    if (!session_training(s)) {
        if (job_begin_paused(s, &job_train, c, err) < 0)
            return -1;
        session_print(s, "step: no training was running, so a new run starts, paused after each step "
                         "(`resume` or `wait` to run on, `stop` to end it)");
    }
    if (s->job->kind->step_epochs) /* the kind counts the batches itself: the ranks */
        return step_elsewhere(s, n, epochs);
    int before = run_epochs_recorded(s);
    int batches = epochs ? run_batches_for_epochs(s, n, &last_epoch, err) : n;
    if (batches < 0)
        return -1;
    job_step(s, batches);
    if (s->foreground) { /* a script reads the state once the steps are done */
        run_settle(s);
        run_print_epochs_after(s, before);
        if (!run_live(s)) { /* the run reached its last epoch or stopped early */
            run_say_end(s, nn_trainer_wait(s->trainer));
            job_poll(s);
            return 0;
        }
    }
    const char *state = nn_session_state(s);
    if (epochs)
        session_print(s, "stepped %d batch%s to the end of epoch %d: %s", batches, batches == 1 ? "" : "es",
                      last_epoch, state);
    else
        session_print(s, "stepped %d batch%s: %s", batches, batches == 1 ? "" : "es", state);
    return 0;
}
