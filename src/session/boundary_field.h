/* A decision boundary as data, for every renderer of it (the workbench's
 * pane, `export plot boundary`): the input plane of a dataset with two
 * features, the model's outputs at the centres of a grid of cells over
 * it (the field, chart.h's nn_field), the training points, and a private
 * copy of the model that follows the weights the session publishes, so
 * that the field is computed while a run trains without touching the
 * training thread's model. */
#ifndef NN_BOUNDARY_FIELD_H
#define NN_BOUNDARY_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "chart/chart.h"
#include "engine/error.h"

struct nn_model;
struct nn_prepared;
typedef struct nn_session nn_session;

/* A rectangle of the input plane: the first feature from x0 (left edge)
 * to x1 (right edge), the second from y0 (bottom) to y1 (top). */
typedef struct nn_plane {
    double x0, x1, y0, y1;
} nn_plane;

/* The plane around n rows of x, `width` floats each, of which the first
 * two are shown: the rows' ranges widened by a twentieth on every side,
 * so no point sits on the frame (by 0.5 when a range is a single value).
 * Rows with a non-finite value are skipped; -1 when none is left. */
int nn_plane_around(const float *x, size_t width, size_t n, nn_plane *out);

/* The cell of a cols x rows grid over the plane (row 0 at the top) that
 * the point (x, y) falls in; false outside the plane. */
bool nn_plane_cell(const nn_plane *p, int cols, int rows, double x, double y, int *col, int *row);

/* The model's outputs at the centre of every cell of a cols x rows grid
 * over the plane, row by row from the top: out receives cols * rows *
 * outputs floats; grid is scratch for cols * rows * 2.  The model must be
 * built for two inputs; it runs in evaluation mode (no dropout). */
int nn_boundary_field(struct nn_model *m, const nn_plane *p, int cols, int rows, float *grid,
                      float *out, nn_error *err);

/* What a boundary shows of the prepared data: the training rows (all
 * rows when there is no training part), two features each, their classes
 * (NULL for a regression), the range of a regression's scaled targets,
 * and the plane around the rows. */
typedef struct nn_boundary_data {
    nn_field_kind kind;
    const float *x;
    size_t n;
    const double *label;
    float lo, hi;
    nn_plane plane;
    size_t nclasses;
    const char *const *class_names; /* NULL: none */
    const char *x_name, *y_name;    /* the two features */
} nn_boundary_data;

/* Fills d from the prepared data p and model m; -1 with the reason (no
 * data, not two features, a model not built for them) and, in *hint when
 * given, what to try. */
int nn_boundary_data_of(const struct nn_prepared *p, const struct nn_model *m, nn_boundary_data *d,
                        const char **hint, nn_error *err);

/* Class k's colour among the six chart colours (grad_1 ... grad_6,
 * counted from 0): class 0 orange (1), class 1 blue (0), as in
 * TensorFlow Playground, then the others, over again from class 6. */
int nn_boundary_class_colour(int k);

/* A private model with the session model's layers and its published
 * weights (zero it before the first use). */
typedef struct nn_model_follower {
    struct nn_model *model;
    float *staging;
    long number; /* the publication it holds; 0: copied from an idle model */
} nn_model_follower;

/* Brings f to m's layers and the weights s published last; *changed says
 * whether they differ from those f held.  -1 when there are none yet. */
int nn_model_follow(nn_model_follower *f, const nn_session *s, const struct nn_model *m, bool *changed,
                    nn_error *err);
void nn_model_follower_free(nn_model_follower *f);

#endif
