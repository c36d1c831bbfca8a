/* The model's parameters as .npz.  See weights_export.h. */
#include "weights_export.h"

#include <stdio.h>
#include <stdlib.h>

#include "engine/model.h"
#include "npz.h"
#include "onnx_internal.h"

/* How many layers before l bear the same Keras name: Keras counts per
 * kind, so "dense_1" is the second dense layer whatever lies between. */
static int same_kind_before(const nn_model *m, int l)
{
    int n = 0;
    for (int i = 0; i < l; i++)
        n += m->layers[i].spec.kind == m->layers[l].spec.kind;
    return n;
}

static int check_layers(const nn_model *m, nn_error *err)
{
    for (int i = 0; i < m->n_layers; i++) {
        const onnx_layer_form *f = onnx_form_of(m->layers[i].spec.kind);
        if (!f || (!f->params && m->layers[i].n_params > 0))
            return nn_fail(err, "export weights: layer %d is a %s layer, whose parameters have no Keras names yet",
                           i + 1, m->layers[i].spec.kind->name);
    }
    return 0;
}

int nn_weights_export(const nn_model *m, unsigned char **data, size_t *len, nn_error *err)
{
    *data = NULL, *len = 0;
    if (!m || m->n_layers == 0 || !m->n_params)
        return nn_fail(err, "export weights: no trained model: `train` or `open` one first");
    if (check_layers(m, err) < 0)
        return -1;
    float *scratch = malloc(m->n_params * sizeof *scratch); /* a layer's reordered parameters */
    if (!scratch)
        return nn_fail(err, "export weights: out of memory");
    npz z;
    npz_init(&z);
    for (int i = 0; i < m->n_layers; i++) {
        const onnx_layer_form *f = onnx_form_of(m->layers[i].spec.kind);
        keras_param p[KERAS_MAX_PARAMS];
        int n = f->params ? f->params(&m->layers[i], p, scratch) : 0, k = same_kind_before(m, i);
        for (int j = 0; j < n; j++) {
            char name[128];
            if (k == 0)
                snprintf(name, sizeof name, "%s/%s", f->keras, p[j].name);
            else
                snprintf(name, sizeof name, "%s_%d/%s", f->keras, k, p[j].name);
            npz_add_f32(&z, name, p[j].v, p[j].shape, p[j].ndim);
        }
    }
    *data = npz_finish(&z, len);
    free(scratch);
    return *data ? 0 : nn_fail(err, "export weights: out of memory, or the parameters pass the 4 GiB of a .npz");
}
