/* The theme on the screen: one colour pair per role, attributes mapped to
 * ncurses', and nothing but attributes under NO_COLOR or on terminals
 * without colour. */
#include <stdlib.h>

#include "tui_internal.h"

static attr_t curses_attrs(unsigned bits)
{
    return (bits & NN_ATTR_BOLD ? A_BOLD : 0) | (bits & NN_ATTR_DIM ? A_DIM : 0) |
           (bits & NN_ATTR_REVERSE ? A_REVERSE : 0) | (bits & NN_ATTR_UNDERLINE ? A_UNDERLINE : 0);
}

attr_t tui_attr(const tui *t, nn_role role)
{
    attr_t a = curses_attrs(t->attrs.role[role].attrs);
    return t->attrs.colors ? a | COLOR_PAIR(role + 1) : a;
}

static void show_theme(tui *t)
{
    nn_theme_resolve(&t->theme, t->colors, &t->attrs);
    for (int r = 0; t->attrs.colors && r < NN_ROLE_COUNT && r + 1 < COLOR_PAIRS; r++)
        init_pair((short)(r + 1), t->attrs.role[r].fg, t->attrs.role[r].bg);
    bkgd(' ' | tui_attr(t, NN_ROLE_BACKGROUND));
    t->dirty = true;
}

int tui_use_theme(tui *t, const char *name, nn_error *err)
{
    nn_theme next;
    if (nn_theme_load(name, &t->theme_dirs, &next, err) < 0)
        return -1;
    t->theme = next;
    show_theme(t);
    return 0;
}

void tui_colors_init(tui *t, const char *name)
{
    if (has_colors()) {
        start_color();
        if (use_default_colors() == ERR) /* -1 is no colour here: fall back to white on black */
            assume_default_colors(COLOR_WHITE, COLOR_BLACK);
    }
    t->colors = nn_theme_colors(has_colors() ? COLORS : 0, getenv("NO_COLOR"));
    nn_error err;
    if (nn_theme_load(name, &t->theme_dirs, &t->theme, &err) < 0) {
        nn_theme_builtin(&t->theme);
        log_add(&t->log, LOG_WARNING, err.msg);
    }
    show_theme(t);
}
