/* Running commands on a session: find the command (or suggest one), bind
 * and check its arguments, refuse what the job going on forbids, run it.
 * A handler changes the session only once it cannot fail any more. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "call.h"
#include "cmdline.h"
#include "engine/loss.h"
#include "job.h"
#include "recipe/task.h"
#include "script_file.h"
#include "eval_curves.h"
#include "session_internal.h"
#include "sweep.h"

enum { MAX_SOURCE_DEPTH = 16 };

nn_session *nn_session_new(const nn_output *out)
{
    nn_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->out = *out;
    s->foreground = 1;
    s->recipe = nn_recipe_new();
    s->model = nn_model_new();
    nn_settings_default(&s->settings);
    s->loss_view.smoothing = NN_LOSS_SMOOTHING;
    if (!s->recipe || !s->model) {
        nn_session_free(s);
        return NULL;
    }
    return s;
}

void nn_session_free(nn_session *s)
{
    if (!s)
        return;
    job_free(s);
    sweep_free(s->sweep);
    for (size_t i = 0; i < s->nruns; i++)
        nn_history_free(s->runs[i]);
    free(s->runs);
    nn_prepared_free(&s->prep);
    nn_model_free(s->model);
    nn_model_free(s->trained);
    nn_recipe_free(s->recipe);
    nn_recipe_free(s->model_recipe);
    nn_table_free(s->table);
    free(s->data_name);
    free(s->data_source);
    free(s->rank_program);
    nn_column_view_free(&s->last_plot);
    eval_curves_clear(s);
    free(s);
}

void nn_session_set_foreground(nn_session *s, int foreground) { s->foreground = foreground; }

int nn_session_quitting(const nn_session *s) { return s->quit; }

const struct nn_column_view *nn_session_last_plot(const nn_session *s)
{
    return s->last_plot.n_series ? &s->last_plot : NULL;
}

void nn_session_set_interactive(nn_session *s, int interactive) { s->interactive = interactive; }

void nn_session_set_ui(nn_session *s, const nn_ui_hooks *hooks) { s->ui = *hooks; }

int nn_session_unsaved(const nn_session *s) { return s->unsaved; }

const struct nn_table *nn_session_table(const nn_session *s) { return s->table; }
const char *nn_session_data_name(const nn_session *s) { return s->data_name; }
const struct nn_model *nn_session_model(const nn_session *s) { return s->model; }
const struct nn_settings *nn_session_settings(const nn_session *s) { return &s->settings; }

int nn_session_recipe_text(const nn_session *s, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nn_recipe_steps(s->recipe) && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s\n", nn_recipe_step(s->recipe, i));
    return (int)n;
}

const struct nn_prepared *nn_session_prepared(const nn_session *s) { return s->prepared ? &s->prep : NULL; }

void session_set_data_source(nn_session *s, const char *line)
{
    free(s->data_source);
    s->data_source = strdup(line); /* NULL when out of memory: `train ranks=` then says so */
}

void nn_session_set_rank_program(nn_session *s, const char *path)
{
    free(s->rank_program);
    s->rank_program = path ? strdup(path) : NULL;
}

void session_set_table(nn_session *s, nn_table *t, const char *name)
{
    nn_table_free(s->table);
    s->table = t;
    free(s->data_name);
    s->data_name = strdup(name);
    free(s->data_source);
    s->data_source = NULL;
    nn_prepared_free(&s->prep);
    s->prepared = false;
    nn_recipe *fresh = nn_recipe_new();
    if (fresh) {
        nn_recipe_free(s->recipe);
        s->recipe = fresh;
    }
}

nn_model *session_trained_model(const nn_session *s)
{
    return s->trained ? s->trained : s->model;
}

nn_model *session_copy_layers(const nn_model *m, nn_error *err)
{
    nn_model *copy = nn_model_new();
    if (copy) /* and the layout its rows are read with */
        copy->layout = m->layout;
    for (int i = 0; copy && i < m->n_layers; i++)
        if (nn_model_add(copy, &m->layers[i].spec, err) < 0) {
            nn_model_free(copy);
            return NULL;
        }
    if (!copy)
        nn_fail(err, "out of memory");
    return copy;
}

int session_edit_model(nn_session *s, nn_error *err)
{
    if (s->trained || !s->model->built || !s->model_recipe)
        return 0; /* nothing trained to keep, or already kept */
    nn_model *copy = session_copy_layers(s->model, err);
    if (!copy)
        return -1;
    s->trained = s->model;
    s->model = copy;
    session_print(s, "the trained model stays the one that save, predict and evaluate use until the "
                  "next `train`");
    return 0;
}

void session_set_model_recipe(nn_session *s, nn_recipe *r)
{
    nn_recipe_free(s->model_recipe);
    s->model_recipe = r;
}

void session_apply_model_recipe(nn_session *s)
{
    if (!s->model_recipe || !s->table || !session_trained_model(s)->built)
        return;
    nn_notes notes = {0};
    nn_prepared p;
    nn_error err;
    int rc = nn_recipe_apply_scored(s->model_recipe, s->table, &p, &notes, &err);
    for (size_t i = 0; i < notes.n; i++)
        session_warn(s, "%s", notes.items[i]);
    nn_notes_free(&notes);
    if (rc < 0) {
        session_warn(s, "the model's recipe does not apply to %s (%s): a new recipe starts; the model "
                     "still predicts files with its columns", s->data_name, err.msg);
        s->recipe_from_model = false;
        return;
    }
    nn_prepared_free(&s->prep);
    s->prep = p;
    s->prepared = true;
    nn_recipe *mine = s->recipe_from_model ? nn_recipe_copy(s->model_recipe) : NULL;
    if (mine) { /* an opened model's steps stay the ones to edit and retrain with */
        nn_recipe_free(s->recipe);
        s->recipe = mine;
    }
    size_t steps = nn_recipe_steps(s->model_recipe);
    session_print(s, "the model's recipe (%zu step%s, fitted on its training rows) prepared %zu rows of %s: "
                  "evaluate, importance, explain and export predictions score them as \"all\"",
                  steps, steps == 1 ? "" : "s", p.nrows, s->data_name);
}

const char *session_loss_for(const nn_session *s, nn_task task)
{
    if (s->loss_chosen)
        return s->settings.loss;
    const nn_task_info *info = nn_task_info_of(task);
    return info ? info->loss : "mse";
}

const char *session_loss(const nn_session *s)
{
    return session_loss_for(s, s->prep.task);
}

int session_prepare(nn_session *s, nn_error *err)
{
    if (!s->table)
        return nn_fail(err, "no data loaded: `load FILE` or `generate KIND` first");
    nn_notes notes = {0};
    nn_prepared p;
    int rc = nn_recipe_prepare(s->recipe, s->table, &p, &notes, err);
    for (size_t i = 0; i < notes.n; i++)
        session_warn(s, "%s", notes.items[i]);
    nn_notes_free(&notes);
    if (rc < 0)
        return -1;
    nn_prepared_free(&s->prep);
    s->prep = p;
    s->prepared = true;
    s->recipe_from_model = false; /* refitted: the session's own now */
    return 0;
}

/* ---- the model against the task ---- */

/* Setups that train without error yet cannot learn, refused before a
 * run wastes the user's time (and is then misdiagnosed as exploding). */
static int check_setup(const nn_session *s, const nn_prepared *p, const char *cmd, nn_error *err)
{
    const nn_activation *act = nn_model_output_activation(s->model);
    const char *out = (act ? act : nn_activation_linear())->name;
    const nn_task_info *task = nn_task_info_of(p->task);
    const char *want = task->output_activation;
    if (p->ntargets == 1 && strcmp(out, nn_task_info_of(NN_TASK_MULTICLASS)->output_activation) == 0)
        return nn_fail(err, "%s: `dense 1 %s` always outputs 1 (a %s over one unit), so its gradient "
                       "is zero and nothing is learned: end with `add dense 1%s%s`", cmd, out, out,
                       want ? " " : "", want ? want : "");
    if (p->task == NN_TASK_BINARY && strcmp(out, want) != 0)
        return nn_fail(err, "%s: the binary target needs a probability, but the model ends in "
                       "a %s unit: end with `add dense 1 %s`", cmd, out, want);
    const nn_loss *loss = nn_loss_find(session_loss(s));
    nn_task owner = loss && loss->classifies ? nn_task_of_loss(loss->name) : p->task;
    if (owner != p->task)
        return nn_fail(err, "%s: loss %s needs %s, but this one is %s: %s", cmd, loss->name,
                       nn_task_info_of(owner)->needs, task->name, task->loss_remedy);
    return 0;
}

void session_set_layout(nn_model *m, const nn_prepared *p)
{
    nn_model_set_layout(m, (nn_seq_layout){p->window_steps, p->window_series});
}

/* A softmax on a number target of a few whole values: the codes were
 * meant as classes, which the target step must say (not `dense 1`). */
static int codes_as_classes(const nn_session *s, const nn_prepared *p, const char *cmd, nn_error *err)
{
    const nn_activation *act = nn_model_output_activation(s->model);
    const char *softmax = nn_task_info_of(NN_TASK_MULTICLASS)->output_activation;
    if (p->task != NN_TASK_REGRESSION || p->ny != 1 || !act || strcmp(act->name, softmax) != 0 || !s->table)
        return 0;
    const char *name = p->target_names[0];
    int c = nn_table_find(s->table, name);
    size_t codes = c < 0 ? 0 : nn_column_integer_codes(&s->table->cols[c], s->table->nrows);
    if (!codes)
        return 0;
    return nn_fail(err, "%s: '%s' holds %zu integer codes, read as a number (regression), but the model "
                   "ends in a %s as for classes: for classes use `target %s task=multiclass`", cmd, name,
                   codes, softmax, name);
}

int session_check_output(const nn_session *s, const nn_prepared *p, const char *cmd, nn_error *err)
{
    nn_shape out;
    const char *want = nn_task_info_of(p->task)->output_activation;
    char act[32];
    snprintf(act, sizeof act, "%s%s", want ? " " : "", want ? want : "");
    if (s->model->n_layers == 0)
        return nn_fail(err, "%s: the model has no layers: `add dense 10 relu`, then `add dense %zu%s`", cmd,
                       p->ntargets, act);
    session_set_layout(s->model, p);
    if (nn_model_infer_output(s->model, nn_shape_vector((int)p->nfeatures), &out, err) < 0)
        return -1;
    if (codes_as_classes(s, p, cmd, err) < 0)
        return -1;
    int units = nn_shape_size(out);
    char target[64];
    if (p->ny > 1)
        snprintf(target, sizeof target, "%zu %s targets need", p->ny, nn_task_name(p->task));
    else
        snprintf(target, sizeof target, "%s target needs", nn_task_name(p->task));
    if ((size_t)units != p->ntargets)
        return nn_fail(err, "%s: the model ends in %d unit%s but the %s %zu%s: end with `add dense %zu%s`",
                       cmd, units, units == 1 ? "" : "s", target, p->ntargets,
                       p->ny > 1 ? " (one per target)" : "", p->ntargets, act);
    return check_setup(s, p, cmd, err);
}

nn_dataset session_part(const nn_prepared *p, int which)
{
    size_t first = p->begin[which], n = p->begin[which + 1] - first;
    return (nn_dataset){p->x + first * p->nfeatures, p->y + first * p->ntargets, (int)n,
                        (int)p->nfeatures, (int)p->ntargets};
}

/* ---- running ---- */

static int unknown_command(const char *name, nn_error *err)
{
    size_t n = nn_command_count();
    const char **names = malloc(n * sizeof *names);
    const char *near = NULL;
    if (names) {
        for (size_t i = 0; i < n; i++)
            names[i] = nn_command_at(i)->name;
        near = nn_suggest(name, names, n);
    }
    nn_fail(err, "unknown command '%s'%s%s%s; `help` lists them", name, near ? " (did you mean " : "",
            near ? near : "", near ? "?)" : "");
    free(names);
    return -1;
}

static int run_command(nn_session *s, const nn_cmdline *line, nn_error *err)
{
    const nn_command *cmd = nn_command_find(line->name);
    if (!cmd)
        return unknown_command(line->name, err);
    if (job_forbids(s, cmd->flags))
        return session_busy(s, cmd->name, err);
    const char **columns = NULL;
    nn_bind_context ctx = {0};
    if (s->table && (columns = malloc((s->table->ncols + 1) * sizeof *columns))) {
        for (size_t c = 0; c < s->table->ncols; c++)
            columns[c] = s->table->cols[c].name;
        ctx = (nn_bind_context){columns, s->table->ncols};
    }
    nn_call *call;
    int rc = nn_call_bind(cmd, line, &ctx, &call, err);
    free(columns);
    if (rc < 0)
        return -1;
    rc = cmd->run(s, call, err);
    nn_call_free(call);
    session_tour_saw(s, cmd, rc);
    return rc;
}

int nn_session_run(nn_session *s, const char *line, const char *where)
{
    nn_error err = {{0}};
    nn_cmdline *cmds;
    int n = nn_cmdline_split(line, &cmds, &err), rc = n < 0 ? -1 : 0;
    for (int i = 0; rc == 0 && i < n && !s->quit; i++)
        rc = run_command(s, &cmds[i], &err);
    if (n > 0)
        nn_cmdline_free(cmds, n);
    if (rc < 0 && s->out.error) {
        char msg[sizeof err.msg + 300];
        snprintf(msg, sizeof msg, "%s%s%s", where ? where : "", where ? ": " : "", err.msg);
        s->out.error(s->out.user, msg);
    }
    session_tour_after_line(s);
    return rc;
}

static void report(nn_session *s, const char *msg)
{
    if (s->out.error)
        s->out.error(s->out.user, msg);
}

int nn_session_source(nn_session *s, const char *path)
{
    if (s->depth >= MAX_SOURCE_DEPTH) {
        report(s, "source: scripts nest too deeply (a script sources itself?)");
        return -1;
    }
    nn_error err = {{0}};
    nn_script sc;
    if (nn_script_open(&sc, path, &err) < 0) {
        report(s, err.msg);
        return -1;
    }
    s->depth++;
    char where[600];
    int rc = 0, more;
    while (rc == 0 && !s->quit && (more = nn_script_next(&sc, &err)) != 0) {
        if (more < 0) {
            report(s, err.msg);
            rc = -1;
            break;
        }
        snprintf(where, sizeof where, "%s:%ld", sc.name, sc.line);
        rc = nn_session_run(s, sc.buf, where);
    }
    s->depth--;
    nn_script_close(&sc);
    return rc;
}
