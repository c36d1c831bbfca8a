/* The third kind of job, `train ranks=N [hosts=FILE]`: the workbench
 * (not itself under mpirun) trains the session's model in N nnwb
 * processes that mpirun starts (src/mpi/ does the rest, as for
 * `mpirun -np N nnwb --batch`). The session travels by two temporary
 * files, nothing typed twice: a model file (layers, starting weights,
 * settings, the recipe) and a script that makes the data again (the
 * `load` or `generate` that made it), opens the model, trains and saves.
 * Rank 0's epoch lines come back through a pipe into the run's history,
 * so the panes draw them as they come; the UI thread reads them without
 * ever waiting. At the end the saved model comes back into the session
 * as if trained here, `stop`ped or not. The controls (pause, resume, step, stop, live `set`) go as
 * lines to mpirun's standard input, which Open MPI gives to rank 0; its
 * `train control=stdin` reads them (run_control.c) and the ranks' reducer
 * carries rank 0's state to every rank before each batch, so that all
 * act on the same one. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "cmdline.h"
#include "commands.h"
#include "engine/model_file.h"
#include "job.h"
#include "mpi/ranks.h"
#include "run.h"
#include "run_start.h"

enum { PATH_BYTES = 4096 };

typedef struct mpi_job {
    nn_child *child;
    int ranks;
    bool printing, stopping, killing;
    bool paused;         /* told to pause or step, not yet to resume */
    int step_until;      /* the epoch a `step N epochs` ends with, 0: none */
    nn_history *history; /* the session's run list owns it */
    char metric[40];     /* the epoch lines' metric name */
    char dir[PATH_BYTES - 64], start[PATH_BYTES], end[PATH_BYTES], script[PATH_BYTES];
    char checkpoint[PATH_BYTES];
    int epochs_seen;
    int train_rows;
    int best_epoch;      /* of the lowest validation loss so far, 0: none */
    double best_val;
    double began;        /* when the ranks' training began (the first epoch's start), 0: not yet */
    double paused_at, paused_total; /* pauses: no part of the run's time */
    nn_end_event said;   /* how the run ended, as rank 0's end line says */
    bool end_said;
} mpi_job;

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void mpi_free(void *state)
{
    mpi_job *mj = state;
    if (!mj)
        return;
    nn_child_free(mj->child); /* ends the mpirun if it still runs */
    const char *files[] = {mj->start, mj->end, mj->script};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (*files[i])
            unlink(files[i]);
    if (*mj->dir)
        rmdir(mj->dir);
    free(mj);
}

/* ---- what goes to the ranks ---- */

/* The session's model with weights: its own when built for these rows,
 * else a copy built as the trainer would build it (same seed, same
 * weights), so the ranks start where a local `train` would. */
static int write_start(nn_session *s, const mpi_job *mj, const nn_settings *run, int x_width, nn_error *err)
{
    nn_model *m = s->model, *built = NULL;
    if (!m->built || nn_model_input_size(m) != x_width) {
        if (!(built = session_copy_layers(s->model, err)))
            return -1;
        if (nn_model_build(built, nn_shape_vector(x_width), (uint64_t)run->seed, err) < 0) {
            nn_model_free(built);
            return session_prefix_error(err, "train");
        }
        m = built;
    }
    char *recipe = nn_recipe_format(s->recipe);
    int rc = recipe ? nn_model_save(m, run, recipe, mj->start, err) : nn_fail(err, "out of memory");
    free(recipe);
    nn_model_free(built);
    return rc < 0 ? session_prefix_error(err, "train") : 0;
}

static void put_path(FILE *f, const char *cmd, const char *key, const char *path)
{
    fprintf(f, "%s %s", cmd, key);
    nn_cmdline_put_word(f, path);
    fputc('\n', f);
}

static int write_script(const nn_session *s, const mpi_job *mj, nn_error *err)
{
    FILE *f = fopen(mj->script, "w");
    if (!f)
        return nn_fail(err, "train: cannot write %s", mj->script);
    fprintf(f, "# train ranks=%d, written by the workbench\n%s\n", mj->ranks, s->data_source);
    put_path(f, "open", "", mj->start);
    if (*mj->checkpoint)
        put_path(f, "train control=stdin", "checkpoint=", mj->checkpoint);
    else
        fprintf(f, "train control=stdin\n");
    put_path(f, "save", "", mj->end);
    return fclose(f) == 0 ? 0 : nn_fail(err, "train: cannot write %s", mj->script);
}

/* Their directory: the temporary one, or with hosts= one here (the
 * current directory, which the other machines must share, as the data). */
static int make_files(mpi_job *mj, const nn_call *c, nn_error *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(mj->dir, sizeof mj->dir, "%s/nnwb-ranks-XXXXXX",
             nn_call_given(c, "hosts") ? "." : tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(mj->dir)) {
        *mj->dir = '\0';
        return nn_fail(err, "train: cannot make a temporary directory for the ranks");
    }
    char *abs = realpath(mj->dir, NULL);
    if (abs)
        snprintf(mj->dir, sizeof mj->dir, "%s", abs);
    free(abs);
    snprintf(mj->start, sizeof mj->start, "%s/start.nnw", mj->dir);
    snprintf(mj->end, sizeof mj->end, "%s/end.nnw", mj->dir);
    snprintf(mj->script, sizeof mj->script, "%s/train.nnw", mj->dir);
    /* no checkpoint of its own: `stop` brings back the best weights without
     * one, and rank 0 writing one at each new best epoch made the ranks
     * train several times slower (doc/distributed.md) */
    if (nn_call_given(c, "checkpoint"))
        snprintf(mj->checkpoint, sizeof mj->checkpoint, "%s", nn_call_str(c, "checkpoint"));
    return 0;
}

/* ---- the mpirun ---- */

static int launch_ranks(nn_session *s, mpi_job *mj, const nn_call *c, nn_error *err)
{
    char self[PATH_BYTES] = "", np[16];
    if (s->rank_program)
        snprintf(self, sizeof self, "%s", s->rank_program);
    else if (readlink("/proc/self/exe", self, sizeof self - 1) < 0)
        return nn_fail(err, "train: cannot tell where this nnwb is (/proc/self/exe)");
    snprintf(np, sizeof np, "%d", mj->ranks);
    const char *argv[10] = {"mpirun", "-np", np};
    int n = 3;
    if (nn_call_given(c, "hosts"))
        argv[n++] = "--hostfile", argv[n++] = nn_call_str(c, "hosts");
    argv[n++] = self, argv[n++] = "--batch", argv[n++] = mj->script, argv[n] = NULL;
    /* Open MPI's own variables, in the child's environment only: root is
     * refused unless told; and ranks that wait for each other yield the
     * core (sched_yield) instead of polling at full speed, on a machine
     * they share with the workbench (and often others): on this one two
     * ranks then trained 40% faster and far steadier (doc/distributed.md),
     * unless the user chose otherwise */
    const char *env[4] = {NULL};
    int k = 0;
    if (!getenv("OMPI_MCA_mpi_yield_when_idle"))
        env[k++] = "OMPI_MCA_mpi_yield_when_idle=1";
    if (geteuid() == 0)
        env[k++] = "OMPI_ALLOW_RUN_AS_ROOT=1", env[k++] = "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1";
    mj->child = nn_child_spawn(argv, env, err);
    return mj->child ? 0 : session_prefix_error(err, "train");
}

static int check_can_launch(const nn_session *s, const nn_call *c, nn_error *err)
{
    if (!nn_ranks_built())
        return nn_fail(err, "train ranks=: %s", nn_ranks_missing);
    if (nn_ranks_size() > 1)
        return nn_fail(err, "train ranks=: this nnwb is already one of an mpirun's %d ranks: "
                       "plain `train` trains across them", nn_ranks_size());
    if (nn_call_given(c, "hosts") && access(nn_call_str(c, "hosts"), R_OK) != 0)
        return nn_fail(err, "train hosts=%s: cannot read that hostfile", nn_call_str(c, "hosts"));
    if (s->table && !s->data_source)
        return nn_fail(err, "train ranks=: the ranks cannot make this data again (out of memory)");
    return 0;
}

static int mpi_start(nn_session *s, job *j, const nn_call *c, bool printing, nn_error *err)
{
    nn_settings run;
    nn_dataset train, val;
    if (check_can_launch(s, c, err) < 0 || train_ready(s, c, &run, &train, &val, err) < 0)
        return -1;
    mpi_job *mj = calloc(1, sizeof *mj);
    if (!mj)
        return nn_fail(err, "out of memory");
    j->state = mj;
    mj->ranks = nn_call_given(c, "ranks") ? (int)nn_call_int(c, "ranks") : 1;
    mj->printing = printing;
    mj->train_rows = train.n;
    if (make_files(mj, c, err) < 0 || write_start(s, mj, &run, train.x_width, err) < 0 ||
        write_script(s, mj, err) < 0)
        return -1;
    if (launch_ranks(s, mj, c, err) < 0)
        return -1;
    nn_history *h = nn_history_new(s->model->n_layers, NN_HISTORY_DEFAULT_RING, &run, err);
    if (!h || session_add_run(s, h) < 0) {
        nn_history_free(h);
        return -1; /* the job's end ends the mpirun */
    }
    run_drop(s); /* the last local run's trainer: the status line is this job's now */
    mj->history = h;
    char label[32];
    snprintf(label, sizeof label, "ranks=%d", mj->ranks);
    nn_history_set_label(h, label);
    run_set_model(h, s->model);
    j->ranks = mj->ranks;
    int before = run_weights_before(s, train.x_width);
    nn_history_set_start(h, run_fit_key(&train, &val, run.loss), before);
    run_weights_follow(s, h, before);
    train_adopt_recipe(s);
    session_print(s, "training on %zu rows, validating on %zu, in %d processes under mpirun%s "
                  "(pause, resume, step, stop and live settings reach them all at the same batch)",
                  (size_t)train.n, (size_t)val.n, mj->ranks, nn_call_given(c, "hosts") ? " on the hostfile's machines" : "");
    train_say_continuing(s, before);
    return 0;
}

/* ---- rank 0's lines ---- */

/* "epoch 3/12 loss=0.61 val_loss=0.6 grad_norm=0.2 lr=0.01 samples_per_s=9000
 * accuracy=0.7 val_accuracy=0.7 ranks=2", as batch mode prints it. */
static bool parse_epoch(mpi_job *mj, const char *line, nn_epoch_event *e, float *grad_norm)
{
    int used = 0;
    *e = (nn_epoch_event){.metric = mj->metric};
    if (sscanf(line, "epoch %d/%d %n", &e->epoch, &e->epochs, &used) != 2 || used == 0)
        return false;
    for (const char *p = line + used; *p;) {
        char key[40];
        double v;
        int n = 0;
        if (sscanf(p, "%39[^= ]=%lf%n", key, &v, &n) != 2 || n == 0)
            return false;
        p += n + (p[n] == ' ');
        if (strcmp(key, "loss") == 0)
            e->train_loss = v;
        else if (strcmp(key, "val_loss") == 0)
            e->val_loss = v, e->has_val = true;
        else if (strcmp(key, "grad_norm") == 0)
            *grad_norm = (float)v;
        else if (strcmp(key, "lr") == 0)
            e->lr = (float)v;
        else if (strcmp(key, "samples_per_s") == 0)
            e->samples_per_sec = v;
        else if (strncmp(key, "val_", 4) == 0)
            e->val_metric = v;
        else if (strcmp(key, "ranks") != 0) {
            snprintf(mj->metric, sizeof mj->metric, "%s", key);
            e->train_metric = v;
        }
    }
    return true;
}

/* One epoch into the run's history: a batch that stands for the epoch's
 * (the loss curve's points, the gradient norm), then the epoch. */
static void record_epoch(mpi_job *mj, nn_epoch_event *e, float grad_norm)
{
    static const float none[1] = {0};
    double now = seconds_now();
    if (!mj->began) /* the run's time starts with the first epoch, not with mpirun's start-up */
        mj->began = now - (e->samples_per_sec > 0 ? mj->train_rows / e->samples_per_sec : 0);
    double seconds = now - mj->began - mj->paused_total;
    if (e->has_val && (!mj->best_epoch || e->val_loss < mj->best_val))
        mj->best_epoch = e->epoch, mj->best_val = e->val_loss;
    e->best_epoch = mj->best_epoch, e->best_val_loss = mj->best_val;
    nn_batch_event b = {.epoch = e->epoch, .epochs = e->epochs, .batch = 1, .batches = 1,
                        .step = e->epoch, .loss = (float)e->train_loss, .lr = e->lr,
                        .grad_norm = grad_norm, .samples_per_sec = e->samples_per_sec,
                        .grad_norms = none, .weight_norms = none, .run_seconds = seconds};
    nn_history_record_batch(mj->history, &b);
    nn_history_record_epoch(mj->history, e);
    mj->epochs_seen = e->epoch;
    if (mj->paused && mj->step_until && e->epoch >= mj->step_until) { /* the step is done: a pause again */
        mj->paused_at = now;
        mj->step_until = 0;
    }
}

/* What the workbench shows of rank 0's other lines: where the time went
 * (the rest is the script's own chatter). */
static bool worth_showing(const char *line) { return strncmp(line, "ranks=", 6) == 0; }

static void read_lines(nn_session *s, mpi_job *mj)
{
    const char *line;
    for (int i = 0; i < 256 && (line = nn_child_line(mj->child, true)); i++) {
        nn_epoch_event e;
        float grad_norm = 0;
        if (parse_epoch(mj, line, &e, &grad_norm)) {
            record_epoch(mj, &e, grad_norm);
            if (mj->printing)
                session_print(s, "%s", line);
        } else if (nn_session_end_parse(line, &mj->said)) {
            mj->end_said = true; /* the run's record says it: the workbench shows it from there */
            if (mj->printing)
                session_print(s, "%s", line);
        } else if (worth_showing(line)) {
            session_print(s, "%s", line);
        }
    }
    for (int i = 0; i < 256 && (line = nn_child_line(mj->child, false)); i++)
        if (*line && strspn(line, "-") != strlen(line)) /* mpirun's boxes: their text, not their rules */
            session_warn(s, "%s", strncmp(line, "warning: ", 9) == 0 ? line + 9 : line); /* warned once */
}

/* ---- the end ---- */

/* The ranks' saved model (or checkpoint) becomes the session's, with the
 * recipe it was fitted with. */
static int adopt(nn_session *s, const char *path, nn_error *err)
{
    nn_model *m = NULL;
    nn_settings st;
    char *extra = NULL;
    if (nn_model_load(path, &m, &st, &extra, err) < 0)
        return -1;
    bool has_recipe = extra && *extra;
    nn_recipe *r = has_recipe ? nn_recipe_parse(extra, err) : NULL;
    free(extra);
    if (!r) {
        nn_model_free(m);
        return has_recipe ? -1 : nn_fail(err, "%s holds no recipe", path);
    }
    nn_model_free(s->model);
    s->model = m;
    session_set_model_recipe(s, r);
    return 0;
}

static void say_failure(nn_session *s, const mpi_job *mj, int status)
{
    char how[64];
    if (WIFSIGNALED(status))
        snprintf(how, sizeof how, "was ended by signal %d", WTERMSIG(status));
    else
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(status));
    session_warn(s, "train ranks=%d: mpirun %s (its messages are above); the model is as it was%s", mj->ranks,
                 how, *mj->checkpoint && access(mj->checkpoint, R_OK) == 0 ? "; `open` the checkpoint "
                 "and `train` to resume" : "");
}

/* How the run ended, as rank 0 said (its end line) or, without that
 * line, as far as the workbench saw. */
static nn_end_event end_event(const mpi_job *mj, bool ok)
{
    if (mj->end_said)
        return mj->said;
    return (nn_end_event){.reason = ok && !mj->stopping ? NN_END_FINISHED : NN_END_STOPPED,
                          .epochs_run = mj->epochs_seen, .last_epoch = mj->epochs_seen,
                          .best_epoch = mj->best_epoch, .best_val_loss = mj->best_val};
}

static void finish(nn_session *s, mpi_job *mj, int status)
{
    nn_error err = {{0}};
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    nn_end_event e = end_event(mj, ok);
    if (ok && adopt(s, mj->end, &err) == 0) {
        if (e.restored_best)
            session_print(s, "train ranks=%d: the weights of epoch %d (the best val_loss) are the session's "
                          "model now", mj->ranks, e.best_epoch);
        else
            session_print(s, "train ranks=%d: the trained weights are the session's model now", mj->ranks);
    } else if (ok) {
        session_warn(s, "train ranks=%d: the ranks finished but their model did not come back: %s", mj->ranks,
                     err.msg);
    } else if (mj->killing) { /* ended by signal: the last checkpoint, if any */
        e = end_event(mj, false);
        e.reason = NN_END_STOPPED, e.restored_best = false;
        if (*mj->checkpoint && access(mj->checkpoint, R_OK) == 0 && adopt(s, mj->checkpoint, &err) == 0)
            session_print(s, "stopped after %d epochs in %d processes: the last checkpoint's weights are the "
                          "session's model now", mj->epochs_seen, mj->ranks);
        else
            session_print(s, "stopped after %d epochs in %d processes, without a checkpoint (train ranks=N "
                          "checkpoint=FILE): the model is as it was", mj->epochs_seen, mj->ranks);
    } else {
        e.reason = NN_END_STOPPED, e.restored_best = false;
        say_failure(s, mj, status);
    }
    nn_history_record_end(mj->history, &e);
}

static bool mpi_poll(nn_session *s, job *j)
{
    mpi_job *mj = j->state;
    read_lines(s, mj);
    int status = 0;
    if (!nn_child_ended(mj->child, &status))
        return true;
    finish(s, mj, status);
    return false;
}

/* ---- the controls: lines to rank 0 (run_control.c reads them) ---- */

static bool tell(nn_session *s, const char *line)
{
    mpi_job *mj = s->job->state;
    if (nn_child_say(mj->child, line) == 0)
        return true;
    session_warn(s, "train ranks=%d: the ranks did not take `%s` (mpirun is not reading)", mj->ranks, line);
    return false;
}

static void held(nn_session *s, bool pause)
{
    mpi_job *mj = s->job->state;
    double now = seconds_now();
    if (mj->paused && mj->paused_at > 0)
        mj->paused_total += now - mj->paused_at;
    mj->paused_at = pause ? now : 0;
    mj->paused = s->job->held = pause;
    mj->step_until = 0;
}

static void mpi_pause(nn_session *s)
{
    if (tell(s, "pause"))
        held(s, true);
}

static void mpi_resume(nn_session *s)
{
    if (tell(s, "resume"))
        held(s, false);
}

/* A step runs, then the ranks pause again: held, but its time is run time
 * until the epoch that ends it comes (record_epoch). */
static void mpi_step(nn_session *s, int batches)
{
    char line[32];
    snprintf(line, sizeof line, "step %d", batches);
    if (tell(s, line))
        held(s, true), ((mpi_job *)s->job->state)->paused_at = 0;
}

static void mpi_step_epochs(nn_session *s, int n)
{
    mpi_job *mj = s->job->state;
    char line[32];
    snprintf(line, sizeof line, "step %d epochs", n);
    if (!tell(s, line))
        return;
    held(s, true);
    mj->paused_at = 0;
    mj->step_until = mj->epochs_seen + n;
}

static int mpi_set(nn_session *s, const char *key, const char *value, nn_error *err)
{
    mpi_job *mj = s->job->state;
    char line[256];
    snprintf(line, sizeof line, "set %s=%s", key, value);
    if (nn_child_say(mj->child, line) < 0)
        return nn_fail(err, "set: the ranks did not take %s=%s (mpirun is not reading)", key, value);
    return 0;
}

/* The ranks stop at their next batch, keep the best epoch's weights as a
 * local run does, and save; a second `stop` (or ranks that do not read)
 * ends the mpirun at once, the checkpoint (checkpoint=FILE) coming back. */
static void mpi_stop(nn_session *s)
{
    mpi_job *mj = s->job->state;
    bool again = mj->stopping;
    mj->stopping = true;
    if (!again && nn_child_say(mj->child, "stop") == 0) {
        session_print(s, "stop: the ranks stop at their next batch (`stop` again ends them at once)");
        return;
    }
    mj->killing = true;
    nn_child_signal(mj->child, SIGTERM);
}

const job_kind job_mpi = {
    .item_name = NULL,
    .forbids = NN_CMD_EDITS_DATA | NN_CMD_EDITS_MODEL,
    .start = mpi_start,
    .next = NULL,
    .say_end = NULL,
    .pause = mpi_pause,
    .resume = mpi_resume,
    .stop = mpi_stop,
    .step = mpi_step,
    .step_epochs = mpi_step_epochs,
    .set = mpi_set,
    .free = mpi_free,
    .poll = mpi_poll,
    .uncontrolled = NULL,
};
