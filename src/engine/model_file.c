#include "model_file.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "atomic_file.h"

/* --- writing --- */

typedef struct buffer {
    char *data;
    size_t len, cap;
    bool failed;
} buffer;

static void put(buffer *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = true;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void putf(buffer *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(buffer *b, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line)
        b->failed = true;
    else
        put(b, line, (size_t)n);
}

static void put_floats_le(buffer *b, const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], 4);
        unsigned char le[4] = {u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff, u >> 24};
        put(b, le, 4);
    }
}

int nn_model_save(const nn_model *m, const nn_settings *s, const char *extra, const char *path,
                  nn_error *err)
{
    if (!m->built)
        return nn_fail(err, "save: the model has not been built yet (train it first)");
    for (size_t i = 0; i < m->n_params; i++) /* the reader refuses them */
        if (!isfinite(m->params[i]))
            return nn_fail(err, "save: parameter %zu of %zu is not a finite number (training diverged)",
                           i + 1, m->n_params);
    buffer b = {0};
    putf(&b, "nnwb-model %d\ninput %d\n", NN_MODEL_FORMAT_VERSION, nn_model_input_size(m));
    for (int i = 0; i < m->n_layers; i++) {
        char spec[256];
        nn_layer_spec_format(&m->layers[i].spec, spec, sizeof spec);
        putf(&b, "layer %s\n", spec);
    }
    for (int i = 0; nn_setting_field_at(i); i++) {
        char value[64];
        nn_settings_get(s, nn_setting_field_at(i)->name, value, sizeof value);
        putf(&b, "set %s=%s\n", nn_setting_field_at(i)->name, value);
    }
    size_t extra_len = extra ? strlen(extra) : 0;
    putf(&b, "extra %zu\n", extra_len);
    put(&b, extra ? extra : "", extra_len);
    putf(&b, "\nparams %zu\n", m->n_params);
    put_floats_le(&b, m->params, m->n_params);
    putf(&b, "\n");
    if (!b.failed)
        putf(&b, "crc32 %08" PRIx32 "\n", (uint32_t)crc32_z(0, (const Bytef *)b.data, b.len));
    int rc = b.failed ? nn_fail(err, "%s: out of memory preparing the file", path)
                      : nn_write_file_atomic(path, b.data, b.len, err);
    free(b.data);
    return rc;
}

/* --- reading --- */

typedef struct reader {
    const char *path;
    const char *p, *end;
    int line;
    nn_error *err;
} reader;

/* Fails at the reader's line (a macro, so that the format is checked). */
#define bad(r, ...) nn_fail_at((r)->err, (r)->path, (r)->line, __VA_ARGS__)

/* Copies the next line (without its newline) into out. */
static int next_line(reader *r, char *out, size_t len)
{
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    if (!nl)
        return bad(r, "unexpected end of file");
    size_t n = (size_t)(nl - r->p);
    if (n >= len)
        return bad(r, "line too long");
    memcpy(out, r->p, n);
    out[n] = '\0';
    r->p = nl + 1;
    r->line++;
    return 0;
}

/* The file must end with a crc32 line matching everything before it. */
static int check_crc(const char *path, const char *data, size_t len, nn_error *err)
{
    const char *tail = len >= 15 ? data + len - 15 : NULL;
    unsigned crc;
    if (!tail || strncmp(tail, "crc32 ", 6) != 0 || sscanf(tail + 6, "%8x", &crc) != 1 ||
        tail[14] != '\n')
        return nn_fail(err, "%s: not a complete nnwb model file (truncated or not a model)",
                       path);
    if (crc32_z(0, (const Bytef *)data, len - 15) != crc)
        return nn_fail(err, "%s: checksum mismatch: the file is damaged", path);
    return 0;
}

static int read_header(reader *r, nn_model *m, nn_settings *s, int *input)
{
    char line[600];
    int version;
    if (next_line(r, line, sizeof line) < 0)
        return -1;
    if (sscanf(line, "nnwb-model %d", &version) != 1)
        return bad(r, "not an nnwb model file");
    if (version > NN_MODEL_FORMAT_VERSION)
        return bad(r, "written by a newer nnwb (format %d; this one reads up to %d)", version,
                   NN_MODEL_FORMAT_VERSION);
    if (version < 1)
        return bad(r, "format version %d: nnwb model files start at version 1", version);
    if (next_line(r, line, sizeof line) < 0 || sscanf(line, "input %d", input) != 1 ||
        *input < 1 || *input > NN_MODEL_MAX_INPUT)
        return bad(r, "expected 'input N' with N from 1 to %d", NN_MODEL_MAX_INPUT);
    nn_settings_default(s);
    while (r->p < r->end && strncmp(r->p, "extra ", 6) != 0) {
        nn_error inner;
        if (next_line(r, line, sizeof line) < 0)
            return -1;
        if (strncmp(line, "layer ", 6) == 0) {
            nn_layer_spec spec;
            if (nn_layer_spec_parse(&spec, line + 6, &inner) < 0 ||
                nn_model_add(m, &spec, &inner) < 0)
                return bad(r, "%s", inner.msg);
        } else if (strncmp(line, "set ", 4) == 0) {
            char *eq = strchr(line + 4, '=');
            if (!eq)
                return bad(r, "expected 'set key=value'");
            *eq = '\0';
            if (nn_settings_set(s, line + 4, eq + 1, &inner) < 0)
                return bad(r, "%s", inner.msg);
        } else {
            return bad(r, "unexpected line '%.40s'", line);
        }
    }
    return 0;
}

static int read_extra(reader *r, char **extra)
{
    char line[64];
    size_t n;
    if (next_line(r, line, sizeof line) < 0 || sscanf(line, "extra %zu", &n) != 1 ||
        n > (size_t)(r->end - r->p))
        return bad(r, "expected 'extra N'");
    if (!(*extra = malloc(n + 1)))
        return bad(r, "out of memory");
    memcpy(*extra, r->p, n);
    (*extra)[n] = '\0';
    r->p += n;
    for (size_t i = 0; i < n; i++)
        r->line += (*extra)[i] == '\n';
    return 0;
}

/* The "params N" line, checked against the bytes left and against what
 * the layers need for this input before anything is allocated. */
static int read_param_count(reader *r, const nn_model *m, int input, size_t *n)
{
    char line[64];
    size_t need;
    nn_error inner;
    if (next_line(r, line, sizeof line) < 0 || line[0] != '\0' ||
        next_line(r, line, sizeof line) < 0 || sscanf(line, "params %zu", n) != 1)
        return bad(r, "expected 'params N'");
    if (*n > (size_t)(r->end - r->p) / 4)
        return bad(r, "the parameters are cut short");
    if (nn_model_count_params(m, nn_shape_vector(input), &need, &inner) < 0)
        return bad(r, "%s", inner.msg);
    if (*n != need)
        return bad(r, "the file has %zu parameters but its layers need %zu", *n, need);
    return 0;
}

/* n little-endian float32 into the built model; each must be finite. */
static int read_params(reader *r, nn_model *m, size_t n)
{
    const unsigned char *p = (const unsigned char *)r->p;
    for (size_t i = 0; i < n; i++, p += 4) {
        uint32_t u = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        memcpy(&m->params[i], &u, 4);
        if (!isfinite(m->params[i]))
            return bad(r, "parameter %zu of %zu is not a finite number", i + 1, n);
    }
    return 0;
}

int nn_model_load(const char *path, nn_model **model, nn_settings *s, char **extra,
                  nn_error *err)
{
    char *data;
    size_t len;
    if (nn_read_file(path, &data, &len, err) < 0)
        return -1;
    if (check_crc(path, data, len, err) < 0) {
        free(data);
        return -1;
    }
    reader r = {path, data, data + len - 15, 0, err};
    nn_model *m = nn_model_new();
    nn_settings settings;
    char *text = NULL;
    int input = 0, rc = -1;
    size_t n_params;
    nn_error inner;
    if (!m)
        nn_fail(err, "out of memory");
    else if (read_header(&r, m, &settings, &input) < 0 || read_extra(&r, &text) < 0 ||
             read_param_count(&r, m, input, &n_params) < 0)
        ;
    else if (nn_model_build(m, nn_shape_vector(input), 0, &inner) < 0)
        bad(&r, "%s", inner.msg);
    else if (read_params(&r, m, n_params) == 0)
        rc = 0;
    free(data);
    if (rc < 0) {
        nn_model_free(m);
        free(text);
        return -1;
    }
    *model = m;
    *s = settings;
    *extra = text;
    return 0;
}
