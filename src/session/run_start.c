/* How a `train` run begins: the data and loss it fits, as a key that
 * tells which runs' loss curves compare (the workbench overlays only
 * those), and whether its weights start fresh or continue an earlier
 * run's (a second `train` goes on from where the first left off, and says
 * so; `model reset` makes the next one start afresh). */
#include <string.h>
#include <zlib.h>

#include "run_start.h"

static uLong crc_floats(uLong crc, const float *v, size_t n)
{
    const unsigned char *p = (const unsigned char *)v;
    size_t bytes = n * sizeof *v;
    while (bytes > 0) { /* crc32 takes a uInt length: feed it in pieces */
        uInt piece = bytes > (1u << 30) ? 1u << 30 : (uInt)bytes;
        crc = crc32(crc, p, piece);
        p += piece, bytes -= piece;
    }
    return crc;
}

unsigned long run_fit_key(const nn_dataset *train, const nn_dataset *val, const char *loss)
{
    uLong crc = crc32(0L, (const unsigned char *)loss, (uInt)strlen(loss));
    const nn_dataset *parts[2] = {train, val};
    for (int i = 0; i < 2; i++) {
        if (!parts[i] || parts[i]->n == 0)
            continue;
        size_t n = (size_t)parts[i]->n;
        crc = crc_floats(crc, parts[i]->x, n * (size_t)parts[i]->x_width);
        crc = crc_floats(crc, parts[i]->y, n * (size_t)parts[i]->y_width);
    }
    return (unsigned long)crc + 1; /* 0 stays "not known" */
}

int run_weights_before(const nn_session *s, int x_width)
{
    const nn_model *m = s->model;
    if (!m->built || nn_model_input_size(m) != x_width)
        return 0; /* the trainer builds it afresh from the seed */
    if (s->weights_epochs < 0 || !s->weights_run)
        return s->weights_epochs;
    nn_run_summary r;
    nn_history_summary(s->weights_run, &r);
    return s->weights_epochs + (r.restored_best ? r.best_epoch : r.epochs_run);
}

void run_weights_follow(nn_session *s, nn_history *h, int before)
{
    s->weights_run = h;
    s->weights_epochs = before;
}

void run_weights_forget(nn_session *s, int epochs)
{
    s->weights_run = NULL;
    s->weights_epochs = epochs;
}
