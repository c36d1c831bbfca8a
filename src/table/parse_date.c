/* Dates and datetimes as seconds since 1970-01-01 UTC. Days come from
 * civil dates by exact integer arithmetic (Howard Hinnant's
 * days_from_civil), never from timegm/mktime, which depend on TZ. */
#include "parse_date.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* --- calendar arithmetic -------------------------------------------------- */

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date; March-based years
 * put the leap day last, and 400-year eras make it exact for any year. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(int64_t z, int64_t *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t day_of_era = z - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
                           day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = year_of_era + era * 400 + (*month <= 2);
}

/* --- reading --------------------------------------------------------------- */

typedef struct cursor {
    const char *p, *end;
} cursor;

typedef struct datetime {
    int year, month, day;
    int hour, minute, second;
    double fraction;
    int offset_minutes; /* local time minus UTC */
    bool has_time;
} datetime;

static bool at(const cursor *c, char ch)
{
    return c->p < c->end && *c->p == ch;
}

static bool take(cursor *c, char ch)
{
    if (!at(c, ch))
        return false;
    c->p++;
    return true;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* An unsigned number of min..max digits, not followed by another digit. */
static bool take_number(cursor *c, int min, int max, int *value)
{
    int n = 0, v = 0;
    while (c->p < c->end && is_digit(*c->p) && n < max) {
        v = v * 10 + (*c->p++ - '0');
        n++;
    }
    *value = v;
    return n >= min && !(c->p < c->end && is_digit(*c->p));
}

/* Exactly n digits, whatever follows ("+0530"). */
static bool take_digits(cursor *c, int n, int *value)
{
    *value = 0;
    for (int i = 0; i < n; i++, c->p++) {
        if (c->p == c->end || !is_digit(*c->p))
            return false;
        *value = *value * 10 + (*c->p - '0');
    }
    return true;
}

static bool take_year(cursor *c, int *year)
{
    return take_number(c, 4, 4, year) && *year >= 1000;
}

static bool take_spaces(cursor *c)
{
    const char *start = c->p;
    while (at(c, ' '))
        c->p++;
    return c->p > start;
}

/* English month names, full or in three letters ("Sept" too), any case,
 * an abbreviation optionally followed by a dot. */
static bool take_month_name(cursor *c, int *month)
{
    static const char *const names[12] = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december",
    };
    const char *start = c->p;
    while (c->p < c->end && is_alpha(*c->p))
        c->p++;
    size_t n = (size_t)(c->p - start);
    char word[16];
    if (n < 3 || n >= sizeof word)
        return false;
    for (size_t i = 0; i < n; i++)
        word[i] = (char)(start[i] | 0x20);
    word[n] = '\0';
    for (int m = 0; m < 12; m++) {
        bool full = strcmp(word, names[m]) == 0;
        bool abbreviated = (n == 3 && strncmp(word, names[m], 3) == 0) ||
                           (m == 8 && strcmp(word, "sept") == 0);
        if (full || abbreviated) {
            *month = m + 1;
            if (abbreviated && !full)
                take(c, '.');
            return true;
        }
    }
    return false;
}

/* One of ' ' (any number), '-' or '/'; *kind records which. */
static bool take_name_separator(cursor *c, char *kind)
{
    if (take_spaces(c)) {
        *kind = ' ';
        return true;
    }
    if (at(c, '-') || at(c, '/')) {
        *kind = *c->p++;
        return true;
    }
    return false;
}

/* Between the second part and the year of a month-name date: the same
 * separator as before, or a comma and optional spaces. */
static bool take_before_year(cursor *c, char kind)
{
    if (take(c, ',')) {
        take_spaces(c);
        return true;
    }
    char again;
    return take_name_separator(c, &again) && again == kind;
}

/* HH:MM[:SS[.fff]][ AM|PM][Z|+HH:MM|-HH:MM|+HHMM] after 'T' or spaces. */
static bool take_time(cursor *c, datetime *t)
{
    if (!take(c, 'T') && !take(c, 't') && !take_spaces(c))
        return false;
    if (!take_number(c, 1, 2, &t->hour) || !take(c, ':') || !take_number(c, 2, 2, &t->minute))
        return false;
    if (take(c, ':')) {
        if (!take_number(c, 2, 2, &t->second))
            return false;
        if (take(c, '.') || take(c, ',')) {
            double scale = 0.1;
            const char *start = c->p;
            for (; c->p < c->end && is_digit(*c->p) && c->p - start < 9; c->p++, scale /= 10)
                t->fraction += (*c->p - '0') * scale;
            if (c->p == start || (c->p < c->end && is_digit(*c->p)))
                return false;
        }
    }
    if (t->hour > 23 || t->minute > 59 || t->second > 59)
        return false;
    cursor before_meridian = *c;
    take_spaces(c);
    if (c->end - c->p >= 2 && (c->p[1] | 0x20) == 'm' &&
        ((c->p[0] | 0x20) == 'a' || (c->p[0] | 0x20) == 'p')) {
        if (t->hour < 1 || t->hour > 12)
            return false;
        t->hour = t->hour % 12 + ((c->p[0] | 0x20) == 'p' ? 12 : 0);
        c->p += 2;
    } else {
        *c = before_meridian;
    }
    if (take(c, 'Z'))
        return true;
    if (at(c, '+') || at(c, '-')) {
        int sign = *c->p++ == '-' ? -1 : 1, hours, minutes;
        if (!take_digits(c, 2, &hours))
            return false;
        take(c, ':');
        if (!take_number(c, 2, 2, &minutes) || hours > 23 || minutes > 59)
            return false;
        t->offset_minutes = sign * (hours * 60 + minutes);
    }
    return true;
}

static bool read_date(cursor *c, nn_date_format f, datetime *t)
{
    char sep;
    switch (f) {
    case NN_DATE_ISO:
        if (!take_year(c, &t->year) || !(at(c, '-') || at(c, '/')))
            return false;
        sep = *c->p++;
        return take_number(c, 1, 2, &t->month) && take(c, sep) && take_number(c, 1, 2, &t->day);
    case NN_DATE_DMY:
    case NN_DATE_MDY: {
        int first, second;
        if (!take_number(c, 1, 2, &first) || !(at(c, '/') || at(c, '-') || at(c, '.')))
            return false;
        sep = *c->p++;
        if (!take_number(c, 1, 2, &second) || !take(c, sep) || !take_year(c, &t->year))
            return false;
        t->day = f == NN_DATE_DMY ? first : second;
        t->month = f == NN_DATE_DMY ? second : first;
        return true;
    }
    case NN_DATE_NAME_MDY:
        return take_month_name(c, &t->month) && take_name_separator(c, &sep) &&
               take_number(c, 1, 2, &t->day) && take_before_year(c, sep) &&
               take_year(c, &t->year);
    case NN_DATE_NAME_DMY:
        return take_number(c, 1, 2, &t->day) && take_name_separator(c, &sep) &&
               take_month_name(c, &t->month) && take_before_year(c, sep) &&
               take_year(c, &t->year);
    default:
        return false;
    }
}

static bool read_datetime(const char *s, size_t len, nn_date_format f, datetime *t)
{
    memset(t, 0, sizeof *t);
    cursor c = {s, s + len};
    if (!read_date(&c, f, t))
        return false;
    if (t->month < 1 || t->month > 12 || t->day < 1 || t->day > days_in_month(t->year, t->month))
        return false;
    if (c.p < c.end) {
        if (!take_time(&c, t))
            return false;
        t->has_time = true;
    }
    return c.p == c.end;
}

/* --- the public functions ---------------------------------------------------- */

unsigned nn_date_formats(const char *s, size_t len)
{
    unsigned mask = 0;
    datetime t;
    for (int f = 0; f < NN_DATE_FORMAT_COUNT; f++)
        if (read_datetime(s, len, (nn_date_format)f, &t))
            mask |= 1u << f;
    return mask;
}

int nn_date_parse(const char *s, size_t len, nn_date_format f, double *seconds, int *has_time)
{
    datetime t;
    if (!read_datetime(s, len, f, &t))
        return -1;
    int64_t days = days_from_civil(t.year, t.month, t.day);
    int64_t whole = days * 86400 + t.hour * 3600 + t.minute * 60 + t.second -
                    (int64_t)t.offset_minutes * 60;
    *seconds = (double)whole + t.fraction;
    if (has_time)
        *has_time = t.has_time;
    return 0;
}

int nn_date_pick_format(unsigned mask, int dayfirst, int *ambiguous)
{
    if (ambiguous)
        *ambiguous = 0;
    static const nn_date_format unambiguous[] = {NN_DATE_ISO, NN_DATE_NAME_MDY, NN_DATE_NAME_DMY};
    for (size_t i = 0; i < sizeof unambiguous / sizeof *unambiguous; i++)
        if (mask & (1u << unambiguous[i]))
            return unambiguous[i];
    bool dmy = mask & (1u << NN_DATE_DMY), mdy = mask & (1u << NN_DATE_MDY);
    if (dayfirst == 1)
        return dmy ? NN_DATE_DMY : -1;
    if (dayfirst == 0)
        return mdy ? NN_DATE_MDY : -1;
    if (dmy && mdy && ambiguous)
        *ambiguous = 1;
    return mdy ? NN_DATE_MDY : dmy ? NN_DATE_DMY : -1;
}

const char *nn_date_format_name(nn_date_format f)
{
    static const char *const names[NN_DATE_FORMAT_COUNT] = {
        [NN_DATE_ISO] = "iso",           [NN_DATE_DMY] = "dmy",
        [NN_DATE_MDY] = "mdy",           [NN_DATE_NAME_MDY] = "name-mdy",
        [NN_DATE_NAME_DMY] = "name-dmy",
    };
    return (unsigned)f < NN_DATE_FORMAT_COUNT ? names[f] : "?";
}

/* Whole days and seconds into the day, flooring toward the past. */
static bool split_seconds(double seconds, int64_t *days, int *second_of_day)
{
    if (!(fabs(seconds) < 1e14)) /* NaN, infinities, beyond three million years */
        return false;
    int64_t whole = (int64_t)floor(seconds);
    *days = whole / 86400 - (whole % 86400 < 0);
    *second_of_day = (int)(whole - *days * 86400);
    return true;
}

int nn_date_format_iso(double seconds, int with_time, char *buf, size_t len)
{
    int64_t days, year;
    int sod, month, day;
    if (!split_seconds(seconds, &days, &sod)) {
        if (len)
            buf[0] = '\0';
        return -1;
    }
    civil_from_days(days, &year, &month, &day);
    int n = with_time ? snprintf(buf, len, "%04lld-%02d-%02d %02d:%02d:%02d", (long long)year,
                                 month, day, sod / 3600, sod / 60 % 60, sod % 60)
                      : snprintf(buf, len, "%04lld-%02d-%02d", (long long)year, month, day);
    return n >= 0 && (size_t)n < len ? n : -1;
}

void nn_date_calendar(double seconds, int *year, int *month, int *day, int *weekday)
{
    int64_t days = 0, y = 1970;
    int sod, m = 1, d = 1;
    if (split_seconds(seconds, &days, &sod))
        civil_from_days(days, &y, &m, &d);
    else
        days = 0;
    if (year)
        *year = (int)y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    if (weekday) /* 1970-01-01 was a Thursday: 3 counting from Monday */
        *weekday = (int)(((days + 3) % 7 + 7) % 7);
}
