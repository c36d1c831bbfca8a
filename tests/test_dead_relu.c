/* The monitor's dead-ReLU count pushes its sample rows through the model
 * in predict's fixed chunks (nn_model_infer_chunk), never in chunks of
 * whatever the workspaces were last sized for (a training batch, an
 * earlier small predict): BLAS rounds a row by its position within a call,
 * so only the fixed chunks see the rows exactly as predict does.  A spy
 * layer kind records the batch of every forward call. */
#include <stdio.h>
#include <string.h>

#include "session/monitor.h"
#include "model_by_text.h"
#include "tap.h"

enum { INPUTS = 3, ROWS = 300, MAX_CALLS = 64 };

static int calls[MAX_CALLS], n_calls;
static const nn_layer_kind *spied; /* the kind the spy forwards to */

static void spy_forward(nn_layer *l, const float *in, float *out, int batch, bool training)
{
    if (n_calls < MAX_CALLS)
        calls[n_calls++] = batch;
    spied->forward(l, in, out, batch, training);
}

/* dense 8 relu -> dense 1 */
static nn_model *small_model(void)
{
    static const char *const layers[] = {"dense units=8 act=relu", "dense units=1"};
    return model_of_layers(layers, 2, INPUTS);
}

/* After the monitor has read the model's layers (it tells ReLU layers by
 * their kind), so that it still counts the spied layer. */
static void spy_on_first_layer(nn_model *m)
{
    static nn_layer_kind spy;
    spied = m->layers[0].spec.kind;
    spy = *spied;
    spy.forward = spy_forward;
    m->layers[0].spec.kind = &spy;
}

static void show_calls(const char *who)
{
    printf("#   %s's forward batches:", who);
    for (int i = 0; i < n_calls; i++)
        printf(" %d", calls[i]);
    printf("\n");
}

/* With the workspaces first sized for `cap` rows, counts dead units on
 * ROWS rows and predicts them: both cut the rows the same way, 256 + 44. */
static void chunks_like_predict(int cap)
{
    static float x[ROWS * INPUTS], y[ROWS];
    for (int i = 0; i < ROWS * INPUTS; i++)
        x[i] = (float)((i * 37) % 101) / 50.0f - 1.0f;
    nn_model *m = small_model();
    nn_error err;
    CHECK(nn_model_reserve(m, cap, &err) == 0);
    nn_settings s;
    nn_settings_default(&s);
    nn_monitor *mon = nn_monitor_new(m, &s, NULL, &err);
    CHECK(mon != NULL);
    spy_on_first_layer(m);
    nn_warning out[NN_MONITOR_MAX_WARNINGS];

    n_calls = 0;
    CHECK(nn_monitor_dead_relu(mon, m, 1, x, ROWS, out, &err) >= 0);
    show_calls("dead-ReLU count");
    CHECK(n_calls == 2 && calls[0] == NN_INFER_CHUNK && calls[1] == ROWS - NN_INFER_CHUNK);
    int census[MAX_CALLS], n_census = n_calls;
    memcpy(census, calls, sizeof calls);

    n_calls = 0;
    CHECK(nn_model_predict(m, x, ROWS, y, &err) == 0);
    show_calls("predict");
    CHECK(n_calls == n_census && memcmp(calls, census, (size_t)n_calls * sizeof *calls) == 0);

    int dead, units;
    nn_monitor_dead_units(mon, 0, &dead, &units);
    CHECK(units == 8); /* the spied layer is still judged as ReLU */
    nn_monitor_free(mon);
    nn_model_free(m);
}

/* Sized for a training batch of 32 (or a small predict): not 32-row chunks. */
static void smaller_workspaces(void)
{
    chunks_like_predict(32);
}

/* Sized for a training batch of 512: not one 300-row call. */
static void larger_workspaces(void)
{
    chunks_like_predict(512);
}

int main(void)
{
    TEST(smaller_workspaces);
    TEST(larger_workspaces);
    return tap_done();
}
