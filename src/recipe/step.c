/* The table of step kinds, in the order `help` lists their commands.
 * Adding a kind of step is one file (see step_roles.c for a model) and
 * one entry here. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "step.h"

static const step_kind *const kinds[] = {
    &step_target, &step_drop,  &step_keep,     &step_impute, &step_winsorize, &step_encode,
    &step_scale,  &step_sort,  &step_calendar, &step_smooth, &step_window,    &step_split,
};
enum { NKINDS = sizeof kinds / sizeof kinds[0] };

size_t nn_step_kind_count(void) { return NKINDS; }

const nn_step_info *nn_step_kind_at(size_t i) { return i < NKINDS ? &kinds[i]->info : NULL; }

const nn_step_info *nn_step_kind_find(const char *name)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(kinds[i]->info.name, name) == 0)
            return &kinds[i]->info;
    return NULL;
}

/* The kind a text form names, case-insensitive; NULL if none. */
static const step_kind *kind_named(const char *word)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcasecmp(kinds[i]->info.name, word) == 0)
            return kinds[i];
    return NULL;
}

/* A kind's error that does not start with its name gets the name and
 * the kind's usage around it. */
static void add_usage(const step_kind *k, nn_error *err)
{
    if (!err || strncmp(err->msg, k->info.name, strlen(k->info.name)) == 0)
        return;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s: %.300s (usage: %s)", k->info.name, err->msg, k->syntax);
    memcpy(err->msg, msg, sizeof msg);
}

int step_parse(const char *line, nn_step *s, nn_error *err)
{
    memset(s, 0, sizeof *s);
    char **words;
    int n = text_split(line, &words, err);
    if (n < 0)
        return -1;
    int rc = n ? 0 : nn_fail(err, "empty step");
    const step_kind *k = rc == 0 ? kind_named(words[0]) : NULL;
    if (rc == 0 && !k)
        rc = nn_fail(err, "unknown step '%s'", words[0]);
    if (rc == 0) {
        s->kind = k;
        if ((rc = k->parse(s, words + 1, n - 1, err)) < 0)
            add_usage(k, err);
    }
    text_free_words(words, n);
    if (rc < 0)
        step_clear(s);
    return rc;
}

int nn_recipe_add_line(nn_recipe *r, const nn_table *t, const char *line, nn_error *err)
{
    nn_step s;
    return recipe_add_built(r, t, step_parse(line, &s, err), &s, err);
}

int nn_recipe_add_args(nn_recipe *r, const nn_table *t, const nn_step_info *kind,
                       const nn_step_args *args, nn_error *err)
{
    const step_kind *k = (const step_kind *)kind; /* info is a kind's first member */
    nn_step s = {.kind = k};
    return recipe_add_built(r, t, k->from_args(&s, args, err), &s, err);
}

void nn_recipe_last_step_notes(const nn_recipe *r, const nn_table *t, nn_notes *notes)
{
    const nn_step *last = r->nsteps ? &r->steps[r->nsteps - 1] : NULL;
    if (last && last->kind->note)
        last->kind->note(last, t, notes);
}
