/* Colour themes as data, the way htop and btop do it: a fixed table of
 * the colour roles the screen uses, and text files that give each role a
 * colour.  This file knows nothing of ncurses; the TUI maps the resolved
 * colours to init_pair and the NN_ATTR_* bits to A_* itself.
 *
 * A theme file (themes/NAME.theme) is one `key = value` per line; blank
 * lines and lines starting with `#` are ignored:
 *
 *     # my theme: the default, with a black background
 *     inherit = default
 *     description = dark, on pure black
 *     background = color252 on black
 *     loss_val = #ffaf5f bold        # a `#` after the colours starts a comment
 *
 * The value is `FG [on BG] [bold] [dim] [reverse] [underline]`.  A colour
 * is `default` (the terminal's own), a name (black red green yellow blue
 * magenta cyan white, and bright_ before each), `colorN` or a number
 * 0-255 (the xterm palette), or `#rrggbb`.  Without `on BG` a role is drawn
 * on the background role's background.  Every role must be set, either in
 * the file or by the theme named in `inherit` (looked up like any theme,
 * skipping the inheriting file itself, so a user's `default.theme` may
 * start with `inherit = default` and change one line).
 *
 * Loading parses into the caller's new struct and writes it only on
 * success: a broken file is refused with "FILE:LINE: what was expected"
 * and the theme in use is untouched.
 *
 * Resolving turns a theme into concrete colours for what the terminal can
 * show: 256 colours, 16, 8 or none.  Fewer colours pick the nearest one
 * of the same kind (greys stay grey, hues keep their hue), never the
 * role's own background; with none, only attributes (bold, dim, reverse,
 * underline) remain: a role the theme coloured takes the monochrome
 * attributes built into the role table, so focus, errors, the selection
 * and the chart lines still stand out, and a role the theme left
 * uncoloured (as in mono.theme) keeps the theme's own. */
#ifndef NN_THEME_H
#define NN_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/error.h"

/* The roles, in the order of the table in theme.c (which gives each its
 * name, built-in 8-colour fallback, monochrome attributes and help). */
typedef enum nn_role {
    /* every pane */
    NN_ROLE_BACKGROUND,     /* blank areas; its BG is every role's default BG */
    NN_ROLE_TEXT,
    NN_ROLE_DIM,            /* secondary text, hints, units */
    NN_ROLE_BORDER,
    NN_ROLE_BORDER_FOCUS,   /* the focused (or zoomed) pane's frame */
    NN_ROLE_TITLE,
    NN_ROLE_TITLE_FOCUS,
    /* status line */
    NN_ROLE_STATUS,
    NN_ROLE_STATUS_KEY,     /* labels: "epoch", "lr", "ETA" */
    NN_ROLE_STATUS_VALUE,   /* their figures */
    NN_ROLE_STATE_IDLE,
    NN_ROLE_STATE_TRAINING,
    NN_ROLE_STATE_PAUSED,
    NN_ROLE_STATE_STOPPED,
    NN_ROLE_STATE_FINISHED,
    NN_ROLE_PROGRESS_DONE,
    NN_ROLE_PROGRESS_TODO,
    /* prompt */
    NN_ROLE_PROMPT,
    NN_ROLE_INPUT,
    NN_ROLE_COMPLETION,     /* the completion candidates */
    NN_ROLE_SELECTION,      /* the highlighted row of a list */
    /* log */
    NN_ROLE_LOG_COMMAND,    /* the echo of a typed command */
    NN_ROLE_LOG_ERROR,
    NN_ROLE_LOG_WARNING,
    NN_ROLE_LOG_NOTE,
    /* warnings pane */
    NN_ROLE_WARNING,
    NN_ROLE_WARNING_REMEDY, /* the command the user can type */
    /* charts */
    NN_ROLE_CHART_AXIS,
    NN_ROLE_CHART_LABEL,
    NN_ROLE_CHART_GRID,
    NN_ROLE_CHART_BAR,      /* the column chart of `plot` */
    NN_ROLE_LOSS_TRAIN,
    NN_ROLE_LOSS_VAL,
    NN_ROLE_LOSS_TRAIN_RAW, /* the unsmoothed lines when smoothing is on */
    NN_ROLE_LOSS_VAL_RAW,
    NN_ROLE_LOSS_BATCH,     /* the faint per-batch trace */
    NN_ROLE_LOSS_BEST,      /* the best epoch's marker */
    NN_ROLE_LOSS_PREVIOUS,  /* the previous run, overlaid */
    NN_ROLE_LOSS_MARKER,    /* a hyperparameter changed here */
    NN_ROLE_GRAD_1,         /* per-layer lines, layer k uses grad_((k-1)%6+1) */
    NN_ROLE_GRAD_2,
    NN_ROLE_GRAD_3,
    NN_ROLE_GRAD_4,
    NN_ROLE_GRAD_5,
    NN_ROLE_GRAD_6,
    NN_ROLE_GRAD_LIMIT,     /* the vanishing/exploding threshold lines */
    /* data and model panes */
    NN_ROLE_TABLE_HEADER,
    NN_ROLE_TABLE_MISSING,  /* missing-value counts, refused columns */
    NN_ROLE_SCROLLBAR,
    /* footer */
    NN_ROLE_FOOTER,
    NN_ROLE_FOOTER_KEY,
    NN_ROLE_COUNT
} nn_role;

/* Attribute bits; the TUI maps them to A_BOLD, A_DIM, A_REVERSE, A_UNDERLINE. */
enum {
    NN_ATTR_BOLD = 1 << 0,
    NN_ATTR_DIM = 1 << 1,
    NN_ATTR_REVERSE = 1 << 2,
    NN_ATTR_UNDERLINE = 1 << 3,
};

/* A colour as the theme wrote it. */
typedef enum nn_color_kind {
    NN_COLOR_UNSET,    /* `on BG` not given: the background role's BG */
    NN_COLOR_TERMINAL, /* `default`: the terminal's own colour */
    NN_COLOR_INDEX,    /* 0-255 in the xterm palette */
    NN_COLOR_RGB,      /* #rrggbb, as 0xrrggbb */
} nn_color_kind;

typedef struct nn_color {
    nn_color_kind kind;
    unsigned value;
} nn_color;

typedef struct nn_style {
    nn_color fg, bg;
    unsigned attrs; /* NN_ATTR_* */
} nn_style;

#define NN_THEME_NAME_MAX 64

typedef struct nn_theme {
    char name[NN_THEME_NAME_MAX]; /* the file's stem */
    char description[160];        /* `description = ...`, or "" */
    nn_style style[NN_ROLE_COUNT];
} nn_theme;

/* Where themes live.  `theme NAME` looks in the user's directory first,
 * then in the installed ones in order; the first NAME.theme found wins. */
#define NN_THEME_MAX_DIRS 4
typedef struct nn_theme_dirs {
    const char *user;                          /* NULL: none */
    const char *installed[NN_THEME_MAX_DIRS];  /* NULL entries are skipped */
} nn_theme_dirs;

/* ---- roles ---- */
const char *nn_theme_role_name(nn_role r);     /* "loss_val" */
const char *nn_theme_role_help(nn_role r);     /* one line, for `help theme` */
int nn_theme_role_find(const char *name);      /* the role, or -1 */

/* ---- loading: *out is written only on success ---- */

/* A theme compiled in, in 8 colours: for when no theme file can be read. */
void nn_theme_builtin(nn_theme *out);
/* The text of a theme file; `file` names it in messages and gives the
 * theme its name.  dirs (may be NULL) are where `inherit` looks. */
int nn_theme_parse(const char *text, size_t len, const char *file,
                   const nn_theme_dirs *dirs, nn_theme *out, nn_error *err);
int nn_theme_load_file(const char *path, const nn_theme_dirs *dirs, nn_theme *out,
                       nn_error *err);
/* By name, searched in dirs; an unknown name gets a "did you mean". */
int nn_theme_load(const char *name, const nn_theme_dirs *dirs, nn_theme *out, nn_error *err);

/* ---- discovery ---- */

/* $XDG_CONFIG_HOME/nnwb/themes, or ~/.config/nnwb/themes; -1 if neither
 * XDG_CONFIG_HOME (absolute) nor HOME is set, or buf is too small. */
int nn_theme_user_dir(char *buf, size_t len);
/* The source tree's themes/ seen from a program built inside it (the
 * executable in BUILD/src/, BUILD a folder of the tree, as setup.sh
 * builds), so an uninstalled nnwb finds its themes without a path baked
 * in; -1 when that folder holds no default.theme. */
int nn_theme_beside_program(char *buf, size_t len);

typedef struct nn_theme_entry {
    char name[NN_THEME_NAME_MAX];
    char *path;
    bool user; /* from the user's directory */
} nn_theme_entry;

typedef struct nn_theme_list {
    nn_theme_entry *entries; /* sorted by name, each name once */
    size_t count;
} nn_theme_list;

/* Every NAME.theme in dirs; a user theme hides an installed one of the
 * same name.  Missing directories are empty.  -1 only when out of memory. */
int nn_theme_list_dirs(const nn_theme_dirs *dirs, nn_theme_list *out, nn_error *err);
void nn_theme_list_free(nn_theme_list *list);

/* ---- rendering ---- */

/* How many colours to use: 0 when NO_COLOR is set to anything non-empty
 * (pass getenv("NO_COLOR")) or the terminal has fewer than 8 (pass
 * has_colors() ? COLORS : 0), else 256, 16 or 8. */
int nn_theme_colors(int terminal_colors, const char *no_color);

/* One role, ready for the screen: colours for init_pair (-1: the
 * terminal's default, for use_default_colors) and attribute bits. */
typedef struct nn_role_attr {
    short fg, bg;
    unsigned attrs;
} nn_role_attr;

typedef struct nn_theme_attrs {
    int colors;                      /* what it was resolved for; 0: no colour pairs */
    nn_role_attr role[NN_ROLE_COUNT]; /* pair number role + 1 is the TUI's to choose */
} nn_theme_attrs;

/* colors: as from nn_theme_colors (other values are rounded down to one
 * of 256, 16, 8, 0).  Deterministic: the same theme and depth give the
 * same attributes on every machine. */
void nn_theme_resolve(const nn_theme *t, int colors, nn_theme_attrs *out);

/* The RGB (0xrrggbb) of colour `index` of xterm's 256-colour palette. */
unsigned nn_theme_xterm_rgb(unsigned index);

#endif
