/* The sequence layer kinds inside built models: every parameter's and
 * the input's gradient against finite differences (every conv1d padding,
 * several recurrent steps, batch norm in training), causality, how
 * windowed rows are read as (steps, channels), batch norm's two modes
 * and running statistics, and model files that keep all of it. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_VALUES 2048
#include "engine/model.h"
#include "engine/model_file.h"
#include "gradcheck_model.h"
#include "tap.h"

/* A model of the given layers ("lstm units=3 return=all", ...) built for
 * (steps, channels) samples, or for flat rows read through a layout when
 * steps is negative; NULL (and a failed check) on error. */
static nn_model *seq_model(const char *const *specs, int n, int steps, int channels, int batch)
{
    nn_model *m = nn_model_new();
    nn_error err = {""};
    for (int i = 0; i < n; i++) {
        nn_layer_spec s;
        CHECK(nn_layer_spec_parse(&s, specs[i], &err) == 0 && nn_model_add(m, &s, &err) == 0);
    }
    nn_shape in = nn_shape_sequence(steps, channels);
    if (steps < 0) {
        nn_model_set_layout(m, (nn_seq_layout){-steps, channels});
        in = nn_shape_vector(-steps * channels);
    }
    if (tap_case_failures || nn_model_build(m, in, 7, &err) < 0 ||
        nn_model_reserve(m, batch, &err) < 0) {
        printf("#   building %s failed: %s\n", specs[0], err.msg);
        CHECK(0);
        nn_model_free(m);
        return NULL;
    }
    return m;
}

#define LAYERS(...) (const char *const[]){__VA_ARGS__}, (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

static void check(const char *what, const char *const *specs, int n, int steps, int channels,
                  int batch)
{
    nn_model *m = seq_model(specs, n, steps, channels, batch);
    if (m)
        check_model_gradients(what, m, batch, true, 11);
    nn_model_free(m);
}

static void conv1d_gradients_in_every_padding(void)
{
    check("causal", LAYERS("conv1d filters=3 kernel=3 act=tanh dilation=2"), 7, 2, 3);
    check("same", LAYERS("conv1d filters=2 kernel=4 stride=2 padding=same act=sigmoid"), 7, 3, 2);
    check("valid", LAYERS("conv1d filters=3 kernel=2 padding=valid dilation=2", "dense units=2"), 6, 2, 2);
    check("stacked", LAYERS("conv1d filters=3 kernel=2 act=tanh", "conv1d filters=2 kernel=3 padding=same"), 6, 2, 2);
}

static void pooling_gradients(void)
{
    check("max", LAYERS("conv1d filters=2 kernel=2", "maxpool1d pool=2"), 6, 2, 2);
    check("avg", LAYERS("conv1d filters=2 kernel=2", "avgpool1d pool=3 stride=2"), 7, 2, 2);
    check("global", LAYERS("conv1d filters=3 kernel=2", "globalavgpool1d", "dense units=1"), 5, 2, 2);
}

static void recurrent_gradients_through_several_steps(void)
{
    check("lstm all", LAYERS("lstm units=3 return=all"), 6, 2, 2);
    check("lstm last", LAYERS("lstm units=4", "dense units=1"), 8, 3, 2);
    check("gru all", LAYERS("gru units=3 return=all"), 6, 2, 2);
    check("gru last", LAYERS("gru units=4", "dense units=1"), 8, 3, 2);
    check("stack", LAYERS("lstm units=3 return=all", "gru units=2"), 5, 2, 2);
}

static void normalisation_gradients(void)
{
    check("batchnorm on steps", LAYERS("conv1d filters=2 kernel=2", "batchnorm", "dense units=2"), 4, 2, 3);
    check("batchnorm on vectors", LAYERS("lstm units=3", "batchnorm", "dense units=1"), 4, 2, 4);
    check("layernorm", LAYERS("conv1d filters=3 kernel=2", "layernorm", "dense units=1"), 4, 2, 3);
}

/* Changing input step t leaves every output before t as it was (and,
 * so the test can tell, changes the output at t). */
static void check_causal(const char *spec, bool causal)
{
    enum { STEPS = 6, CH = 2 };
    nn_model *m = seq_model(&spec, 1, STEPS, CH, 1);
    if (!m)
        return;
    int width = (int)m->layers[0].out.dim[1];
    float x[STEPS * CH], before[STEPS * 16];
    nn_rng r;
    nn_rng_seed(&r, 3);
    fill_normal(&r, x, STEPS * CH, 1.0f);
    memcpy(before, nn_model_forward(m, x, 1, false), sizeof(float) * STEPS * width);
    for (int t = 1; t < STEPS; t++) {
        float kept = x[t * CH];
        x[t * CH] += 0.5f;
        const float *y = nn_model_forward(m, x, 1, false);
        bool past_same = memcmp(y, before, sizeof(float) * t * width) == 0;
        CHECK(past_same == causal);
        CHECK(memcmp(y + t * width, before + t * width, sizeof(float) * width) != 0);
        x[t * CH] = kept;
    }
    nn_model_free(m);
}

static void no_output_sees_a_later_step(void)
{
    check_causal("conv1d filters=3 kernel=3 dilation=2", true);
    check_causal("lstm units=3 return=all", true);
    check_causal("gru units=3 return=all", true);
    check_causal("conv1d filters=3 kernel=3 padding=same", false); /* the test can tell */
}

/* A window's row (series blocks, newest first) reaches the first layer as
 * (steps, channels), oldest first; a dense net keeps the row as it is. */
static void windowed_rows_read_as_steps_and_channels(void)
{
    float row[6] = {13, 12, 11, 23, 22, 21}, seq[6];
    nn_seq_gather((nn_seq_layout){3, 2}, row, 1, seq);
    float want[6] = {11, 21, 12, 22, 13, 23};
    CHECK(memcmp(seq, want, sizeof want) == 0);

    nn_model *m = seq_model(LAYERS("lstm units=2", "dense units=1"), -3, 2, 1);
    CHECK(m && m->layers[0].in.rank == 2 && m->layers[0].in.dim[0] == 3 && nn_model_input_size(m) == 6);
    nn_model_free(m);
    m = seq_model(LAYERS("dense units=2"), -3, 2, 1);
    CHECK(m && m->layers[0].in.rank == 1 && !m->viewing);
    nn_model_free(m);
    nn_error err;
    nn_model *flat = nn_model_new();
    nn_layer_spec s;
    nn_layer_spec_parse(&s, "lstm units=2", &err);
    nn_model_add(flat, &s, &err);
    CHECK(nn_model_build(flat, nn_shape_vector(6), 1, &err) < 0 && strstr(err.msg, "window"));
    nn_model_free(flat);
}

/* Training normalises by the batch and moves the running statistics;
 * evaluation uses them; a replica leaves them to the main model. */
static void batchnorm_keeps_running_statistics(void)
{
    nn_model *m = seq_model(LAYERS("batchnorm momentum=0.5 eps=0"), 1, 1, 4);
    if (!m)
        return;
    float x[4] = {1, 2, 3, 6}; /* mean 3, biased variance 3.5, unbiased 14/3 */
    const float *y = nn_model_forward(m, x, 4, true);
    CHECK_NEAR(y[3], 3 / sqrt(3.5), 1e-6);
    CHECK_NEAR(m->params[2], 1.5, 1e-6);            /* 0.5 * 0 + 0.5 * 3 */
    CHECK_NEAR(m->params[3], 0.5 + 7.0 / 3, 1e-6);  /* 0.5 * 1 + 0.5 * 14/3 */
    y = nn_model_forward(m, x, 4, false);
    CHECK_NEAR(y[0], (1 - 1.5) / sqrt(0.5 + 7.0 / 3), 1e-6);
    nn_error err;
    nn_model *r = nn_model_replica(m, 4, 1, &err);
    float kept[4];
    memcpy(kept, m->params, sizeof kept);
    nn_model_forward(r, x, 4, true);
    CHECK(r && memcmp(kept, m->params, sizeof kept) == 0);
    nn_model_free(r);
    nn_model_free(m);
}

/* Per-layer norms: a recurrent kernel's (Wh, Keras's units x 4 units for
 * an lstm, behind the channels x 4 units input kernel) beside the whole
 * layer's; none for a dense layer; batch norm's statistics left out. */
static void layer_norms_show_recurrent_kernels_apart(void)
{
    nn_model *m = seq_model(LAYERS("lstm units=3", "batchnorm", "dense units=1"), 4, 2, 2);
    if (!m)
        return;
    const nn_layer *lstm = &m->layers[0], *bn = &m->layers[1];
    CHECK(lstm->recurrent_at == 2 * 12 && lstm->n_recurrent == 3 * 12);
    for (size_t k = 0; k < m->n_params; k++)
        m->grads[k] = 2.0f, m->params[k] = 1.0f;
    for (size_t k = 0; k < lstm->n_recurrent; k++)
        lstm->g[lstm->recurrent_at + k] = 1.0f;
    float g[NN_LAYER_NORMS(3)], w[NN_LAYER_NORMS(3)];
    nn_model_layer_norms(m, g, w);
    CHECK_NEAR(g[0], sqrt(36 + 4.0 * (lstm->n_params - 36)), 1e-5);
    CHECK_NEAR(g[3], 6.0, 1e-6); /* sqrt(36 ones) */
    CHECK_NEAR(w[3], 6.0, 1e-6);
    CHECK_NEAR(g[1], sqrt(4.0 * 6), 1e-6); /* gamma and beta of 3 channels */
    CHECK_NEAR(w[1], sqrt(6.0), 1e-6);
    CHECK(bn->n_frozen == 6 && g[4] == 0 && g[5] == 0 && w[5] == 0);
    nn_model_free(m);
}

static const char *temp_path(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "/tmp/nnwb-seq-%ld-%s", (long)getpid(), name);
    return buf;
}

/* Every new kind, a layout and moved batch-norm statistics survive save
 * and open: the same predictions, bit for bit. */
static void model_files_keep_sequence_models(void)
{
    enum { STEPS = 5, CH = 2, ROWS = 9 };
    nn_model *m = seq_model(LAYERS("conv1d filters=4 kernel=2 act=relu", "maxpool1d pool=2 stride=1",
                                   "lstm units=3 return=all", "layernorm", "gru units=3 return=all",
                                   "avgpool1d pool=2", "batchnorm", "globalavgpool1d", "dense units=1"),
                            -STEPS, CH, ROWS);
    if (!m)
        return;
    float x[ROWS * STEPS * CH], before[ROWS], after[ROWS];
    nn_rng r;
    nn_rng_seed(&r, 5);
    fill_normal(&r, x, ROWS * STEPS * CH, 1.0f);
    nn_model_forward(m, x, ROWS, true); /* moves the running statistics */
    nn_error err;
    nn_settings s;
    nn_settings_default(&s);
    char path[128];
    temp_path(path, sizeof path, "model.nnwb");
    CHECK(nn_model_predict(m, x, ROWS, before, &err) == 0);
    CHECK(nn_model_save(m, &s, "", path, &err) == 0);
    nn_model *back = NULL;
    char *extra = NULL;
    CHECK(nn_model_load(path, &back, &s, &extra, &err) == 0);
    CHECK(back && back->viewing && back->layout.steps == STEPS && back->layout.channels == CH);
    CHECK(back && nn_model_predict(back, x, ROWS, after, &err) == 0 &&
          memcmp(before, after, sizeof before) == 0);
    unlink(path);
    free(extra);
    nn_model_free(back);
    nn_model_free(m);
}

static void a_kind_this_build_does_not_know_is_refused(void)
{
    const char *text = "nnwb-model 1\ninput 4\nlayer transformer units=4\nextra 0\n\nparams 0\n\n";
    char file[256], path[128];
    int n = snprintf(file, sizeof file, "%scrc32 %08lx\n", text,
                     (unsigned long)crc32(0, (const Bytef *)text, (uInt)strlen(text)));
    temp_path(path, sizeof path, "unknown.nnwb");
    FILE *f = fopen(path, "w");
    CHECK(f && fwrite(file, 1, (size_t)n, f) == (size_t)n);
    if (f)
        fclose(f);
    nn_model *m = NULL;
    nn_settings s;
    char *extra = NULL;
    nn_error err;
    CHECK(nn_model_load(path, &m, &s, &extra, &err) < 0 && strstr(err.msg, ":3: unknown layer kind 'transformer'"));
    unlink(path);
}

int main(void)
{
    TEST(conv1d_gradients_in_every_padding);
    TEST(pooling_gradients);
    TEST(recurrent_gradients_through_several_steps);
    TEST(normalisation_gradients);
    TEST(no_output_sees_a_later_step);
    TEST(windowed_rows_read_as_steps_and_channels);
    TEST(batchnorm_keeps_running_statistics);
    TEST(layer_norms_show_recurrent_kernels_apart);
    TEST(model_files_keep_sequence_models);
    TEST(a_kind_this_build_does_not_know_is_refused);
    return tap_done();
}
