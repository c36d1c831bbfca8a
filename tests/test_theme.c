/* Themes: every shipped theme loads and sets every colour; broken files
 * are refused with FILE:LINE and what was expected, leaving the caller's
 * theme as it was; colours degrade from 256 to 16, 8 and none the same
 * way every time (expected indices worked out by hand from the xterm
 * palette); NO_COLOR turns colour off; user themes hide installed ones;
 * and the colour-blind theme's training and validation lines stay apart
 * for a simulated deuteranope. */
#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <limits.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "tui/theme.h"

static char tmp[64];
static char shipped_dir[4096];

static const char *const shipped[] = {"colorblind", "default", "high-contrast", "light", "mono"};
enum { SHIPPED = sizeof shipped / sizeof shipped[0] };

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(text, 1, strlen(text), f);
        fclose(f);
    }
}

/* A complete theme: every role `white`, except the background. */
static void write_complete(const char *path)
{
    char text[8192] = "background = white on black\n";
    for (int r = 1; r < NN_ROLE_COUNT; r++) {
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%s = white\n", nn_theme_role_name(r));
    }
    write_file(path, text);
}

/* Parses text as tmp/NAME.theme, with tmp/base.theme (complete) to inherit. */
static int parse(const char *text, nn_theme *out, nn_error *err)
{
    nn_theme_dirs dirs = {.installed = {tmp}};
    return nn_theme_parse(text, strlen(text), "t.theme", &dirs, out, err);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Checks that text is refused with a message starting with `where` and
 * containing `what`. */
static void refused(const char *text, const char *where, const char *what)
{
    nn_theme t;
    nn_error err = {""};
    CHECK(parse(text, &t, &err) == -1);
    if (!starts_with(err.msg, where) || !strstr(err.msg, what))
        printf("#   got \"%s\", expected \"%s...%s...\"\n", err.msg, where, what);
    CHECK(starts_with(err.msg, where));
    CHECK(strstr(err.msg, what) != NULL);
}

/* ---- shipped themes ---- */

static void test_shipped_themes_load_and_set_every_role(void)
{
    for (int i = 0; i < SHIPPED; i++) {
        char path[4200];
        nn_theme t;
        nn_error err = {""};
        snprintf(path, sizeof path, "%s/%s.theme", shipped_dir, shipped[i]);
        /* No dirs: a shipped theme stands alone, without `inherit`. */
        int rc = nn_theme_load_file(path, NULL, &t, &err);
        if (rc != 0)
            printf("#   %s\n", err.msg);
        CHECK(rc == 0);
        CHECK(strcmp(t.name, shipped[i]) == 0);
        CHECK(t.description[0] != '\0');
        for (int r = 0; r < NN_ROLE_COUNT; r++)
            CHECK(t.style[r].fg.kind != NN_COLOR_UNSET);
    }
}

static void test_shipped_themes_are_listed(void)
{
    nn_theme_dirs dirs = {.installed = {shipped_dir}};
    nn_theme_list names;
    nn_error err;
    CHECK(nn_theme_list_dirs(&dirs, &names, &err) == 0);
    CHECK(names.count == SHIPPED);
    for (size_t i = 0; i < names.count && i < SHIPPED; i++) {
        CHECK(strcmp(names.entries[i].name, shipped[i]) == 0);
        CHECK(!names.entries[i].user);
    }
    nn_theme_list_free(&names);
}

static void test_builtin_theme_sets_every_role(void)
{
    nn_theme t;
    nn_theme_builtin(&t); /* aborts if the role table's fallbacks do not parse */
    CHECK(strcmp(t.name, "builtin") == 0);
    for (int r = 0; r < NN_ROLE_COUNT; r++)
        CHECK(t.style[r].fg.kind == NN_COLOR_INDEX && t.style[r].fg.value < 8);
}

static void test_role_names(void)
{
    CHECK(NN_ROLE_COUNT < 64);
    for (int r = 0; r < NN_ROLE_COUNT; r++) {
        CHECK(nn_theme_role_find(nn_theme_role_name(r)) == r);
        CHECK(nn_theme_role_help(r) != NULL && nn_theme_role_help(r)[0]);
    }
    CHECK(nn_theme_role_find("loss_val") == NN_ROLE_LOSS_VAL);
    CHECK(nn_theme_role_find("grad_6") == NN_ROLE_GRAD_6);
    CHECK(nn_theme_role_find("loss") == -1);
}

/* ---- the format ---- */

static void test_values(void)
{
    const char *text =
        "# a comment\n"
        "inherit = base   # the test's complete theme\r\n"
        "   \n"
        "description =  a test theme  \n"
        "text = bright_blue on #10a0Ff bold underline\n"
        "dim=color200 dim\n"
        "border = colour7 on 0   # a trailing comment\n"
        "title = 42 reverse\n"
        "prompt = DEFAULT on default BOLD\n"
        "input = Red";
    nn_theme t;
    nn_error err = {""};
    int rc = parse(text, &t, &err);
    if (rc != 0)
        printf("#   %s\n", err.msg);
    CHECK(rc == 0);
    CHECK(strcmp(t.name, "t") == 0);
    CHECK(strcmp(t.description, "a test theme") == 0);
    nn_style s = t.style[NN_ROLE_TEXT];
    CHECK(s.fg.kind == NN_COLOR_INDEX && s.fg.value == 12);
    CHECK(s.bg.kind == NN_COLOR_RGB && s.bg.value == 0x10a0ff);
    CHECK(s.attrs == (NN_ATTR_BOLD | NN_ATTR_UNDERLINE));
    s = t.style[NN_ROLE_DIM];
    CHECK(s.fg.kind == NN_COLOR_INDEX && s.fg.value == 200 && s.bg.kind == NN_COLOR_UNSET);
    CHECK(s.attrs == NN_ATTR_DIM);
    s = t.style[NN_ROLE_BORDER];
    CHECK(s.fg.value == 7 && s.bg.kind == NN_COLOR_INDEX && s.bg.value == 0 && s.attrs == 0);
    s = t.style[NN_ROLE_TITLE];
    CHECK(s.fg.value == 42 && s.attrs == NN_ATTR_REVERSE);
    s = t.style[NN_ROLE_PROMPT];
    CHECK(s.fg.kind == NN_COLOR_TERMINAL && s.bg.kind == NN_COLOR_TERMINAL && s.attrs == NN_ATTR_BOLD);
    s = t.style[NN_ROLE_INPUT];
    CHECK(s.fg.kind == NN_COLOR_INDEX && s.fg.value == 1);
    /* inherited from base: white on the background */
    s = t.style[NN_ROLE_LOSS_VAL];
    CHECK(s.fg.kind == NN_COLOR_INDEX && s.fg.value == 7 && s.bg.kind == NN_COLOR_UNSET);
}

static void test_errors_name_file_and_line(void)
{
    refused("inherit = base\n\n# comment\nloss_tran = red\n", "t.theme:4: ",
            "unknown key \"loss_tran\" (did you mean \"loss_train\"?)");
    refused("inherit = base\nxyzzy = red\n", "t.theme:2: ", "unknown key \"xyzzy\"");
    refused("inherit = base\nloss_val = #ff00zz\n", "t.theme:2: ",
            "loss_val: bad foreground colour \"#ff00zz\"");
    refused("inherit = base\nloss_val = #ff00\n", "t.theme:2: ", "#rrggbb");
    refused("inherit = base\ntext = color256\n", "t.theme:2: ", "bad foreground colour \"color256\"");
    refused("inherit = base\ntext = reed\n", "t.theme:2: ", "(did you mean \"red\"?)");
    refused("inherit = base\ntext = white on blu\n", "t.theme:2: ",
            "bad background colour \"blu\" (did you mean \"blue\"?)");
    refused("inherit = base\ntext = white on\n", "t.theme:2: ",
            "text: expected a background colour after \"on\"");
    refused("inherit = base\ntext = white bolt\n", "t.theme:2: ",
            "unknown attribute \"bolt\" (did you mean \"bold\"?)");
    refused("inherit = base\ntext = white bold on black\n", "t.theme:2: ",
            "\"on BG\" must come right after the foreground colour");
    refused("inherit = base\ntext = bold\n", "t.theme:2: ", "expected a foreground colour before \"bold\"");
    refused("inherit = base\ntext =\n", "t.theme:2: ", "text: expected a colour");
    refused("inherit = base\n\ntext red\n", "t.theme:3: ", "expected \"key = value\"");
    refused("inherit = base\n = red\n", "t.theme:2: ", "expected a key");
    refused("inherit = base\ntext = red\ndim = red\ntext = blue\n", "t.theme:4: ",
            "text is already set on line 2");
    refused("inherit = base\ninherit = base\n", "t.theme:2: ", "inherit is already set on line 1");
    refused("text = red\ninherit = nosuch\n", "t.theme:2: ", "no theme \"nosuch\" to inherit from");
    refused("inherit = bsae\n", "t.theme:1: ",
            "inherit: no theme \"bsae\" to inherit from (did you mean \"base\"?)");
    refused("inherit = ../etc/passwd\n", "t.theme:1: ", "expected a theme name");
    refused("inherit = base light\n", "t.theme:1: ", "expected one theme name, found \"light\"");
}

static void test_missing_roles_are_named(void)
{
    /* Every role but grad_6: named, at the file's last line. */
    char text[8192] = "";
    for (int r = 0; r < NN_ROLE_COUNT; r++) {
        size_t used = strlen(text);
        if (r != NN_ROLE_GRAD_6)
            snprintf(text + used, sizeof text - used, "%s = white\n", nn_theme_role_name(r));
    }
    char where[32];
    snprintf(where, sizeof where, "t.theme:%d: ", NN_ROLE_COUNT - 1);
    refused(text, where, "not set: grad_6 (");
    /* Only two roles set: the first six missing are listed, then a count. */
    snprintf(where, sizeof where, "and %d more", NN_ROLE_COUNT - 2 - 6);
    refused("text = red\ndim = red\n\n", "t.theme:3: ",
            "not set: background, border, border_focus, title, title_focus, status");
    refused("text = red\ndim = red\n", "t.theme:2: ", where);
    refused("", "t.theme:1: ", "inherit = default");
}

static void test_unterminated_lines(void)
{
    nn_theme_dirs dirs = {.installed = {tmp}};
    nn_theme t;
    nn_error err = {""};
    static const char nul_text[] = "inherit = base\ntext = red\0\n";
    CHECK(nn_theme_parse(nul_text, sizeof nul_text - 1, "t.theme", &dirs, &t, &err) == -1);
    CHECK(strcmp(err.msg, "t.theme:2: not a text file (a NUL byte)") == 0);

    char text[2200] = "inherit = base\ntext = red ";
    memset(text + strlen(text), 'x', 1100);
    refused(text, "t.theme:2: ", "line too long");
    refused("inherit = base\ntext = red bold bold bold bold bold bold bold bold bold bold bold bold "
            "bold bold bold bold\n", "t.theme:2: ", "text: too many words");
    /* A UTF-8 byte-order mark is skipped. */
    CHECK(parse("\xef\xbb\xbfinherit = base\n", &t, &err) == 0);
    /* A last line without a newline is complete. */
    CHECK(parse("inherit = base\ntext = red", &t, &err) == 0);
    CHECK(t.style[NN_ROLE_TEXT].fg.value == 1);
}

static void test_inherit(void)
{
    char a[128], b[128], user[128], userdef[160];
    snprintf(a, sizeof a, "%s/loop_a.theme", tmp);
    snprintf(b, sizeof b, "%s/loop_b.theme", tmp);
    write_file(a, "inherit = loop_b\n");
    write_file(b, "\ninherit = loop_a\n");
    nn_theme_dirs dirs = {.installed = {tmp}};
    nn_theme t;
    nn_error err = {""};
    /* A cycle ends: loop_b cannot inherit loop_a, which is being read. */
    CHECK(nn_theme_load("loop_a", &dirs, &t, &err) == -1);
    CHECK(strstr(err.msg, "loop_a.theme:1: inherit = loop_b: ") != NULL);
    CHECK(strstr(err.msg, "loop_b.theme:2: inherit: \"loop_a\" inherits from this file: a circle") !=
          NULL);
    /* A theme inheriting itself, with nothing of that name elsewhere. */
    write_file(a, "inherit = loop_a\n");
    CHECK(nn_theme_load("loop_a", &dirs, &t, &err) == -1);
    CHECK(strstr(err.msg, "loop_a.theme:1: inherit: \"loop_a\" inherits from this file") != NULL);
    unlink(a);
    unlink(b);

    /* A user's default.theme inheriting the installed default. */
    snprintf(user, sizeof user, "%s/user", tmp);
    mkdir(user, 0700);
    snprintf(userdef, sizeof userdef, "%s/default.theme", user);
    write_file(userdef, "inherit = default\nloss_val = #ff0000 bold\n");
    nn_theme_dirs both = {.user = user, .installed = {shipped_dir}};
    nn_theme shipped_default;
    CHECK(nn_theme_load("default", &both, &t, &err) == 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/default.theme", shipped_dir);
    CHECK(nn_theme_load_file(path, NULL, &shipped_default, &err) == 0);
    CHECK(t.style[NN_ROLE_LOSS_VAL].fg.kind == NN_COLOR_RGB);
    CHECK(t.style[NN_ROLE_LOSS_VAL].fg.value == 0xff0000);
    CHECK(memcmp(&t.style[NN_ROLE_LOSS_TRAIN], &shipped_default.style[NN_ROLE_LOSS_TRAIN],
                 sizeof(nn_style)) == 0);
    unlink(userdef);
    rmdir(user);
}

static void test_broken_file_leaves_theme_untouched(void)
{
    nn_theme current, before;
    nn_error err;
    char path[4200];
    snprintf(path, sizeof path, "%s/default.theme", shipped_dir);
    CHECK(nn_theme_load_file(path, NULL, &current, &err) == 0);
    before = current;
    CHECK(parse("inherit = base\ntext = red\nloss_val = purple\n", &current, &err) == -1);
    CHECK(memcmp(&current, &before, sizeof current) == 0);
    snprintf(path, sizeof path, "%s/missing.theme", tmp);
    CHECK(nn_theme_load_file(path, NULL, &current, &err) == -1);
    CHECK(starts_with(err.msg, path));
    CHECK(nn_theme_load("nosuch", NULL, &current, &err) == -1);
    CHECK(memcmp(&current, &before, sizeof current) == 0);
}

/* ---- resolving for the terminal ---- */

static nn_role_attr resolve_one(const char *line, int colors)
{
    nn_theme t;
    nn_error err = {""};
    char text[256];
    snprintf(text, sizeof text, "inherit = base\n%s\n", line);
    int rc = parse(text, &t, &err);
    if (rc != 0)
        printf("#   %s\n", err.msg);
    CHECK(rc == 0);
    nn_theme_attrs a;
    nn_theme_resolve(&t, colors, &a);
    return a.role[NN_ROLE_LOSS_VAL];
}

#define CHECK_ATTR(line, colors, want_fg, want_bg, want_attrs)                      \
    do {                                                                           \
        nn_role_attr got_ = resolve_one(line, colors);                             \
        if (got_.fg != (want_fg) || got_.bg != (want_bg) || got_.attrs != (want_attrs)) \
            printf("#   \"%s\" at %d colours: %d/%d %u\n", line, colors, got_.fg, got_.bg, \
                   got_.attrs);                                                    \
        CHECK(got_.fg == (want_fg) && got_.bg == (want_bg) && got_.attrs == (want_attrs)); \
    } while (0)

static void test_downgrade(void)
{
    /* base: background = white on black, so every role is on black (0). */
    /* Pure red: cube (5,0,0) = 16 + 5*36 = 196; xterm's bright red is
     * ff0000 exactly (9); of the 8, red (1). */
    CHECK_ATTR("loss_val = #ff0000", 256, 196, 0, 0);
    CHECK_ATTR("loss_val = #ff0000", 16, 9, 0, 0);
    CHECK_ATTR("loss_val = #ff0000", 8, 1, 0, 0);
    CHECK_ATTR("loss_val = #ff0000 bold", 0, -1, -1, NN_ATTR_BOLD); /* loss_val's own: bold */
    /* Mid grey 808080: grey ramp 232 + (128-8)/10 = 244; of the 16, the
     * greys are 0, 7, 8 (7f7f7f), 15: 8; of the 8, black is the background,
     * so white, dimmed as a mid grey. */
    CHECK_ATTR("loss_val = #808080", 256, 244, 0, 0);
    CHECK_ATTR("loss_val = #808080", 16, 8, 0, 0);
    CHECK_ATTR("loss_val = #808080", 8, 7, 0, NN_ATTR_DIM);
    /* Dark grey 236 (303030) on black: nearest grey is black, the
     * background itself, so bright black (16) or dimmed white (8). */
    CHECK_ATTR("loss_val = color236", 256, 236, 0, 0);
    CHECK_ATTR("loss_val = color236", 16, 8, 0, 0);
    CHECK_ATTR("loss_val = color236", 8, 7, 0, NN_ATTR_DIM);
    /* Slate 303a4a is nearly grey (channels within 0x20): it stays grey
     * rather than turning blue, as color236 does above. */
    CHECK_ATTR("loss_val = #303a4a", 16, 8, 0, 0);
    CHECK_ATTR("loss_val = #303a4a", 8, 7, 0, NN_ATTR_DIM);
    /* Two colours written differently never become one: cyan on 00cdcd
     * (xterm's cyan exactly) gives the text bright cyan. */
    CHECK_ATTR("loss_val = cyan on #00cdcd", 16, 14, 6, 0);
    CHECK_ATTR("loss_val = cyan on cyan", 16, 6, 6, 0); /* unless written the same */
    /* Bright colours the theme names stay; with 8 they lose the bright. */
    CHECK_ATTR("loss_val = bright_blue", 256, 12, 0, 0);
    CHECK_ATTR("loss_val = bright_blue", 16, 12, 0, 0);
    CHECK_ATTR("loss_val = bright_blue", 8, 4, 0, 0);
    /* Orange ffaf5f (hue 30, halfway from red to yellow): yellow cdcd00 is
     * nearer in RGB (50,30,95 off) than red cd0000 (50,175,95 off). */
    CHECK_ATTR("loss_val = #ffaf5f", 256, 215, 0, 0);
    CHECK_ATTR("loss_val = #ffaf5f", 16, 3, 0, 0);
    CHECK_ATTR("loss_val = #ffaf5f", 8, 3, 0, 0);
    /* Pastel green 87d787 (hue 120): green, though xterm's yellow cdcd00
     * is nearer in RGB (70,10,135 off, against 135,10,135). */
    CHECK_ATTR("loss_val = #87d787", 16, 2, 0, 0);
    CHECK_ATTR("loss_val = #87d787", 8, 2, 0, 0);
    /* Navy 000080 keeps its hue: blue (0000ee) rather than black. */
    CHECK_ATTR("loss_val = #000080 on white", 16, 4, 7, 0);
    CHECK_ATTR("loss_val = #000080 on white", 8, 4, 7, 0);
    /* A background of its own, and the terminal's default colours. */
    CHECK_ATTR("loss_val = black on #00d7d7", 256, 0, 44, 0);
    CHECK_ATTR("loss_val = black on #00d7d7", 16, 0, 6, 0);
    CHECK_ATTR("loss_val = default on default underline", 256, -1, -1, NN_ATTR_UNDERLINE);
    CHECK_ATTR("loss_val = default on default underline", 0, -1, -1, NN_ATTR_UNDERLINE);
    /* Other depths round down: 88 colours resolve as 16, 2 as none. */
    CHECK_ATTR("loss_val = #ff0000", 88, 9, 0, 0);
    CHECK_ATTR("loss_val = #ff0000", 2, -1, -1, NN_ATTR_BOLD);
}

static void test_downgrade_keeps_contrast(void)
{
    /* Olive afaf00 on white (e5e5e5): xterm's yellows (luma 180 and 226)
     * are too close to white's 229 to read; another hue is taken. */
    nn_role_attr a = resolve_one("loss_val = #afaf00 on white", 16);
    CHECK(a.bg == 7);
    CHECK(a.fg != 3 && a.fg != 11 && a.fg != 7 && a.fg != 15 && a.fg >= 1 && a.fg != 8);
    /* Deterministic: the same answer every time. */
    for (int i = 0; i < 3; i++) {
        nn_role_attr again = resolve_one("loss_val = #afaf00 on white", 16);
        CHECK(again.fg == a.fg && again.bg == a.bg && again.attrs == a.attrs);
    }
}

static void test_no_color(void)
{
    CHECK(nn_theme_colors(256, NULL) == 256);
    CHECK(nn_theme_colors(256, "") == 256); /* set but empty: ignored, says no-color.org */
    CHECK(nn_theme_colors(256, "1") == 0);
    CHECK(nn_theme_colors(16, "0") == 0);   /* any non-empty value */
    CHECK(nn_theme_colors(88, NULL) == 16);
    CHECK(nn_theme_colors(16777216, NULL) == 256);
    CHECK(nn_theme_colors(8, NULL) == 8);
    CHECK(nn_theme_colors(2, NULL) == 0);
    CHECK(nn_theme_colors(0, NULL) == 0);
    CHECK(nn_theme_colors(-1, NULL) == 0);
}

/* Without colour every shipped theme still tells focus, errors, the
 * selection and the chart lines apart. */
static void test_no_color_still_distinguishes(void)
{
    for (int i = 0; i < SHIPPED; i++) {
        char path[4200];
        nn_theme t;
        nn_error err;
        nn_theme_attrs a;
        snprintf(path, sizeof path, "%s/%s.theme", shipped_dir, shipped[i]);
        CHECK(nn_theme_load_file(path, NULL, &t, &err) == 0);
        nn_theme_resolve(&t, 0, &a);
        CHECK(a.colors == 0);
        for (int r = 0; r < NN_ROLE_COUNT; r++)
            CHECK(a.role[r].fg == -1 && a.role[r].bg == -1);
        CHECK(a.role[NN_ROLE_SELECTION].attrs & NN_ATTR_REVERSE);
        CHECK(a.role[NN_ROLE_LOG_ERROR].attrs & NN_ATTR_BOLD);
        CHECK(a.role[NN_ROLE_TITLE_FOCUS].attrs != a.role[NN_ROLE_TITLE].attrs);
        CHECK(a.role[NN_ROLE_BORDER_FOCUS].attrs != a.role[NN_ROLE_BORDER].attrs);
        CHECK(a.role[NN_ROLE_LOSS_TRAIN].attrs != a.role[NN_ROLE_LOSS_VAL].attrs);
        CHECK(a.role[NN_ROLE_LOSS_BATCH].attrs & NN_ATTR_DIM);
        CHECK(a.role[NN_ROLE_STATUS].attrs & NN_ATTR_REVERSE);
        for (int g = NN_ROLE_GRAD_1; g <= NN_ROLE_GRAD_6; g++)
            for (int h = g + 1; h <= NN_ROLE_GRAD_6; h++)
                CHECK(a.role[g].attrs != a.role[h].attrs);
    }
}

/* mono.theme looks the same on a 256-colour terminal as with NO_COLOR. */
static void test_mono_is_the_same_everywhere(void)
{
    char path[4200];
    nn_theme t;
    nn_error err;
    snprintf(path, sizeof path, "%s/mono.theme", shipped_dir);
    CHECK(nn_theme_load_file(path, NULL, &t, &err) == 0);
    nn_theme_attrs colour, none;
    nn_theme_resolve(&t, 256, &colour);
    nn_theme_resolve(&t, 0, &none);
    for (int r = 0; r < NN_ROLE_COUNT; r++) {
        CHECK(colour.role[r].fg == -1 && colour.role[r].bg == -1);
        CHECK(colour.role[r].attrs == none.role[r].attrs);
    }
}

/* ---- discovery ---- */

static void test_user_dir(void)
{
    char *old_xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    char buf[256];
    setenv("XDG_CONFIG_HOME", "/cfg", 1);
    setenv("HOME", "/home/ann", 1);
    CHECK(nn_theme_user_dir(buf, sizeof buf) == 0 && strcmp(buf, "/cfg/nnwb/themes") == 0);
    setenv("XDG_CONFIG_HOME", "relative", 1); /* invalid: ignored */
    CHECK(nn_theme_user_dir(buf, sizeof buf) == 0 && strcmp(buf, "/home/ann/.config/nnwb/themes") == 0);
    unsetenv("XDG_CONFIG_HOME");
    CHECK(nn_theme_user_dir(buf, sizeof buf) == 0 && strcmp(buf, "/home/ann/.config/nnwb/themes") == 0);
    CHECK(nn_theme_user_dir(buf, 10) == -1);
    unsetenv("HOME");
    CHECK(nn_theme_user_dir(buf, sizeof buf) == -1);
    if (old_xdg)
        setenv("XDG_CONFIG_HOME", old_xdg, 1);
    if (old_home)
        setenv("HOME", old_home, 1);
    free(old_xdg);
    free(old_home);
}

static void test_user_theme_overrides_installed(void)
{
    char inst[128], user[128], p[256];
    snprintf(inst, sizeof inst, "%s/inst", tmp);
    snprintf(user, sizeof user, "%s/usr", tmp);
    mkdir(inst, 0700);
    mkdir(user, 0700);
    snprintf(p, sizeof p, "%s/dark.theme", inst);
    write_complete(p);
    snprintf(p, sizeof p, "%s/plain.theme", inst);
    write_complete(p);
    snprintf(p, sizeof p, "%s/README", inst); /* not a theme */
    write_file(p, "x");
    snprintf(p, sizeof p, "%s/.hidden.theme", inst);
    write_complete(p);
    snprintf(p, sizeof p, "%s/dir.theme", inst);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/dark.theme", user);
    write_file(p, "inherit = dark\ntext = bright_green\n");
    snprintf(p, sizeof p, "%s/mine.theme", user);
    write_complete(p);

    nn_theme_dirs dirs = {.user = user, .installed = {NULL, inst, "/nonexistent/themes"}};
    nn_theme_list names;
    nn_error err = {""};
    CHECK(nn_theme_list_dirs(&dirs, &names, &err) == 0);
    CHECK(names.count == 3);
    if (names.count == 3) {
        CHECK(strcmp(names.entries[0].name, "dark") == 0 && names.entries[0].user);
        CHECK(starts_with(names.entries[0].path, user));
        CHECK(strcmp(names.entries[1].name, "mine") == 0 && names.entries[1].user);
        CHECK(strcmp(names.entries[2].name, "plain") == 0 && !names.entries[2].user);
    }
    nn_theme_list_free(&names);

    nn_theme t;
    CHECK(nn_theme_load("dark", &dirs, &t, &err) == 0);
    CHECK(t.style[NN_ROLE_TEXT].fg.value == 10);  /* the user's */
    CHECK(t.style[NN_ROLE_DIM].fg.value == 7);    /* inherited from the installed dark */
    CHECK(nn_theme_load("plain", &dirs, &t, &err) == 0);
    CHECK(nn_theme_load("drak", &dirs, &t, &err) == -1);
    CHECK(strstr(err.msg, "no theme \"drak\" (did you mean \"dark\"?); themes: dark, mine, plain") != NULL);
    CHECK(nn_theme_load("../inst/dark", &dirs, &t, &err) == -1);
    CHECK(strstr(err.msg, "not a theme name") != NULL);
    CHECK(nn_theme_load(".hidden", &dirs, &t, &err) == -1);

    const char *files[] = {"inst/dark.theme", "inst/plain.theme", "inst/README", "inst/.hidden.theme",
                           "usr/dark.theme", "usr/mine.theme"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", tmp, files[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/dir.theme", inst);
    rmdir(p);
    rmdir(inst);
    rmdir(user);
}

/* ---- the colour-blind theme ---- */

/* The test's own xterm palette (16-255) and colour science: sRGB to
 * linear, the Machado, Oliveira & Fernandes (2009) full-severity
 * matrices, and CIELAB (D65) for the difference a person sees. */
static void xterm256(int i, double rgb[3])
{
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    if (i >= 232) {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (i - 232);
        return;
    }
    i -= 16;
    rgb[0] = level[i / 36], rgb[1] = level[i / 6 % 6], rgb[2] = level[i % 6];
}

static double to_linear(double c)
{
    c /= 255;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double lab_f(double t)
{
    return t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116;
}

/* CIELAB of the xterm colour as seen with the given deficiency. */
static void seen(int index, const double m[3][3], double lab[3])
{
    double rgb[3], lin[3], sim[3];
    xterm256(index, rgb);
    for (int k = 0; k < 3; k++)
        lin[k] = to_linear(rgb[k]);
    for (int k = 0; k < 3; k++) {
        sim[k] = m[k][0] * lin[0] + m[k][1] * lin[1] + m[k][2] * lin[2];
        sim[k] = fmin(1, fmax(0, sim[k]));
    }
    double x = (0.4124 * sim[0] + 0.3576 * sim[1] + 0.1805 * sim[2]) / 0.95047;
    double y = 0.2126 * sim[0] + 0.7152 * sim[1] + 0.0722 * sim[2];
    double z = (0.0193 * sim[0] + 0.1192 * sim[1] + 0.9505 * sim[2]) / 1.08883;
    lab[0] = 116 * lab_f(y) - 16;
    lab[1] = 500 * (lab_f(x) - lab_f(y));
    lab[2] = 200 * (lab_f(y) - lab_f(z));
}

static double seen_difference(int a, int b, const double m[3][3])
{
    double la[3], lb[3];
    seen(a, m, la);
    seen(b, m, lb);
    return sqrt(pow(la[0] - lb[0], 2) + pow(la[1] - lb[1], 2) + pow(la[2] - lb[2], 2));
}

static const double deuteranopia[3][3] = {
    {0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}};
static const double protanopia[3][3] = {
    {0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}};

static void test_colorblind_lines_stay_apart(void)
{
    /* The simulation has teeth: a red and a green 50 apart in normal
     * vision (d75f5f, 5faf5f = 167, 71) look alike to a deuteranope. */
    CHECK(seen_difference(167, 71, deuteranopia) < 10);

    char path[4200];
    nn_theme t;
    nn_error err;
    nn_theme_attrs a;
    snprintf(path, sizeof path, "%s/colorblind.theme", shipped_dir);
    CHECK(nn_theme_load_file(path, NULL, &t, &err) == 0);
    nn_theme_resolve(&t, 256, &a);
    int train = a.role[NN_ROLE_LOSS_TRAIN].fg, val = a.role[NN_ROLE_LOSS_VAL].fg;
    CHECK(train >= 16 && val >= 16);
    /* python/numpy with the same formulas: 103.7 (deuteranopia) */
    CHECK(seen_difference(train, val, deuteranopia) > 60);
    CHECK(seen_difference(train, val, protanopia) > 60);
    for (int g = NN_ROLE_GRAD_1; g <= NN_ROLE_GRAD_6; g++)
        for (int h = g + 1; h <= NN_ROLE_GRAD_6; h++) {
            double d = seen_difference(a.role[g].fg, a.role[h].fg, deuteranopia);
            if (d <= 12)
                printf("#   %s and %s: %.1f\n", nn_theme_role_name(g), nn_theme_role_name(h), d);
            CHECK(d > 12);
        }
}

/* A program built in a folder of the source tree (as setup.sh builds, and
 * this test is) finds the tree's themes/ beside it; built elsewhere (make
 * distcheck), it finds none and says so. */
static void test_themes_beside_the_program(void)
{
    char exe[4096], tree[4096], shipped[4096], found[600];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    CHECK(n > 0);
    exe[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    strncat(exe, "/../..", sizeof exe - strlen(exe) - 1);
    bool inside = realpath(exe, tree) && realpath(shipped_dir, shipped) &&
                  strcmp(dirname(shipped), tree) == 0;
    int rc = nn_theme_beside_program(found, sizeof found);
    printf("# built %s the source tree\n", inside ? "inside" : "outside");
    CHECK(rc == (inside ? 0 : -1));
    if (inside) {
        char a[4096], b[4096];
        CHECK(realpath(found, a) && realpath(shipped_dir, b) && strcmp(a, b) == 0);
    }
}

int main(void)
{
    const char *src = getenv("SRCDIR");
    snprintf(shipped_dir, sizeof shipped_dir, "%s/themes", src ? src : ".");
    snprintf(tmp, sizeof tmp, "/tmp/nnwb_theme_XXXXXX");
    if (!mkdtemp(tmp))
        return 1;
    char base[128];
    snprintf(base, sizeof base, "%s/base.theme", tmp);
    write_complete(base);

    TEST(test_shipped_themes_load_and_set_every_role);
    TEST(test_shipped_themes_are_listed);
    TEST(test_builtin_theme_sets_every_role);
    TEST(test_role_names);
    TEST(test_values);
    TEST(test_errors_name_file_and_line);
    TEST(test_missing_roles_are_named);
    TEST(test_unterminated_lines);
    TEST(test_inherit);
    TEST(test_broken_file_leaves_theme_untouched);
    TEST(test_downgrade);
    TEST(test_downgrade_keeps_contrast);
    TEST(test_no_color);
    TEST(test_no_color_still_distinguishes);
    TEST(test_mono_is_the_same_everywhere);
    TEST(test_themes_beside_the_program);
    TEST(test_user_dir);
    TEST(test_user_theme_overrides_installed);
    TEST(test_colorblind_lines_stay_apart);

    unlink(base);
    rmdir(tmp);
    return tap_done();
}
