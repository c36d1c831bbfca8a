/* The dataset and model in brief: what is loaded, the recipe, the
 * layers. */
#include <stdio.h>
#include <string.h>

#include "table/table.h"
#include "engine/model.h"
#include "tui_internal.h"

static void draw_data(tui *t, WINDOW *w, int h, int width)
{
    const nn_table *table = nn_session_table(t->session);
    const nn_model *m = nn_session_model(t->session);
    int y = 1, rows = h - 2;
    char line[256];
    if (!table) {
        draw_text(t, w, y++, 1, width - 2, NN_ROLE_DIM, "no data: `load FILE` or `generate xor`");
    } else {
        snprintf(line, sizeof line, "%s: %zu rows x %zu cols", nn_session_data_name(t->session),
                 table->nrows, table->ncols);
        draw_text(t, w, y++, 1, width - 2, NN_ROLE_TEXT, line);
    }
    char recipe[1024];
    nn_session_recipe_text(t->session, recipe, sizeof recipe);
    for (char *save = NULL, *step = strtok_r(recipe, "\n", &save); step && y <= rows;
         step = strtok_r(NULL, "\n", &save))
        draw_text(t, w, y++, 1, width - 2, NN_ROLE_DIM, step);
    for (int i = 0; i < m->n_layers && y <= rows; i++) {
        char words[200];
        nn_layer_spec_words(&m->layers[i].spec, words, sizeof words);
        snprintf(line, sizeof line, "%d %s", i + 1, words);
        draw_text(t, w, y++, 1, width - 2, NN_ROLE_TEXT, line);
    }
    if (m->n_layers == 0 && y <= rows)
        draw_text(t, w, y, 1, width - 2, NN_ROLE_DIM, "no layers: `add dense 8 relu`");
}

const pane_kind pane_data = {"data", "Data and model", draw_data, NULL};
