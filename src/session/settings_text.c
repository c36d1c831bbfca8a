/* Settings as `runs` shows them: the core ones, then every other one that
 * is not at its default ("loss=mse optimizer=adam lr=0.001 ..."). */
#include "settings_text.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "engine/c_locale.h"

static bool always_shown(const char *name)
{
    static const char *const names[] = {"loss", "optimizer", "lr", "batch", "epochs"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static bool field_differs(const nn_setting_field *f, const nn_settings *a, const nn_settings *b)
{
    const char *pa = (const char *)a + f->offset, *pb = (const char *)b + f->offset;
    switch (f->type) {
    case NN_FIELD_INT: return *(const int *)pa != *(const int *)pb;
    case NN_FIELD_INT64: return *(const int64_t *)pa != *(const int64_t *)pb;
    case NN_FIELD_FLOAT: return *(const float *)pa != *(const float *)pb;
    case NN_FIELD_NAME:
    case NN_FIELD_TEXT: return strcmp(pa, pb) != 0;
    }
    return false;
}

static int format_field(const nn_setting_field *f, const nn_settings *s, char *buf, size_t len)
{
    const char *p = (const char *)s + f->offset;
    switch (f->type) {
    case NN_FIELD_INT: return snprintf(buf, len, "%s=%d", f->name, *(const int *)p);
    case NN_FIELD_INT64: return snprintf(buf, len, "%s=%lld", f->name, (long long)*(const int64_t *)p);
    case NN_FIELD_FLOAT: return snprintf(buf, len, "%s=%g", f->name, *(const float *)p);
    case NN_FIELD_NAME:
    case NN_FIELD_TEXT: return snprintf(buf, len, "%s=%s", f->name, p);
    }
    return 0;
}

void nn_settings_describe(const nn_settings *s, char *buf, size_t len)
{
    locale_t old = uselocale(nn_c_locale());
    nn_settings def;
    nn_settings_default(&def);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; nn_setting_field_at(i); i++) {
        const nn_setting_field *f = nn_setting_field_at(i);
        if (!always_shown(f->name) && !field_differs(f, s, &def))
            continue;
        char item[96];
        format_field(f, s, item, sizeof item);
        int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", item);
        if (n < 0 || (size_t)n >= len - used)
            break; /* keep whole items only */
        used += (size_t)n;
    }
    buf[used] = '\0';
    uselocale(old);
}

