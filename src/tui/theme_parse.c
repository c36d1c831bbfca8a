/* Theme files: colours and attributes, the KEY = VALUE lines, `inherit`,
 * and loading a theme by path or by name.  The built-in theme is the role
 * table's fallbacks, parsed like any file. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "theme.h"
#include "theme_internal.h"

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

enum { MAX_LINE = 1024, MAX_FILE = 64 * 1024 };

typedef struct parser {
    const char *file;
    int line;
    const nn_theme_dirs *dirs;
    theme_chain *chain;
    nn_error *err;
    nn_theme theme;
    int set_on[NN_ROLE_COUNT]; /* the line that set each role, 0: not set */
    char inherit[NN_THEME_NAME_MAX];
    int inherit_line;
} parser;

static int load_path(const char *path, const nn_theme_dirs *dirs, theme_chain *ch, nn_theme *out,
                     nn_error *err);

/* Fails at the parser's line. */
#define FAIL(p, ...) nn_fail_at((p)->err, (p)->file, (p)->line, __VA_ARGS__)

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
                key, which, word, theme_did_you_mean(hint, sizeof hint, word, color_names, 16));
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
                    key, w[i], theme_did_you_mean(hint, sizeof hint, w[i], attr_names, ATTR_COUNT));
    }
    return 0;
}


static int unknown_key(parser *p, const char *key)
{
    const char *names[NN_ROLE_COUNT + 2];
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        names[r] = nn_theme_role_name(r);
    names[NN_ROLE_COUNT] = "inherit";
    names[NN_ROLE_COUNT + 1] = "description";
    char hint[96];
    return FAIL(p, "unknown key \"%s\"%s", key,
                theme_did_you_mean(hint, sizeof hint, key, names, NN_ROLE_COUNT + 2));
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
        if (!theme_valid_name(value))
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



static int apply_inherit(parser *p)
{
    char path[4096], hint[96];
    if (theme_find_file(p->inherit, p->dirs, p->chain, path, sizeof path) != 0) {
        if (theme_find_file(p->inherit, p->dirs, NULL, path, sizeof path) == 0)
            return FAIL(p, "inherit: \"%s\" inherits from this file: a circle", p->inherit);
        return FAIL(p, "inherit: no theme \"%s\" to inherit from%s", p->inherit,
                    theme_near_name(hint, sizeof hint, p->inherit, p->dirs));
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
                     nn_theme_role_name(r));
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


static int parse_text(const char *text, size_t len, const char *file, const nn_theme_dirs *dirs,
                      theme_chain *ch, nn_theme *out, nn_error *err)
{
    parser state = {.file = file, .dirs = dirs, .chain = ch, .err = err}, *p = &state;
    theme_stem(file, p->theme.name, sizeof p->theme.name);
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
    theme_chain ch = {.n = 0};
    return parse_text(text, len, file, dirs, &ch, out, err);
}

static int load_path(const char *path, const nn_theme_dirs *dirs, theme_chain *ch, nn_theme *out,
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
    if (ch->n == THEME_MAX_INHERIT) {
        fclose(f);
        return nn_fail(err, "%s: inherit goes more than %d themes deep", path, THEME_MAX_INHERIT);
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
    theme_chain ch = {.n = 0};
    return load_path(path, dirs, &ch, out, err);
}

void nn_theme_builtin(nn_theme *out)
{
    char text[NN_ROLE_COUNT * 64] = "", *at = text;
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        at += snprintf(at, sizeof text - (size_t)(at - text), "%s = %s\n", nn_theme_role_name(r),
                       theme_role_fallback(r));
    nn_theme t;
    nn_error err;
    if (nn_theme_parse(text, strlen(text), "builtin", NULL, &t, &err) != 0)
        abort(); /* the table above is wrong: tests/test_theme catches it */
    snprintf(t.description, sizeof t.description, "built in, 8 colours");
    *out = t;
}

int nn_theme_load(const char *name, const nn_theme_dirs *dirs, nn_theme *out, nn_error *err)
{
    char path[4096];
    if (!theme_valid_name(name))
        return nn_fail(err, "\"%.40s\" is not a theme name (letters, digits, '.', '_', '-')", name);
    if (theme_find_file(name, dirs, NULL, path, sizeof path) == 0)
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
    nn_fail(err, "no theme \"%s\"%s; themes: %s", name, theme_did_you_mean(hint, sizeof hint, name, names, n),
            n ? known : "none found");
    nn_theme_list_free(&l);
    return -1;
}
