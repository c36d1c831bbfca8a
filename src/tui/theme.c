/* Themes: the role table, the theme file parser, discovery of theme
 * files, and the downgrade of colours to what the terminal can show. */
#include "theme.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session/command.h" /* nn_suggest */

/* ------------------------------------------------------------------ */
/* The role table                                                      */

typedef struct role_info {
    const char *name;
    const char *fallback; /* the built-in theme's value, 8 colours */
    unsigned mono;        /* attributes added when there is no colour */
    const char *help;
} role_info;

enum { B = NN_ATTR_BOLD, D = NN_ATTR_DIM, R = NN_ATTR_REVERSE, U = NN_ATTR_UNDERLINE };

static const role_info roles[NN_ROLE_COUNT] = {
    [NN_ROLE_BACKGROUND] = {"background", "white on black", 0, "blank areas; its BG is every role's default background"},
    [NN_ROLE_TEXT] = {"text", "white", 0, "ordinary text"},
    [NN_ROLE_DIM] = {"dim", "white dim", D, "secondary text, hints and units"},
    [NN_ROLE_BORDER] = {"border", "white dim", 0, "pane frames"},
    [NN_ROLE_BORDER_FOCUS] = {"border_focus", "cyan", B, "the focused or zoomed pane's frame"},
    [NN_ROLE_TITLE] = {"title", "white", B, "pane titles"},
    [NN_ROLE_TITLE_FOCUS] = {"title_focus", "cyan bold", B | R, "the focused pane's title"},
    [NN_ROLE_STATUS] = {"status", "white on blue", R, "the status line"},
    [NN_ROLE_STATUS_KEY] = {"status_key", "cyan on blue", R, "labels in the status line"},
    [NN_ROLE_STATUS_VALUE] = {"status_value", "white on blue bold", R | B, "figures in the status line"},
    [NN_ROLE_STATE_IDLE] = {"state_idle", "white on blue", R, "state: idle"},
    [NN_ROLE_STATE_TRAINING] = {"state_training", "green on blue bold", R | B, "state: training"},
    [NN_ROLE_STATE_PAUSED] = {"state_paused", "yellow on blue bold", R | B, "state: paused"},
    [NN_ROLE_STATE_STOPPED] = {"state_stopped", "red on blue bold", R | B, "state: stopped"},
    [NN_ROLE_STATE_FINISHED] = {"state_finished", "cyan on blue bold", R | B, "state: finished"},
    [NN_ROLE_PROGRESS_DONE] = {"progress_done", "green on blue", R | B, "the done part of a progress bar"},
    [NN_ROLE_PROGRESS_TODO] = {"progress_todo", "black on blue", R | D, "the rest of a progress bar"},
    [NN_ROLE_PROMPT] = {"prompt", "cyan bold", B, "the prompt"},
    [NN_ROLE_INPUT] = {"input", "white", 0, "the text being typed"},
    [NN_ROLE_COMPLETION] = {"completion", "white", 0, "completion candidates"},
    [NN_ROLE_SELECTION] = {"selection", "black on cyan", R, "the highlighted row of a list"},
    [NN_ROLE_LOG_COMMAND] = {"log_command", "cyan", B, "the echo of a typed command in the log"},
    [NN_ROLE_LOG_ERROR] = {"log_error", "red bold", B, "errors in the log"},
    [NN_ROLE_LOG_WARNING] = {"log_warning", "yellow", U, "warnings in the log"},
    [NN_ROLE_LOG_NOTE] = {"log_note", "white dim", D, "notes in the log"},
    [NN_ROLE_WARNING] = {"warning", "yellow", B, "training warnings"},
    [NN_ROLE_WARNING_REMEDY] = {"warning_remedy", "cyan bold", U, "the command a warning suggests"},
    [NN_ROLE_CHART_AXIS] = {"chart_axis", "white dim", 0, "chart axes and ticks"},
    [NN_ROLE_CHART_LABEL] = {"chart_label", "white", 0, "axis labels and legends"},
    [NN_ROLE_CHART_GRID] = {"chart_grid", "white dim", D, "chart grid lines"},
    [NN_ROLE_CHART_BAR] = {"chart_bar", "cyan", 0, "bars of the column chart"},
    [NN_ROLE_LOSS_TRAIN] = {"loss_train", "cyan", 0, "training loss"},
    [NN_ROLE_LOSS_VAL] = {"loss_val", "yellow", B, "validation loss"},
    [NN_ROLE_LOSS_TRAIN_RAW] = {"loss_train_raw", "cyan dim", D, "training loss before smoothing"},
    [NN_ROLE_LOSS_VAL_RAW] = {"loss_val_raw", "yellow dim", D, "validation loss before smoothing"},
    [NN_ROLE_LOSS_BATCH] = {"loss_batch", "white dim", D, "the faint per-batch loss trace"},
    [NN_ROLE_LOSS_BEST] = {"loss_best", "green bold", B | U, "the best epoch's marker"},
    [NN_ROLE_LOSS_PREVIOUS] = {"loss_previous", "white dim", D, "the previous run, overlaid"},
    [NN_ROLE_LOSS_MARKER] = {"loss_marker", "magenta", B, "where a hyperparameter was changed"},
    [NN_ROLE_GRAD_1] = {"grad_1", "cyan", 0, "gradient norm of layers 1, 7, ..."},
    [NN_ROLE_GRAD_2] = {"grad_2", "yellow", B, "gradient norm of layers 2, 8, ..."},
    [NN_ROLE_GRAD_3] = {"grad_3", "green", U, "gradient norm of layers 3, 9, ..."},
    [NN_ROLE_GRAD_4] = {"grad_4", "magenta", B | U, "gradient norm of layers 4, 10, ..."},
    [NN_ROLE_GRAD_5] = {"grad_5", "blue", D, "gradient norm of layers 5, 11, ..."},
    [NN_ROLE_GRAD_6] = {"grad_6", "red", D | U, "gradient norm of layers 6, 12, ..."},
    [NN_ROLE_GRAD_LIMIT] = {"grad_limit", "red dim", D, "the vanishing and exploding thresholds"},
    [NN_ROLE_TABLE_HEADER] = {"table_header", "cyan bold", B | U, "table headings"},
    [NN_ROLE_TABLE_MISSING] = {"table_missing", "red", B, "missing values and refused columns"},
    [NN_ROLE_SCROLLBAR] = {"scrollbar", "white dim", D, "scroll bars and position marks"},
    [NN_ROLE_FOOTER] = {"footer", "white", 0, "the key footer"},
    [NN_ROLE_FOOTER_KEY] = {"footer_key", "black on cyan", R, "the keys in the footer"},
};

/* 8-colour terminals often have 64 colour pairs; pair 0 is reserved. */
_Static_assert(NN_ROLE_COUNT < 64, "one colour pair per role must fit in 64 pairs");

const char *nn_theme_role_name(nn_role r)
{
    return (unsigned)r < NN_ROLE_COUNT ? roles[r].name : NULL;
}

const char *nn_theme_role_help(nn_role r)
{
    return (unsigned)r < NN_ROLE_COUNT ? roles[r].help : NULL;
}

int nn_theme_role_find(const char *name)
{
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        if (strcmp(roles[r].name, name) == 0)
            return r;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Values: colours and attributes                                      */

static const char *const color_names[16] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    "bright_black", "bright_red", "bright_green", "bright_yellow",
    "bright_blue", "bright_magenta", "bright_cyan", "bright_white",
};

static const char *const attr_names[] = {"bold", "dim", "reverse", "underline"};
static const unsigned attr_bits[] = {NN_ATTR_BOLD, NN_ATTR_DIM, NN_ATTR_REVERSE, NN_ATTR_UNDERLINE};
enum { ATTR_COUNT = sizeof attr_names / sizeof attr_names[0] };

/* A decimal 0-255, digits only. */
static int parse_byte(const char *s, unsigned *out)
{
    unsigned v = 0;
    if (!*s || strlen(s) > 3)
        return -1;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        v = v * 10 + (unsigned)(*s - '0');
    }
    if (v > 255)
        return -1;
    *out = v;
    return 0;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_color(const char *s, nn_color *out)
{
    if (strcasecmp(s, "default") == 0) {
        *out = (nn_color){NN_COLOR_TERMINAL, 0};
        return 0;
    }
    for (unsigned i = 0; i < 16; i++)
        if (strcasecmp(s, color_names[i]) == 0) {
            *out = (nn_color){NN_COLOR_INDEX, i};
            return 0;
        }
    unsigned v;
    if ((strncasecmp(s, "color", 5) == 0 && parse_byte(s + 5, &v) == 0) ||
        (strncasecmp(s, "colour", 6) == 0 && parse_byte(s + 6, &v) == 0) || parse_byte(s, &v) == 0) {
        *out = (nn_color){NN_COLOR_INDEX, v};
        return 0;
    }
    if (s[0] == '#' && strlen(s) == 7) {
        unsigned rgb = 0;
        for (int i = 1; i < 7; i++) {
            int d = hex_digit(s[i]);
            if (d < 0)
                return -1;
            rgb = rgb << 4 | (unsigned)d;
        }
        *out = (nn_color){NN_COLOR_RGB, rgb};
        return 0;
    }
    return -1;
}

static int find_attr(const char *s)
{
    for (int i = 0; i < ATTR_COUNT; i++)
        if (strcasecmp(s, attr_names[i]) == 0)
            return i;
    return -1;
}

/* ------------------------------------------------------------------ */
/* The parser                                                          */

enum { MAX_LINE = 1024, MAX_FILE = 64 * 1024, MAX_INHERIT = 8 };

/* The files being read, innermost last: `inherit` skips them (so a user's
 * default.theme can inherit the installed default) and cannot loop. */
typedef struct chain {
    dev_t dev[MAX_INHERIT];
    ino_t ino[MAX_INHERIT];
    int n;
} chain;

typedef struct parser {
    const char *file;
    int line;
    const nn_theme_dirs *dirs;
    chain *chain;
    nn_error *err;
    nn_theme theme;
    int set_on[NN_ROLE_COUNT]; /* the line that set each role, 0: not set */
    char inherit[NN_THEME_NAME_MAX];
    int inherit_line;
} parser;

static int load_path(const char *path, const nn_theme_dirs *dirs, chain *ch, nn_theme *out,
                     nn_error *err);

#define FAIL(p, ...) parse_fail(p, __VA_ARGS__)

__attribute__((format(printf, 2, 3))) static int parse_fail(parser *p, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return nn_fail(p->err, "%s:%d: %s", p->file, p->line, what);
}

/* " (did you mean \"x\"?)" or "". */
static const char *did_you_mean(char *buf, size_t len, const char *typed,
                                const char *const *names, size_t n)
{
    const char *near = nn_suggest(typed, names, n);
    buf[0] = '\0';
    if (!near)
        return buf;
    snprintf(buf, len, " (did you mean \"%s\"?)", near);
    return buf;
}

/* Splits on blanks, in place; returns the number of words, or -1 if
 * there are more than max. */
static int split_words(char *s, char **words, int max)
{
    int n = 0;
    char *save;
    for (char *tok = strtok_r(s, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        if (n == max)
            return -1;
        words[n++] = tok;
    }
    return n;
}

static int bad_color(parser *p, const char *key, const char *word, const char *which)
{
    char hint[96];
    if (find_attr(word) >= 0)
        return FAIL(p, "%s: expected a %s colour before \"%s\", e.g. \"default %s\"", key, which,
                    word, word);
    return FAIL(p, "%s: bad %s colour \"%s\"%s; expected a name such as bright_blue, default, "
                   "colorN or 0-255, or #rrggbb",
                key, which, word, did_you_mean(hint, sizeof hint, word, color_names, 16));
}

/* `FG [on BG] [attr...] [# comment]` */
static int parse_style(parser *p, const char *key, char *value, nn_style *out)
{
    char *w[16];
    int n = split_words(value, w, 16), i = 0;
    *out = (nn_style){{NN_COLOR_UNSET, 0}, {NN_COLOR_UNSET, 0}, 0};
    if (n < 0)
        return FAIL(p, "%s: too many words; expected FG [on BG] [bold] [dim] [reverse] [underline]",
                    key);
    if (n == 0)
        return FAIL(p, "%s: expected a colour, e.g. \"white on black bold\"", key);
    if (parse_color(w[i++], &out->fg) != 0)
        return bad_color(p, key, w[0], "foreground");
    if (i < n && strcasecmp(w[i], "on") == 0) {
        if (++i == n)
            return FAIL(p, "%s: expected a background colour after \"on\"", key);
        if (parse_color(w[i++], &out->bg) != 0)
            return bad_color(p, key, w[i - 1], "background");
    }
    for (; i < n && w[i][0] != '#'; i++) {
        int a = find_attr(w[i]);
        if (a >= 0) {
            out->attrs |= attr_bits[a];
            continue;
        }
        if (strcasecmp(w[i], "on") == 0)
            return FAIL(p, "%s: \"on BG\" must come right after the foreground colour", key);
        char hint[96];
        return FAIL(p, "%s: unknown attribute \"%s\"%s; expected bold, dim, reverse or underline",
                    key, w[i], did_you_mean(hint, sizeof hint, w[i], attr_names, ATTR_COUNT));
    }
    return 0;
}

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= NN_THEME_NAME_MAX || s[0] == '.' || s[0] == '-')
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return false;
    return true;
}

static int unknown_key(parser *p, const char *key)
{
    const char *names[NN_ROLE_COUNT + 2];
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        names[r] = roles[r].name;
    names[NN_ROLE_COUNT] = "inherit";
    names[NN_ROLE_COUNT + 1] = "description";
    char hint[96];
    return FAIL(p, "unknown key \"%s\"%s", key,
                did_you_mean(hint, sizeof hint, key, names, NN_ROLE_COUNT + 2));
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        *--end = '\0';
    return s;
}

static int parse_line(parser *p, char *text)
{
    char *s = trim(text);
    if (*s == '\0' || *s == '#')
        return 0;
    char *eq = strchr(s, '=');
    if (!eq)
        return FAIL(p, "expected \"key = value\", found \"%.40s\"", s);
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    if (*key == '\0')
        return FAIL(p, "expected a key before \"=\"");
    if (strcmp(key, "description") == 0) {
        snprintf(p->theme.description, sizeof p->theme.description, "%s", value);
        return 0;
    }
    if (strcmp(key, "inherit") == 0) {
        if (p->inherit_line)
            return FAIL(p, "inherit is already set on line %d", p->inherit_line);
        char *rest = value + strcspn(value, " \t");
        if (*rest) { /* only a comment may follow the name */
            *rest++ = '\0';
            rest = trim(rest);
            if (*rest && *rest != '#')
                return FAIL(p, "inherit: expected one theme name, found \"%.40s\" after it", rest);
        }
        if (!valid_name(value))
            return FAIL(p, "inherit: expected a theme name (letters, digits, '.', '_', '-'), found \"%.40s\"",
                        value);
        snprintf(p->inherit, sizeof p->inherit, "%s", value);
        p->inherit_line = p->line;
        return 0;
    }
    int r = nn_theme_role_find(key);
    if (r < 0)
        return unknown_key(p, key);
    if (p->set_on[r])
        return FAIL(p, "%s is already set on line %d", key, p->set_on[r]);
    if (parse_style(p, key, value, &p->theme.style[r]) != 0)
        return -1;
    p->set_on[r] = p->line;
    return 0;
}

/* The first NAME.theme in dirs that is not in the chain; its path in buf. */
static int find_theme_file(const char *name, const nn_theme_dirs *dirs, const chain *ch,
                           char *buf, size_t len)
{
    const char *order[NN_THEME_MAX_DIRS + 1];
    int n = 0;
    if (dirs) {
        order[n++] = dirs->user;
        for (int i = 0; i < NN_THEME_MAX_DIRS; i++)
            order[n++] = dirs->installed[i];
    }
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (!order[i] || (size_t)snprintf(buf, len, "%s/%s.theme", order[i], name) >= len)
            continue;
        if (stat(buf, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        bool seen = false;
        for (int k = 0; ch && k < ch->n; k++)
            seen |= ch->dev[k] == st.st_dev && ch->ino[k] == st.st_ino;
        if (!seen)
            return 0;
    }
    return -1;
}

/* " (did you mean \"x\"?)" for a theme name, or "". */
static const char *near_theme(char *buf, size_t len, const char *name, const nn_theme_dirs *dirs)
{
    nn_theme_list l;
    const char *names[64];
    size_t n = 0;
    buf[0] = '\0';
    if (nn_theme_list_dirs(dirs, &l, NULL) != 0)
        return buf;
    for (size_t i = 0; i < l.count && n < 64; i++)
        names[n++] = l.entries[i].name;
    did_you_mean(buf, len, name, names, n);
    nn_theme_list_free(&l);
    return buf;
}

static int apply_inherit(parser *p)
{
    char path[4096], hint[96];
    if (find_theme_file(p->inherit, p->dirs, p->chain, path, sizeof path) != 0) {
        if (find_theme_file(p->inherit, p->dirs, NULL, path, sizeof path) == 0)
            return FAIL(p, "inherit: \"%s\" inherits from this file: a circle", p->inherit);
        return FAIL(p, "inherit: no theme \"%s\" to inherit from%s", p->inherit,
                    near_theme(hint, sizeof hint, p->inherit, p->dirs));
    }
    nn_theme base;
    nn_error inner;
    if (load_path(path, p->dirs, p->chain, &base, &inner) != 0)
        return FAIL(p, "inherit = %s: %s", p->inherit, inner.msg);
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        if (!p->set_on[r])
            p->theme.style[r] = base.style[r];
    return 0;
}

static int check_complete(parser *p)
{
    char missing[300] = "";
    int count = 0;
    for (int r = 0; r < NN_ROLE_COUNT; r++) {
        if (p->set_on[r])
            continue;
        if (count++ < 6) {
            size_t used = strlen(missing);
            snprintf(missing + used, sizeof missing - used, "%s%s", count > 1 ? ", " : "",
                     roles[r].name);
        }
    }
    if (count == 0)
        return 0;
    if (count > 6) {
        size_t used = strlen(missing);
        snprintf(missing + used, sizeof missing - used, " and %d more", count - 6);
    }
    return FAIL(p, "not set: %s (set every colour, or start the file with \"inherit = default\")",
                missing);
}

/* The file's stem: "themes/dark.theme" -> "dark". */
static void stem(const char *path, char *out, size_t len)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
        n -= 6;
    snprintf(out, len, "%.*s", (int)n, base);
}

static int parse_text(const char *text, size_t len, const char *file, const nn_theme_dirs *dirs,
                      chain *ch, nn_theme *out, nn_error *err)
{
    parser state = {.file = file, .dirs = dirs, .chain = ch, .err = err}, *p = &state;
    stem(file, p->theme.name, sizeof p->theme.name);
    int rc = 0;
    size_t at = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0; /* a UTF-8 BOM */
    while (rc == 0 && at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = (nl ? (size_t)(nl - text) : len) - at;
        char line[MAX_LINE];
        p->line++;
        if (memchr(text + at, '\0', n))
            rc = FAIL(p, "not a text file (a NUL byte)");
        else if (n >= MAX_LINE)
            rc = FAIL(p, "line too long (over %d bytes)", MAX_LINE - 1);
        else {
            memcpy(line, text + at, n);
            line[n] = '\0';
            rc = parse_line(p, line);
        }
        at += n + 1;
    }
    if (rc == 0 && p->inherit_line) {
        int last = p->line;
        p->line = p->inherit_line;
        rc = apply_inherit(p);
        for (int r = 0; rc == 0 && r < NN_ROLE_COUNT; r++)
            p->set_on[r] = p->set_on[r] ? p->set_on[r] : -1; /* inherited */
        p->line = last;
    }
    if (rc == 0) {
        p->line = p->line ? p->line : 1;
        rc = check_complete(p);
    }
    if (rc == 0)
        *out = p->theme;
    return rc;
}

int nn_theme_parse(const char *text, size_t len, const char *file, const nn_theme_dirs *dirs,
                   nn_theme *out, nn_error *err)
{
    chain ch = {.n = 0};
    return parse_text(text, len, file, dirs, &ch, out, err);
}

static int load_path(const char *path, const nn_theme_dirs *dirs, chain *ch, nn_theme *out,
                     nn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return nn_fail(err, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return nn_fail(err, "%s: not a regular file", path);
    }
    if (st.st_size > MAX_FILE) {
        fclose(f);
        return nn_fail(err, "%s: too large for a theme (over %d KiB)", path, MAX_FILE / 1024);
    }
    if (ch->n == MAX_INHERIT) {
        fclose(f);
        return nn_fail(err, "%s: inherit goes more than %d themes deep", path, MAX_INHERIT);
    }
    char *text = malloc((size_t)st.st_size + 1);
    size_t len = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
    int read_failed = !text || ferror(f);
    fclose(f);
    if (read_failed) {
        free(text);
        return nn_fail(err, "%s: cannot read", path);
    }
    ch->dev[ch->n] = st.st_dev;
    ch->ino[ch->n] = st.st_ino;
    ch->n++;
    int rc = parse_text(text, len, path, dirs, ch, out, err);
    ch->n--;
    free(text);
    return rc;
}

int nn_theme_load_file(const char *path, const nn_theme_dirs *dirs, nn_theme *out, nn_error *err)
{
    chain ch = {.n = 0};
    return load_path(path, dirs, &ch, out, err);
}

void nn_theme_builtin(nn_theme *out)
{
    char text[NN_ROLE_COUNT * 64] = "", *at = text;
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        at += snprintf(at, sizeof text - (size_t)(at - text), "%s = %s\n", roles[r].name,
                       roles[r].fallback);
    nn_theme t;
    nn_error err;
    if (nn_theme_parse(text, strlen(text), "builtin", NULL, &t, &err) != 0)
        abort(); /* the table above is wrong: tests/test_theme catches it */
    snprintf(t.description, sizeof t.description, "built in, 8 colours");
    *out = t;
}

/* ------------------------------------------------------------------ */
/* Discovery                                                           */

int nn_theme_user_dir(char *buf, size_t len)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/') /* relative values are invalid, the spec says */
        n = snprintf(buf, len, "%s/nnwb/themes", xdg);
    else if (home && home[0])
        n = snprintf(buf, len, "%s/.config/nnwb/themes", home);
    else
        return -1;
    return n >= 0 && (size_t)n < len ? 0 : -1;
}

static int add_entry(nn_theme_list *l, size_t *cap, const char *name, const char *path, bool user)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->entries[i].name, name) == 0)
            return 0; /* an earlier directory has it */
    if (l->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        nn_theme_entry *e = realloc(l->entries, ncap * sizeof *e);
        if (!e)
            return -1;
        l->entries = e, *cap = ncap;
    }
    nn_theme_entry *e = &l->entries[l->count];
    snprintf(e->name, sizeof e->name, "%s", name);
    e->user = user;
    if (!(e->path = strdup(path)))
        return -1;
    l->count++;
    return 0;
}

static int scan_dir(const char *dir, bool user, nn_theme_list *l, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        char name[NN_THEME_NAME_MAX], path[4096];
        struct stat st;
        if (n <= 6 || strcmp(e->d_name + n - 6, ".theme") != 0)
            continue;
        stem(e->d_name, name, sizeof name);
        if (n - 6 >= sizeof name || !valid_name(name))
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path ||
            stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        rc = add_entry(l, cap, name, path, user);
    }
    closedir(d);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const nn_theme_entry *)a)->name, ((const nn_theme_entry *)b)->name);
}

int nn_theme_list_dirs(const nn_theme_dirs *dirs, nn_theme_list *out, nn_error *err)
{
    nn_theme_list l = {NULL, 0};
    size_t cap = 0;
    if (!dirs) {
        *out = l;
        return 0;
    }
    int rc = dirs->user ? scan_dir(dirs->user, true, &l, &cap) : 0;
    for (int i = 0; rc == 0 && i < NN_THEME_MAX_DIRS; i++)
        if (dirs->installed[i])
            rc = scan_dir(dirs->installed[i], false, &l, &cap);
    if (rc != 0) {
        nn_theme_list_free(&l);
        return nn_fail(err, "listing themes: out of memory");
    }
    if (l.count)
        qsort(l.entries, l.count, sizeof *l.entries, by_name);
    *out = l;
    return 0;
}

void nn_theme_list_free(nn_theme_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->entries[i].path);
    free(list->entries);
    list->entries = NULL;
    list->count = 0;
}

int nn_theme_load(const char *name, const nn_theme_dirs *dirs, nn_theme *out, nn_error *err)
{
    char path[4096];
    if (!valid_name(name))
        return nn_fail(err, "\"%.40s\" is not a theme name (letters, digits, '.', '_', '-')", name);
    if (find_theme_file(name, dirs, NULL, path, sizeof path) == 0)
        return nn_theme_load_file(path, dirs, out, err);
    nn_theme_list l;
    if (nn_theme_list_dirs(dirs, &l, err) != 0)
        return -1;
    const char *names[64];
    char known[256] = "", hint[96];
    size_t n = 0;
    for (size_t i = 0; i < l.count && n < 64; i++) {
        names[n++] = l.entries[i].name;
        size_t used = strlen(known);
        snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", l.entries[i].name);
    }
    nn_fail(err, "no theme \"%s\"%s; themes: %s", name, did_you_mean(hint, sizeof hint, name, names, n),
            n ? known : "none found");
    nn_theme_list_free(&l);
    return -1;
}

/* ------------------------------------------------------------------ */
/* Resolving for the terminal                                          */

/* xterm's default RGB for the 16 system colours. */
static const unsigned system_rgb[16] = {
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
    0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};
static const unsigned cube_level[6] = {0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff};

static unsigned xterm_rgb(unsigned index)
{
    if (index < 16)
        return system_rgb[index];
    if (index < 232) {
        unsigned i = index - 16;
        return cube_level[i / 36] << 16 | cube_level[i / 6 % 6] << 8 | cube_level[i % 6];
    }
    unsigned g = 8 + 10 * (index - 232);
    return g << 16 | g << 8 | g;
}

static int red(unsigned rgb) { return (int)(rgb >> 16 & 0xff); }
static int green(unsigned rgb) { return (int)(rgb >> 8 & 0xff); }
static int blue(unsigned rgb) { return (int)(rgb & 0xff); }

static long distance2(unsigned a, unsigned b)
{
    long dr = red(a) - red(b), dg = green(a) - green(b), db = blue(a) - blue(b);
    return dr * dr + dg * dg + db * db;
}

/* Rec. 601 luma, 0-255: how light a colour looks. */
static int luma(unsigned rgb)
{
    return (299 * red(rgb) + 587 * green(rgb) + 114 * blue(rgb)) / 1000;
}

static int chroma(unsigned rgb)
{
    int r = red(rgb), g = green(rgb), b = blue(rgb);
    int hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
    int lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
    return hi - lo;
}

/* Greys (and nearly-greys) go to greys, colours to colours: a dark blue
 * must not turn black, nor a grey turn red. */
static bool is_grey(unsigned rgb) { return chroma(rgb) <= 0x20; }

/* Hue in degrees, 0-360. */
static double hue(unsigned rgb)
{
    double r = red(rgb), g = green(rgb), b = blue(rgb), c = chroma(rgb), h;
    if (c == 0)
        return 0;
    if (r >= g && r >= b)
        h = (g - b) / c;
    else if (g >= b)
        h = 2 + (b - r) / c;
    else
        h = 4 + (r - g) / c;
    return h < 0 ? h * 60 + 360 : h * 60;
}

static double hue_gap(unsigned a, unsigned b)
{
    double d = hue(a) - hue(b);
    d = d < 0 ? -d : d;
    return d > 180 ? 360 - d : d;
}

/* What a colour should become on a terminal with fewer colours. */
typedef struct target {
    unsigned rgb;
    int colors;
    int avoid;    /* never this index (the role's background), -1: none */
    int bg;       /* the role's background index, -1: the terminal's */
    int contrast; /* the luma difference to keep from bg, at least */
} target;

/* Is candidate p a better stand-in for t than the best so far? With 256
 * colours, the nearest RGB; with 16 or 8 (which terminals restyle, so RGB
 * is only a guess), the nearest hue first, then the nearest RGB. */
static bool better(const target *t, unsigned p, unsigned best)
{
    if (t->colors < 256 && !is_grey(t->rgb)) {
        double gp = hue_gap(t->rgb, p), gb = hue_gap(t->rgb, best);
        if (gp < gb - 0.5 || gp > gb + 0.5)
            return gp < gb;
    }
    return distance2(t->rgb, p) < distance2(t->rgb, best);
}

static bool allowed(const target *t, int i, bool need_contrast)
{
    unsigned p = xterm_rgb((unsigned)i);
    if (i == t->avoid)
        return false;
    if (t->colors < 256 && is_grey(p) != is_grey(t->rgb))
        return false;
    if (need_contrast && t->bg >= 0) {
        int d = luma(p) - luma(xterm_rgb((unsigned)t->bg));
        return (d < 0 ? -d : d) >= t->contrast;
    }
    return true;
}

/* The best palette entry: all 256 use entries 16-255 (terminals restyle
 * 0-15).  Readable first: if nothing of the right kind keeps the
 * contrast, the nearest regardless. */
static int nearest(const target *t)
{
    int first = t->colors == 256 ? 16 : 0;
    for (int need_contrast = t->colors < 256; need_contrast >= 0; need_contrast--) {
        int best = -1;
        for (int i = first; i < t->colors; i++)
            if (allowed(t, i, need_contrast) &&
                (best < 0 || better(t, xterm_rgb((unsigned)i), xterm_rgb((unsigned)best))))
                best = i;
        if (best >= 0)
            return best;
    }
    return -1;
}

static unsigned color_rgb(nn_color c)
{
    return c.kind == NN_COLOR_RGB ? c.value : xterm_rgb(c.value);
}

static bool concrete(nn_color c)
{
    return c.kind == NN_COLOR_INDEX || c.kind == NN_COLOR_RGB;
}

/* A colour for the terminal, -1 for its own.  A palette colour the
 * terminal has is kept as the theme wrote it, and a bright one (8-15)
 * becomes its plain self on 8 colours, as every terminal program does. */
static int to_palette(nn_color c, const target *t)
{
    if (!concrete(c))
        return -1;
    if (c.kind == NN_COLOR_INDEX) {
        int i = (int)c.value;
        if (i < t->colors && i != t->avoid)
            return i;
        if (t->colors == 8 && i < 16 && i % 8 != t->avoid)
            return i % 8;
    }
    return nearest(t);
}

int nn_theme_colors(int terminal_colors, const char *no_color)
{
    if (no_color && no_color[0])
        return 0;
    return terminal_colors >= 256 ? 256 : terminal_colors >= 16 ? 16 : terminal_colors >= 8 ? 8 : 0;
}

static nn_role_attr resolve_role(const nn_theme *t, int r, int colors)
{
    nn_style s = t->style[r];
    nn_role_attr a = {-1, -1, s.attrs};
    /* Without colour, a role the theme coloured takes the attributes
     * designed for that (bold errors, reverse selection, told-apart
     * lines); one it left uncoloured keeps the theme's own. */
    if (colors == 0) {
        if (concrete(s.fg) || concrete(s.bg))
            a.attrs = roles[r].mono;
        return a;
    }
    if (s.bg.kind == NN_COLOR_UNSET && r != NN_ROLE_BACKGROUND)
        s.bg = t->style[NN_ROLE_BACKGROUND].bg;
    target bt = {concrete(s.bg) ? color_rgb(s.bg) : 0, colors, -1, -1, 0};
    int bg = to_palette(s.bg, &bt);
    if (!concrete(s.fg)) {
        a.bg = (short)bg;
        return a;
    }
    /* Two colours the theme wrote differently stay different, and keep
     * most of the contrast the theme gave them. */
    unsigned fg_rgb = color_rgb(s.fg);
    target ft = {fg_rgb, colors, -1, bg, 0};
    if (bg >= 0 && !(s.fg.kind == s.bg.kind && s.fg.value == s.bg.value)) {
        int d = luma(fg_rgb) - luma(color_rgb(s.bg));
        d = d < 0 ? -d : d;
        ft.avoid = bg;
        ft.contrast = (d < 80 ? d : 80) * 3 / 4;
    }
    int fg = to_palette(s.fg, &ft);
    /* With 8 colours a grey becomes black or white: dim keeps a mid grey,
     * or a grey pushed off its background, as faint as the theme meant. */
    if (colors == 8 && is_grey(fg_rgb)) {
        target plain = {fg_rgb, colors, -1, -1, 0};
        int level = luma(fg_rgb);
        if ((level >= 0x40 && level < 0xc0) || fg != nearest(&plain))
            a.attrs |= NN_ATTR_DIM;
    }
    a.fg = (short)fg;
    a.bg = (short)bg;
    return a;
}

void nn_theme_resolve(const nn_theme *t, int colors, nn_theme_attrs *out)
{
    colors = nn_theme_colors(colors, NULL);
    out->colors = colors;
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        out->role[r] = resolve_role(t, r, colors);
}
