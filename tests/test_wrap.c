/* Wrapping a log line at a pane's width: breaks at spaces, a word wider
 * than a row cut, continuation rows narrower by their indent, display
 * columns counted for UTF-8 and wide characters. Rows worked out by hand. */
#include <locale.h>
#include <string.h>

#include "tap.h"
#include "tui/wrap.h"

/* The rows of text at width, joined by '|'. */
static const char *rows(const char *text, int width)
{
    static char out[512];
    size_t pos = 0, len = strlen(text), o = 0;
    do {
        size_t next, n = wrap_row(text, pos, width, &next);
        if (o)
            out[o++] = '|';
        memcpy(out + o, text + pos, n);
        o += n;
        pos = next;
    } while (pos < len && o < sizeof out - 64);
    out[o] = '\0';
    return out;
}

static void short_line_is_one_row(void)
{
    CHECK(strcmp(rows("count=1319 mean=3.4", 40), "count=1319 mean=3.4") == 0);
    CHECK(wrap_count("count=1319 mean=3.4", 40) == 1);
    CHECK(wrap_count("", 40) == 1);
    CHECK(strcmp(rows("exactly10!", 10), "exactly10!") == 0);
}

static void breaks_at_spaces_with_indent(void)
{
    /* width 12: the first row has 12 columns, continuations 10 */
    CHECK(strcmp(rows("income numeric count=1319 mean=3.365", 12), "income|numeric|count=1319|mean=3.365") == 0);
    CHECK(strcmp(rows("aa bb cc dd ee ff", 8), "aa bb cc|dd ee|ff") == 0);
    CHECK(wrap_count("aa bb cc dd ee ff", 8) == 3);
}

static void continuation_indent_follows_the_line(void)
{
    CHECK(wrap_indent("income numeric", 40) == 2);
    CHECK(wrap_indent("  income numeric", 40) == 4);
    CHECK(wrap_indent("      deep", 8) == 4); /* at most half the width */
    /* width 12, continuations 12 - 4 = 8 columns */
    CHECK(strcmp(rows("  income count=1319 mean=3.4", 12), "  income|count=13|19|mean=3.4") == 0);
}

static void long_word_is_cut(void)
{
    CHECK(strcmp(rows("abcdefghijklmnop", 6), "abcdef|ghij|klmn|op") == 0);
}

static void leading_spaces_kept_runs_of_spaces_dropped(void)
{
    CHECK(strcmp(rows("  x    y", 4), "  x|y") == 0);
    CHECK(strcmp(rows("ab     ", 3), "ab") == 0);
    CHECK(wrap_count("ab     ", 3) == 1);
}

static void counts_columns_not_bytes(void)
{
    /* é is two bytes, one column; 字 is three bytes, two columns */
    CHECK(strcmp(rows("\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9", 6), "\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9") == 0);
    CHECK(strcmp(rows("\xe5\xad\x97\xe5\xad\x97\xe5\xad\x97", 4), "\xe5\xad\x97\xe5\xad\x97|\xe5\xad\x97") == 0);
}

static void tiny_width_still_progresses(void)
{
    CHECK(wrap_count("abc", 1) == 3);
    CHECK(wrap_count("abc", 0) == 3);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    TEST(short_line_is_one_row);
    TEST(breaks_at_spaces_with_indent);
    TEST(continuation_indent_follows_the_line);
    TEST(long_word_is_cut);
    TEST(leading_spaces_kept_runs_of_spaces_dropped);
    TEST(counts_columns_not_bytes);
    TEST(tiny_width_still_progresses);
    return tap_done();
}
