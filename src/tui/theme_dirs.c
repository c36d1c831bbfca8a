/* Where themes live: the user's directory, the installed ones, and the
 * theme files in them. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session/samples_dir.h"
#include "theme.h"
#include "theme_internal.h"

/* The file's stem: "themes/dark.theme" -> "dark". */
void theme_stem(const char *path, char *out, size_t len)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
        n -= 6;
    snprintf(out, len, "%.*s", (int)n, base);
}

bool theme_valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= NN_THEME_NAME_MAX || s[0] == '.' || s[0] == '-')
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return false;
    return true;
}

/* The first NAME.theme in dirs that is not in the chain; its path in buf. */
int theme_find_file(const char *name, const nn_theme_dirs *dirs, const theme_chain *ch,
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
const char *theme_near_name(char *buf, size_t len, const char *name, const nn_theme_dirs *dirs)
{
    nn_theme_list l;
    const char *names[64];
    size_t n = 0;
    buf[0] = '\0';
    if (nn_theme_list_dirs(dirs, &l, NULL) != 0)
        return buf;
    for (size_t i = 0; i < l.count && n < 64; i++)
        names[n++] = l.entries[i].name;
    theme_did_you_mean(buf, len, name, names, n);
    nn_theme_list_free(&l);
    return buf;
}

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

int nn_theme_beside_program(char *buf, size_t len)
{
    return nn_tree_dir("themes", "default.theme", buf, len);
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
        theme_stem(e->d_name, name, sizeof name);
        if (n - 6 >= sizeof name || !theme_valid_name(name))
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
