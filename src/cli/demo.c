#include "demo.h"

#include <stdlib.h>

#include "engine/model.h"
#include "engine/rng.h"
#include "engine/trainer.h"

enum { ROWS = 100, FEATURES = 10 };

static void print_epoch(void *user, const nn_epoch_event *e)
{
    FILE *out = user;
    if (e->epoch == 1 || e->epoch % 10 == 0)
        fprintf(out, "epoch %3d/%d  loss %.5f  %s %.5f  (%.0f samples/s)\n", e->epoch, e->epochs,
                e->train_loss, e->metric, e->train_metric, e->samples_per_sec);
}

static int add_dense(nn_model *m, const char *spec, nn_error *err)
{
    nn_layer_spec s;
    return nn_layer_spec_parse(&s, spec, err) < 0 ? -1 : nn_model_add(m, &s, err);
}

int nnwb_demo(FILE *out)
{
    /* x = np.random.random((100, 10)); y = np.random.random((100, 1)) */
    static float x[ROWS * FEATURES], y[ROWS];
    nn_rng rng;
    nn_rng_seed(&rng, 7);
    for (int i = 0; i < ROWS * FEATURES; i++)
        x[i] = nn_rng_uniform(&rng);
    for (int i = 0; i < ROWS; i++)
        y[i] = nn_rng_uniform(&rng);

    fprintf(out, "The Keras tutorial example, trained by the nnwb engine:\n"
                 "  model = Sequential([Dense(10, activation='relu'), Dense(1)])\n"
                 "  model.compile(loss='mse', optimizer='adam')\n"
                 "  model.fit(x, y, epochs=100, batch_size=10)   # 100 random rows\n\n");
    nn_error err;
    nn_model *m = nn_model_new();
    nn_settings s;
    nn_settings_default(&s);
    s.batch = 10;
    s.epochs = 100;
    nn_dataset train = {x, y, ROWS, FEATURES, 1};
    nn_observer obs = {out, NULL, print_epoch, NULL};
    nn_trainer *t = NULL;
    int status = EXIT_FAILURE;
    if (m && add_dense(m, "dense units=10 act=relu", &err) == 0 &&
        add_dense(m, "dense units=1", &err) == 0 &&
        (t = nn_trainer_new(m, &s, &train, NULL, &obs, &err))) {
        const nn_end_event *end = nn_trainer_run(t);
        fprintf(out, "\n%s.\n", end->message);
        status = EXIT_SUCCESS;
    } else {
        fprintf(stderr, "nnwb: demo: %s\n", err.msg);
    }
    nn_trainer_free(t);
    nn_model_free(m);
    return status;
}
