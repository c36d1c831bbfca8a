/* A recipe's life: steps are added only after the whole chain, with the
 * new step, compiles against the table; any change drops the fit. */
#include <stdlib.h>
#include <string.h>

#include "step.h"

nn_recipe *nn_recipe_new(void)
{
    return calloc(1, sizeof(nn_recipe));
}

static void free_schema(nn_recipe *r)
{
    for (size_t i = 0; i < r->nschema; i++)
        free(r->schema[i].name);
    free(r->schema);
    r->schema = NULL;
    r->nschema = 0;
}

void nn_recipe_free(nn_recipe *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nsteps; i++) {
        step_clear(&r->steps[i]);
        free(r->texts[i]);
    }
    free(r->steps);
    free(r->texts);
    free_schema(r);
    fit_free(r->fit);
    free(r);
}

/* Appends a copy of s and its text; the recipe is unchanged on failure. */
static int append(nn_recipe *r, const nn_step *s)
{
    nn_step *steps = realloc(r->steps, (r->nsteps + 1) * sizeof *steps);
    if (steps)
        r->steps = steps;
    char **texts = realloc(r->texts, (r->nsteps + 1) * sizeof *texts);
    if (texts)
        r->texts = texts;
    if (!steps || !texts)
        return -1;
    char *text = step_format(s);
    if (!text || step_copy(&r->steps[r->nsteps], s) < 0) {
        free(text);
        return -1;
    }
    r->texts[r->nsteps++] = text;
    return 0;
}

int schema_record(nn_recipe *r, const nn_table *t)
{
    schema_col *s = calloc(t->ncols ? t->ncols : 1, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < t->ncols; i++) {
        const nn_column *c = &t->cols[i];
        s[i] = (schema_col){strdup(c->name), c->type, c->date_format, c->has_time};
        if (!s[i].name) {
            while (i--)
                free(s[i].name);
            free(s);
            return -1;
        }
    }
    free_schema(r);
    r->schema = s;
    r->nschema = t->ncols;
    return 0;
}

nn_recipe *nn_recipe_copy(const nn_recipe *r)
{
    nn_recipe *c = nn_recipe_new();
    int ok = c != NULL;
    for (size_t i = 0; ok && i < r->nsteps; i++)
        ok = append(c, &r->steps[i]) == 0;
    if (ok && r->nschema) {
        ok = (c->schema = calloc(r->nschema, sizeof *c->schema)) != NULL;
        for (size_t i = 0; ok && i < r->nschema; i++, c->nschema++) {
            c->schema[i] = r->schema[i];
            ok = (c->schema[i].name = strdup(r->schema[i].name)) != NULL;
        }
    }
    if (ok && r->fit)
        ok = (c->fit = fit_copy(r->fit)) != NULL;
    if (!ok) {
        nn_recipe_free(c);
        return NULL;
    }
    return c;
}

int recipe_add(nn_recipe *r, const nn_table *t, const nn_step *s, nn_error *err)
{
    nn_step *all = malloc((r->nsteps + 1) * sizeof *all);
    if (!all)
        return nn_fail(err, "out of memory");
    if (r->nsteps)
        memcpy(all, r->steps, r->nsteps * sizeof *all);
    all[r->nsteps] = *s;
    nn_plan plan;
    int rc = plan_compile(all, r->nsteps + 1, t, 0, &plan, err);
    free(all);
    if (rc < 0)
        return -1;
    plan_free(&plan);
    if (append(r, s) < 0)
        return nn_fail(err, "out of memory");
    fit_free(r->fit);
    r->fit = NULL;
    return 0;
}

int recipe_add_built(nn_recipe *r, const nn_table *t, int built, nn_step *s, nn_error *err)
{
    int rc = built < 0 ? -1 : recipe_add(r, t, s, err);
    step_clear(s);
    return rc;
}

size_t nn_recipe_steps(const nn_recipe *r) { return r->nsteps; }

const char *nn_recipe_step(const nn_recipe *r, size_t i) { return i < r->nsteps ? r->texts[i] : NULL; }

int nn_recipe_fitted(const nn_recipe *r) { return r->fit != NULL; }

size_t nn_recipe_clips(const nn_recipe *r) { return r->fit ? r->fit->nclips : 0; }

int nn_recipe_clip(const nn_recipe *r, size_t i, nn_clip *out)
{
    if (i >= nn_recipe_clips(r))
        return -1;
    const fit_clip *c = &r->fit->clips[i];
    *out = (nn_clip){c->column, c->lower, c->upper, c->lo, c->hi, c->count, c->below, c->above};
    return 0;
}

int nn_recipe_smoothing(const nn_recipe *r, const nn_table *t, const char *column, nn_smoothing *out,
                        nn_error *err)
{
    int c = nn_table_find(t, column);
    nn_plan plan;
    if (c < 0 || plan_compile(r->steps, r->nsteps, t, 0, &plan, err) < 0)
        return c < 0 ? 1 : -1;
    const plan_col *pc = &plan.cols[c];
    int rc = pc->smooth ? 0 : 1;
    if (pc->smooth)
        *out = (nn_smoothing){(nn_smooth)(pc->smooth - 1), pc->span,
                              pc->smooth_by >= 0 ? t->cols[pc->smooth_by].name : NULL,
                              pc->role == ROLE_TARGET};
    plan_free(&plan);
    return rc;
}

/* ---- the plan ---- */

static void plan_defaults(nn_plan *p, const nn_table *t)
{
    for (size_t c = 0; c < t->ncols; c++) {
        nn_col_type type = t->cols[c].type;
        p->cols[c].role = type == NN_COL_DATE || type == NN_COL_TEXT ? ROLE_IGNORED : ROLE_FEATURE;
        p->cols[c].encode = NN_ENCODE_ONEHOT;
    }
    p->target = p->time_col = p->calendar_col = p->key_col = -1;
    p->task = NN_TASK_AUTO;
    p->scale = NN_SCALE_ZSCORE;
    p->split[0] = 0.7, p->split[1] = 0.15, p->split[2] = 0.15;
    p->order = NN_ORDER_AUTO;
    p->seed = 42;
    p->window_as = NN_WINDOW_LEVEL;
    p->horizon = 1;
}

int plan_compile(const nn_step *steps, size_t n, const nn_table *t, int predicting, nn_plan *p,
                 nn_error *err)
{
    memset(p, 0, sizeof *p);
    p->predicting = predicting;
    p->ncols = t->ncols;
    if (!(p->cols = calloc(t->ncols ? t->ncols : 1, sizeof *p->cols)))
        return nn_fail(err, "out of memory");
    plan_defaults(p, t);
    for (size_t i = 0; i < n; i++) {
        if (steps[i].kind->compile(&steps[i], t, p, err) < 0) {
            plan_free(p);
            return -1;
        }
    }
    if (p->window_n && p->ntargets > 1) { /* a series' several futures: not yet */
        nn_fail(err, "window: one target at a time can be windowed, not %zu: `target %s`",
                p->ntargets, t->cols[p->target].name);
        plan_free(p);
        return -1;
    }
    if (p->window_n && p->target >= 0 && p->cols[p->target].on == 0) {
        /* a window without on= windows the target itself */
        int any = 0;
        for (size_t c = 0; c < p->ncols; c++)
            any |= p->cols[c].on;
        if (!any && t->cols[p->target].type == NN_COL_NUMERIC)
            p->cols[p->target].on = 1;
    }
    if (p->order == NN_ORDER_AUTO)
        p->order = p->time_col >= 0 || p->window_n ? NN_ORDER_CHRONOLOGICAL : NN_ORDER_SHUFFLE;
    for (size_t c = 0; c < p->ncols; c++) {
        /* clipped or smoothed codes would stop being the codes one-hot fitted */
        if (p->cols[c].codes && (p->cols[c].winsor || p->cols[c].smooth)) {
            nn_fail(err, "encode onehot: '%s' holds integer codes: it cannot also be %s",
                    t->cols[c].name, p->cols[c].winsor ? "winsorized" : "smoothed");
            plan_free(p);
            return -1;
        }
    }
    return 0;
}

void plan_free(nn_plan *p)
{
    free(p->cols);
    p->cols = NULL;
}
