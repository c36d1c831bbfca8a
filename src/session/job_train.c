/* The first kind of job: `train`. It prepares the data with the recipe,
 * checks that the model's output fits the task, and trains the session's
 * model in one run: in the foreground for batch mode (one `epoch ...`
 * line per epoch), in the background for the workbench. */
#include <stdio.h>

#include "commands.h"
#include "job.h"
#include "run.h"
#include "run_start.h"

int train_ready(nn_session *s, const nn_call *c, nn_settings *run, nn_dataset *train, nn_dataset *val,
                nn_error *err)
{
    if (session_prepare(s, err) < 0)
        return -1;
    if (nn_prepared_check_complete(&s->prep, err) < 0)
        return session_prefix_error(err, "train");
    if (session_check_output(s, &s->prep, "train", err) < 0)
        return -1;
    *run = s->settings;
    snprintf(run->loss, sizeof run->loss, "%s", session_loss(s));
    if (nn_call_given(c, "epochs"))
        run->epochs = (int)nn_call_int(c, "epochs");
    if (nn_call_given(c, "batch"))
        run->batch = (int)nn_call_int(c, "batch");
    *train = session_part(&s->prep, NN_PART_TRAIN), *val = session_part(&s->prep, NN_PART_VAL);
    return train->n == 0 ? nn_fail(err, "train: no training rows") : 0;
}

void train_say_continuing(nn_session *s, int before)
{
    if (before > 0)
        session_print(s, "continuing from epoch %d: the weights the last run left (`model reset` starts "
                      "afresh)", before);
    else if (before < 0)
        session_print(s, "continuing from the opened model's weights (`model reset` starts afresh)");
}

void train_adopt_recipe(nn_session *s)
{
    s->unsaved = true;
    nn_model_free(s->trained); /* retrained: the edited layers are the model now */
    s->trained = NULL;
    nn_recipe *trained_with = nn_recipe_copy(s->recipe);
    if (trained_with) /* else save and predict keep the last one: out of memory */
        session_set_model_recipe(s, trained_with);
    s->recipe_from_model = false;
}

/* Prepares, checks and creates the run; the session's trainer, run list
 * and model change only when all of it succeeds. */
static int train_start(nn_session *s, job *j, const nn_call *c, bool printing, nn_error *err)
{
    (void)j;
    nn_settings run;
    nn_dataset train, val;
    if (train_ready(s, c, &run, &train, &val, err) < 0)
        return -1;
    int before = run_weights_before(s, train.x_width);
    if (run_new(s, s->model, &s->prep, &run, &train, &val, nn_call_str(c, "checkpoint"), printing, err) < 0)
        return -1;
    if (nn_call_given(c, "control") && run_take_control(s, err) < 0) {
        run_drop(s); /* its record stays in the run list, empty */
        return -1;
    }
    nn_history_set_start(nn_session_history(s), run_fit_key(&train, &val, run.loss), before);
    run_weights_follow(s, nn_session_history(s), before);
    train_adopt_recipe(s);
    session_print(s, "training on %zu rows, validating on %zu (%zu features, %s)", (size_t)train.n,
                  (size_t)val.n, s->prep.nfeatures, nn_task_name(s->prep.task));
    train_say_continuing(s, before);
    return 0;
}

const job_kind job_train = {
    .item_name = NULL, /* one run: no items */
    .forbids = NN_CMD_EDITS_DATA | NN_CMD_EDITS_MODEL,
    .start = train_start,
    .next = NULL,      /* the job ends with its run */
    .say_end = run_say_end,
    RUN_CONTROLS,
    .free = NULL,      /* no state of its own */
};

HANDLER(cmd_train)
{
    bool ranks = nn_call_given(c, "ranks") || nn_call_given(c, "hosts");
    return job_begin(s, ranks ? &job_mpi : &job_train, c, err);
}
