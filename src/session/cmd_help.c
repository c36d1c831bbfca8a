/* help and quit: `help` lists the table by group, `help CMD` shows one
 * command's syntax, arguments, defaults and example. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "session_internal.h"

static const char *const groups[] = {"data", "model", "training", "results", "files", "help"};

static void list_commands(nn_session *s)
{
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        int shown = 0;
        for (size_t i = 0; i < nn_command_count(); i++) {
            const nn_command *cmd = nn_command_at(i);
            if (strcmp(cmd->group, groups[g]) != 0)
                continue;
            if (!shown++)
                session_print(s, "%s:", groups[g]);
            session_print(s, "  %-10s %s", cmd->name, cmd->summary);
        }
    }
    session_print(s, "`help COMMAND` shows its arguments and an example.");
}

/* "conv1d FILTERS KERNEL [ACT] [stride=1] ...": a kind's positional
 * arguments in capitals, then its keyed ones with their defaults. */
static void kind_syntax(const nn_layer_kind *k, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len, "%s", k->name);
    for (const nn_arg_spec *a = k->args; a && a->name && n < len; a++) {
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(a->name, "|"), a->name);
        if (a->flags & NN_ARG_KEY_ONLY)
            n += (size_t)snprintf(buf + n, len - n, " [%s=%s]", name, a->def ? a->def : "");
        else {
            for (char *p = name; *p; p++)
                *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            n += (size_t)snprintf(buf + n, len - n, a->def ? " [%s]" : " %s", name);
        }
    }
}

/* For a command that takes layer kinds (add): each kind, from the table. */
static void explain_kinds(nn_session *s)
{
    session_print(s, "kinds:");
    for (int i = 0; nn_layer_kind_at(i); i++) {
        const nn_layer_kind *k = nn_layer_kind_at(i);
        char syntax[256];
        kind_syntax(k, syntax, sizeof syntax);
        session_print(s, "  %s", syntax);
        session_print(s, "      %s; %s", k->help, k->shape_rule);
    }
}

static void explain_command(nn_session *s, const nn_command *cmd)
{
    char syntax[512];
    nn_command_syntax(cmd, syntax, sizeof syntax);
    session_print(s, "usage: %s", syntax);
    session_print(s, "%s.", cmd->summary);
    if (cmd->help && *cmd->help)
        session_print(s, "%s", cmd->help);
    if (cmd->aliases)
        session_print(s, "also: %s", cmd->aliases);
    for (const nn_arg_spec *a = cmd->args; a && a->name; a++) {
        char def[80] = "";
        if (a->def)
            snprintf(def, sizeof def, " (default %s)", a->def);
        session_print(s, "  %-10s %s%s", a->name, a->help ? a->help : "", def);
    }
    if (cmd->flags & NN_CMD_KIND_KEYS)
        explain_kinds(s);
    session_print(s, "example: %s", cmd->example);
}

HANDLER(cmd_help)
{
    const char *name = nn_call_str(c, "command");
    if (!name) {
        list_commands(s);
        return 0;
    }
    if (strcmp(name, "keys") == 0) {
        if (s->ui.keys)
            s->ui.keys(s->ui.user);
        else
            session_print(s, "keys are for the workbench screen: run nnwb without --batch");
        return 0;
    }
    const nn_command *cmd = nn_command_find(name);
    if (!cmd) {
        const char *names[128];
        size_t n = 0;
        for (; n < nn_command_count() && n < 128; n++)
            names[n] = nn_command_at(n)->name;
        const char *near = nn_suggest(name, names, n);
        return nn_fail(err, "help: no command '%s'%s%s%s", name, near ? " (did you mean " : "",
                       near ? near : "", near ? "?)" : "");
    }
    explain_command(s, cmd);
    return 0;
}

HANDLER(cmd_quit)
{
    (void)c, (void)err;
    if (s->interactive && s->unsaved && !s->quit_warned) {
        s->quit_warned = true;
        session_warn(s, "the trained model is not saved: `save FILE` keeps it; `quit` again leaves without it");
        return 0;
    }
    nn_session_interrupt(s); /* the job going on, if any, stops */
    s->quit = 1;
    return 0;
}

HANDLER(cmd_theme)
{
    if (!s->ui.theme)
        return nn_fail(err, "theme: themes are for the workbench screen (run nnwb without --batch)");
    return s->ui.theme(s->ui.user, nn_call_str(c, "name"), err);
}

HANDLER(cmd_log)
{
    if (!s->ui.log_filter)
        return nn_fail(err, "log: the Log pane is for the workbench screen (run nnwb without --batch)");
    return s->ui.log_filter(s->ui.user, nn_call_str(c, "show"), err);
}

/* A view option only the screen has: handed to it, or in batch mode a
 * note that it changes nothing (a script that uses it still runs). */
static int screen_view(nn_session *s, const nn_call *c, const char *key, nn_error *err)
{
    const char *value = nn_call_str(c, key);
    if (s->ui.view)
        return s->ui.view(s->ui.user, key, value, err);
    session_print(s, "view: %s=%s is for the workbench screen; nothing to change here", key, value);
    return 0;
}

HANDLER(cmd_view)
{
    static const char *const screen_keys[] = {"beside", "test"};
    bool outliers_given = nn_call_given(c, "outliers"), smoothing_given = nn_call_given(c, "smoothing");
    bool any = outliers_given || smoothing_given;
    for (size_t i = 0; i < sizeof screen_keys / sizeof *screen_keys; i++)
        any |= nn_call_given(c, screen_keys[i]) != 0;
    if (!any)
        return nn_fail(err, "view: say what to change: `view outliers=hide|show`, `view smoothing=0.6`, "
                       "`view beside=grads|boundary` or `view test=show|hide`");
    for (size_t i = 0; i < sizeof screen_keys / sizeof *screen_keys; i++) /* the screen may refuse: first */
        if (nn_call_given(c, screen_keys[i]) && screen_view(s, c, screen_keys[i], err) < 0)
            return -1;
    if (outliers_given) { /* the command table has checked the value: hide or show */
        s->loss_view.hide_outliers = strcmp(nn_call_str(c, "outliers"), "hide") == 0;
        session_print(s, "%s", s->loss_view.hide_outliers ? "the loss chart's range leaves out the top and bottom "
                                                            "5% of its points" : "the loss chart's range holds every point");
    }
    if (smoothing_given) /* and the weight: from 0 to NN_LOSS_SMOOTHING_MAX */
        nn_loss_view_set_smoothing(s, nn_call_number(c, "smoothing"));
    return 0;
}

HANDLER(cmd_zoom)
{
    if (!s->ui.zoom)
        return nn_fail(err, "zoom: panes are for the workbench screen (run nnwb without --batch)");
    return s->ui.zoom(s->ui.user, nn_call_str(c, "pane"), err);
}
