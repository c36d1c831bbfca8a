/* Tables as the front-ends show them: the first and last rows as text
 * (head and tail), missing cells, copies that own their data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table/csv_load.h"
#include "tap.h"

static char stocks[512];

static nn_table *load(const char *path)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    nn_error err = {{0}};
    nn_table *t = nn_csv_load(path, &o, NULL, &err);
    if (!t)
        printf("# %s\n", err.msg);
    return t;
}

static void row_text(const nn_table *t, size_t row, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t c = 0; c < t->ncols; c++) {
        char cell[64];
        nn_table_cell(t, row, c, cell, sizeof cell);
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", c ? "|" : "", cell);
    }
}

static void head_and_tail_as_text(void)
{
    nn_table *t = load(stocks);
    CHECK(t != NULL);
    if (!t)
        return;
    char row[256];
    row_text(t, 0, row, sizeof row);
    CHECK(strcmp(row, "MSFT|2000-01-01|39.81") == 0);
    row_text(t, t->nrows - 1, row, sizeof row);
    CHECK(strcmp(row, "AAPL|2010-03-01|223.02") == 0);
    CHECK(nn_table_find(t, "price") == 2 && nn_table_find(t, "Price") == -1);
    CHECK(strcmp(nn_col_type_name(t->cols[0].type), "categorical") == 0);
    CHECK(nn_col_type_parse("DATE") == NN_COL_DATE && nn_col_type_parse("float") == -1);
    nn_table_free(t);
}

static void missing_cells_are_empty_and_copies_are_deep(void)
{
    char dir[] = "/tmp/nnwb-table-XXXXXX", path[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/m.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("when,grade,x\n2001-03-04,a,1.5\n,NA,\n2001-03-06,b,-2\n", f);
    fclose(f);
    nn_table *t = load(path);
    CHECK(t && t->nrows == 3);
    if (t) {
        char row[128];
        row_text(t, 1, row, sizeof row);
        CHECK(strcmp(row, "||") == 0);
        CHECK(nn_table_missing(t, 1, 0) && nn_table_missing(t, 1, 2) && !nn_table_missing(t, 0, 2));
        nn_table *c = nn_table_copy(t);
        CHECK(c && c->cols[2].values != t->cols[2].values && c->cols[1].levels != t->cols[1].levels);
        nn_table_free(t);
        if (c) {
            row_text(c, 2, row, sizeof row);
            CHECK(strcmp(row, "2001-03-06|b|-2") == 0);
        }
        nn_table_free(c);
    }
    remove(path);
    rmdir(dir);
}

int main(void)
{
    const char *src = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
    snprintf(stocks, sizeof stocks, "%s/samples/stocks.csv", src);
    TEST(head_and_tail_as_text);
    TEST(missing_cells_are_empty_and_copies_are_deep);
    return tap_done();
}
