/* Model files: the architecture, the weights, the training settings and a
 * caller's free-form section (the data preparation recipe, for instance),
 * with a format version and a CRC-32 over everything, written atomically.
 *
 *   nnwb-model <version>
 *   input <n>
 *   sequence <steps> <channels>  only when a layer reads rows as sequences
 *   layer <spec>            one per layer, as nn_layer_spec_format writes
 *   set <key>=<value>       one per setting
 *   extra <bytes>\n<bytes of text>\n
 *   params <count>\n<count little-endian float32>\n
 *   crc32 <8 hex digits of everything before this line>
 */
#ifndef NN_MODEL_FILE_H
#define NN_MODEL_FILE_H

#include "model.h"
#include "settings.h"

#define NN_MODEL_FORMAT_VERSION 1
/* The widest input a file may declare (as wide as `add dense` allows a
 * layer), checked before anything is sized from it. */
#define NN_MODEL_MAX_INPUT 1000000

int nn_model_save(const nn_model *m, const nn_settings *s, const char *extra, const char *path,
                  nn_error *err);

/* On success *model is a new, built model, *s its settings and *extra a
 * malloc'd copy of the extra section (may be empty).  On failure nothing
 * is returned and the caller's objects are untouched. */
int nn_model_load(const char *path, nn_model **model, nn_settings *s, char **extra,
                  nn_error *err);

#endif
