#include "schedule.h"

#include <math.h>
#include <string.h>

static float constant(const nn_settings *s, double e, float scale)
{
    (void)e, (void)scale;
    return s->lr;
}

/* lr * decay^floor(e / decay_epochs) */
static float step(const nn_settings *s, double e, float scale)
{
    (void)scale;
    return s->lr * powf(s->decay, floorf((float)(e / s->decay_epochs)));
}

/* lr * decay^(e / decay_epochs), smoothly */
static float exponential(const nn_settings *s, double e, float scale)
{
    (void)scale;
    return s->lr * powf(s->decay, (float)(e / s->decay_epochs));
}

/* Linear warm-up from 0, then half a cosine from lr down to min_lr at the
 * last epoch. */
static float cosine(const nn_settings *s, double e, float scale)
{
    (void)scale;
    if (e < s->warmup)
        return s->lr * (float)(e / s->warmup);
    double span = s->epochs - s->warmup;
    double t = span > 0 ? (e - s->warmup) / span : 1.0;
    if (t > 1.0)
        t = 1.0;
    return s->min_lr + 0.5f * (s->lr - s->min_lr) * (1.0f + (float)cos(M_PI * t));
}

static float plateau(const nn_settings *s, double e, float scale)
{
    (void)e;
    float lr = s->lr * scale;
    return lr > s->min_lr ? lr : s->min_lr;
}

static const nn_schedule schedules[] = {
    {"constant", "the same learning rate throughout", false, constant},
    {"step", "multiply by decay every decay_epochs epochs", false, step},
    {"exponential", "decay smoothly by decay per decay_epochs epochs", false, exponential},
    {"cosine", "warm up linearly over warmup epochs, then cosine down to min_lr", false, cosine},
    {"plateau", "multiply by decay after plateau_patience epochs without improvement", true,
     plateau},
};

const nn_schedule *nn_schedule_at(int i)
{
    return i >= 0 && i < (int)(sizeof schedules / sizeof *schedules) ? &schedules[i] : NULL;
}

const nn_schedule *nn_schedule_find(const char *name)
{
    if (strcmp(name, "reduce_on_plateau") == 0)
        name = "plateau";
    for (int i = 0; nn_schedule_at(i); i++)
        if (strcmp(schedules[i].name, name) == 0)
            return &schedules[i];
    return NULL;
}
