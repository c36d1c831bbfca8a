/* `export onnx FILE` and `export weights FILE.npz`: the trained model
 * and its fitted recipe in a format other tools run (onnx/onnx_export.h),
 * or its parameters alone as NumPy arrays (onnx/weights_export.h). */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "engine/atomic_file.h"
#include "onnx/onnx_export.h"
#include "onnx/weights_export.h"
#include "session_internal.h"

/* Writes an export's bytes atomically (and frees them), saying what. */
static int deliver_bytes(nn_session *s, const char *path, unsigned char *bytes, size_t len, const char *what,
                         nn_error *err)
{
    session_save_notes(s, path);
    int rc = nn_write_file_atomic(path, bytes, len, err);
    free(bytes);
    if (rc == 0)
        session_print(s, "wrote %s to %s (%zu bytes)", what, path, len);
    return rc;
}

/* The graph reads prepared features: the recipe that prepares them goes
 * next to it as PATH (.onnx dropped) .recipe.json, written first so that
 * a failure leaves no graph without it. */
static int export_onnx_with_recipe(nn_session *s, const char *path, unsigned char *bytes, size_t len,
                                   nn_error *err)
{
    size_t n = strlen(path), stem = n > 5 && strcmp(path + n - 5, ".onnx") == 0 ? n - 5 : n;
    char *json = nn_recipe_json(s->model_recipe), *json_path = malloc(stem + sizeof ".recipe.json");
    int rc = json && json_path ? 0 : nn_fail(err, "export onnx: out of memory");
    if (rc == 0) {
        memcpy(json_path, path, stem);
        strcpy(json_path + stem, ".recipe.json");
        rc = deliver_bytes(s, json_path, (unsigned char *)json, strlen(json),
                           "the recipe that prepares the graph's input `features`", err);
        json = NULL; /* deliver_bytes owns it */
    }
    free(json), free(json_path);
    if (rc < 0) {
        free(bytes);
        return -1;
    }
    return deliver_bytes(s, path, bytes, len, "the model as ONNX", err);
}

int export_onnx(nn_session *s, const char *path, nn_error *err)
{
    const nn_model *m = session_trained_model(s);
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (!s->model_recipe || !m || !m->n_params)
        return nn_fail(err, "export onnx: no trained model: `train` or `open` one first");
    if (nn_onnx_export(m, s->model_recipe, &bytes, &len, err) < 0)
        return -1;
    if (nn_onnx_reads_columns(s->model_recipe, (size_t)nn_model_input_size(m)))
        return deliver_bytes(s, path, bytes, len, "the model as ONNX", err);
    return export_onnx_with_recipe(s, path, bytes, len, err);
}

int export_weights(nn_session *s, const char *path, nn_error *err)
{
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".npz") != 0)
        return nn_fail(err, "export weights: %s: the file must end in .npz (NumPy's format)", path);
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (nn_weights_export(session_trained_model(s), &bytes, &len, err) < 0)
        return -1;
    return deliver_bytes(s, path, bytes, len, "the model's weights as NumPy arrays", err);
}
