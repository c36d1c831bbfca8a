/* The real datasets in samples/ prepared end to end: stocks.csv (long
 * layout, five symbols) into a next-month log-return task, and
 * credit_card.csv into a binary classification; the recipe saved in a
 * model file prepares a new raw CSV exactly as it prepared the training
 * file. Expected values come from reading the CSV files here with plain
 * stdio, independently of the loader. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table/csv_load.h"
#include "recipe/recipe.h"
#include "engine/model_file.h"
#include "tap.h"

static char stocks_path[512], credit_path[512];

/* ---- an independent reading of the two files ---- */

enum { MAX_ROWS = 2000 };
static char stock_symbol[MAX_ROWS][8];
static double stock_price[MAX_ROWS];
static int stock_rows;

static int read_stocks(void)
{
    FILE *f = fopen(stocks_path, "r");
    char line[256];
    if (!f || !fgets(line, sizeof line, f))
        return -1;
    while (stock_rows < MAX_ROWS && fgets(line, sizeof line, f)) {
        char *date = strchr(line, ','), *price = date ? strchr(date + 1, ',') : NULL;
        if (!price)
            break;
        *date = '\0';
        snprintf(stock_symbol[stock_rows], sizeof stock_symbol[0], "%.7s", line);
        stock_price[stock_rows++] = atof(price + 1);
    }
    fclose(f);
    return 0;
}

/* credit_card.csv: card is column 0, income column 3 */
static int credit_card_yes[MAX_ROWS];
static double credit_income[MAX_ROWS];
static int credit_rows;

static int read_credit(void)
{
    FILE *f = fopen(credit_path, "r");
    char line[512];
    if (!f || !fgets(line, sizeof line, f))
        return -1;
    while (credit_rows < MAX_ROWS && fgets(line, sizeof line, f)) {
        char *field[12], *save = NULL;
        int n = 0;
        for (char *tok = strtok_r(line, ",\n", &save); tok && n < 12; tok = strtok_r(NULL, ",\n", &save))
            field[n++] = tok;
        if (n < 12)
            break;
        credit_card_yes[credit_rows] = strcmp(field[0], "yes") == 0;
        credit_income[credit_rows++] = atof(field[3]);
    }
    fclose(f);
    return 0;
}

static nn_table *load(const char *path, const nn_table *like)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.like = like;
    nn_error err = {{0}};
    nn_table *t = nn_csv_load(path, &o, NULL, &err);
    if (!t)
        printf("# load %s: %s\n", path, err.msg);
    return t;
}

/* ---- stocks: next-month log returns per symbol ---- */

static void stocks_log_return_windows(void)
{
    nn_table *t = load(stocks_path, NULL);
    CHECK(t != NULL && read_stocks() == 0 && stock_rows == 560);
    if (!t)
        return;
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "target price", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "window 12 on=price as=logreturn horizon=1 by=symbol", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "scale none", &err) == 0);
    nn_notes notes = {0};
    nn_prepared p;
    int rc = nn_recipe_prepare(r, t, &p, &notes, &err);
    CHECK(rc == 0);
    if (rc < 0) {
        printf("# %s\n", err.msg);
        goto out;
    }
    /* A symbol with L months gives L - 13 windows (12 returns need 13
     * prices, and the target one more): 4 x (123 - 13) + (68 - 13) = 495;
     * purging drops at most one row per symbol at each of the two cuts. */
    CHECK(p.task == NN_TASK_REGRESSION && p.nfeatures == 12 && p.windowed);
    CHECK(p.nrows <= 495 && p.nrows >= 495 - 10);
    CHECK(p.begin[NN_PART_VAL] > 300 && p.begin[NN_PART_TEST] > p.begin[NN_PART_VAL]);
    /* every feature and target against the file: the row's source is the
     * window's last month; its series is the run of the same symbol */
    size_t wrong = 0;
    for (size_t i = 0; i < p.nrows; i++) {
        size_t s = p.source_row[i];
        for (int lag = 0; lag < 12; lag++) {
            size_t a = s - (size_t)lag, b = a - 1;
            int same = strcmp(stock_symbol[b], stock_symbol[s]) == 0;
            double want = log(stock_price[a] / stock_price[b]);
            wrong += !same || fabs(p.x[i * 12 + (size_t)lag] - want) > 1e-5;
        }
        int same = strcmp(stock_symbol[s + 1], stock_symbol[s]) == 0;
        wrong += !same || fabs(p.y_raw[i] - log(stock_price[s + 1] / stock_price[s])) > 1e-5;
        wrong += fabs(p.last_value[i] - stock_price[s]) > 1e-3;
    }
    CHECK(wrong == 0);
    /* chronological across symbols, and purged: a training target month
     * comes before the first validation month */
    double max_train = -INFINITY, min_val = INFINITY, max_val = -INFINITY, min_test = INFINITY;
    for (size_t i = 0; i < p.begin[NN_PART_TRAIN + 1]; i++)
        max_train = fmax(max_train, p.time[i]);
    for (size_t i = p.begin[NN_PART_VAL]; i < p.begin[NN_PART_VAL + 1]; i++)
        min_val = fmin(min_val, p.time[i]), max_val = fmax(max_val, p.time[i]);
    for (size_t i = p.begin[NN_PART_TEST]; i < p.begin[NN_PART_TEST + 1]; i++)
        min_test = fmin(min_test, p.time[i]);
    CHECK(max_train < min_val && max_val < min_test);
    CHECK(max_train + 31 * 86400.0 < min_val + 1);
    nn_prepared_free(&p);
out:
    nn_notes_free(&notes);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- credit cards: honest binary classification ---- */

static void credit_card_classification(void)
{
    nn_table *t = load(credit_path, NULL);
    CHECK(t != NULL && read_credit() == 0 && credit_rows == 1319);
    if (!t)
        return;
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "target card", &err) == 0);
    /* share and expenditure are observed after the decision: a leak */
    CHECK(nn_recipe_add_line(r, t, "drop share expenditure", &err) == 0);
    nn_prepared p;
    int rc = nn_recipe_prepare(r, t, &p, NULL, &err);
    CHECK(rc == 0);
    if (rc < 0) {
        printf("# %s\n", err.msg);
        nn_recipe_free(r);
        nn_table_free(t);
        return;
    }
    CHECK(p.task == NN_TASK_BINARY && p.ntargets == 1 && p.nclasses == 2);
    CHECK(strcmp(p.class_names[0], "no") == 0 && strcmp(p.class_names[1], "yes") == 0);
    static const char *const features[] = {"reports", "age", "income", "owner", "selfemp",
                                           "dependents", "months", "majorcards", "active"};
    CHECK(p.nfeatures == 9);
    for (size_t f = 0; f < 9 && f < p.nfeatures; f++)
        CHECK(strcmp(p.feature_names[f], features[f]) == 0);
    CHECK(p.nrows == 1319);
    CHECK(nn_prepared_check_complete(&p, &err) == 0);
    /* default split 70/15/15, stratified: each part keeps the 1023/1319
     * share of accepted applications within a row */
    size_t total_yes = 0;
    for (int i = 0; i < credit_rows; i++)
        total_yes += credit_card_yes[i];
    CHECK(total_yes == 1023);
    for (int part = 0; part < 3; part++) {
        size_t n = p.begin[part + 1] - p.begin[part], yes = 0;
        for (size_t i = p.begin[part]; i < p.begin[part + 1]; i++) {
            yes += p.y[i] == 1;
            CHECK(p.y[i] == credit_card_yes[p.source_row[i]]);
        }
        CHECK(fabs((double)yes - (double)n * 1023 / 1319) <= 1.0);
    }
    CHECK(p.begin[1] >= 922 && p.begin[1] <= 924);
    /* income's z-score comes from the training rows alone */
    size_t train = p.begin[1];
    double sum = 0, all = 0;
    for (size_t i = 0; i < train; i++)
        sum += credit_income[p.source_row[i]];
    for (int i = 0; i < credit_rows; i++)
        all += credit_income[i];
    double mean = sum / (double)train, ss = 0;
    for (size_t i = 0; i < train; i++)
        ss += pow(credit_income[p.source_row[i]] - mean, 2);
    double sd = sqrt(ss / (double)train);
    CHECK(fabs(mean - all / credit_rows) > 1e-6); /* the two means differ, so the test can tell */
    for (size_t i = 0; i < p.nrows; i += 97)
        CHECK_NEAR(p.x[i * 9 + 2], (credit_income[p.source_row[i]] - mean) / sd, 1e-4);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

/* ---- the recipe travels in the model file ---- */

static void recipe_in_model_file_replays_on_new_csv(void)
{
    nn_table *t = load(credit_path, NULL);
    if (!t) {
        CHECK(0);
        return;
    }
    nn_recipe *r = nn_recipe_new();
    nn_error err = {{0}};
    CHECK(nn_recipe_add_line(r, t, "target card", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "drop share expenditure", &err) == 0);
    CHECK(nn_recipe_add_line(r, t, "scale robust", &err) == 0);
    nn_prepared p;
    CHECK(nn_recipe_prepare(r, t, &p, NULL, &err) == 0);

    char dir[] = "/tmp/nnwb-prep-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char model_path[256], csv_path[256];
    snprintf(model_path, sizeof model_path, "%s/credit.nnwb", dir);
    snprintf(csv_path, sizeof csv_path, "%s/applicants.csv", dir);

    nn_model *m = nn_model_new();
    nn_layer_spec spec;
    nn_settings s;
    nn_settings_default(&s);
    CHECK(nn_layer_spec_parse(&spec, "dense units=1 act=sigmoid", &err) == 0);
    CHECK(nn_model_add(m, &spec, &err) == 0);
    CHECK(nn_model_build(m, nn_shape_vector((int)p.nfeatures), 1, &err) == 0);
    char *text = nn_recipe_format(r);
    CHECK(nn_model_save(m, &s, text, model_path, &err) == 0);
    nn_model_free(m);

    /* a new raw file: the first 40 applicants without the answer (so
     * every column sits one place further left than in training) */
    FILE *in = fopen(credit_path, "r"), *out = fopen(csv_path, "w");
    char line[512];
    for (int i = 0; in && out && i <= 40 && fgets(line, sizeof line, in); i++)
        fputs(strchr(line, ',') + 1, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);

    nn_model *loaded = NULL;
    char *extra = NULL;
    nn_settings s2;
    CHECK(nn_model_load(model_path, &loaded, &s2, &extra, &err) == 0);
    nn_recipe *back = extra ? nn_recipe_parse(extra, &err) : NULL;
    CHECK(back != NULL);
    nn_table *schema = back ? nn_recipe_schema(back) : NULL;
    nn_table *fresh = schema ? load(csv_path, schema) : NULL;
    CHECK(fresh != NULL && fresh->nrows == 40);
    nn_prepared q;
    int rc = fresh ? nn_recipe_apply(back, fresh, &q, NULL, &err) : -1;
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(q.nrows == 40 && q.y == NULL && q.nfeatures == p.nfeatures);
        size_t same = 0;
        for (size_t i = 0; i < p.nrows; i++)
            if (p.source_row[i] < 40)
                same += memcmp(p.x + i * p.nfeatures, q.x + p.source_row[i] * q.nfeatures,
                               p.nfeatures * sizeof(float)) == 0;
        CHECK(same == 40);
        nn_prepared_free(&q);
    } else {
        printf("# %s\n", err.msg);
    }
    nn_table_free(fresh);
    nn_table_free(schema);
    nn_recipe_free(back);
    free(extra);
    nn_model_free(loaded);
    free(text);
    unlink(model_path);
    unlink(csv_path);
    rmdir(dir);
    nn_prepared_free(&p);
    nn_recipe_free(r);
    nn_table_free(t);
}

int main(void)
{
    const char *src = getenv("SRCDIR") ? getenv("SRCDIR") : ".";
    snprintf(stocks_path, sizeof stocks_path, "%s/samples/stocks.csv", src);
    snprintf(credit_path, sizeof credit_path, "%s/samples/credit_card.csv", src);
    if (access(stocks_path, R_OK) != 0 || access(credit_path, R_OK) != 0) {
        printf("Bail out! samples/stocks.csv or samples/credit_card.csv not found under %s\n", src);
        return 1;
    }
    TEST(stocks_log_return_windows);
    TEST(credit_card_classification);
    TEST(recipe_in_model_file_replays_on_new_csv);
    return tap_done();
}
