/* Every cell as the file holds it (nn_csv_options.raw), which predict
 * writes back: leading zeros, long IDs, missing markers, quoted commas and
 * line breaks, text past 255 bytes, and the same on one and two threads
 * (the cut of a large file). Expected cells are the text written here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table/csv_load.h"
#include "tap.h"

static char path[300];

static void write_file(const char *text, int copies)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("id,code,x,note\n", f);
    for (int i = 0; i < copies; i++)
        fputs(text, f);
    fclose(f);
}

static nn_table *load_raw(nn_csv_raw *raw, int threads)
{
    nn_csv_options o;
    nn_csv_options_init(&o);
    o.raw = raw;
    o.threads = threads;
    nn_error err;
    nn_table *t = nn_csv_load(path, &o, NULL, &err);
    if (!t)
        printf("# %s\n", err.msg);
    return t;
}

static const char rows[] =
    "4000123412341234,00042,1.50,plain\n"
    "4000123412341235,NA,,\"a, quoted\nline break\"\n"
    "4000123412341236,7, 2e3 ,-\n";

static void cells_as_written(void)
{
    write_file(rows, 1);
    nn_csv_raw raw = {0};
    nn_table *t = load_raw(&raw, 1);
    CHECK(t && raw.nrows == 3 && raw.ncols == 4);
    if (t && raw.nrows == 3) {
        CHECK(strcmp(nn_csv_raw_cell(&raw, 0, 0), "4000123412341234") == 0);
        CHECK(strcmp(nn_csv_raw_cell(&raw, 0, 1), "00042") == 0);
        CHECK(strcmp(nn_csv_raw_cell(&raw, 0, 2), "1.50") == 0);
        CHECK(strcmp(nn_csv_raw_cell(&raw, 1, 1), "NA") == 0); /* a marker, kept as written */
        CHECK(strcmp(nn_csv_raw_cell(&raw, 1, 2), "") == 0);
        CHECK(strcmp(nn_csv_raw_cell(&raw, 1, 3), "a, quoted\nline break") == 0);
        CHECK(strcmp(nn_csv_raw_cell(&raw, 2, 3), "-") == 0);
        CHECK(strcmp(nn_csv_raw_cell(&raw, 2, 2), " 2e3 ") == 0); /* spaces kept; the table trims them */
        CHECK(t->cols[2].type == NN_COL_NUMERIC);
        CHECK(nn_csv_raw_line(&raw, 0) == 2 && nn_csv_raw_line(&raw, 2) == 5); /* after the break */
        CHECK(t->cols[1].missing == 1); /* the table itself still reads NA as missing */
    }
    nn_table_free(t);
    nn_csv_raw_free(&raw);
}

static void long_text_whole(void)
{
    char line[1200];
    int n = snprintf(line, sizeof line, "1,2,3,");
    for (int i = 0; i < 1000; i++)
        line[n++] = (char)('a' + i % 26);
    strcpy(line + n, "\n");
    write_file(line, 2);
    nn_csv_raw raw = {0};
    nn_table *t = load_raw(&raw, 1);
    CHECK(t && raw.nrows == 2);
    if (t && raw.nrows == 2)
        CHECK(strlen(nn_csv_raw_cell(&raw, 1, 3)) == 1000 && nn_csv_raw_cell(&raw, 1, 3)[999] == 'a' + 999 % 26);
    nn_table_free(t);
    nn_csv_raw_free(&raw);
}

/* Whether blanks at a field's start are kept (text) or skipped (before an
 * opening quote, as the typed load skips them) depends on the byte after
 * them: here that byte is in the next 1 MiB block the reader reads. */
static void blanks_across_blocks(void)
{
    enum { BLOCK = 1 << 20, BEFORE = 28 }; /* header, "1,2,3,", "\n4,5,6," */
    size_t len = BLOCK - 4 - BEFORE;
    char *text = malloc(len + 64);
    CHECK(text != NULL);
    if (!text)
        return;
    memcpy(text, "1,2,3,", 6);
    memset(text + 6, 'a', len);
    strcpy(text + 6 + len, "\n4,5,6,        \"q,r\"\n7,8,9,        tail  \n");
    write_file(text, 1);
    free(text);
    nn_csv_raw raw = {0};
    nn_table *t = load_raw(&raw, 1);
    CHECK(t && raw.nrows == 3);
    if (t && raw.nrows == 3) {
        CHECK(strcmp(nn_csv_raw_cell(&raw, 1, 3), "q,r") == 0);
        CHECK(strcmp(nn_csv_raw_cell(&raw, 2, 3), "        tail  ") == 0);
    }
    nn_table_free(t);
    nn_csv_raw_free(&raw);
}

/* 5 MiB: the loader cuts it in two; the raw pass must agree row for row. */
static void two_threads_agree(void)
{
    write_file(rows, 5 * 1024 * 1024 / (int)(sizeof rows - 1));
    nn_csv_raw one = {0}, two = {0};
    nn_table *a = load_raw(&one, 1), *b = load_raw(&two, 2);
    CHECK(a && b && one.nrows == two.nrows && one.nrows == a->nrows);
    size_t differ = 0;
    for (size_t r = 0; a && b && r < one.nrows && r < two.nrows; r++)
        for (size_t c = 0; c < 4; c++)
            differ += strcmp(nn_csv_raw_cell(&one, r, c), nn_csv_raw_cell(&two, r, c)) != 0;
    CHECK(differ == 0);
    size_t last = one.nrows - 1;
    CHECK(a && strcmp(nn_csv_raw_cell(&two, last, 3), "-") == 0 &&
          nn_csv_raw_line(&two, last) == nn_csv_raw_line(&one, last));
    nn_table_free(a);
    nn_table_free(b);
    nn_csv_raw_free(&one);
    nn_csv_raw_free(&two);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/nnwb-raw-%d.csv", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    TEST(cells_as_written);
    TEST(long_text_whole);
    TEST(blanks_across_blocks);
    TEST(two_threads_agree);
    remove(path);
    return tap_done();
}
