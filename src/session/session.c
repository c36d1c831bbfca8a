/* Running commands on a session: find the command (or suggest one), bind
 * and check its arguments, refuse edits while training runs, run it. A
 * handler changes the session only once it cannot fail any more. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "call.h"
#include "cmdline.h"
#include "engine/atomic_file.h"
#include "script_file.h"
#include "session_internal.h"

enum { MAX_SOURCE_DEPTH = 16 };

static void emit(void (*sink)(void *, const char *), void *user, const char *fmt, va_list ap)
{
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        return;
    for (char *line = text, *nl; line; line = nl) { /* one call per line */
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        if (sink && (*line || nl))
            sink(user, line);
    }
    free(text);
}

void session_print(nn_session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(s->out.text, s->out.user, fmt, ap);
    va_end(ap);
}

void session_warn(nn_session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(s->out.warning, s->out.user, fmt, ap);
    va_end(ap);
}

static void warn_note(void *s, const char *text)
{
    session_warn(s, "%s", text);
}

void session_save_notes(nn_session *s, const char *path)
{
    nn_file_save_notes(path, warn_note, s);
}

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
    nn_trainer_free(s->trainer);
    run_progress_free(s->progress);
    session_cv_free(s->cv); /* after the trainer that may train its model */
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
    free(s);
}

void nn_session_set_foreground(nn_session *s, int foreground) { s->foreground = foreground; }

int nn_session_quitting(const nn_session *s) { return s->quit; }

void nn_session_set_interactive(nn_session *s, int interactive) { s->interactive = interactive; }

void nn_session_set_ui(nn_session *s, const nn_ui_hooks *hooks) { s->ui = *hooks; }

struct nn_history *nn_session_history(const nn_session *s) { return s->nruns ? s->runs[s->nruns - 1] : NULL; }

struct nn_monitor *nn_session_monitor(const nn_session *s) { return session_monitor(s); }

const char *nn_session_state(const nn_session *s)
{
    return s->trainer ? nn_train_state_name(nn_trainer_state(s->trainer)) : "idle";
}

int nn_session_training(const nn_session *s) { return session_training(s); }

void nn_session_poll(nn_session *s) { session_cv_poll(s); }

void nn_session_request_stop(nn_session *s) { s->stop_requested = 1; }

int nn_session_unsaved(const nn_session *s) { return s->unsaved; }

int nn_session_interrupt(nn_session *s)
{
    if (!session_training(s))
        return 0;
    nn_trainer_stop(s->trainer);
    return 1;
}

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

long nn_session_copy_params(const nn_session *s, long have, float *dst, size_t n)
{
    if (session_training(s))
        return nn_trainer_copy_params(s->trainer, have, dst, n);
    /* no thread trains: the model is this thread's, and after a run its
     * weights are the run's last (the state was set after them) */
    const nn_model *m = s->model;
    if (!m->built || m->n_params != n)
        return -1;
    memcpy(dst, m->params, n * sizeof *dst);
    return 0;
}

int session_busy(const nn_session *s, const char *cmd, nn_error *err)
{
    if (nn_trainer_state(s->trainer) == NN_STATE_PAUSED)
        return nn_fail(err, "%s: the run is paused, not finished: `wait` (or `resume`) to finish "
                       "it, or `stop` it, first", cmd);
    return nn_fail(err, "%s: training is running; `stop` it first (or `wait` for it)", cmd);
}

bool session_training(const nn_session *s)
{
    if (s->cv) /* between its folds too */
        return true;
    if (!s->trainer)
        return false;
    nn_train_state st = nn_trainer_state(s->trainer);
    return st == NN_STATE_RUNNING || st == NN_STATE_PAUSED;
}

void session_set_table(nn_session *s, nn_table *t, const char *name)
{
    nn_table_free(s->table);
    s->table = t;
    free(s->data_name);
    s->data_name = strdup(name);
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

int session_edit_model(nn_session *s, nn_error *err)
{
    if (s->trained || !s->model->built || !s->model_recipe)
        return 0; /* nothing trained to keep, or already kept */
    nn_model *copy = nn_model_new();
    for (int i = 0; copy && i < s->model->n_layers; i++)
        if (nn_model_add(copy, &s->model->layers[i].spec, err) < 0) {
            nn_model_free(copy);
            return -1;
        }
    if (!copy)
        return nn_fail(err, "out of memory");
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
    session_print(s, "the model's recipe (%zu steps, fitted on its training rows) prepared %zu rows of %s: "
                  "evaluate, importance, explain and export predictions score them as \"all\"",
                  nn_recipe_steps(s->model_recipe), p.nrows, s->data_name);
}

const char *session_loss_for(const nn_session *s, nn_task task)
{
    if (s->loss_chosen)
        return s->settings.loss;
    return task == NN_TASK_BINARY ? "bce" : task == NN_TASK_MULTICLASS ? "cce" : "mse";
}

const char *session_loss(const nn_session *s)
{
    return session_loss_for(s, s->prep.task);
}

int session_prefix_error(nn_error *err, const char *prefix)
{
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s: %.*s", prefix, (int)(sizeof msg - strlen(prefix) - 3), err->msg);
    memcpy(err->msg, msg, sizeof msg);
    return -1;
}

int session_add_run(nn_session *s, nn_history *h)
{
    nn_history **more = realloc(s->runs, (s->nruns + 1) * sizeof *more);
    if (!more)
        return -1;
    s->runs = more;
    s->runs[s->nruns++] = h;
    return 0;
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
    if ((cmd->flags & (NN_CMD_EDITS_DATA | NN_CMD_EDITS_MODEL)) && session_training(s))
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
