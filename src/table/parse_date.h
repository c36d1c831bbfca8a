/* Dates and datetimes in the forms people export: ISO 8601, numeric
 * day/month forms, and month names. A column is read with one format,
 * chosen from the formats every one of its values fits. */
#ifndef NN_PARSE_DATE_H
#define NN_PARSE_DATE_H

#include <stddef.h>

typedef enum nn_date_format {
    NN_DATE_ISO,        /* 2000-01-31, 2000/01/31, 20000131 not accepted; time optional */
    NN_DATE_DMY,        /* 31/01/2000, 31-01-2000, 31.01.2000 */
    NN_DATE_MDY,        /* 01/31/2000, 1/31/2000 */
    NN_DATE_NAME_MDY,   /* Jan 31 2000, January 31, 2000, Jan-31-2000 */
    NN_DATE_NAME_DMY,   /* 31 Jan 2000, 31-Jan-2000, 31 January 2000 */
    NN_DATE_FORMAT_COUNT
} nn_date_format;

/* Any of these may be followed by a time: [T or spaces]H:MM[:SS[.fff]],
 * an optional AM/PM (any case, hour 1-12), and optionally Z or +HH:MM /
 * -HH:MM / +HHMM (converted to UTC). Numeric forms use one separator
 * twice; month names are English, full or three letters (and "Sept"),
 * any case, an abbreviation maybe with a dot; their parts are separated
 * by spaces, '-' or '/', with an optional comma before the year
 * ("January 1, 2000"). Months and days are checked (no 31 April, 29
 * February only in leap years); years have four digits, 1000-9999. */

/* Bit (1u << format) is set for every format that reads s. */
unsigned nn_date_formats(const char *s, size_t len);
/* Reads s with format f into seconds since 1970-01-01 UTC; *has_time
 * (may be NULL) says whether a time of day was given. Returns 0, or -1
 * when s is not of that format. */
int nn_date_parse(const char *s, size_t len, nn_date_format f, double *seconds, int *has_time);
/* Picks one format from a mask that every value of a column fits:
 * ISO first, then names, then numeric ones, DMY or MDY by dayfirst
 * (1 day first, 0 month first, -1 let the mask decide, month first when
 * both fit). Returns -1 for an empty mask, and for a numeric-only mask
 * that lacks the order dayfirst demands. *ambiguous (may be NULL) is set
 * to 1 when both DMY and MDY fit and dayfirst was -1, else to 0. */
int nn_date_pick_format(unsigned mask, int dayfirst, int *ambiguous);
const char *nn_date_format_name(nn_date_format f); /* "iso", "dmy", ... */
/* Formats seconds as "2000-01-31" or "2000-01-31 09:30:00" (fractions
 * of a second dropped). Returns the length, or -1 when buf is too short
 * or seconds is not finite. */
int nn_date_format_iso(double seconds, int with_time, char *buf, size_t len);
/* Calendar parts of a UTC time: day of week 0 = Monday .. 6, month 1..12;
 * any pointer may be NULL. A non-finite time gives 1970-01-01. */
void nn_date_calendar(double seconds, int *year, int *month, int *day, int *weekday);

#endif
