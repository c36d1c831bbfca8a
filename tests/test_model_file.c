/* Model files: a save/load round trip keeps predictions, layers, settings
 * and the extra text; damaged, truncated and newer files are refused
 * without touching the caller's objects; saving is atomic (no temporary
 * left behind) and fails cleanly into a missing directory. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "engine/model_file.h"
#include "tap.h"

static char dir[64];

static void path_in_dir(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

/* Names in the test directory, sorted into one space-separated string. */
static void list_dir(char *buf, size_t len)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
            strncat(buf, buf[0] ? " " : "", len - strlen(buf) - 1);
            strncat(buf, names[i]->d_name, len - strlen(buf) - 1);
        }
        free(names[i]);
    }
    free(names);
}

static void empty_dir(void)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, NULL);
    for (int i = 0; i < n; i++) {
        char p[400];
        path_in_dir(p, sizeof p, names[i]->d_name);
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0)
            unlink(p);
        free(names[i]);
    }
    free(names);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc(*len + 1);
    CHECK(fread(data, 1, *len, f) == *len);
    fclose(f);
    data[*len] = '\0';
    return data;
}

static void write_all(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fwrite(data, 1, len, f) == len);
        fclose(f);
    }
}

/* --- a model worth saving --- */

static const char *const LAYERS[] = {"dense units=5 act=relu init=he", "dropout rate=0.25",
                                     "dense units=3 act=softmax init=glorot"};
#define N_LAYERS 3
#define INPUTS 4
static const char EXTRA[] = "csv data.csv\nscale x1 0 1\ncrc32 00000000\nlast line";

static nn_model *sample_model(uint64_t seed)
{
    nn_model *m = nn_model_new();
    nn_error err;
    for (int i = 0; i < N_LAYERS; i++) {
        nn_layer_spec spec;
        CHECK(nn_layer_spec_parse(&spec, LAYERS[i], &err) == 0);
        CHECK(nn_model_add(m, &spec, &err) == 0);
    }
    CHECK(nn_model_build(m, nn_shape_vector(INPUTS), seed, &err) == 0);
    /* make the biases non-zero too, so every parameter is checked */
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] += 0.001f * (float)i;
    return m;
}

static nn_settings sample_settings(void)
{
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    nn_settings_set(&s, "loss", "cce", &err);
    nn_settings_set(&s, "optimizer", "rmsprop", &err);
    nn_settings_set(&s, "lr", "0.0123", &err);
    nn_settings_set(&s, "batch", "17", &err);
    nn_settings_set(&s, "seed", "987654321", &err);
    nn_settings_set(&s, "class_weight", "yes:5,no:1", &err);
    nn_settings_set(&s, "schedule", "cosine", &err);
    nn_settings_set(&s, "warmup", "2.5", &err);
    nn_settings_set(&s, "l2", "0.0001", &err);
    return s;
}

static float INPUT[6 * INPUTS];

static void predictions(nn_model *m, float *out)
{
    nn_error err;
    CHECK(nn_model_predict(m, INPUT, 6, out, &err) == 0);
}

/* Saves the sample model to `name`; returns the path in a static buffer. */
static const char *save_sample(const char *name)
{
    static char path[400];
    path_in_dir(path, sizeof path, name);
    nn_model *m = sample_model(5);
    nn_settings s = sample_settings();
    nn_error err;
    int rc = nn_model_save(m, &s, EXTRA, path, &err);
    if (rc != 0)
        printf("#   save: %s\n", err.msg);
    CHECK(rc == 0);
    nn_model_free(m);
    return path;
}

/* --- round trip --- */

static void save_then_load_gives_the_same_model(void)
{
    char path[400];
    path_in_dir(path, sizeof path, "model.nnwb");
    nn_model *m = sample_model(5);
    nn_settings s = sample_settings();
    nn_error err;
    CHECK(nn_model_save(m, &s, EXTRA, path, &err) == 0);

    nn_model *back = NULL;
    nn_settings sb;
    char *extra = NULL;
    int rc = nn_model_load(path, &back, &sb, &extra, &err);
    if (rc != 0)
        printf("#   load: %s\n", err.msg);
    CHECK(rc == 0);
    if (rc == 0) {
        float a[6 * 3], b[6 * 3];
        predictions(m, a);
        predictions(back, b);
        CHECK(memcmp(a, b, sizeof a) == 0);
        CHECK(back->n_params == m->n_params);
        CHECK(memcmp(back->params, m->params, m->n_params * sizeof(float)) == 0);
        CHECK(nn_model_input_size(back) == INPUTS);
        CHECK(back->n_layers == N_LAYERS);
        for (int i = 0; i < N_LAYERS && i < back->n_layers; i++) {
            char fa[256], fb[256];
            nn_layer_spec_format(&m->layers[i].spec, fa, sizeof fa);
            nn_layer_spec_format(&back->layers[i].spec, fb, sizeof fb);
            CHECK(strcmp(fa, fb) == 0);
            CHECK(strcmp(fb, LAYERS[i]) == 0); /* what was asked for, option by option */
        }
        for (int i = 0; nn_setting_field_at(i); i++) {
            const char *key = nn_setting_field_at(i)->name;
            char va[64], vb[64];
            nn_settings_get(&s, key, va, sizeof va);
            nn_settings_get(&sb, key, vb, sizeof vb);
            CHECK(strcmp(va, vb) == 0);
        }
        CHECK(sb.lr == 0.0123f && sb.batch == 17 && sb.seed == 987654321);
        CHECK(strcmp(sb.class_weight, "yes:5,no:1") == 0); /* saved with the settings */
        CHECK(strcmp(sb.optimizer, "rmsprop") == 0 && strcmp(sb.schedule, "cosine") == 0);
        CHECK(extra && strcmp(extra, EXTRA) == 0);
    }
    free(extra);
    nn_model_free(back);
    nn_model_free(m);
    empty_dir();
}

static void no_extra_loads_as_empty_text(void)
{
    char path[400];
    path_in_dir(path, sizeof path, "plain.nnwb");
    nn_model *m = sample_model(1);
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    CHECK(nn_model_save(m, &s, NULL, path, &err) == 0);
    nn_model *back = NULL;
    char *extra = NULL;
    CHECK(nn_model_load(path, &back, &s, &extra, &err) == 0);
    CHECK(extra && extra[0] == '\0');
    free(extra);
    nn_model_free(back);
    nn_model_free(m);
    empty_dir();
}

/* --- refusals --- */

/* Loading must fail with `word` in the message and leave the caller's
 * model pointer, settings and extra pointer exactly as they were. */
static void check_load_refused(const char *path, const char *word)
{
    nn_model *sentinel_model = (nn_model *)&sentinel_model, *m = sentinel_model;
    char sentinel_extra[1] = "", *extra = sentinel_extra;
    nn_settings s, before;
    memset(&s, 0xA5, sizeof s);
    memcpy(&before, &s, sizeof s);
    nn_error err = {{0}};
    int rc = nn_model_load(path, &m, &s, &extra, &err);
    CHECK(rc == -1);
    CHECK(m == sentinel_model);
    CHECK(extra == sentinel_extra);
    CHECK(memcmp(&s, &before, sizeof s) == 0);
    CHECK(err.msg[0] != '\0');
    if (word)
        CHECK(strstr(err.msg, word) != NULL);
    if (rc != -1 || (word && !strstr(err.msg, word)))
        printf("#   load gave %d: '%s' (wanted '%s')\n", rc, err.msg, word ? word : "");
}

static void flipped_weight_byte_fails_the_checksum(void)
{
    const char *path = save_sample("model.nnwb");
    size_t len;
    char *data = read_all(path, &len);
    char *params = data ? strstr(data, "\nparams ") : NULL;
    CHECK(params != NULL);
    if (params) {
        char *first = strchr(params + 1, '\n') + 1; /* first byte of the floats */
        first[5] ^= 0x10;
        write_all(path, data, len);
        check_load_refused(path, "checksum");
    }
    free(data);
    empty_dir();
}

static void truncated_files_are_refused(void)
{
    const char *path = save_sample("model.nnwb");
    char cut[400];
    path_in_dir(cut, sizeof cut, "cut.nnwb");
    size_t len;
    char *data = read_all(path, &len);
    /* every proper prefix, from empty to one byte short */
    for (size_t n = 0; data && n < len; n++) {
        write_all(cut, data, n);
        int before = tap_case_failures;
        check_load_refused(cut, NULL);
        if (tap_case_failures != before) {
            printf("#   a file cut to %zu of %zu bytes was not refused cleanly\n", n, len);
            break;
        }
    }
    free(data);
    empty_dir();
}

/* Rewrites the version line and recomputes the checksum, so only the
 * version is wrong. */
static void rewrite_version(const char *path, const char *version_line)
{
    size_t len;
    char *data = read_all(path, &len);
    if (!data)
        return;
    const char *body = strchr(data, '\n') + 1;
    size_t body_len = len - (size_t)(body - data) - 15; /* without "crc32 xxxxxxxx\n" */
    size_t vlen = strlen(version_line);
    char *out = malloc(vlen + body_len + 16);
    memcpy(out, version_line, vlen);
    memcpy(out + vlen, body, body_len);
    size_t n = vlen + body_len;
    n += (size_t)snprintf(out + n, 16, "crc32 %08x\n", (unsigned)crc32_z(0, (const Bytef *)out, n));
    write_all(path, out, n);
    free(out);
    free(data);
}

static void newer_version_is_refused(void)
{
    const char *path = save_sample("model.nnwb");
    /* the rewrite itself is sound: the same version with a fresh CRC loads */
    rewrite_version(path, "nnwb-model 1\n");
    nn_model *m = NULL;
    nn_settings s;
    char *extra = NULL;
    nn_error err;
    CHECK(nn_model_load(path, &m, &s, &extra, &err) == 0);
    nn_model_free(m);
    free(extra);
    rewrite_version(path, "nnwb-model 2\n");
    check_load_refused(path, "newer");
    empty_dir();
}

static void other_damage_is_refused(void)
{
    char path[400];
    path_in_dir(path, sizeof path, "junk.nnwb");
    write_all(path, "hello\n", 6);
    check_load_refused(path, NULL);
    path_in_dir(path, sizeof path, "missing.nnwb");
    check_load_refused(path, "missing.nnwb");
    const char *saved = save_sample("model.nnwb");
    rewrite_version(saved, "not-a-model 1\n");
    check_load_refused(saved, NULL);
    empty_dir();
}

/* nn_fail_at, which every "PATH:LINE: message" fault goes through. */
static void faults_name_their_file_and_line(void)
{
    nn_error err;
    CHECK(nn_fail_at(&err, "t.nnw", 7L, "found '%s'", "x") == -1);
    CHECK(strcmp(err.msg, "t.nnw:7: found 'x'") == 0);
    CHECK(nn_fail_at(NULL, "t.nnw", 7L, "no buffer") == -1);
    const char *path = save_sample("model.nnwb");
    rewrite_version(path, "not-a-model 1\n"); /* a sound checksum: the header is read */
    char want[480];
    nn_model *m = NULL;
    nn_settings s;
    char *extra = NULL;
    CHECK(nn_model_load(path, &m, &s, &extra, &err) == -1);
    snprintf(want, sizeof want, "%s:1: not an nnwb model file", path);
    CHECK(strcmp(err.msg, want) == 0);
    if (strcmp(err.msg, want) != 0)
        printf("#   got '%s'\n", err.msg);
    empty_dir();
}

/* --- saving --- */

static void saving_over_a_file_leaves_no_temporary(void)
{
    char path[400], names[512];
    path_in_dir(path, sizeof path, "model.nnwb");
    nn_model *a = sample_model(1), *b = sample_model(2);
    nn_settings s;
    nn_settings_default(&s);
    nn_error err;
    CHECK(nn_model_save(a, &s, "first", path, &err) == 0);
    CHECK(nn_model_save(b, &s, "second", path, &err) == 0);
    list_dir(names, sizeof names);
    CHECK(strcmp(names, "model.nnwb") == 0);
    if (strcmp(names, "model.nnwb") != 0)
        printf("#   directory holds: %s\n", names);
    /* and the file is the second model */
    nn_model *back = NULL;
    char *extra = NULL;
    CHECK(nn_model_load(path, &back, &s, &extra, &err) == 0);
    CHECK(extra && strcmp(extra, "second") == 0);
    CHECK(back && memcmp(back->params, b->params, b->n_params * sizeof(float)) == 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    free(extra);
    nn_model_free(back);
    nn_model_free(a);
    nn_model_free(b);
    empty_dir();
}

static void saving_into_a_missing_directory_fails(void)
{
    char path[400], missing[300], names[512];
    path_in_dir(missing, sizeof missing, "no_such_dir");
    snprintf(path, sizeof path, "%s/model.nnwb", missing);
    nn_model *m = sample_model(1);
    nn_settings s;
    nn_settings_default(&s);
    nn_error err = {{0}};
    CHECK(nn_model_save(m, &s, NULL, path, &err) == -1);
    CHECK(strstr(err.msg, "model.nnwb") != NULL);
    printf("#   %s\n", err.msg);
    struct stat st;
    CHECK(stat(missing, &st) == -1);
    list_dir(names, sizeof names);
    CHECK(names[0] == '\0');
    nn_model_free(m);
    empty_dir();
}

/* The temporary file is written, but it cannot be renamed over a
 * directory: the save fails and the temporary is removed. */
static void failed_replace_leaves_no_temporary(void)
{
    char path[400], names[512];
    path_in_dir(path, sizeof path, "taken");
    CHECK(mkdir(path, 0755) == 0);
    nn_model *m = sample_model(1);
    nn_settings s;
    nn_settings_default(&s);
    nn_error err = {{0}};
    CHECK(nn_model_save(m, &s, NULL, path, &err) == -1);
    CHECK(strstr(err.msg, "taken") != NULL);
    printf("#   %s\n", err.msg);
    list_dir(names, sizeof names);
    CHECK(strcmp(names, "taken") == 0);
    if (strcmp(names, "taken") != 0)
        printf("#   directory holds: %s\n", names);
    rmdir(path);
    nn_model_free(m);
    empty_dir();
}

static void unbuilt_model_is_not_saved(void)
{
    char path[400], names[512];
    path_in_dir(path, sizeof path, "model.nnwb");
    nn_model *m = nn_model_new();
    nn_layer_spec spec;
    nn_error err = {{0}};
    nn_layer_spec_parse(&spec, "dense units=2", &err);
    nn_model_add(m, &spec, &err);
    nn_settings s;
    nn_settings_default(&s);
    CHECK(nn_model_save(m, &s, NULL, path, &err) == -1);
    CHECK(strstr(err.msg, "built") != NULL);
    list_dir(names, sizeof names);
    CHECK(names[0] == '\0');
    nn_model_free(m);
}

/* The reader refuses non-finite weights, so the writer never writes them. */
static void non_finite_weights_are_not_saved(void)
{
    char path[400], names[512];
    path_in_dir(path, sizeof path, "model.nnwb");
    nn_model *m = sample_model(3);
    nn_settings s = sample_settings();
    nn_error err = {{0}};
    m->params[4] = INFINITY;
    CHECK(nn_model_save(m, &s, NULL, path, &err) == -1);
    CHECK(strstr(err.msg, "parameter 5 of") != NULL && strstr(err.msg, "not a finite number") != NULL);
    list_dir(names, sizeof names);
    CHECK(names[0] == '\0');
    nn_model_free(m);
}

int main(void)
{
    strcpy(dir, "/tmp/nnwb-model-file-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    for (int i = 0; i < 6 * INPUTS; i++)
        INPUT[i] = (float)((i * 7) % 11) / 5.0f - 1.0f;
    TEST(save_then_load_gives_the_same_model);
    TEST(no_extra_loads_as_empty_text);
    TEST(flipped_weight_byte_fails_the_checksum);
    TEST(truncated_files_are_refused);
    TEST(newer_version_is_refused);
    TEST(other_damage_is_refused);
    TEST(faults_name_their_file_and_line);
    TEST(saving_over_a_file_leaves_no_temporary);
    TEST(saving_into_a_missing_directory_fails);
    TEST(failed_replace_leaves_no_temporary);
    TEST(unbuilt_model_is_not_saved);
    TEST(non_finite_weights_are_not_saved);
    empty_dir();
    rmdir(dir);
    return tap_done();
}
