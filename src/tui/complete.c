/* Tab completion from the command table.  The line is read as the command
 * language reads it (cmdline.c): the words before the cursor, bound to the
 * command's argument specs as call.c binds them, say what the word at the
 * cursor can be: a command, an argument's value (a file, a column, one of
 * its choices, a name from an engine table) or a key=. */
#include "complete.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "engine/activation.h"
#include "engine/layer.h"
#include "engine/loss.h"
#include "engine/metric.h"
#include "engine/optimizer.h"
#include "engine/schedule.h"
#include "engine/settings.h"
#include "session/command.h"
#include "complete_internal.h"

/* ---- what the cursor's word can be ---- */

static bool is_taken(const want *w, const char *name)
{
    for (size_t i = 0; i < w->taken.n; i++)
        if (strcmp(w->taken.v[i], name) == 0)
            return true;
    return false;
}

static bool typed_prefix(const want *w, const char *name, size_t len)
{
    size_t t = strlen(w->typed);
    return len >= t && strncasecmp(name, w->typed, t) == 0;
}

static void offer_value(want *w, const char *name, size_t len)
{
    if (typed_prefix(w, name, len)) {
        char *copy = strndup(name, len);
        if (copy && !is_taken(w, copy))
            complete_push(&w->values, complete_join(w->head ? w->head : "", w->head ? strlen(w->head) : 0, name, len, ""));
        free(copy);
    }
}

static void offer_plain(want *w, const char *name, size_t len, const char *suffix)
{
    if (typed_prefix(w, name, len))
        complete_push(&w->plain, complete_join("", 0, name, len, suffix));
}

/* Each of "a|b|c". */
static void offer_choices(want *w, const char *choices)
{
    for (const char *p = choices; p && *p;) {
        size_t len = strcspn(p, "|");
        offer_value(w, p, len);
        p += len + (p[len] == '|');
    }
}

/* A key= for a spec named "act|activation": the first name that fits. */
static void offer_key(want *w, const char *names)
{
    for (const char *p = names; *p;) {
        size_t len = strcspn(p, "|");
        if (typed_prefix(w, p, len)) {
            offer_plain(w, p, len, "=");
            return;
        }
        p += len + (p[len] == '|');
    }
}

typedef const char *(*name_at)(int i);

static void offer_names(want *w, name_at at)
{
    const char *name;
    for (int i = 0; (name = at(i)); i++)
        offer_value(w, name, strlen(name));
}

static const char *activation_name(int i)
{
    const nn_activation *a = nn_activation_at(i);
    return a ? a->name : NULL;
}

static const char *layer_kind_name(int i)
{
    const nn_layer_kind *k = nn_layer_kind_at(i);
    return k ? k->name : NULL;
}

static const char *init_name(int i) { return i >= 0 && i <= NN_INIT_ZEROS ? nn_init_name((nn_init)i) : NULL; }

static const char *loss_name(int i)
{
    const nn_loss *l = nn_loss_at(i);
    return l ? l->name : NULL;
}

static const char *optimizer_name(int i)
{
    const nn_optimizer *o = nn_optimizer_at(i);
    return o ? o->name : NULL;
}

static const char *schedule_name(int i)
{
    const nn_schedule *s = nn_schedule_at(i);
    return s ? s->name : NULL;
}

static const char *metric_name(int i) /* "auto" follows the loss */
{
    const nn_metric *m = i > 0 ? nn_metric_at(i - 1) : NULL;
    return i == 0 ? "auto" : m ? m->name : NULL;
}

static const char *help_topic(int i)
{
    size_t n = nn_command_count();
    return (size_t)i < n ? nn_command_at((size_t)i)->name : (size_t)i == n ? "keys" : NULL;
}

/* Free-text arguments whose values are names from an engine table. */
static const struct {
    const char *command, *arg;
    name_at names;
} word_lists[] = {
    {"add", "kind", layer_kind_name}, {"add", "act", activation_name},
    {"add", "init", init_name},       {"loss", "name", loss_name},
    {"optimizer", "name", optimizer_name}, {"help", "command", help_topic},
};

/* Settings (set, optimizer, compile) whose values are names. */
static const struct {
    const char *setting;
    name_at names;
} setting_lists[] = {
    {"loss", loss_name}, {"optimizer", optimizer_name}, {"schedule", schedule_name},
    {"metric", metric_name}, {"metrics", metric_name},
};

static bool first_name_is(const char *names, const char *name)
{
    size_t len = strcspn(names, "|");
    return strlen(name) == len && strncmp(names, name, len) == 0;
}

static bool spec_named(const nn_arg_spec *a, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = a->name; *p;) {
        size_t len = strcspn(p, "|");
        if (len == n && strncasecmp(p, key, n) == 0)
            return true;
        p += len + (p[len] == '|');
    }
    return false;
}

static void offer_files(want *w)
{
    const char *slash = strrchr(w->typed, '/');
    size_t dirlen = slash ? (size_t)(slash - w->typed) + 1 : 0;
    const char *base = w->typed + dirlen, *home = getenv("HOME");
    char *dir;
    if (dirlen == 0)
        dir = strdup(".");
    else if (strncmp(w->typed, "~/", 2) == 0 && home)
        dir = complete_join(home, strlen(home), w->typed + 1, dirlen - 1, "");
    else
        dir = strndup(w->typed, dirlen);
    DIR *d = dir ? opendir(dir) : NULL;
    w->files = true;
    for (struct dirent *e; d && (e = readdir(d));) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || (name[0] == '.' && base[0] != '.') ||
            strncmp(name, base, strlen(base)) != 0)
            continue;
        bool isdir = e->d_type == DT_DIR;
        if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
            struct stat st;
            char *path = complete_join(dir, strlen(dir), "/", 1, name);
            isdir = path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
            free(path);
        }
        complete_push(&w->values, complete_join(w->typed, dirlen, name, strlen(name), isdir ? "/" : ""));
    }
    if (d)
        closedir(d);
    free(dir);
}

static void offer_columns(want *w, const complete_context *ctx)
{
    for (size_t i = 0; ctx && ctx->columns && i < ctx->ncolumns; i++)
        offer_value(w, ctx->columns[i], strlen(ctx->columns[i]));
}

/* How the words before the cursor bind to the command's specs (call.c's
 * rules): values given per spec, and the positional spec that comes next. */
typedef struct binding {
    const nn_command *cmd;
    const parsed *ps;
    const complete_context *ctx;
    size_t nspecs;
    int given[32];
    const nn_arg_spec *next; /* NULL: no positional left */
    const char *first;       /* the first positional word (add's layer kind) */
} binding;

static bool is_flag_word(const nn_arg_spec *a, const char *text)
{
    size_t n = strlen(text);
    if (!(a->flags & NN_ARG_FLAG))
        return false;
    for (const char *p = a->choices; p && *p;) {
        size_t len = strcspn(p, "|");
        if (len == n && strncasecmp(p, text, n) == 0)
            return true;
        p += len + (p[len] == '|');
    }
    return false;
}

static void bind(binding *b)
{
    const nn_command *cmd = b->cmd;
    size_t next = 0;
    while (cmd->args && cmd->args[b->nspecs].name && b->nspecs < 32)
        b->nspecs++;
    for (int k = 1; k < b->ps->n; k++) {
        const word *w = &b->ps->w[k];
        size_t i = 0;
        if (w->key) {
            while (i < b->nspecs && !spec_named(&cmd->args[i], w->key))
                i++;
        } else {
            while (i < b->nspecs && !is_flag_word(&cmd->args[i], w->value))
                i++;
            if (i == b->nspecs) { /* not a flag: the next positional */
                if (!b->first)
                    b->first = w->value;
                while (next < b->nspecs && (cmd->args[next].flags & (NN_ARG_KEY_ONLY | NN_ARG_FLAG)))
                    next++;
                i = next;
                if (next < b->nspecs && !(cmd->args[next].flags & NN_ARG_REPEAT))
                    next++;
            }
        }
        if (i < b->nspecs)
            b->given[i]++;
    }
    while (next < b->nspecs && (cmd->args[next].flags & (NN_ARG_KEY_ONLY | NN_ARG_FLAG)))
        next++;
    b->next = next < b->nspecs ? &cmd->args[next] : NULL;
}

/* The layer kind `add` was given, whose own description says what it takes. */
static const nn_layer_kind *layer_kind(const binding *b)
{
    return (b->cmd->flags & NN_CMD_KIND_KEYS) && b->first ? nn_layer_kind_find(b->first) : NULL;
}

static void offer_spec_values(want *w, const binding *b, const nn_arg_spec *a);

/* add's bare words after the kind: its positional arguments' values. */
static void offer_layer_values(want *w, const binding *b, int index)
{
    const nn_layer_kind *kind = layer_kind(b);
    const nn_arg_spec *a = kind ? nn_layer_kind_positional(kind, index) : NULL;
    if (a)
        offer_spec_values(w, b, a);
}

static void offer_spec_values(want *w, const binding *b, const nn_arg_spec *a)
{
    switch (a->type) {
    case NN_ARG_FILE:
        w->first = a->choices;
        offer_files(w);
        break;
    case NN_ARG_COLUMN:
        offer_columns(w, b->ctx);
        if (a->choices) /* words it takes beside the columns (plot's roc, pr) */
            offer_choices(w, a->choices);
        break;
    case NN_ARG_CHOICE:
        offer_choices(w, a->choices);
        break;
    case NN_ARG_WORD:
        if ((b->cmd->flags & NN_CMD_KIND_KEYS) && first_name_is(a->name, "values"))
            offer_layer_values(w, b, b->given[a - b->cmd->args]);
        for (size_t i = 0; i < sizeof word_lists / sizeof *word_lists; i++)
            if (strcmp(b->cmd->name, word_lists[i].command) == 0 && first_name_is(a->name, word_lists[i].arg))
                offer_names(w, word_lists[i].names);
        break;
    default: /* numbers: nothing to list */
        break;
    }
}

static void offer_setting_values(want *w, const char *key)
{
    for (size_t i = 0; i < sizeof setting_lists / sizeof *setting_lists; i++)
        if (strcasecmp(key, setting_lists[i].setting) == 0)
            offer_names(w, setting_lists[i].names);
}

static bool key_given(const binding *b, const char *key)
{
    for (int k = 1; k < b->ps->n; k++)
        if (b->ps->w[k].key && strcasecmp(b->ps->w[k].key, key) == 0)
            return true;
    return false;
}

/* add KIND: the keys of the kind's arguments not given yet. */
static void offer_layer_keys(want *w, const binding *b, const nn_layer_kind *kind)
{
    for (const nn_arg_spec *a = kind->args; a && a->name; a++) {
        bool given = false;
        for (int k = 1; k < b->ps->n; k++)
            given = given || (b->ps->w[k].key && spec_named(a, b->ps->w[k].key));
        if (!given)
            offer_key(w, a->name);
    }
}

/* The flags and key= names still open. */
static void offer_keys(want *w, const binding *b)
{
    const nn_command *cmd = b->cmd;
    const nn_layer_kind *kind = layer_kind(b);
    if (kind) {
        offer_layer_keys(w, b, kind);
        return;
    }
    for (size_t i = 0; i < b->nspecs; i++) {
        const nn_arg_spec *a = &cmd->args[i];
        bool more = (a->flags & (NN_ARG_LIST | NN_ARG_REPEAT)) != 0;
        if (b->given[i] && !more)
            continue;
        if (a->flags & NN_ARG_FLAG) {
            for (const char *p = a->choices; p && *p;) {
                size_t len = strcspn(p, "|");
                offer_plain(w, p, len, "");
                p += len + (p[len] == '|');
            }
        } else if (a->flags & NN_ARG_KEY_ONLY) {
            offer_key(w, a->name);
        }
    }
    if (cmd->flags & NN_CMD_OPEN_KEYS) {
        const nn_setting_field *f;
        for (int i = 0; (f = nn_setting_field_at(i)); i++)
            if (!key_given(b, f->name))
                offer_key(w, f->name);
    }
}

/* A bare word after the command: the next positional's values if any
 * fit, else the flags and key= names. */
static void offer_word(want *w, const binding *b)
{
    if (b->next) {
        if (b->next->flags & NN_ARG_REPEAT) /* don't list a column twice */
            for (int k = 1; k < b->ps->n; k++)
                if (!b->ps->w[k].key)
                    complete_push(&w->taken, strdup(b->ps->w[k].value));
        offer_spec_values(w, b, b->next);
    }
    if (w->values.n == 0)
        offer_keys(w, b);
}

/* The value after key= of the cursor's word. */
static void offer_key_value(want *w, const binding *b, const char *key)
{
    for (size_t i = 0; i < b->nspecs; i++) {
        const nn_arg_spec *a = &b->cmd->args[i];
        if (!spec_named(a, key))
            continue;
        const char *comma = strrchr(w->typed, ',');
        if ((a->flags & NN_ARG_LIST) && comma) { /* on=price,vol: complete after the last comma */
            w->head = strndup(w->typed, (size_t)(comma - w->typed) + 1);
            char *names = w->head ? strdup(w->head) : NULL;
            for (char *save = NULL, *v = names ? strtok_r(names, ",", &save) : NULL; v; v = strtok_r(NULL, ",", &save))
                complete_push(&w->taken, strdup(v));
            if (!names)
                w->taken.oom = true;
            free(names);
            w->typed = comma + 1;
        }
        offer_spec_values(w, b, a);
        return;
    }
    const nn_layer_kind *kind = layer_kind(b);
    if (kind && nn_layer_kind_arg(kind, key))
        offer_spec_values(w, b, nn_layer_kind_arg(kind, key));
    if (b->cmd->flags & NN_CMD_OPEN_KEYS)
        offer_setting_values(w, key);
}

/* Command names; the aliases only when no name fits ("ev" gives evaluate,
 * not eval too; "fi" gives fit). */
static void offer_commands(want *w)
{
    for (size_t i = 0; i < nn_command_count(); i++)
        offer_plain(w, nn_command_at(i)->name, strlen(nn_command_at(i)->name), "");
    bool names = w->plain.n > 0;
    for (size_t i = 0; !names && i < nn_command_count(); i++) {
        for (const char *p = nn_command_at(i)->aliases; p && *p;) {
            size_t len = strcspn(p, " ");
            offer_plain(w, p, len, "");
            p += len + (p[len] == ' ');
        }
    }
}

char **complete_line(const char *line, int start, int end, const complete_context *ctx, bool *files)
{
    want w = {.typed = ""};
    parsed ps;
    *files = false;
    if (start < 0 || end < start || (size_t)end > strlen(line))
        start = end = 0, line = "";
    if (complete_parse(line, end, &ps) < 0) {
        parsed_free(&ps);
        return NULL;
    }
    bool inq = complete_is_quoted(line, start);
    char *typed = malloc((size_t)(end - start) + 1);
    /* start must begin the word, or its value after key=, or follow its
     * opening quote; elsewhere (mid-word) nothing is offered */
    int value_at = ps.cur_eq >= 0 ? ps.cur_eq_at + 1 : ps.cur_start;
    bool at_word = start == value_at || (start == value_at + 1 && line[value_at] == '"' && inq);
    if (typed && !ps.comment && at_word) {
        int pos = start, eq, eq_at;
        complete_read_word(line, &pos, end, inq, typed, &eq, &eq_at);
        w.typed = typed;
        const nn_command *cmd = ps.n > 0 ? nn_command_find(ps.w[0].value) : NULL;
        binding b = {.cmd = cmd, .ps = &ps, .ctx = ctx};
        if (cmd)
            bind(&b);
        if (ps.n == 0) {
            offer_commands(&w);
        } else if (cmd && ps.cur_eq >= 0) {
            char *key = strndup(ps.cur, (size_t)ps.cur_eq);
            if (key)
                offer_key_value(&w, &b, key);
            free(key);
        } else if (cmd) {
            offer_word(&w, &b);
        }
    }
    char **list = typed ? complete_finish(&w, inq) : NULL;
    *files = w.files && list && list[0];
    strlist_free(&w.values);
    strlist_free(&w.plain);
    strlist_free(&w.taken);
    free(w.head);
    free(typed);
    parsed_free(&ps);
    return list;
}

char **complete_candidates(const char *line, int start, int end, const complete_context *ctx)
{
    bool files;
    return complete_line(line, start, end, ctx, &files);
}
