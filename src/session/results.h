/* Shared by the results and file commands. */
#ifndef NN_RESULTS_H
#define NN_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "recipe/recipe.h"
#include "engine/error.h"

typedef struct nn_session nn_session;

/* The parts results print: "train", "val", "test", and "all" for new data
 * that went through an opened model's recipe (NN_PART_NONE). */
extern const char *const results_part_names[NN_PART_COUNT];
/* True when p is new data through an opened model's recipe: no split,
 * every row in NN_PART_NONE. */
bool results_all_rows(const nn_prepared *p);
/* The part that stands in for the training rows (baselines, Shapley
 * backgrounds): the training part, or every row of new data, whose
 * training rows the model file does not hold. */
int results_reference_part(const nn_prepared *p);

/* Refuses when nothing is trained, or while training runs. */
int results_need_model(const nn_session *s, const char *cmd, nn_error *err);
/* Model outputs (in the target's units for regressions) for rows
 * [first, first + n) of the prepared data; the caller frees. */
double *results_predict(nn_session *s, size_t first, size_t n, nn_error *err);
/* The target a command describes: target=COL among the prepared
 * targets, else the first (0). -1 with err naming the targets. */
int results_target(const nn_session *s, const struct nn_call *c, const char *cmd, size_t *j, nn_error *err);

#endif
