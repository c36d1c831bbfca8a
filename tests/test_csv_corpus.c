/* Loading awkward and malformed CSV files (tests/csv, described in
 * tests/csv/MANIFEST): each good file loads with the right shape, types
 * and values; each bad one is refused with FILE:LINE:COLUMN (COLUMN is the
 * 1-based field number) and a word of what was expected; a refused reload
 * keeps the previous dataset. Expected values are written by hand (dates
 * from a civil-calendar formula, sums of the real files from pandas), never
 * taken from the loader. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "table/csv_load.h"
#include "table/parse_date.h"
#include "csv_check.h"
#include "tap.h"

static const char *srcdir;

static void tap_skip(const char *name, const char *why)
{
    tap_cases++;
    printf("ok %d - %s # SKIP %s\n", tap_cases, name, why);
    fflush(stdout);
}

/* --- helpers --- */

static const char *corpus(const char *name)
{
    static char bufs[4][1024];
    static int next;
    char *p = bufs[next++ % 4];
    snprintf(p, sizeof bufs[0], "%s/tests/csv/%s", srcdir, name);
    return p;
}

static const char *dataset(const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/samples/%s", srcdir, name);
    return buf;
}

static nn_table *load(const char *name, const nn_csv_options *o)
{
    return load_path(corpus(name), o);
}

/* Declares var as the named column; a missing one fails the check and ends
 * the test case (leaking its table: a failed run only). */
#define COL(var, t, name)                                                                \
    const nn_column *var = col(t, name);                                                 \
    CHECK(var != NULL);                                                                  \
    if (!var)                                                                            \
    return

static const char *cell(const nn_table *t, size_t row, size_t c)
{
    static char bufs[4][512];
    static int next;
    char *p = bufs[next++ % 4];
    nn_table_cell(t, row, c, p, sizeof bufs[0]);
    return p;
}

static size_t col_index(const nn_table *t, const nn_column *c)
{
    return (size_t)(c - t->cols);
}

static int starts_with(const char *s, const char *head)
{
    return strncmp(s, head, strlen(head)) == 0;
}

static int is_stringy(nn_col_type type)
{
    return type == NN_COL_CATEGORICAL || type == NN_COL_TEXT;
}

static void check_numbers(const nn_column *c, const double *want, size_t n)
{
    check_type(c, NN_COL_NUMERIC);
    if (c->type != NN_COL_NUMERIC)
        return;
    for (size_t i = 0; i < n; i++) {
        if (isnan(want[i]))
            CHECK(isnan(c->values[i]));
        else
            CHECK_CLOSE(c->values[i], want[i], 1e-6);
    }
}

/* Seconds since 1970-01-01 UTC of a civil date (H. Hinnant's days_from_civil). */
static double utc(int y, int m, int d, int hh, int mm, double ss)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    return days * 86400.0 + hh * 3600.0 + mm * 60.0 + ss;
}

static void check_dates(const nn_column *c, const double *want, size_t n)
{
    check_type(c, NN_COL_DATE);
    if (c->type != NN_COL_DATE || !c->times)
        return;
    for (size_t i = 0; i < n; i++)
        CHECK_NEAR(c->times[i], want[i], 1e-3);
}

/* err.msg must start with "PATH:LINE:COLUMN:" and name what was expected:
 * one of the '|'-separated words, any case. */
static void check_error_at(const char *path, long line, long column, const char *words)
{
    char prefix[1200];
    if (line > 0)
        snprintf(prefix, sizeof prefix, "%s:%ld:%ld:", path, line, column);
    else
        snprintf(prefix, sizeof prefix, "%s:", path);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0) {
        printf("#   error \"%s\" does not start with \"%s\"\n", err.msg, prefix);
        tap_case_failures++;
    }
    char list[256];
    snprintf(list, sizeof list, "%s", words);
    /* after the path, which may itself hold a word such as "empty" */
    const char *rest = strncmp(err.msg, prefix, strlen(prefix)) == 0 ? err.msg + strlen(prefix)
                                                                      : err.msg;
    int found = 0;
    for (char *w = strtok(list, "|"); w && !found; w = strtok(NULL, "|"))
        found = strcasestr(rest, w) != NULL;
    if (!found) {
        printf("#   error \"%s\" names none of: %s\n", err.msg, words);
        tap_case_failures++;
    }
}

/* Some note names the cell "PATH:LINE:COLUMN "TEXT"". */
static void check_note_at(const char *path, long line, long column, const char *text)
{
    char cell[1200];
    snprintf(cell, sizeof cell, "%s:%ld:%ld \"%s\"", path, line, column, text);
    for (size_t i = 0; i < notes.n; i++)
        if (strstr(notes.items[i], cell))
            return;
    printf("#   no note names %s (%zu notes)\n", cell, notes.n);
    for (size_t i = 0; i < notes.n; i++)
        printf("#     %s\n", notes.items[i]);
    tap_case_failures++;
}

static void expect_refused(const char *name, const nn_csv_options *o, long line, long column,
                           const char *words)
{
    const char *path = corpus(name);
    nn_table *t = try_load(path, o);
    if (t) {
        printf("#   %s loaded (%zu rows, %zu columns) but must be refused\n", name, t->nrows,
               t->ncols);
        tap_case_failures++;
        nn_table_free(t);
        return;
    }
    printf("#   refused: %s\n", err.msg);
    check_error_at(path, line, column, words);
}

/* --- delimiters and headers --- */

static void check_fruit(const char *name)
{
    nn_table *t = load(name, NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3);
    CHECK(t->ncols == 3);
    CHECK(strstr(t->source, name) != NULL);
    COL(fruit, t, "name");
    CHECK(is_stringy(fruit->type));
    CHECK_STR(cell(t, 0, col_index(t, fruit)), "apple");
    CHECK_STR(cell(t, 2, col_index(t, fruit)), "plum");
    const double qty[] = {3, 10, 7}, price[] = {1.25, 0.5, 2};
    COL(q, t, "qty");
    check_numbers(q, qty, 3);
    COL(p, t, "price");
    check_numbers(p, price, 3);
    CHECK(notes.n == 0);
    show_notes();
    nn_table_free(t);
}

static void delimiter_comma(void) { check_fruit("delim_comma.csv"); }
/* A ';' file with '.' decimals, as many exports are: 1.25 is 1.25. */
static void delimiter_semicolon(void) { check_fruit("delim_semicolon.csv"); }
static void delimiter_tab(void) { check_fruit("delim_tab.tsv"); }
static void delimiter_pipe(void) { check_fruit("delim_pipe.txt"); }

/* ';' and '|' inside quoted fields of a ',' file do not fool detection. */
static void delimiter_detection_respects_quotes(void)
{
    nn_table *t = load("quoted_delims.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->ncols == 3);
    CHECK(t->nrows == 3);
    COL(n, t, "notes");
    CHECK_STR(cell(t, 0, col_index(t, n)), "x|y;z");
    COL(num, t, "n");
    const double want[] = {1, 2, 3};
    check_numbers(num, want, 3);
    nn_table_free(t);
}

/* "x|y<TAB>z": two columns either way; the override decides. */
static void delimiter_override(void)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.delimiter = '\t';
    nn_table *t = load("delim_override.txt", &o);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->ncols == 2 && t->nrows == 3);
        COL(xy, t, "x|y");
        CHECK(is_stringy(xy->type));
        CHECK_STR(cell(t, 1, col_index(t, xy)), "4|5");
        COL(z, t, "z");
        const double want[] = {3, 6, 9};
        check_numbers(z, want, 3);
        nn_table_free(t);
    }
    o.delimiter = '|';
    t = load("delim_override.txt", &o);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->ncols == 2 && t->nrows == 3);
        COL(x, t, "x");
        const double want[] = {1, 4, 7};
        check_numbers(x, want, 3);
        COL(yz, t, "y\tz");
        CHECK(is_stringy(yz->type));
        CHECK_STR(cell(t, 0, col_index(t, yz)), "2\t3");
        nn_table_free(t);
    }
}

/* All-numeric first row: no header, columns c1..cN. */
static void header_absent_detected(void)
{
    nn_table *t = load("header_none.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3 && t->ncols == 3);
    COL(c1, t, "c1");
    COL(c2, t, "c2");
    COL(c3, t, "c3");
    const double a[] = {1, 4, 7}, b[] = {2.5, 5.5, 8.5}, c[] = {3, 6, 9};
    check_numbers(c1, a, 3);
    check_numbers(c2, b, 3);
    check_numbers(c3, c, 3);
    nn_table_free(t);
}

/* A first row holding a date and a price is data, not names. */
static void header_absent_mixed_types(void)
{
    nn_table *t = load("stocks_noheader.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 6 && t->ncols == 3);
    COL(sym, t, "c1");
    CHECK(is_stringy(sym->type));
    CHECK_STR(cell(t, 0, 0), "MSFT");
    COL(date, t, "c2");
    const double d[] = {utc(2000, 1, 1, 0, 0, 0), utc(2000, 2, 1, 0, 0, 0),
                        utc(2000, 3, 1, 0, 0, 0), utc(2000, 1, 1, 0, 0, 0)};
    check_dates(date, d, 4);
    COL(price, t, "c3");
    const double p[] = {39.81, 36.35, 43.22, 100.52, 92.11, 106.11};
    check_numbers(price, p, 6);
    nn_table_free(t);
}

static void header_override(void)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.header = 1;
    nn_table *t = load("header_none.csv", &o);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->nrows == 2 && t->ncols == 3);
        COL(first, t, "1");
        const double want[] = {4, 7};
        check_numbers(first, want, 2);
        CHECK(col(t, "2.5") != NULL);
        nn_table_free(t);
    }
    /* An all-text file could go either way: the override settles it. */
    t = load("header_strings.csv", &o);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->nrows == 3 && t->ncols == 2);
        CHECK(col(t, "red") != NULL && col(t, "small") != NULL);
        CHECK_STR(cell(t, 0, 0), "blue");
        nn_table_free(t);
    }
    o.header = 0;
    t = load("header_strings.csv", &o);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->nrows == 4 && t->ncols == 2);
        CHECK(col(t, "c1") != NULL && col(t, "c2") != NULL);
        CHECK_STR(cell(t, 0, 0), "red");
        CHECK_STR(cell(t, 3, 1), "small");
        nn_table_free(t);
    }
}

/* An empty header cell is named by position (c3); a repeated name is made
 * unique so that every column can be found by name. */
static void check_header_names(const nn_csv_options *o)
{
    nn_table *t = load("header_names.csv", o);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3 && t->ncols == 4);
    CHECK(nn_table_find(t, "a") == 0);
    CHECK(nn_table_find(t, "b") == 1);
    CHECK(nn_table_find(t, "c3") == 2);
    for (size_t i = 0; i < t->ncols; i++) {
        CHECK(t->cols[i].name && t->cols[i].name[0]);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(t->cols[i].name, t->cols[j].name) != 0);
    }
    if (t->ncols == 4) {
        const double last[] = {4, 8, 12};
        check_numbers(&t->cols[3], last, 3);
    }
    nn_table_free(t);
}

/* Given, and detected: words above numbers are names even when one is
 * empty or repeated. */
static void header_blank_and_duplicate_names(void)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.header = 1;
    check_header_names(&o);
    check_header_names(NULL);
}

/* --- quoting, encodings, line ends --- */

static void quoted_fields(void)
{
    nn_table *t = load("quoted.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 5 && t->ncols == 3);
    COL(text, t, "text");
    size_t c = col_index(t, text);
    CHECK(is_stringy(text->type));
    CHECK_STR(cell(t, 0, c), "a, b");
    CHECK_STR(cell(t, 1, c), "He said \"hi\"");
    CHECK_STR(cell(t, 2, c), "line one\nline two");
    CHECK_STR(cell(t, 3, c), "plain");
    CHECK(nn_table_missing(t, 4, c));
    CHECK(text->missing == 1);
    COL(n, t, "n");
    const double want[] = {10, 20, 30, 40, 50};
    check_numbers(n, want, 5);
    nn_table_free(t);
}

static void utf8_bom(void)
{
    nn_table *t = load("bom.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3 && t->ncols == 2);
    CHECK(nn_table_find(t, "id") == 0);
    CHECK_STR(t->cols[0].name, "id");
    COL(id, t, "id");
    const double want[] = {1, 2, 3};
    check_numbers(id, want, 3);
    nn_table_free(t);
}

/* CRLF: no '\r' left in names or values; a blank CRLF line is ignored. */
static void crlf_line_ends(void)
{
    nn_table *t = load("crlf.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3 && t->ncols == 2);
    COL(name, t, "name");
    CHECK_STR(cell(t, 0, col_index(t, name)), "foo");
    CHECK_STR(cell(t, 2, col_index(t, name)), "baz");
    COL(value, t, "value");
    const double want[] = {1.5, 2.5, -3};
    check_numbers(value, want, 3);
    nn_table_free(t);
}

static void blank_lines_ignored(void)
{
    nn_table *t = load("blank_lines.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3 && t->ncols == 2);
    COL(a, t, "a");
    const double want[] = {1, 2, 3};
    check_numbers(a, want, 3);
    COL(b, t, "b");
    CHECK_STR(cell(t, 2, col_index(t, b)), "z");
    nn_table_free(t);
}

static void trailing_delimiter(void)
{
    nn_table *t = load("trailing_delimiter.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3);
    CHECK(t->ncols == 3);
    COL(a, t, "a");
    COL(b, t, "b");
    COL(c, t, "c");
    const double av[] = {1, 3, 5}, bv[] = {2, 4, 6};
    check_numbers(a, av, 3);
    check_numbers(b, bv, 3);
    CHECK_STR(cell(t, 2, col_index(t, c)), "z");
    nn_table_free(t);
}

static void single_column(void)
{
    nn_table *t = load("single_column.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 4 && t->ncols == 1);
    COL(v, t, "value");
    const double want[] = {1.5, 2.5, NAN, 4};
    check_numbers(v, want, 4);
    CHECK(v->missing == 1);
    nn_table_free(t);
}

/* "1, 2.5": a space after the delimiter does not make a number text. */
static void spaces_around_numbers(void)
{
    nn_table *t = load("spaces.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3 && t->ncols == 2);
    if (t->ncols == 2) {
        const double a[] = {1, 3, 5}, b[] = {2.5, 4.5, 6.5};
        check_numbers(&t->cols[0], a, 3);
        check_numbers(&t->cols[1], b, 3);
    }
    nn_table_free(t);
}

/* Exporters that quote every field: quotes do not make numbers text. */
static void quoted_numbers_and_dates(void)
{
    nn_table *t = load("quoted_all.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    COL(price, t, "price");
    const double p[] = {12.5, 13, -1};
    check_numbers(price, p, 3);
    COL(when, t, "when");
    const double d[] = {utc(2000, 1, 1, 0, 0, 0), utc(2000, 1, 2, 0, 0, 0)};
    check_dates(when, d, 2);
    nn_table_free(t);
}

static void cr_only_line_ends(void)
{
    nn_table *t = load("cr_only.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 2 && t->ncols == 2);
    COL(b, t, "b");
    const double want[] = {2, 4};
    check_numbers(b, want, 2);
    nn_table_free(t);
}

/* --- types --- */

static void check_boolean(const nn_column *c, const char *no, const char *yes)
{
    check_type(c, NN_COL_BOOLEAN);
    if (c->type != NN_COL_BOOLEAN)
        return;
    CHECK(c->nlevels == 2);
    if (c->nlevels == 2) {
        CHECK(strcasecmp(c->levels[0], no) == 0);
        CHECK(strcasecmp(c->levels[1], yes) == 0);
    }
}

static size_t count_ones(const nn_column *c, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += c->values[i] == 1.0f;
    return k;
}

static void type_inference(void)
{
    nn_table *t = load("types.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 24 && t->ncols == 9);
    COL(num, t, "num");
    const double first[] = {-1.5, 2000, 0.5, 5, 3, 0, 12, -0.25, 0.01};
    check_numbers(num, first, 9);
    double sum = 0;
    for (size_t i = 0; num->type == NN_COL_NUMERIC && i < t->nrows; i++)
        sum += num->values[i];
    CHECK_NEAR(sum, 2229.26, 1e-3);

    COL(yn, t, "yn");
    check_boolean(yn, "no", "yes");
    CHECK(count_ones(yn, 24) == 16);
    CHECK(yn->values[0] == 0.0f && yn->values[1] == 1.0f);
    COL(tf, t, "tf");
    check_boolean(tf, "false", "true");
    CHECK(count_ones(tf, 24) == 12);
    COL(TF, t, "TF");
    check_boolean(TF, "false", "true");
    CHECK(count_ones(TF, 24) == 6);
    CHECK(TF->values[0] == 1.0f);
    COL(zo, t, "zo");
    check_boolean(zo, "0", "1");
    CHECK(count_ones(zo, 24) == 5);

    COL(level, t, "level");
    check_type(level, NN_COL_CATEGORICAL);
    CHECK(level->nlevels == 3);
    if (level->nlevels == 3) {
        CHECK_STR(level->levels[0], "high");
        CHECK_STR(level->levels[1], "low");
        CHECK_STR(level->levels[2], "mid");
        CHECK(level->values[0] == 1.0f); /* "low" */
    }
    COL(day, t, "day");
    const double days[] = {utc(2000, 1, 1, 0, 0, 0), utc(2000, 1, 2, 0, 0, 0)};
    check_dates(day, days, 2);
    if (day->type == NN_COL_DATE) {
        CHECK_NEAR(day->times[23], utc(2000, 1, 24, 0, 0, 0), 1e-3);
        CHECK(day->date_format == NN_DATE_ISO);
        CHECK(!day->has_time);
        CHECK_STR(cell(t, 0, col_index(t, day)), "2000-01-01");
    }
    COL(id, t, "id");
    check_type(id, NN_COL_TEXT);
    CHECK_STR(cell(t, 1, col_index(t, id)), "ID-1007");
    /* one number among letters is a level, not a reason to refuse */
    COL(code, t, "code");
    check_type(code, NN_COL_CATEGORICAL);
    CHECK(code->nlevels == 4);
    CHECK_STR(cell(t, 10, col_index(t, code)), "7");
    nn_table_free(t);
}

/* --- dates --- */

static void dates_iso(void)
{
    nn_table *t = load("dates_iso.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 5 && t->ncols == 3);
    COL(d, t, "d");
    const double dv[] = {utc(2000, 1, 1, 0, 0, 0), utc(2000, 2, 29, 0, 0, 0),
                         utc(2000, 12, 31, 0, 0, 0), utc(2001, 1, 1, 0, 0, 0),
                         utc(2001, 3, 1, 0, 0, 0)};
    check_dates(d, dv, 5);
    CHECK(!d->has_time);
    CHECK(d->date_format == NN_DATE_ISO);
    COL(dt, t, "dt");
    const double tv[] = {utc(2000, 1, 1, 12, 0, 0), utc(2000, 1, 1, 10, 0, 0),
                         utc(2000, 1, 1, 9, 30, 0), utc(2000, 1, 2, 0, 30, 0),
                         utc(2000, 1, 1, 0, 0, 0.25)};
    check_dates(dt, tv, 5);
    CHECK(dt->has_time);
    CHECK(dt->date_format == NN_DATE_ISO);
    COL(sl, t, "slashed");
    const double sv[] = {utc(2000, 1, 31, 0, 0, 0), utc(2000, 2, 1, 0, 0, 0),
                         utc(2000, 3, 15, 0, 0, 0), utc(2000, 4, 30, 0, 0, 0),
                         utc(2000, 5, 1, 0, 0, 0)};
    check_dates(sl, sv, 5);
    nn_table_free(t);
}

static void dates_month_names(void)
{
    nn_table *t = load("dates_names.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 3 && t->ncols == 3);
    const double want[] = {utc(2000, 1, 1, 0, 0, 0), utc(2000, 2, 29, 0, 0, 0),
                           utc(2000, 12, 31, 0, 0, 0)};
    COL(mdy, t, "mdy");
    check_dates(mdy, want, 3);
    CHECK(mdy->date_format == NN_DATE_NAME_MDY);
    COL(dmy, t, "dmy");
    check_dates(dmy, want, 3);
    CHECK(dmy->date_format == NN_DATE_NAME_DMY);
    COL(lng, t, "long");
    check_dates(lng, want, 3);
    CHECK(lng->date_format == NN_DATE_NAME_MDY);
    nn_table_free(t);
}

/* 31/12/2000 proves day-first, so 01/02/2000 is 1 February; no guess, no note. */
static void dates_day_first_forced(void)
{
    nn_table *t = load("dates_dmy.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    const double want[] = {utc(2000, 2, 1, 0, 0, 0), utc(2000, 12, 31, 0, 0, 0),
                           utc(2000, 6, 15, 0, 0, 0)};
    COL(w, t, "when");
    check_dates(w, want, 3);
    CHECK(w->date_format == NN_DATE_DMY);
    COL(dotted, t, "dotted");
    check_dates(dotted, want, 3);
    CHECK(dotted->date_format == NN_DATE_DMY);
    CHECK(notes.n == 0);
    show_notes();
    nn_table_free(t);
}

static void dates_month_first_forced(void)
{
    nn_table *t = load("dates_mdy.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    const double want[] = {utc(2000, 1, 2, 0, 0, 0), utc(2000, 12, 31, 0, 0, 0),
                           utc(2000, 6, 15, 0, 0, 0)};
    COL(w, t, "when");
    check_dates(w, want, 3);
    CHECK(w->date_format == NN_DATE_MDY);
    CHECK(notes.n == 0);
    show_notes();
    nn_table_free(t);
}

/* Every value fits both: month first by default, and the user is told. */
static void dates_ambiguous(void)
{
    nn_table *t = load("dates_ambiguous.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        const double want[] = {utc(2000, 1, 2, 0, 0, 0), utc(2000, 3, 4, 0, 0, 0)};
        COL(w, t, "when");
        check_dates(w, want, 2);
        CHECK(w->date_format == NN_DATE_MDY);
        CHECK(notes.n >= 1);
        CHECK(notes_mention("when"));
        show_notes();
        nn_table_free(t);
    }
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.dayfirst = 1;
    t = load("dates_ambiguous.csv", &o);
    CHECK(t != NULL);
    if (t) {
        const double want[] = {utc(2000, 2, 1, 0, 0, 0), utc(2000, 4, 3, 0, 0, 0),
                               utc(2000, 6, 5, 0, 0, 0)};
        COL(w, t, "when");
        check_dates(w, want, 3);
        CHECK(w->date_format == NN_DATE_DMY);
        nn_table_free(t);
    }
}

/* A prediction-time file is read like the training file: its dates as the
 * training file's day-first dates, its 0/1 column as numbers. */
static void like_keeps_training_types(void)
{
    nn_table *train = load("like_train.csv", NULL);
    CHECK(train != NULL);
    if (!train)
        return;
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.like = train;
    nn_table *t = load("like_predict.csv", &o);
    CHECK(t != NULL);
    if (t) {
        const double want[] = {utc(2000, 2, 1, 0, 0, 0), utc(2000, 4, 3, 0, 0, 0),
                               utc(2000, 6, 5, 0, 0, 0)};
        COL(w, t, "when");
        check_dates(w, want, 3);
        CHECK(w->date_format == NN_DATE_DMY);
        COL(x, t, "x");
        const double xv[] = {0, 1, 1};
        check_numbers(x, xv, 3);
        nn_table_free(t);
    }
    nn_table_free(train);
}

/* --- missing values --- */

static void missing_markers(void)
{
    nn_table *t = load("missing.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 11 && t->ncols == 3);
    COL(x, t, "x");
    const double xv[] = {1, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 2, NAN, 3.5};
    check_numbers(x, xv, 11);
    CHECK(x->missing == 8);
    COL(flag, t, "flag");
    check_boolean(flag, "no", "yes");
    CHECK(flag->missing == 2);
    CHECK(nn_table_missing(t, 3, col_index(t, flag)));
    CHECK(nn_table_missing(t, 4, col_index(t, flag)));
    COL(kind, t, "kind");
    check_type(kind, NN_COL_CATEGORICAL);
    CHECK(kind->missing == 3);
    CHECK(kind->nlevels == 2);
    if (kind->nlevels == 2) {
        CHECK_STR(kind->levels[0], "a");
        CHECK_STR(kind->levels[1], "b");
    }
    nn_table_free(t);
}

static void missing_whole_column_and_dates(void)
{
    nn_table *t = load("all_missing.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->nrows == 3 && t->ncols == 2);
        COL(b, t, "b");
        CHECK(b->missing == 3);
        for (size_t r = 0; r < 3; r++)
            CHECK(nn_table_missing(t, r, 1));
        nn_table_free(t);
    }
    t = load("date_missing.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        COL(d, t, "d");
        check_type(d, NN_COL_DATE);
        CHECK(d->missing == 2);
        if (d->type == NN_COL_DATE) {
            CHECK(isnan(d->times[1]) && isnan(d->times[2]));
            CHECK_NEAR(d->times[3], utc(2000, 1, 4, 0, 0, 0), 1e-3);
        }
        nn_table_free(t);
    }
}

static void custom_missing_markers(void)
{
    nn_table *t = load("custom_na.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        COL(x, t, "x");
        const double xv[] = {1, -999, 3, 4, 5, 6};
        check_numbers(x, xv, 6);
        CHECK(x->missing == 0);
        COL(y, t, "y");
        CHECK(y->missing == 0 && y->nlevels == 3);
        nn_table_free(t);
    }
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.na = "-999,?";
    t = load("custom_na.csv", &o);
    CHECK(t != NULL);
    if (t) {
        COL(x, t, "x");
        const double xv[] = {1, NAN, 3, 4, 5, 6};
        check_numbers(x, xv, 6);
        CHECK(x->missing == 1);
        COL(y, t, "y");
        check_type(y, NN_COL_CATEGORICAL);
        CHECK(y->missing == 1 && y->nlevels == 2);
        CHECK(nn_table_missing(t, 2, col_index(t, y)));
        nn_table_free(t);
    }
}

/* --- numbers as spreadsheets write them --- */

static void decimal_comma_in_semicolon_file(void)
{
    nn_table *t = load("decimal_comma.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->ncols == 2 && t->nrows == 4);
    COL(x, t, "x");
    const double want[] = {3.14, 2.5, -0.75, 1234.5};
    check_numbers(x, want, 4);
    nn_table_free(t);
}

static void thousands_separators(void)
{
    nn_table *t = load("thousands.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    COL(a, t, "amount");
    const double want[] = {1234.5, 1000000, 12.25, 2500};
    check_numbers(a, want, 4);
    nn_table_free(t);
}

/* "1,234" alone could be either: read by the file's decimal mark, and said. */
static void ambiguous_commas_reported(void)
{
    nn_table *t = load("ambiguous_thousands.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        COL(a, t, "amount");
        const double want[] = {1234, 2500, 10000};
        check_numbers(a, want, 3);
        CHECK(notes_mention("amount"));
        show_notes();
        nn_table_free(t);
    }
    t = load("ambiguous_decimal.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        COL(a, t, "amount");
        const double want[] = {1.234, 2.5, 3.75};
        check_numbers(a, want, 3);
        CHECK(notes_mention("amount"));
        show_notes();
        nn_table_free(t);
    }
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.decimal = '.';
    t = load("ambiguous_decimal.csv", &o);
    CHECK(t != NULL);
    if (t) {
        COL(a, t, "amount");
        const double want[] = {1234, 2500, 3750};
        check_numbers(a, want, 3);
        nn_table_free(t);
    }
}

static void currency_percent_parentheses(void)
{
    nn_table *t = load("currency.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->nrows == 4 && t->ncols == 4);
        COL(price, t, "price");
        const double p[] = {12.5, 1234.5, 0.99, 3};
        check_numbers(price, p, 4);
        COL(pct, t, "pct");
        const double q[] = {12.5, 3, -1.25, 0};
        check_numbers(pct, q, 4);
        COL(acct, t, "acct");
        const double a[] = {-12.5, 3, -1000, 0};
        check_numbers(acct, a, 4);
        nn_table_free(t);
    }
    t = load("currency_euro.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->nrows == 4 && t->ncols == 2);
        COL(price, t, "price");
        const double p[] = {12.5, 3, 1000, 0.99};
        check_numbers(price, p, 4);
        nn_table_free(t);
    }
}

/* "1,234.5" then "3,14": ',' cannot be both marks in one column. */
static void conflicting_commas_refused(void)
{
    expect_refused("comma_conflict.csv", NULL, 4, 2, "comma|decimal|thousand");
}

/* inf and 1e39 are not kept: missing, each named by line:column in a note. */
static void infinite_and_overflow_reported(void)
{
    nn_table *t = load("inf_overflow.csv", NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    COL(v, t, "v");
    const double want[] = {1.5, NAN, 2.5, NAN, NAN, NAN, 3.5};
    check_numbers(v, want, 7);
    CHECK(v->missing == 4);
    CHECK(notes_mention("3:2"));
    CHECK(notes_mention("5:2"));
    CHECK(notes_mention("6:2"));
    CHECK(notes_mention("7:2"));
    show_notes();
    nn_table_free(t);
}

/* A German user's locale must not change how "1.5" reads. */
static void c_locale_numbers(void)
{
    setenv("LC_ALL", "de_DE.UTF-8", 1);
    setlocale(LC_ALL, "");
    CHECK(localeconv()->decimal_point[0] == ',');
    check_fruit("delim_comma.csv");
    decimal_comma_in_semicolon_file();
    nn_table *t = load("types.csv", NULL);
    CHECK(t != NULL);
    if (t) {
        COL(num, t, "num");
        const double first[] = {-1.5, 2000, 0.5, 5, 3, 0, 12, -0.25, 0.01};
        check_numbers(num, first, 9);
        nn_table_free(t);
    }
    setlocale(LC_ALL, "C");
    unsetenv("LC_ALL");
}

static int german_locale_exists(void)
{
    const char *ok = setlocale(LC_ALL, "de_DE.UTF-8");
    int comma = ok && localeconv()->decimal_point[0] == ',';
    setlocale(LC_ALL, "C");
    return comma;
}

/* --- malformed files --- */

static void ragged_rows_after_multiline_fields(void)
{
    /* line 8, after quoted fields spanning lines 2-3 and 5-7 */
    expect_refused("ragged_more.csv", NULL, 8, 4, "field|column");
    expect_refused("ragged_less.csv", NULL, 8, 3, "field|column");
    /* BOM, CRLF, a quoted CRLF and a blank line before the bad row */
    expect_refused("crlf_ragged.csv", NULL, 6, 4, "field|column");
    expect_refused("blank_lines_ragged.csv", NULL, 10, 3, "field|column");
}

static void unterminated_quote(void)
{
    expect_refused("unterminated_quote.csv", NULL, 3, 2, "quote");
}

/* One word among 29 numbers: a numeric column with that cell missing. */
static void text_in_numeric_column(void)
{
    nn_table *t = load_path(corpus("text_in_numeric.csv"), NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    COL(x, t, "x");
    check_type(x, NN_COL_NUMERIC);
    CHECK(x->missing == 1 && isnan(x->values[15]) && x->values[16] == 28.0f);
    check_note_at(corpus("text_in_numeric.csv"), 17, 2, "abc");
    nn_table_free(t);
}

static void binary_data(void)
{
    expect_refused("binary_nul.csv", NULL, 4, 2, "binary|NUL");
    expect_refused("gzipped.csv", NULL, 1, 1, "binary|NUL|UTF-8");
    expect_refused("bad_utf8.csv", NULL, 4, 1, "UTF-8|UTF8|encoding");
    expect_refused("utf16.csv", NULL, 1, 1, "binary|UTF-8|UTF-16");
}

/* An impossible date among dates is a cell that is not a date: missing,
 * with the note naming it, as a word among numbers is. */
static void impossible_date_in_date_column(void)
{
    nn_table *t = load_path(corpus("date_bad.csv"), NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    COL(d, t, "d");
    check_type(d, NN_COL_DATE);
    CHECK(d->missing == 1 && isnan(d->times[9]) && !isnan(d->times[10]));
    check_note_at(corpus("date_bad.csv"), 11, 1, "2001-02-29");
    nn_table_free(t);
}

static void empty_files(void)
{
    expect_refused("empty.csv", NULL, 0, 0, "empty|no data|no rows");
    expect_refused("blank_only.csv", NULL, 0, 0, "empty|no data|no rows");
    expect_refused("header_only.csv", NULL, 0, 0, "empty|no data|no rows|header");
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.header = 1;
    expect_refused("header_only.csv", &o, 0, 0, "empty|no data|no rows|header");
}

static void missing_file(void)
{
    expect_refused("no_such_file.csv", NULL, 0, 0, "No such file");
    /* a directory is not a file either */
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/tests/csv", srcdir);
    nn_csv_options o;
    nn_csv_options_init(&o);
    nn_table *t = nn_csv_load(dir, &o, NULL, &err);
    CHECK(t == NULL);
    CHECK(strstr(err.msg, dir) != NULL);
    nn_table_free(t);
}

/* --- a refusal keeps the previous dataset --- */

static const char *const bad_files[] = {
    "ragged_more.csv", "ragged_less.csv", "crlf_ragged.csv", "blank_lines_ragged.csv",
    "unterminated_quote.csv", "binary_nul.csv", "gzipped.csv",
    "bad_utf8.csv", "empty.csv", "blank_only.csv", "header_only.csv",
    "comma_conflict.csv", "utf16.csv", "no_such_file.csv",
};

static void reload_keeps_previous_on_failure(void)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    nn_table *current = NULL;
    CHECK(nn_csv_reload(&current, corpus("delim_comma.csv"), &o, &notes, &err) == 0);
    CHECK(current != NULL);
    if (!current)
        return;
    nn_table *before = current;
    char *shot = snapshot(current);
    for (size_t i = 0; i < sizeof bad_files / sizeof *bad_files; i++) {
        err.msg[0] = '\0';
        int rc = nn_csv_reload(&current, corpus(bad_files[i]), &o, &notes, &err);
        if (rc != -1 || current != before)
            printf("#   reload of %s: rc %d, table %s\n", bad_files[i], rc,
                   current == before ? "kept" : "replaced");
        CHECK(rc == -1);
        CHECK(current == before);
        CHECK(err.msg[0] != '\0');
        char *now = snapshot(current);
        CHECK(strcmp(now, shot) == 0);
        free(now);
    }
    free(shot);
    CHECK(nn_csv_reload(&current, corpus("types.csv"), &o, &notes, &err) == 0);
    CHECK(current != NULL);
    if (current) {
        CHECK(current->nrows == 24 && current->ncols == 9);
        CHECK(nn_table_find(current, "yn") >= 0);
        CHECK(nn_table_find(current, "qty") < 0);
    }
    nn_table_free(current);
}

/* --- the real datasets --- */

static void real_stocks(void)
{
    nn_table *t = load_path(dataset("stocks.csv"), NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    /* The README says 559 rows; the file holds 560 (pandas agrees). */
    CHECK(t->nrows == 560);
    CHECK(t->ncols == 3);
    COL(sym, t, "symbol");
    check_type(sym, NN_COL_CATEGORICAL);
    const char *names[] = {"AAPL", "AMZN", "GOOG", "IBM", "MSFT"};
    CHECK(sym->nlevels == 5);
    for (size_t i = 0; i < 5 && i < sym->nlevels; i++)
        CHECK_STR(sym->levels[i], names[i]);
    CHECK_STR(cell(t, 0, 0), "MSFT");
    CHECK_STR(cell(t, 369, 0), "GOOG");
    COL(date, t, "date");
    check_type(date, NN_COL_DATE);
    if (date->type == NN_COL_DATE) {
        CHECK(date->date_format == NN_DATE_NAME_MDY);
        CHECK_NEAR(date->times[0], utc(2000, 1, 1, 0, 0, 0), 1e-3);
        CHECK_NEAR(date->times[369], utc(2004, 8, 1, 0, 0, 0), 1e-3);
        CHECK_NEAR(date->times[559], utc(2010, 3, 1, 0, 0, 0), 1e-3);
        CHECK(!date->has_time);
    }
    COL(price, t, "price");
    check_type(price, NN_COL_NUMERIC);
    if (price->type == NN_COL_NUMERIC && t->nrows == 560) {
        double sum = 0;
        for (size_t i = 0; i < t->nrows; i++)
            sum += price->values[i];
        CHECK_NEAR(sum, 56411.2, 0.01);
        CHECK_CLOSE(price->values[0], 39.81, 1e-6);
        CHECK_CLOSE(price->values[559], 223.02, 1e-6);
    }
    for (size_t c = 0; c < t->ncols; c++)
        CHECK(t->cols[c].missing == 0);
    CHECK(notes.n == 0);
    show_notes();
    nn_table_free(t);
}

static void real_credit_card(void)
{
    nn_table *t = load_path(dataset("credit_card.csv"), NULL);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK(t->nrows == 1319);
    CHECK(t->ncols == 12);
    static const char *const names[] = {"card",     "reports",     "age",   "income",
                                        "share",    "expenditure", "owner", "selfemp",
                                        "dependents", "months",    "majorcards", "active"};
    for (size_t i = 0; i < 12 && i < t->ncols; i++)
        CHECK_STR(t->cols[i].name, names[i]);
    struct {
        const char *name;
        size_t yes;
    } yesno[] = {{"card", 1023}, {"owner", 581}, {"selfemp", 91}};
    for (size_t i = 0; i < 3; i++) {
        COL(c, t, yesno[i].name);
        check_boolean(c, "no", "yes");
        CHECK(count_ones(c, t->nrows) == yesno[i].yes);
    }
    /* majorcards holds only 0 and 1: boolean by the "0/1 as labels" */
    COL(mc, t, "majorcards");
    check_boolean(mc, "0", "1");
    CHECK(count_ones(mc, t->nrows) == 1078);
    struct { const char *name; double sum; } numeric[] = {
        {"reports", 602},          {"age", 43808.0831933},   {"income", 4438.931},
        {"share", 90.6577363715},  {"expenditure", 244090.2763567}, {"dependents", 1311},
        {"months", 72898},         {"active", 9229},
    };
    for (size_t i = 0; i < sizeof numeric / sizeof *numeric; i++) {
        COL(c, t, numeric[i].name);
        check_type(c, NN_COL_NUMERIC);
        if (c->type != NN_COL_NUMERIC)
            continue;
        double sum = 0;
        for (size_t r = 0; r < t->nrows; r++)
            sum += c->values[r];
        CHECK_CLOSE(sum, numeric[i].sum, 1e-6);
    }
    for (size_t c = 0; c < t->ncols; c++)
        CHECK(t->cols[c].missing == 0);
    CHECK(notes.n == 0);
    show_notes();
    nn_table_free(t);
}

/* --- a large file read by one and two threads --- */

static char tmpdir[256];
enum { BIG_ROWS = 120000, BIG_BAD_ROW = 97001 };

/* Writes a file of BIG_ROWS rows with a quoted multi-line field every 997
 * rows (holding something that looks like rows), and, if bad, "abc" in the
 * numeric column x at row BIG_BAD_ROW. Returns the physical line of that row. */
static long write_big(const char *path, int bad)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    static const char *const colours[] = {"red", "green", "blue"};
    long line = 1, bad_line = -1;
    fprintf(f, "id,x,colour,note,day\n");
    for (int i = 0; i < BIG_ROWS; i++) {
        line++;
        if (bad && i == BIG_BAD_ROW) {
            bad_line = line;
            fprintf(f, "%d,abc,", i);
        } else {
            fprintf(f, "%d,%d.%d,", i, i / 2, (i % 2) * 5);
        }
        fprintf(f, "%s,", colours[i % 3]);
        if (i % 997 == 0) {
            fprintf(f, "\"row %d\nsays \"\"hi\"\", 1,2\n3,4,5,6,7\",", i);
            line += 2;
        } else {
            fprintf(f, "plain,");
        }
        fprintf(f, "%04d-%02d-%02d\n", 2000 + i % 20, 1 + i % 12, 1 + i % 28);
    }
    fclose(f);
    return bad_line;
}

static void big_file_threads_agree(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/big.csv", tmpdir);
    CHECK(write_big(path, 0) == -1);
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.threads = 1;
    nn_table *one = load_path(path, &o);
    o.threads = 2;
    nn_table *two = load_path(path, &o);
    CHECK(one && two);
    if (one && two) {
        CHECK(one->nrows == BIG_ROWS && one->ncols == 5);
        CHECK(two->nrows == BIG_ROWS && two->ncols == 5);
        COL(x, one, "x");
        check_type(x, NN_COL_NUMERIC);
        if (x->type == NN_COL_NUMERIC)
            CHECK(x->values[12345] == 6172.5f);
        CHECK_STR(cell(one, 997, 3), "row 997\nsays \"hi\", 1,2\n3,4,5,6,7");
        CHECK_STR(cell(one, 998, 3), "plain");
        CHECK_STR(cell(one, 5, 4), "2005-06-06");
        char *a = snapshot(one), *b = snapshot(two);
        CHECK(strcmp(a, b) == 0);
        free(a);
        free(b);
    }
    nn_table_free(one);
    nn_table_free(two);
    unlink(path);
}

static void big_file_error_line(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/big_bad.csv", tmpdir);
    long line = write_big(path, 1);
    for (int threads = 1; threads <= 2; threads++) {
        nn_csv_options o;
        nn_csv_options_init(&o);
        o.threads = threads;
        nn_notes_free(&notes);
        nn_table *t = nn_csv_load(path, &o, &notes, &err);
        CHECK(t != NULL); /* the word is read as missing, and named */
        nn_table_free(t);
        check_note_at(path, line, 2, "abc");
    }
    unlink(path);
}

/* The middle of this file lies inside one quoted field of 4000 lines that
 * look like rows, so a second thread starting there must not take them
 * for rows. An "abc" in x after it must still be found at its line. */
enum { QM_ROWS = 4001, QM_LONG_ROW = 2000, QM_LONG_LINES = 4000 };

static long write_quoted_middle(const char *path, long *bad_line)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    long line = 1;
    fprintf(f, "id,x,colour,note,day\n");
    for (int i = 0; i < QM_ROWS; i++) {
        line++;
        int bad = i == QM_ROWS - 2;
        if (bad)
            *bad_line = line;
        fprintf(f, bad ? "%d,abc,blue," : "%d,%d.5,blue,", i, i);
        if (i == QM_LONG_ROW) {
            fputc('"', f);
            for (int k = 0; k < QM_LONG_LINES; k++, line++)
                fprintf(f, "%d,%d.5,red,\"\"plain\"\",2000-01-01\n", k, k);
            fprintf(f, "end\",");
        } else {
            fprintf(f, "plain,");
        }
        fprintf(f, "2001-02-03\n");
    }
    fclose(f);
    return 0;
}

static void big_file_quoted_middle(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/quoted_middle.csv", tmpdir);
    long bad_line = -1;
    CHECK(write_quoted_middle(path, &bad_line) == 0);
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.na = "abc"; /* first the file as good */
    o.threads = 1;
    nn_table *one = load_path(path, &o);
    o.threads = 2;
    nn_table *two = load_path(path, &o);
    CHECK(one && two);
    if (one && two) {
        CHECK(one->nrows == QM_ROWS && two->nrows == QM_ROWS);
        static char note[200000];
        int len = nn_table_cell(two, QM_LONG_ROW, 3, note, sizeof note);
        CHECK(starts_with(note, "0,0.5,red,\"plain\",2000-01-01\n1,1.5"));
        CHECK(len > 4 && strcmp(note + len - 4, "\nend") == 0);
        CHECK_STR(cell(two, QM_LONG_ROW + 1, 0), "2001");
        char *a = snapshot(one), *b = snapshot(two);
        CHECK(strcmp(a, b) == 0);
        free(a);
        free(b);
    }
    nn_table_free(one);
    nn_table_free(two);
    for (int threads = 1; threads <= 2; threads++) {
        nn_csv_options_init(&o);
        o.threads = threads;
        nn_notes_free(&notes);
        nn_table *t = nn_csv_load(path, &o, &notes, &err);
        CHECK(t != NULL); /* the word is read as missing, and named */
        nn_table_free(t);
        check_note_at(path, bad_line, 2, "abc");
    }
    unlink(path);
}

/* One field of 2.7 MiB, longer than any read block, with commas, quotes
 * and line breaks in it; then 31 rows, the last with "abc" in n. */
enum { HUGE_LINES = 200000 };

static void huge_field(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/huge_field.csv", tmpdir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "id,text,n\n1,short,10\n2,\"");
    for (int k = 0; k < HUGE_LINES; k++)
        fprintf(f, "%06d,\"\"q\"\",23\n", k); /* 14 bytes once read */
    fprintf(f, "\",20\n");
    for (int r = 3; r <= 32; r++)
        fprintf(f, "%d,x,%d\n", r, 10 * r);
    fprintf(f, "33,x,abc\n");
    fclose(f);
    long bad_line = 34 + HUGE_LINES; /* row 2 spans lines 3 .. 3 + HUGE_LINES */
    for (int threads = 1; threads <= 2; threads++) {
        nn_csv_options o;
        nn_csv_options_init(&o);
        o.threads = threads;
        o.na = "abc";
        nn_table *t = load_path(path, &o);
        CHECK(t != NULL);
        if (t) {
            CHECK(t->nrows == 33 && t->ncols == 3);
            COL(n, t, "n");
            check_type(n, NN_COL_NUMERIC);
            if (n->type == NN_COL_NUMERIC && t->nrows == 33) {
                for (int r = 0; r < 32; r++)
                    CHECK(n->values[r] == 10.0f * (r + 1));
                CHECK(isnan(n->values[32]));
            }
            static char text[4 << 20];
            int len = nn_table_cell(t, 1, 1, text, sizeof text);
            CHECK_NEAR(len, 14.0 * HUGE_LINES, 0);
            CHECK(starts_with(text, "000000,\"q\",23\n000001,"));
            nn_table_free(t);
        }
        o.na = NULL;
        nn_notes_free(&notes);
        t = nn_csv_load(path, &o, &notes, &err);
        CHECK(t != NULL); /* the word is read as missing, and named */
        nn_table_free(t);
        check_note_at(path, bad_line, 3, "abc");
    }
    unlink(path);
}

int main(void)
{
    srcdir = getenv("SRCDIR");
    if (!srcdir || !*srcdir)
        srcdir = ".";
    const char *tmp = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/nnwb-csv-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror(tmpdir);
        return 1;
    }

    TEST(delimiter_comma);
    TEST(delimiter_semicolon);
    TEST(delimiter_tab);
    TEST(delimiter_pipe);
    TEST(delimiter_detection_respects_quotes);
    TEST(delimiter_override);
    TEST(header_absent_detected);
    TEST(header_absent_mixed_types);
    TEST(header_override);
    TEST(header_blank_and_duplicate_names);
    TEST(quoted_fields);
    TEST(utf8_bom);
    TEST(crlf_line_ends);
    TEST(blank_lines_ignored);
    TEST(trailing_delimiter);
    TEST(single_column);
    TEST(spaces_around_numbers);
    TEST(quoted_numbers_and_dates);
    TEST(cr_only_line_ends);
    TEST(type_inference);
    TEST(dates_iso);
    TEST(dates_month_names);
    TEST(dates_day_first_forced);
    TEST(dates_month_first_forced);
    TEST(dates_ambiguous);
    TEST(like_keeps_training_types);
    TEST(missing_markers);
    TEST(missing_whole_column_and_dates);
    TEST(custom_missing_markers);
    TEST(decimal_comma_in_semicolon_file);
    TEST(thousands_separators);
    TEST(ambiguous_commas_reported);
    TEST(currency_percent_parentheses);
    TEST(conflicting_commas_refused);
    TEST(infinite_and_overflow_reported);
    if (german_locale_exists())
        TEST(c_locale_numbers);
    else
        tap_skip("c_locale_numbers", "no de_DE.UTF-8 locale (locale -a)");
    TEST(ragged_rows_after_multiline_fields);
    TEST(unterminated_quote);
    TEST(text_in_numeric_column);
    TEST(binary_data);
    TEST(impossible_date_in_date_column);
    TEST(empty_files);
    TEST(missing_file);
    TEST(reload_keeps_previous_on_failure);
    TEST(real_stocks);
    TEST(real_credit_card);
    TEST(big_file_threads_agree);
    TEST(big_file_error_line);
    TEST(big_file_quoted_middle);
    TEST(huge_field);

    nn_notes_free(&notes);
    rmdir(tmpdir);
    return tap_done();
}
