/* The fitted recipe as JSON, for whoever prepares the features of an
 * exported model in another language when the ONNX graph does not carry
 * the preparation (lags and windows, calendar parts, integer codes,
 * clips, smoothing).  See recipe.h for what each field means. */
#include <math.h>
#include <stdio.h>

#include "recipe.h"
#include "recipe_internal.h"

static const char *const kinds[] = {"value", "boolean", "onehot", "ordinal", "lag", "weekday", "month", "codes"};

static void string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* A number; NaN (nothing fills it) as null, which JSON has for it. */
static void number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.17g", v);
    else
        fputs("null", f);
}

static void strings(FILE *f, const char *const *v, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        string(f, v[i]);
    }
    fputc(']', f);
}

static void source(FILE *f, const nn_fit *fit, const fit_source *s)
{
    fputs("    {\"kind\": ", f);
    string(f, kinds[s->kind]);
    fputs(", \"column\": ", f);
    string(f, s->column);
    if (s->kind == SRC_LAG)
        fprintf(f, ", \"lag\": %d, \"as\": \"%s\"", s->lag, nn_window_as_name(s->as));
    fputs(", \"fill\": ", f);
    number(f, s->fill);
    fputs(", \"levels\": ", f);
    strings(f, (const char *const *)s->levels, s->nlevels);
    fputs(",\n     \"features\": [", f);
    for (size_t j = s->first; j < s->first + s->count; j++) {
        fputs(j > s->first ? ", {\"name\": " : "{\"name\": ", f);
        string(f, fit->names[j]);
        fputs(", \"center\": ", f);
        number(f, fit->center[j]);
        fputs(", \"scale\": ", f);
        number(f, fit->scale[j]);
        fputc('}', f);
    }
    fputs("]}", f);
}

static void clips(FILE *f, const nn_fit *fit)
{
    fputs("  \"clips\": [", f);
    for (size_t i = 0; i < fit->nclips; i++) {
        fputs(i ? ", {\"column\": " : "{\"column\": ", f);
        string(f, fit->clips[i].column);
        fputs(", \"lo\": ", f);
        number(f, fit->clips[i].lo);
        fputs(", \"hi\": ", f);
        number(f, fit->clips[i].hi);
        fputc('}', f);
    }
    fputs("],\n", f);
}

static void targets(FILE *f, const nn_fit *fit)
{
    fputs("  \"task\": ", f);
    string(f, nn_task_name(fit->task));
    fputs(",\n  \"targets\": [", f);
    for (size_t j = 0; j < fit->ny && fit->task == NN_TASK_REGRESSION; j++) {
        fputs(j ? ", {\"center\": " : "{\"center\": ", f);
        number(f, fit->y_center[j]);
        fputs(", \"scale\": ", f);
        number(f, fit->y_scale[j]);
        fputc('}', f);
    }
    fputs("],\n  \"classes\": ", f);
    strings(f, (const char *const *)fit->classes, fit->nclasses);
    fputs(",\n", f);
}

char *nn_recipe_json(const nn_recipe *r)
{
    const nn_fit *fit = r->fit;
    text_builder b;
    FILE *f = fit ? text_open(&b) : NULL;
    if (!f)
        return NULL;
    fputs("{\n  \"format\": \"nnwb-recipe-json 1\",\n  \"steps\": ", f);
    strings(f, (const char *const *)r->texts, r->nsteps);
    fputs(",\n", f);
    targets(f, fit);
    clips(f, fit);
    fputs("  \"sources\": [\n", f);
    for (size_t i = 0; i < fit->nsources; i++) {
        source(f, fit, &fit->sources[i]);
        fputs(i + 1 < fit->nsources ? ",\n" : "\n", f);
    }
    fputs("  ]\n}\n", f);
    return text_close(&b);
}
