/* Whether the workbench can draw on this terminal. A terminal that cannot
 * place the cursor (TERM=dumb, an editor's shell buffer) would show a
 * garbled screen; its user gets batch-style output instead. Apart from
 * tui.c as <term.h> defines names such as `columns` and `lines`. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

#include "tui.h"

int nnwb_tui_usable(char *why, size_t len)
{
    const char *name = getenv("TERM");
    int status = 0;
    if (!name || !*name) {
        snprintf(why, len, "TERM is not set");
        return 0;
    }
    if (setupterm(NULL, STDOUT_FILENO, &status) != OK) {
        snprintf(why, len, "the terminal type TERM=%s is unknown", name);
        return 0;
    }
    const char *cup = tigetstr("cup");
    int usable = cup != NULL && cup != (char *)-1 && !tigetflag("hc");
    if (!usable)
        snprintf(why, len, "the terminal TERM=%s cannot place the cursor", name);
    del_curterm(cur_term);
    return usable;
}
