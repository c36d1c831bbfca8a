/* `export onnx FILE`: the trained model and its fitted recipe in a format
 * other tools run (onnx/onnx_export.h). */
#include <stdlib.h>

#include "commands.h"
#include "engine/atomic_file.h"
#include "onnx/onnx_export.h"
#include "session_internal.h"

int export_onnx(nn_session *s, const char *path, nn_error *err)
{
    const nn_model *m = session_trained_model(s);
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (!s->model_recipe || !m || !m->n_params)
        return nn_fail(err, "export onnx: no trained model: `train` or `open` one first");
    if (nn_onnx_export(m, s->model_recipe, &bytes, &len, err) < 0)
        return -1;
    session_save_notes(s, path);
    int rc = nn_write_file_atomic(path, bytes, len, err);
    free(bytes);
    if (rc == 0)
        session_print(s, "wrote the model as ONNX to %s (%zu bytes)", path, len);
    return rc;
}
