/* Model and settings commands: layers, summary, loss, optimizer, set.
 * Keras words work too: `add Dense 10 activation=relu`, `compile
 * loss=mse optimizer=adam lr=0.001`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "job.h"
#include "run_start.h"
#include "session_internal.h"

/* ---- layers ---- */

/* `model reset`: the layers stay, their weights go (a trained model is
 * kept for save and predict, as after any edit of the layers); the next
 * train draws fresh ones from the seed. */
static int reset_weights(nn_session *s, nn_error *err)
{
    if (s->model->built) {
        if (session_edit_model(s, err) < 0)
            return -1;
        if (s->model->built) { /* nothing was kept aside: unbuild it here */
            nn_model *fresh = session_copy_layers(s->model, err);
            if (!fresh)
                return -1;
            nn_trainer_free(s->trainer);
            s->trainer = NULL;
            nn_model_free(s->model);
            s->model = fresh;
        }
    }
    run_weights_forget(s, 0);
    session_print(s, "weights reset: the next `train` starts from fresh weights (seed=%lld)",
                  (long long)s->settings.seed);
    return 0;
}

HANDLER(cmd_model)
{
    const char *action = nn_call_str(c, "action");
    if (strcmp(action, "reset") == 0)
        return reset_weights(s, err);
    if (strcmp(action, "new") != 0)
        return cmd_summary(s, c, err);
    nn_model *fresh = nn_model_new();
    if (!fresh)
        return nn_fail(err, "out of memory");
    nn_trainer_free(s->trainer);
    s->trainer = NULL;
    if (session_edit_model(s, err) < 0) {
        nn_model_free(fresh);
        return -1;
    }
    nn_model_free(s->model); /* a trained one stays kept as s->trained */
    s->model = fresh;
    session_print(s, "new model: no layers (add them with `add dense UNITS [ACT]`)");
    return 0;
}

/* "act" of "act|activation" */
static void first_name(const char *names, char *buf, size_t len)
{
    snprintf(buf, len, "%.*s", (int)strcspn(names, "|"), names);
}

typedef struct name_list {
    const char *v[64];
    char buf[64][32];
    size_t n;
} name_list;

/* Adds each of "act|activation". */
static void add_names(name_list *l, const char *names)
{
    for (const char *p = names; *p && l->n < 64; p += strcspn(p, "|") + (p[strcspn(p, "|")] == '|')) {
        first_name(p, l->buf[l->n], sizeof l->buf[l->n]);
        l->v[l->n] = l->buf[l->n];
        l->n++;
    }
}

static bool some_kind_takes(const char *key)
{
    for (int i = 0; nn_layer_kind_at(i); i++)
        if (nn_layer_kind_arg(nn_layer_kind_at(i), key))
            return true;
    return false;
}

/* A key beyond the command's own that no layer kind takes is refused as
 * the command table refuses any unknown argument, with a "did you mean". */
static int check_kind_keys(const nn_call *c, nn_error *err)
{
    const char *const *keys, *const *values;
    size_t nkeys = nn_call_extra(c, &keys, &values);
    for (size_t k = 0; k < nkeys; k++) {
        if (some_kind_takes(keys[k]))
            continue;
        name_list names = {.n = 0};
        for (const nn_arg_spec *a = nn_call_command(c)->args; a->name; a++)
            add_names(&names, a->name);
        for (int i = 0; nn_layer_kind_at(i); i++)
            for (const nn_arg_spec *a = nn_layer_kind_at(i)->args; a && a->name; a++)
                add_names(&names, a->name);
        const char *near = nn_suggest(keys[k], names.v, names.n);
        return nn_fail(err, "add: unknown argument '%s'%s%s%s", keys[k], near ? " (did you mean " : "",
                       near ? near : "", near ? "?)" : "");
    }
    return 0;
}

/* Bare words after the kind fill its positional arguments in order
 * ("dense 16 relu"); key=value pairs, the command's own (units, act...)
 * and the kind's beyond them, go to the argument of that name. */
static int fill_spec(nn_layer_spec *spec, const nn_call *c, nn_error *err)
{
    const char *const *words, *const *keys, *const *values;
    size_t n = nn_call_list(c, "values", &words);
    for (size_t i = 0; i < n; i++) {
        const nn_arg_spec *a = nn_layer_kind_positional(spec->kind, (int)i);
        if (!a)
            return nn_fail(err, "add: unexpected '%s' after a %s layer's arguments", words[i],
                           spec->kind->name);
        if (nn_layer_spec_set(spec, a->name, words[i], err) < 0)
            return -1;
    }
    for (const nn_arg_spec *a = nn_call_command(c)->args; a->name; a++) {
        char key[32];
        first_name(a->name, key, sizeof key);
        if (!(a->flags & (NN_ARG_REPEAT | NN_ARG_REQUIRED)) && nn_call_given(c, key) &&
            nn_layer_spec_set(spec, key, nn_call_str(c, key), err) < 0)
            return -1;
    }
    n = nn_call_extra(c, &keys, &values);
    for (size_t i = 0; i < n; i++)
        if (nn_layer_spec_set(spec, keys[i], values[i], err) < 0)
            return -1;
    return 0;
}

HANDLER(cmd_add)
{
    if (check_kind_keys(c, err) < 0)
        return -1;
    char kind[32];
    snprintf(kind, sizeof kind, "%s", nn_call_str(c, "kind"));
    for (char *p = kind; *p; p++) /* Keras spells them Dense, Dropout */
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    nn_layer_spec spec;
    if (nn_layer_spec_init(&spec, kind, err) < 0 || fill_spec(&spec, c, err) < 0 ||
        session_edit_model(s, err) < 0 || nn_model_add(s->model, &spec, err) < 0)
        return session_prefix_error(err, "add");
    char text[256];
    nn_layer_spec_format(&spec, text, sizeof text);
    session_print(s, "layer %d: %s", s->model->n_layers, text);
    return 0;
}

HANDLER(cmd_remove)
{
    long i = nn_call_int(c, "n");
    if (i < 1 || i > s->model->n_layers)
        return nn_fail(err, "remove: no layer %ld (the model has %d; `summary` numbers them)", i,
                       s->model->n_layers);
    if (session_edit_model(s, err) < 0 || nn_model_remove(s->model, (int)i - 1, err) < 0)
        return -1;
    session_print(s, "removed layer %ld; %d left", i, s->model->n_layers);
    return 0;
}

/* The input width the model would get: built, else the prepared data's. */
/* The model's input width; before `train`, from a throw-away preparation
 * of the data (the session's own stays as it was), so shapes and counts
 * show as soon as there is data and a target, as Keras shows them before
 * fit. 0 when the data cannot be prepared yet. */
static int input_width(nn_session *s)
{
    if (s->model->built)
        return nn_model_input_size(s->model);
    if (s->prepared) {
        session_set_layout(s->model, &s->prep);
        return (int)s->prep.nfeatures;
    }
    if (!s->table)
        return 0;
    nn_notes notes = {0};
    nn_prepared p;
    nn_error ignored;
    int rc = nn_recipe_prepare(s->recipe, s->table, &p, &notes, &ignored);
    nn_notes_free(&notes);
    if (rc < 0)
        return 0;
    int width = (int)p.nfeatures;
    session_set_layout(s->model, &p);
    nn_prepared_free(&p);
    return width;
}

HANDLER(cmd_summary)
{
    (void)c, (void)err;
    nn_model *m = s->model;
    if (m->n_layers == 0) {
        session_print(s, "no layers yet: `add dense 10 relu`, then `add dense 1`");
        return 0;
    }
    int width = input_width(s);
    if (!m->built && width > 0) { /* shapes on a throw-away build */
        nn_error ignored;
        nn_model_build(m, nn_shape_vector(width), (uint64_t)s->settings.seed, &ignored);
    }
    session_print(s, "%-3s %-24s %-14s %10s", "#", "layer", "output shape", "params");
    size_t total = 0;
    for (int i = 0; i < m->n_layers; i++) {
        char line[512], spec[256], shape[64] = "?", words[64];
        size_t params = 0;
        nn_model_describe(m, i, line, sizeof line);
        sscanf(line, "%255[^\t]\t%63[^\t]\t%zu", spec, shape, &params);
        nn_layer_spec_words(&m->layers[i].spec, words, sizeof words);
        total += params;
        session_print(s, "%-3d %-24s %-14s %10zu", i + 1, words, shape, params);
    }
    if (m->built)
        session_print(s, "total params: %zu (input width %d)", total, nn_model_input_size(m));
    else
        session_print(s, "total params: known once there is data and a target");
    return 0;
}

/* ---- settings ---- */

/* Applies key=value pairs to a copy of the settings; the session (and a
 * running trainer, for live settings) change only if every pair is good. */
static int apply_settings(nn_session *s, const char *cmd, const char *const *keys,
                          const char *const *values, size_t n, nn_error *err)
{
    nn_settings next = s->settings;
    int running = session_training(s);
    for (size_t i = 0; i < n; i++) {
        const nn_setting_field *f = nn_setting_field_find(keys[i]);
        if (!f) {
            const char *names[64];
            size_t k = 0;
            for (const nn_setting_field *g; k < 64 && (g = nn_setting_field_at((int)k)); k++)
                names[k] = g->name;
            const char *near = nn_suggest(keys[i], names, k);
            return nn_fail(err, "%s: unknown setting '%s'%s%s%s; `set` lists them", cmd, keys[i],
                           near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
        }
        if (running && !f->live)
            return nn_fail(err, "%s: %s cannot change while training runs; `stop` first", cmd, keys[i]);
        if (running && job_steppable(s, cmd, err) < 0)
            return -1;
        if (nn_settings_set(&next, keys[i], values[i], err) < 0)
            return session_prefix_error(err, cmd);
    }
    for (size_t i = 0; running && i < n; i++) {
        if (job_set(s, keys[i], values[i], err) < 0)
            return -1;
        nn_history_change(s->runs[s->nruns - 1], keys[i], values[i], NULL);
    }
    s->settings = next;
    for (size_t i = 0; i < n; i++) {
        char v[64];
        nn_settings_get(&s->settings, keys[i], v, sizeof v);
        session_print(s, "%s=%s%s", keys[i], v, running ? " (from the next batch)" : "");
        if (strcmp(keys[i], "loss") == 0)
            s->loss_chosen = true;
    }
    return 0;
}

static void list_settings(nn_session *s)
{
    for (int i = 0;; i++) {
        const nn_setting_field *f = nn_setting_field_at(i);
        if (!f)
            break;
        char v[64];
        nn_settings_get(&s->settings, f->name, v, sizeof v);
        session_print(s, "  %-16s %-12s %s%s", f->name, v, f->help, f->live ? " (live)" : "");
    }
    const nn_loss_view *view = &s->loss_view;
    char w[32];
    if (view->smooth)
        snprintf(w, sizeof w, "%g", view->smoothing);
    else /* off: what F4 would bring back */
        snprintf(w, sizeof w, "0 (F4: %g)", view->smoothing);
    session_print(s, "  %-16s %-12s %s", "smooth", w, "the loss chart's smoothing weight, 0 to below 1 (live; F4)");
}

/* The loss chart's smoothing weight, which `set` takes too (TensorBoard's
 * slider) though it is no setting of the model. */
static bool view_key(const char *key)
{
    return strcmp(key, "smooth") == 0 || strcmp(key, "smoothing") == 0;
}

/* set KEY=VALUE...: every pair checked before any applies, the chart's
 * smoothing with the model's settings. */
HANDLER(cmd_set)
{
    const char *const *keys, *const *values;
    size_t n = nn_call_extra(c, &keys, &values);
    if (n == 0) {
        list_settings(s);
        return 0;
    }
    const char **k = calloc(n, sizeof *k), **v = calloc(n, sizeof *v);
    if (!k || !v) {
        free(k), free(v);
        return nn_fail(err, "out of memory");
    }
    size_t m = 0;
    double w = -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (view_key(keys[i]))
            rc = nn_loss_view_parse_smoothing("set", keys[i], values[i], &w, err);
        else
            k[m] = keys[i], v[m++] = values[i];
    }
    if (rc == 0 && m > 0)
        rc = apply_settings(s, "set", k, v, m, err);
    if (rc == 0 && w >= 0)
        nn_loss_view_set_smoothing(s, w);
    free(k), free(v);
    return rc;
}

HANDLER(cmd_loss)
{
    const char *key = "loss", *value = nn_call_str(c, "name");
    return apply_settings(s, "loss", &key, &value, 1, err);
}

/* optimizer NAME [lr=] [key=value...]: the name and its settings at once */
HANDLER(cmd_optimizer)
{
    const char *const *ek, *const *ev;
    size_t n = nn_call_extra(c, &ek, &ev);
    const char **keys = calloc(n + 2, sizeof *keys), **values = calloc(n + 2, sizeof *values);
    if (!keys || !values) {
        free(keys), free(values);
        return nn_fail(err, "out of memory");
    }
    size_t k = 0;
    keys[k] = "optimizer", values[k++] = nn_call_str(c, "name");
    for (size_t i = 0; i < n; i++)
        keys[k] = ek[i], values[k++] = ev[i];
    int rc = apply_settings(s, "optimizer", keys, values, k, err);
    free(keys), free(values);
    return rc;
}

/* compile loss=mse optimizer=adam lr=0.001 metrics=accuracy (Keras) */
HANDLER(cmd_compile)
{
    const char *const *ek, *const *ev;
    size_t n = nn_call_extra(c, &ek, &ev);
    const char **keys = calloc(n + 1, sizeof *keys), **values = calloc(n + 1, sizeof *values);
    if (!keys || !values) {
        free(keys), free(values);
        return nn_fail(err, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int metrics = strcasecmp(ek[i], "metrics") == 0;
        keys[k] = metrics ? "metric" : ek[i];
        values[k++] = ev[i];
    }
    int rc = k ? apply_settings(s, "compile", keys, values, k, err) : 0;
    free(keys), free(values);
    return rc;
}
