/* Forward, loss and backward of one share of a batch (trainer_pass.h). */
#include <string.h>

#include "trainer_pass.h"

void nn_batch_gather(const nn_batch_rows *b, int from, int rows)
{
    int xw = b->x_width, yw = b->y_width;
    for (int r = from; r < from + rows; r++) {
        int src = b->order[r];
        memcpy(b->xb + (size_t)r * xw, b->x + (size_t)src * xw, (size_t)xw * sizeof(float));
        memcpy(b->yb + (size_t)r * yw, b->y + (size_t)src * yw, (size_t)yw * sizeof(float));
    }
}

double nn_train_pass_loss(const nn_train_pass *p, nn_model *m, const float *x, const float *target,
                          int rows, float *grad)
{
    const nn_layer *last = nn_model_last(m);
    int width = nn_model_output_size(m);
    if (p->fused) {
        const float *in = m->n_layers > 1 ? m->out[m->n_layers - 2] : x;
        return p->loss->from_logits(last->spec.kind->logits(last, in), target, rows, width,
                                    p->class_weight, grad);
    }
    return p->loss->value(m->out[m->n_layers - 1], target, rows, width, p->class_weight, grad);
}

void nn_train_pass_run(const nn_train_pass *p, nn_model *m, const float *x, const float *y,
                       int rows, nn_grad_reducer *r, double *loss, double *metric)
{
    const float *out = nn_model_forward(m, x, rows, true);
    *loss = nn_train_pass_loss(p, m, x, y, rows, nn_model_output_grad(m));
    *metric = p->metric->value(out, y, rows, nn_model_output_size(m));
    /* backward starts from the logits' gradient when the loss absorbed the
     * last activation; only for this pass, so predictions never see it */
    nn_layer *last = &m->layers[m->n_layers - 1];
    last->grad_wrt_logits = p->fused;
    for (int i = m->n_layers - 1; i >= 0; i--) {
        nn_model_backward_layer(m, x, rows, i);
        if (r && r->ops->layer_ready)
            r->ops->layer_ready(r, m, i);
    }
    last->grad_wrt_logits = false;
}
