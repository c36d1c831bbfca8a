/* Files: one saved file holds the model, its settings and the fitted data
 * recipe, so `open` in a new process can `predict` on raw CSV; exports
 * are CSV; every file is written atomically. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_start.h"
#include "commands.h"
#include "table/csv_load.h"
#include "engine/atomic_file.h"
#include "engine/model_file.h"
#include "results.h"
#include "run_start.h"
#include "session_internal.h"
#include "sweep_report.h"

static void csv_cell(FILE *f, const char *text)
{
    if (!strpbrk(text, ",\"\n\r")) {
        fputs(text, f);
        return;
    }
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

/* Header cells of the prediction columns: one per target of a regression
 * (named after it when there are several), the class and its
 * probabilities for a classification. */
static void prediction_header(FILE *f, const nn_prepared *q)
{
    for (size_t j = 0; q->task == NN_TASK_REGRESSION && q->ny > 1 && j < q->ny; j++) {
        fputs(j ? ",prediction_" : "prediction_", f);
        csv_cell(f, q->target_names[j]);
    }
    if (q->task != NN_TASK_REGRESSION || q->ny == 1)
        fputs("prediction", f);
    if (q->task == NN_TASK_BINARY) {
        fputs(",p_", f);
        csv_cell(f, q->class_names[1]);
    }
    for (size_t k = 0; q->task == NN_TASK_MULTICLASS && k < q->nclasses; k++) {
        fputs(",p_", f);
        csv_cell(f, q->class_names[k]);
    }
}

/* One row's prediction cells from the model's outputs (unscaled). */
static void prediction_cells(FILE *f, const nn_prepared *q, const double *out)
{
    nn_task task = q->task;
    size_t nclasses = q->nclasses;
    if (!out) { /* a row the model cannot predict (a window's first rows) */
        size_t commas = task == NN_TASK_MULTICLASS ? nclasses : task == NN_TASK_BINARY ? 1 : q->ny - 1;
        for (size_t k = 0; k < commas; k++)
            fputc(',', f);
        return;
    }
    if (task == NN_TASK_REGRESSION) {
        for (size_t j = 0; j < q->ny; j++)
            fprintf(f, "%s%.7g", j ? "," : "", out[j]);
    } else if (task == NN_TASK_BINARY) {
        csv_cell(f, q->class_names[out[0] >= 0.5]);
        fprintf(f, ",%.6g", out[0]);
    } else {
        size_t best = 0;
        for (size_t k = 1; k < nclasses; k++)
            if (out[k] > out[best])
                best = k;
        csv_cell(f, q->class_names[best]);
        for (size_t k = 0; k < nclasses; k++)
            fprintf(f, ",%.6g", out[k]);
    }
}

/* Writes text to path atomically, or prints it when path is NULL. */
static int deliver(nn_session *s, const char *path, const char *text, size_t len, const char *what,
                   nn_error *err)
{
    if (!path) {
        session_print(s, "%s", text);
        return 0;
    }
    session_save_notes(s, path);
    if (nn_write_file_atomic(path, text, len, err) < 0)
        return -1;
    session_print(s, "wrote %s to %s", what, path);
    return 0;
}

/* ---- predict ---- */

/* A row whose features are not all known (a missing value the recipe does
 * not impute): its first unknown feature, or -1 when all are known. */
static long unknown_feature(const nn_prepared *q, size_t row)
{
    for (size_t j = 0; j < q->nfeatures; j++)
        if (isnan(q->x[row * q->nfeatures + j]))
            return (long)j;
    return -1;
}

/* Names the rows left without a prediction, by line (the first few). */
static int note_unpredicted(nn_session *s, const char *path, const nn_prepared *q, const nn_csv_raw *raw,
                            bool refuse, nn_error *err)
{
    char where[300] = "";
    size_t n = 0, len = 0;
    long first = -1;
    for (size_t i = 0; i < q->nrows; i++) {
        long j = unknown_feature(q, i);
        if (j < 0)
            continue;
        if (first < 0)
            first = j;
        if (n++ < 5 && len < sizeof where - 40)
            len += (size_t)snprintf(where + len, sizeof where - len, "%s%s:%zu", n > 1 ? ", " : "", path,
                                    nn_csv_raw_line(raw, q->source_row[i]));
    }
    if (n == 0)
        return 0;
    const char *what = "a value that the recipe does not impute (`impute` before training fills it)";
    if (refuse)
        return nn_fail(err, "predict: %zu rows have %s, first feature '%s': %s%s", n, what,
                       q->feature_names[first], where, n > 5 ? ", ..." : "");
    session_warn(s, "predict: %zu rows left without a prediction: they have %s, first feature '%s': %s%s",
                 n, what, q->feature_names[first], where, n > 5 ? ", ..." : "");
    return 0;
}

/* Outputs per prepared row in the target's units; NAN for a row with an
 * unknown feature, which gets no prediction. */
static double *predict_prepared(nn_session *s, const nn_prepared *q, nn_error *err)
{
    nn_model *m = session_trained_model(s);
    size_t w = (size_t)nn_model_output_size(m); /* `open` has matched it to the recipe's targets */
    if ((int)q->nfeatures != nn_model_input_size(m) || w != q->ntargets) {
        nn_fail(err, "predict: the data gives %zu features and %zu targets but the model takes %d and gives %zu",
                q->nfeatures, q->ntargets, nn_model_input_size(m), w);
        return NULL;
    }
    float *out = malloc((q->nrows * w + 1) * sizeof *out);
    double *d = malloc((q->nrows * w + 1) * sizeof *d);
    if (!out || !d || nn_model_predict(m, q->x, (int)q->nrows, out, err) < 0) {
        free(out), free(d);
        return NULL;
    }
    nn_prepared_unscale_rows(q, out, q->nrows, d);
    for (size_t i = 0; i < q->nrows; i++)
        if (unknown_feature(q, i) >= 0)
            d[i * w] = NAN;
    free(out);
    return d;
}

/* The input's rows, every cell as the file holds it, then the predictions;
 * *predicted counts the rows that got one. */
static char *prediction_csv(const nn_table *t, const nn_csv_raw *raw, const nn_prepared *q,
                            const double *pred, size_t *len, size_t *predicted)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (!f)
        return NULL;
    long *at = malloc((t->nrows + 1) * sizeof *at); /* table row -> prepared row */
    for (size_t r = 0; at && r < t->nrows; r++)
        at[r] = -1;
    for (size_t i = 0; at && i < q->nrows; i++)
        at[q->source_row[i]] = (long)i;
    for (size_t c = 0; c < t->ncols; c++) {
        csv_cell(f, t->cols[c].name);
        fputc(',', f);
    }
    prediction_header(f, q);
    fputc('\n', f);
    *predicted = 0;
    for (size_t r = 0; at && r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            csv_cell(f, nn_csv_raw_cell(raw, r, c));
            fputc(',', f);
        }
        const double *out = at[r] >= 0 ? pred + (size_t)at[r] * q->ntargets : NULL;
        if (out && isnan(out[0]))
            out = NULL;
        *predicted += out != NULL;
        prediction_cells(f, q, out);
        fputc('\n', f);
    }
    free(at);
    if (fclose(f) != 0 || !at) {
        free(text);
        return NULL;
    }
    return text;
}

HANDLER(cmd_predict)
{
    const nn_recipe *recipe = s->model_recipe;
    if (!recipe || !session_trained_model(s)->built)
        return nn_fail(err, "predict: nothing trained yet: `train` (or `open` a saved model) first");
    if (session_training(s))
        return session_busy(s, "predict", err);
    const char *path = nn_call_str(c, "file");
    nn_csv_raw raw = {0};
    nn_csv_options o;
    nn_csv_options_init(&o);
    nn_table *schema = nn_recipe_schema(recipe);
    o.like = schema;
    o.raw = &raw;
    nn_notes notes = {0};
    nn_table *t = schema ? nn_csv_load(path, &o, &notes, err) : NULL;
    nn_prepared q = {0};
    int rc = t && nn_recipe_apply(recipe, t, &q, &notes, err) == 0 ? 0 : -1;
    for (size_t i = 0; i < notes.n; i++)
        session_warn(s, "%s", notes.items[i]);
    if (rc == 0)
        rc = note_unpredicted(s, path, &q, &raw, strcmp(nn_call_str(c, "missing"), "refuse") == 0, err);
    double *pred = rc == 0 ? predict_prepared(s, &q, err) : NULL;
    size_t len = 0, predicted = 0;
    char *text = pred ? prediction_csv(t, &raw, &q, pred, &len, &predicted) : NULL;
    if (pred && !text)
        nn_fail(err, "out of memory");
    rc = text ? deliver(s, nn_call_str(c, "out"), text, len, "predictions", err) : -1;
    if (rc == 0 && nn_call_given(c, "out"))
        session_print(s, "predicted %zu of %zu rows", predicted, t->nrows);
    free(text), free(pred);
    nn_prepared_free(&q);
    nn_table_free(t);
    nn_table_free(schema);
    nn_csv_raw_free(&raw);
    nn_notes_free(&notes);
    return rc;
}

/* ---- save and open ---- */

HANDLER(cmd_save)
{
    nn_model *m = session_trained_model(s);
    if (!m->built || !s->model_recipe)
        return nn_fail(err, "save: nothing trained yet: `train` first");
    if (session_training(s))
        return session_busy(s, "save", err);
    nn_settings saved = s->settings;
    snprintf(saved.loss, sizeof saved.loss, "%s", session_loss(s)); /* the one it trained with */
    if (nn_recipe_check_model(s->model_recipe, m, &saved, err) < 0) /* `open` would refuse it */
        return session_prefix_error(err, "save");
    char *recipe = nn_recipe_format(s->model_recipe);
    if (!recipe)
        return nn_fail(err, "out of memory");
    const char *path = nn_call_str(c, "file");
    session_save_notes(s, path);
    int rc = nn_model_save(m, &saved, recipe, path, err);
    free(recipe);
    if (rc == 0)
        s->unsaved = false;
    if (rc == 0)
        session_print(s, "saved %s: %d layers, the data recipe (%zu steps) and settings",
                      path, m->n_layers, nn_recipe_steps(s->model_recipe));
    return rc;
}

HANDLER(cmd_open)
{
    const char *path = nn_call_str(c, "file");
    nn_model *m = NULL;
    nn_settings settings;
    char *extra = NULL;
    if (nn_model_load(path, &m, &settings, &extra, err) < 0)
        return -1;
    nn_recipe *r = extra && *extra ? nn_recipe_parse(extra, err) : nn_recipe_new();
    free(extra);
    if (r && nn_recipe_check_model(r, m, &settings, err) < 0) {
        nn_recipe_free(r);
        r = NULL;
    }
    nn_recipe *mine = r ? nn_recipe_copy(r) : NULL;
    if (!r || !mine) {
        if (r)
            nn_fail(err, "out of memory");
        nn_recipe_free(r);
        nn_model_free(m);
        char prefix[600];
        snprintf(prefix, sizeof prefix, "open: %s", path);
        return session_prefix_error(err, prefix);
    }
    nn_trainer_free(s->trainer);
    s->trainer = NULL;
    nn_model_free(s->model);
    nn_model_free(s->trained);
    s->trained = NULL;
    s->model = m;
    run_weights_forget(s, -1); /* trained elsewhere, for epochs the file does not say */
    s->settings = settings;
    s->loss_chosen = true;
    s->unsaved = false;
    nn_recipe_free(s->recipe);
    s->recipe = mine;
    if (!nn_recipe_fitted(r)) { /* a model file without a recipe predicts nothing raw */
        nn_recipe_free(r);
        r = NULL;
    }
    session_set_model_recipe(s, r);
    nn_prepared_free(&s->prep);
    s->prepared = false;
    s->recipe_from_model = true;
    session_print(s, "opened %s: %d layers, input width %d, recipe of %zu steps", path, m->n_layers,
                  nn_model_input_size(m), nn_recipe_steps(s->recipe));
    session_apply_model_recipe(s);
    return 0;
}

/* ---- export ---- */

static char *predictions_export(nn_session *s, size_t *len, nn_error *err)
{
    const nn_prepared *p = &s->prep;
    int from = results_all_rows(p) ? NN_PART_NONE : NN_PART_TRAIN, to = from ? NN_PART_COUNT : NN_PART_NONE;
    double *pred = results_predict(s, 0, p->begin[to], err);
    if (!pred)
        return NULL;
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (!f) {
        free(pred);
        return NULL;
    }
    fputs("row,split,", f);
    for (size_t j = 0; j < p->ny; j++) { /* one truth per target, named when several */
        fputs(p->ny > 1 ? "truth_" : "truth", f);
        if (p->ny > 1)
            csv_cell(f, p->target_names[j]);
        fputc(',', f);
    }
    prediction_header(f, p);
    fputc('\n', f);
    for (int part = from; part < to; part++) {
        for (size_t i = p->begin[part]; i < p->begin[part + 1]; i++) {
            fprintf(f, "%zu,%s,", p->source_row[i] + 1, results_part_names[part]);
            for (size_t j = 0; p->task == NN_TASK_REGRESSION && j < p->ny; j++)
                fprintf(f, "%.7g,", p->y_raw[i * p->ny + j]);
            if (p->task != NN_TASK_REGRESSION) {
                csv_cell(f, p->class_names[(size_t)p->y_raw[i]]);
                fputc(',', f);
            }
            prediction_cells(f, p, pred + i * p->ntargets);
            fputc('\n', f);
        }
    }
    free(pred);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

HANDLER(cmd_export)
{
    const char *what = nn_call_str(c, "what"), *path = nn_call_str(c, "file");
    if (strcmp(what, "plot") == 0)
        return export_plot(s, c, err);
    if (nn_call_given(c, "to") || nn_call_given(c, "width") || nn_call_given(c, "height"))
        return nn_fail(err, "export %s: one file only; width= and height= size a plot", what);
    if (strcmp(what, "onnx") == 0)
        return export_onnx(s, path, err);
    if (strcmp(what, "history") == 0)
        return export_history(s, path, err);
    if (strcmp(what, "sweep") == 0)
        return sweep_export(s, path, err);
    if (results_need_model(s, "export predictions", err) < 0)
        return -1;
    size_t len = 0;
    char *text = predictions_export(s, &len, err);
    if (!text)
        return err->msg[0] ? -1 : nn_fail(err, "out of memory");
    int rc = deliver(s, path, text, len, "predictions", err);
    free(text);
    return rc;
}

HANDLER(cmd_source)
{
    if (s->ui.source)
        return s->ui.source(s->ui.user, nn_call_str(c, "file"), err);
    if (nn_session_source(s, nn_call_str(c, "file")) < 0)
        return nn_fail(err, "source: stopped at the error above");
    return 0;
}
