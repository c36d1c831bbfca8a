/* Tab completion (src/tui/complete.c) without a terminal: what a Tab
 * offers for a line, cut where readline cuts the word (after a blank, ';'
 * or '=', or after an open quote).  Expected lists come from the command
 * table, the settings table and a directory made here; file names with
 * blanks or quotes come back quoted the way the command language reads
 * them. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "tui/complete.h"

static const char *const columns[] = {"income", "age", "Adj Close", "owner"};
static const complete_context ctx = {columns, 4};
static char dir[64];

/* Where readline's word starts: after an unclosed quote, else after the
 * last blank, ';' or '=' outside quotes. */
static int word_start(const char *line)
{
    int end = (int)strlen(line), start = 0, open = -1;
    bool quoted = false;
    for (int i = 0; i < end; i++) {
        if (quoted && line[i] == '\\' && (line[i + 1] == '"' || line[i + 1] == '\\'))
            i++;
        else if (line[i] == '"')
            quoted = !quoted, open = quoted ? i : -1;
        else if (!quoted && strchr(" \t;=", line[i]))
            start = i + 1;
    }
    return open >= 0 ? open + 1 : start;
}

/* The candidates for line (cursor at its end) equal want, in order. */
static void check_list(const char *line, const complete_context *c, const char *const *want)
{
    char **got = complete_candidates(line, word_start(line), (int)strlen(line), c);
    CHECK(got != NULL);
    size_t n = 0;
    bool same = got != NULL;
    for (; got && got[n] && want[n]; n++)
        same = same && strcmp(got[n], want[n]) == 0;
    same = same && got[n] == NULL && want[n] == NULL;
    if (!same) {
        printf("#   [%s]: got", line);
        for (size_t i = 0; got && got[i]; i++)
            printf(" <%s>", got[i]);
        printf(", want");
        for (size_t i = 0; want[i]; i++)
            printf(" <%s>", want[i]);
        printf("\n");
    }
    CHECK(same);
    complete_free(got);
}

#define EXPECT(line, ...) check_list(line, &ctx, (const char *const[]){__VA_ARGS__, NULL})
#define EXPECT_NONE(line) check_list(line, &ctx, (const char *const[]){NULL})

static void test_command_names(void)
{
    EXPECT("tr", "train");
    EXPECT("ev", "evaluate"); /* not its alias eval too */
    EXPECT("q", "quit");
    EXPECT("sp", "split");
    EXPECT("fi", "fillna", "fit"); /* no name fits: the aliases (impute, train) */
    EXPECT("TR", "train");
    EXPECT("  tr", "train");
    EXPECT("load x.csv; tr", "train"); /* a new command after ';' */
}

static void test_choices(void)
{
    EXPECT("scale z", "zscore");
    EXPECT("scale ", "minmax", "none", "robust", "zscore");
    EXPECT("evaluate ", "all", "test", "train", "val");
    EXPECT("load x.csv header=", "no", "yes");
    EXPECT("window 12 as=l", "level", "logreturn");
    EXPECT("generate x", "xor");
    EXPECT("export h", "history");
}

static void test_keys_and_flags(void)
{
    EXPECT("split tr", "train=");
    EXPECT("split ", "auto", "ordered", "seed=", "shuffle", "test=", "train=", "val=");
    /* given ones are not offered again */
    EXPECT("split shuffle train=0.7 ", "seed=", "test=", "val=");
    EXPECT("load x.csv ", "dayfirst=", "decimal=", "header=", "na=", "sep=", "types=");
    EXPECT("load x.csv s", "sep=");
    EXPECT("window 12 ", "as=", "by=", "horizon=", "on=");
    EXPECT("train e", "epochs=");
    EXPECT_NONE("train epochs=");
}

static void test_settings(void)
{
    EXPECT("set l", "l1=", "l2=", "loss=", "lr=");
    EXPECT("set lr=0.1 l", "l1=", "l2=", "loss=");
    EXPECT("set loss=m", "mae", "mse");
    EXPECT("set schedule=c", "constant", "cosine");
    EXPECT("set metric=a", "accuracy", "auto");
    EXPECT("optimizer ad", "adagrad", "adam", "adamw");
    EXPECT("optimizer adam be", "beta1=", "beta2=");
    EXPECT("loss h", "huber");
}

static void test_help(void)
{
    EXPECT("help sp", "split");
    EXPECT("help k", "keep", "keys");
}

static void test_add(void)
{
    EXPECT("add d", "dense", "dropout");
    EXPECT("add D", "dense", "dropout");
    EXPECT("add dense 8 r", "relu");
    EXPECT("add dense 8 ", "elu", "gelu", "leaky_relu", "linear", "relu", "sigmoid", "softmax", "tanh");
    EXPECT("add dense 8 act=s", "sigmoid", "softmax");
    EXPECT("add dense 8 activation=t", "tanh");
    EXPECT("add dense 8 init=", "auto", "glorot", "he", "zeros");
    EXPECT("add activation t", "tanh");
    /* a dense layer's units are a number: its options instead */
    EXPECT("add dense ", "act=", "init=", "units=");
    EXPECT("add dropout ", "rate=");
    /* the sequence kinds, from their own descriptions */
    EXPECT("add l", "layernorm", "lstm");
    EXPECT("add lstm 8 return=", "all", "last");
    EXPECT("add conv1d 8 3 relu padding=", "causal", "same", "valid");
    EXPECT("add conv1d 8 3 relu d", "dilation=");
}

static void test_columns(void)
{
    EXPECT("drop in", "income");
    EXPECT("drop income ", "\"Adj Close\"", "age", "owner"); /* not income twice */
    EXPECT("drop A", "\"Adj Close\"", "age");
    EXPECT("drop \"Adj", "Adj Close\""); /* inside the quote: its close only */
    EXPECT("plot o", "owner");
    EXPECT("window 12 on=income,a", "\"income,Adj Close\"", "income,age"); /* after the comma */
    EXPECT("window 12 by=", "\"Adj Close\"", "age", "income", "owner");
    EXPECT("impute median ", "\"Adj Close\"", "age", "income", "owner");
    check_list("drop ", &(complete_context){NULL, 0}, (const char *const[]){NULL}); /* no data */
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
}

static void test_files(void)
{
    EXPECT("load ", "\"b data.csv\"", "\"q\\\"x.csv\"", "a.csv", "\"my dir/", "sub/");
    EXPECT("load a", "a.csv");
    EXPECT("load .", ".hidden");
    EXPECT("load s", "sub/");
    EXPECT("load sub/", "sub/in.csv");
    EXPECT("source sub/i", "sub/in.csv");
    EXPECT_NONE("load zz");
    char line[128];
    snprintf(line, sizeof line, "load %s/a", dir); /* an absolute path keeps its directory */
    char want[128];
    snprintf(want, sizeof want, "%s/a.csv", dir);
    check_list(line, &ctx, (const char *const[]){want, NULL});
    setenv("HOME", dir, 1); /* ~/ reads the home directory and stays as typed */
    EXPECT("load ~/a", "~/a.csv");
    EXPECT("predict x.csv out=a", "a.csv");
    EXPECT("export predictions s", "sub/");
}

/* load and predict list data files first, then directories and other
 * files; a command taking any file keeps plain order. */
static void test_data_files_first(void)
{
    mkdir("mixed", 0700);
    touch("mixed/a.nnwb");
    touch("mixed/b.csv");
    mkdir("mixed/c", 0700);
    touch("mixed/d.TSV");
    EXPECT("load mixed/", "mixed/b.csv", "mixed/d.TSV", "mixed/a.nnwb", "mixed/c/");
    EXPECT("predict mixed/", "mixed/b.csv", "mixed/d.TSV", "mixed/a.nnwb", "mixed/c/");
    EXPECT("open mixed/", "mixed/a.nnwb", "mixed/b.csv", "mixed/c/", "mixed/d.TSV");
    remove("mixed/a.nnwb"), remove("mixed/b.csv"), remove("mixed/c"), remove("mixed/d.TSV");
    remove("mixed"); /* the other tests' directory as it was */
}

static void test_quoting(void)
{
    EXPECT("load b", "\"b data.csv\"");
    EXPECT("load \"b d", "b data.csv\"");
    EXPECT("load \"b", "b data.csv\"");
    EXPECT("load q", "\"q\\\"x.csv\"");
    EXPECT("load m", "\"my dir/"); /* a directory stays open for the next Tab */
    EXPECT("load \"my dir/", "my dir/in.csv\"");
    EXPECT("predict x.csv out=\"b", "b data.csv\"");
    /* a quoted word holding a blank is one word */
    EXPECT("predict \"b data.csv\" ", "missing=", "out=");
    EXPECT_NONE("export history \"my dir/x.csv\" o"); /* both arguments given */
}

static void test_nothing(void)
{
    EXPECT_NONE("# tr");
    EXPECT_NONE("load x.csv # he");
    EXPECT_NONE("frobnicate ");
    EXPECT_NONE("quit ");
    EXPECT_NONE("head ");
    /* readline's word not at the start of ours: nothing rather than nonsense */
    char **got = complete_candidates("drop income", 7, 11, &ctx);
    CHECK(got != NULL && got[0] == NULL);
    complete_free(got);
    got = complete_candidates("", 0, 0, &ctx);
    CHECK(got != NULL && got[0] != NULL);
    complete_free(got);
}

static void test_files_flag(void)
{
    bool files = false;
    char **got = complete_line("load a", 5, 6, &ctx, &files);
    CHECK(files);
    complete_free(got);
    got = complete_line("load x.csv s", 11, 12, &ctx, &files);
    CHECK(!files); /* sep= is not a file */
    complete_free(got);
    got = complete_line("drop in", 5, 7, &ctx, &files);
    CHECK(!files);
    complete_free(got);
}

static void check_display(const char *candidate, bool file, const char *want)
{
    char *got = complete_display(candidate, file);
    CHECK(got && strcmp(got, want) == 0);
    if (got && strcmp(got, want) != 0)
        printf("#   display [%s]: got <%s>, want <%s>\n", candidate, got, want);
    free(got);
}

static void test_display(void)
{
    check_display("\"my dir/in.csv\"", true, "in.csv");
    check_display("\"my dir/", true, "my dir/");
    check_display("sub/in.csv", true, "in.csv");
    check_display("\"q\\\"x.csv\"", true, "q\"x.csv");
    check_display("b data.csv\"", true, "b data.csv");
    check_display("\"Adj Close\"", false, "Adj Close");
    check_display("a/b", false, "a/b");
    check_display("train=", false, "train=");
}

static void test_is_quoted(void)
{
    const char *line = "load \"a b\" c \"d\\\"e f";
    CHECK(!complete_is_quoted(line, 4));  /* the blank after load */
    CHECK(complete_is_quoted(line, 7));   /* the blank in "a b" */
    CHECK(!complete_is_quoted(line, 10)); /* after the closing quote */
    CHECK(complete_is_quoted(line, 18));  /* after \" the quote is still open */
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/nnwb-complete-XXXXXX");
    if (!mkdtemp(dir) || chdir(dir) != 0) {
        printf("Bail out! cannot make a directory\n");
        return 1;
    }
    touch("a.csv");
    touch("b data.csv");
    touch("q\"x.csv");
    touch(".hidden");
    mkdir("sub", 0700);
    touch("sub/in.csv");
    mkdir("my dir", 0700);
    touch("my dir/in.csv");

    TEST(test_command_names);
    TEST(test_choices);
    TEST(test_keys_and_flags);
    TEST(test_settings);
    TEST(test_help);
    TEST(test_add);
    TEST(test_columns);
    TEST(test_files);
    TEST(test_data_files_first);
    TEST(test_quoting);
    TEST(test_nothing);
    TEST(test_files_flag);
    TEST(test_display);
    TEST(test_is_quoted);

    const char *made[] = {"a.csv", "b data.csv", "q\"x.csv", ".hidden", "sub/in.csv", "my dir/in.csv"};
    for (size_t i = 0; i < sizeof made / sizeof *made; i++)
        unlink(made[i]);
    rmdir("sub");
    rmdir("my dir");
    if (chdir("/") == 0)
        rmdir(dir);
    return tap_done();
}
