/* What the session asks of the screen about the view: the theme (and a
 * theme's colours for a picture), zoom, the keys' help, the log's filter
 * and `view beside=|test=`.  See tui_internal.h. */
#include <stdio.h>
#include <string.h>

#include "theme_palette.h"
#include "tui_internal.h"

/* An error is never hidden behind a zoomed pane: the panes come back. */
void tui_log_error(tui *t, const char *text)
{
    log_add(&t->log, LOG_ERROR, text);
    if (t->zoom >= 0 && t->zoom != PANE_LOG) {
        t->zoom = -1;
        layout_panes(t);
    }
}

/* `theme NAME` and F5 say the same: the theme now in use, by its name. */
static void log_theme(tui *t)
{
    char line[128];
    snprintf(line, sizeof line, "theme changed: %s", t->theme.name);
    log_add(&t->log, LOG_TEXT, line);
}

static int hook_theme(void *user, const char *name, nn_error *err)
{
    tui *t = user;
    if (name)
        return tui_use_theme(t, name, err) < 0 ? -1 : (log_theme(t), 0);
    nn_theme_list list;
    if (nn_theme_list_dirs(&t->theme_dirs, &list, err) < 0)
        return -1;
    for (size_t i = 0; i < list.count; i++) {
        char line[160];
        snprintf(line, sizeof line, "  %s%s%s", list.entries[i].name,
                 strcmp(list.entries[i].name, t->theme.name) == 0 ? "  (in use)" : "",
                 list.entries[i].user ? "  (yours)" : "");
        log_add(&t->log, LOG_TEXT, line);
    }
    nn_theme_list_free(&list);
    return 0;
}

/* `export plot ... theme=NAME`: the theme in use for "active". */
static int hook_palette(void *user, const char *name, nn_chart_palette *palette, nn_error *err)
{
    tui *t = user;
    if (strcmp(name, "active") != 0)
        return nn_theme_palette_named(name, &t->theme_dirs, palette, err);
    nn_theme_palette(&t->theme, palette);
    return 0;
}

static int hook_log_filter(void *user, const char *show, nn_error *err)
{
    (void)err; /* the command table has checked the word */
    tui *t = user;
    t->log_show = strcmp(show, "warnings") == 0 ? LOG_SHOW_WARNINGS
                  : strcmp(show, "commands") == 0 ? LOG_SHOW_COMMANDS : LOG_SHOW_ALL;
    t->log.scroll = 0;
    t->log.version++;
    return 0;
}

static int hook_view(void *user, const char *key, const char *value, nn_error *err)
{
    (void)err; /* the command table has checked the value */
    tui *t = user;
    if (strcmp(key, "beside") == 0) {
        t->grads_beside = strcmp(value, "grads") == 0;
        log_add(&t->log, LOG_TEXT, t->grads_beside ? "with two inputs, the gradient norms go beside the loss "
                                                     "chart (F9: the decision boundary)"
                                                   : "with two inputs, the decision boundary goes beside the loss "
                                                     "chart (F9: the gradient norms)");
        layout_panes(t);
    } else {
        t->show_test = strcmp(value, "show") == 0;
        log_add(&t->log, LOG_TEXT, t->show_test ? "the decision boundary shows the test rows' points too"
                                                : "the decision boundary shows the training points");
    }
    t->dirty = true;
    return 0;
}

int tui_zoom(tui *t, const char *pane, nn_error *err)
{
    if (!pane || strcmp(pane, "off") == 0) {
        t->zoom = -1;
    } else {
        int i = 0;
        while (i < PANE_COUNT && strcmp(pane_kinds[i]->name, pane) != 0)
            i++;
        if (i == PANE_COUNT)
            return nn_fail(err, "zoom: no pane '%s'", pane);
        t->zoom = t->zoom == i ? -1 : i;
    }
    layout_panes(t);
    return 0;
}

static const char *const key_help[] = {
    "F1        this list of keys",
    "F2        zoom the focused pane / all panes again (also `zoom PANE`)",
    "F3        log scale for the loss chart",
    "F4        smooth the loss curves (the raw lines stay, dim; weight: `set smooth=0.6`)",
    "F5        next colour theme (also `theme NAME`)",
    "F6        weight norms in place of gradient norms",
    "F8        the charts in the Sweep pane's place, and back",
    "F9        with two inputs under 120 columns: gradient norms or decision boundary beside the loss",
    "Tab       complete commands, arguments, columns and files",
    "PgUp/PgDn scroll the log; F7 moves the focus between panes",
    "Ctrl-C    stop training (not the program)",
    "Ctrl-D    quit (on an empty line)",
};

void tui_show_keys(tui *t)
{
    for (size_t i = 0; i < sizeof key_help / sizeof key_help[0]; i++)
        log_add(&t->log, LOG_TEXT, key_help[i]);
}

void tui_next_theme(tui *t)
{
    nn_theme_list list;
    nn_error err;
    if (nn_theme_list_dirs(&t->theme_dirs, &list, &err) < 0 || list.count == 0)
        return;
    size_t i = 0;
    while (i < list.count && strcmp(list.entries[i].name, t->theme.name) != 0)
        i++;
    const char *next = list.entries[(i + 1) % list.count].name;
    if (tui_use_theme(t, next, &err) < 0)
        tui_log_error(t, err.msg);
    else
        log_theme(t);
    nn_theme_list_free(&list);
}

static int hook_zoom(void *user, const char *pane, nn_error *err) { return tui_zoom(user, pane, err); }
static void hook_keys(void *user) { tui_show_keys(user); }

void tui_view_hooks(tui *t, nn_ui_hooks *h)
{
    h->user = t;
    h->theme = hook_theme, h->zoom = hook_zoom, h->keys = hook_keys;
    h->log_filter = hook_log_filter, h->view = hook_view, h->palette = hook_palette;
}
