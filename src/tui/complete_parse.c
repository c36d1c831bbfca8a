/* The command line read as cmdline.c reads it: words, quotes, key=value,
 * ';' between commands and '#' before a comment, up to the cursor. */
#include <ctype.h>
#include <stdlib.h>

#include "complete_internal.h"

size_t complete_read_word(const char *line, int *pos, int end, bool quoted, char *out, int *eq_out,
                        int *eq_at)
{
    int p = *pos;
    size_t n = 0;
    *eq_out = *eq_at = -1;
    for (; p < end; p++) {
        char c = line[p];
        if (quoted) {
            if (c == '"') {
                quoted = false;
                continue;
            }
            if (c == '\\' && p + 1 < end && (line[p + 1] == '"' || line[p + 1] == '\\'))
                c = line[++p];
        } else if (isspace((unsigned char)c) || c == ';') {
            break;
        } else if (c == '"') {
            quoted = true;
            continue;
        } else if (c == '=' && *eq_out < 0 && n > 0) {
            *eq_out = (int)n;
            *eq_at = p;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    *pos = p;
    return n;
}

int complete_is_quoted(const char *line, int index)
{
    int quoted = 0;
    for (int p = 0; p < index && line[p]; p++) {
        if (quoted && line[p] == '\\' && (line[p + 1] == '"' || line[p + 1] == '\\'))
            p++;
        else if (line[p] == '"')
            quoted = !quoted;
    }
    return quoted;
}

int complete_parse(const char *line, int end, parsed *ps)
{
    *ps = (parsed){0};
    ps->buf = malloc(2 * (size_t)end + 2); /* every word and its NUL */
    ps->w = malloc(((size_t)end / 2 + 2) * sizeof *ps->w);
    if (!ps->buf || !ps->w)
        return -1;
    size_t used = 0;
    for (int p = 0;;) {
        while (p < end && isspace((unsigned char)line[p]))
            p++;
        if (p < end && line[p] == ';') { /* a new command */
            ps->n = 0;
            p++;
            continue;
        }
        if (p < end && line[p] == '#') {
            ps->comment = true;
            return 0;
        }
        int start = p, eq, eq_at;
        char *out = ps->buf + used;
        used += complete_read_word(line, &p, end, false, out, &eq, &eq_at) + 1;
        if (p >= end) {
            ps->cur_start = start;
            ps->cur = out;
            ps->cur_eq = ps->n > 0 ? eq : -1; /* the command word is never key=value */
            ps->cur_eq_at = ps->n > 0 ? eq_at : -1;
            return 0;
        }
        word w = {NULL, out};
        if (eq >= 0 && ps->n > 0) {
            out[eq] = '\0';
            w = (word){out, out + eq + 1};
        }
        ps->w[ps->n++] = w;
    }
}

void parsed_free(parsed *ps)
{
    free(ps->buf);
    free(ps->w);
}
