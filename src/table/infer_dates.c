/* Date columns: every value in one format, or dates in more than one
 * form read each in the form that fits it (see infer.h for the rules),
 * with notes naming the cells. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer_dates.h"
#include "parse_date.h"

int infer_date_column(nn_col_builder *b, const nn_infer_context *ctx, int format,
                       nn_column *out, nn_error *err)
{
    const nn_string_table *t = &b->strings;
    double *seconds = malloc((t->n ? t->n : 1) * sizeof *seconds);
    out->times = malloc((ctx->nrows ? ctx->nrows : 1) * sizeof *out->times);
    if (!seconds || !out->times) {
        free(seconds);
        return infer_out_of_memory(ctx, err);
    }
    int has_time = 0;
    for (size_t i = 0; i < t->n; i++) {
        int with_time = 0;
        if (nn_date_parse(nn_strtab_text(t, i), t->entries[i].len, format, &seconds[i],
                          &with_time) < 0) {
            free(seconds);
            FAIL_AT(ctx, t->entries[i].first_row, err,
                    "found \"%s\", expected a date in the %s form%s%s", nn_strtab_text(t, i),
                    nn_date_format_name(format), ctx->like ? " of " : "",
                    ctx->like ? ctx->like_source : "");
        }
        has_time |= with_time;
    }
    for (size_t r = 0; r < ctx->nrows; r++) {
        uint32_t c = infer_row_code(b, r);
        out->times[r] = c ? seconds[c - 1] : NAN;
    }
    free(seconds);
    out->type = NN_COL_DATE;
    out->date_format = format;
    out->has_time = has_time;
    out->missing = ctx->nrows - b->texts;
    return 0;
}

/* How the values of a text column read as dates: the formats every value
 * fits, the cells each format reads, the cells that read in only one
 * numeric order (they settle day or month first), and the first value
 * fitting no format. */
typedef struct date_fit {
    unsigned all;       /* formats every value fits */
    size_t cells[NN_DATE_FORMAT_COUNT];
    size_t date_cells;  /* cells some format reads */
    size_t dmy_only, mdy_only;
    size_t first_other; /* entry index of the first value fitting none */
} date_fit;

static const unsigned BOTH_ORDERS = 1u << NN_DATE_DMY | 1u << NN_DATE_MDY;

static date_fit fit_dates(const nn_string_table *t)
{
    date_fit f = {.all = ~0u, .first_other = NN_NO_ROW};
    for (size_t i = 0; i < t->n; i++) {
        unsigned m = nn_date_formats(nn_strtab_text(t, i), t->entries[i].len);
        size_t count = t->entries[i].count;
        f.all &= m;
        for (int k = 0; k < NN_DATE_FORMAT_COUNT; k++)
            f.cells[k] += m & (1u << k) ? count : 0;
        f.date_cells += m ? count : 0;
        f.dmy_only += (m & BOTH_ORDERS) == 1u << NN_DATE_DMY ? count : 0;
        f.mdy_only += (m & BOTH_ORDERS) == 1u << NN_DATE_MDY ? count : 0;
        if (!m && (f.first_other == NN_NO_ROW ||
                   t->entries[i].first_row < t->entries[f.first_other].first_row))
            f.first_other = i;
    }
    return f;
}

/* "dates such as "01/02/2000" read month first (mdy) but could be day first ..." */
static void note_order(nn_notes *notes, const nn_infer_context *ctx, size_t row,
                       const char *example, int day_first)
{
    NOTE_AT(notes, ctx, row,
            "dates such as \"%s\" read %s first (%s) but could be %s first; dayfirst=%d reads "
            "them %s first", example, day_first ? "day" : "month",
            nn_date_format_name(day_first ? NN_DATE_DMY : NN_DATE_MDY),
            day_first ? "month" : "day", !day_first, day_first ? "month" : "day");
}

static int inferred_dates(nn_col_builder *b, const nn_infer_context *ctx, unsigned mask,
                          nn_column *out, nn_notes *notes, nn_error *err)
{
    int ambiguous = 0;
    int format = nn_date_pick_format(mask, ctx->dayfirst, &ambiguous);
    size_t first = b->first_text.row;
    char example[sizeof b->first_text.text];
    memcpy(example, b->first_text.text, sizeof example);
    if (infer_date_column(b, ctx, format, out, err) < 0)
        return -1;
    if (ambiguous)
        note_order(notes, ctx, first, example, 0);
    return 0;
}

/* --- dates in more than one form ------------------------------------------------ */

/* How one distinct value was read. */
enum { READ_NONE, READ_COLUMN, READ_OTHER, READ_KINDS };

/* The column's form, and the order for values that fit both day first
 * and month first but not the column's form. */
typedef struct date_forms {
    int format;
    int day_first;
    int settled; /* dayfirst= or the dates themselves decided the order */
} date_forms;

/* The column's form is the one most cells fit (ties as nn_date_pick_format). */
static date_forms choose_forms(const date_fit *f, int dayfirst)
{
    size_t most = 0;
    unsigned mask = 0;
    for (int k = 0; k < NN_DATE_FORMAT_COUNT; k++) {
        if (f->cells[k] > most) {
            most = f->cells[k];
            mask = 0;
        }
        if (most && f->cells[k] == most)
            mask |= 1u << k;
    }
    date_forms d;
    d.format = nn_date_pick_format(mask, dayfirst, NULL);
    if (d.format < 0)
        d.format = nn_date_pick_format(mask, -1, NULL);
    d.settled = dayfirst >= 0 || (f->dmy_only > 0) != (f->mdy_only > 0);
    if (dayfirst >= 0)
        d.day_first = dayfirst;
    else if (d.format == NN_DATE_DMY || d.format == NN_DATE_MDY)
        d.day_first = d.format == NN_DATE_DMY;
    else
        d.day_first = f->dmy_only > f->mdy_only;
    return d;
}

/* Reads one value: in the column's form if it fits, else in the one form
 * that does (the order chosen when both numeric orders fit). *unsettled:
 * it fits both orders and nothing decided which. */
static int read_value(const char *s, size_t len, const date_forms *d, double *seconds,
                      int *with_time, int *unsettled)
{
    unsigned m = nn_date_formats(s, len);
    *unsettled = (m & BOTH_ORDERS) == BOTH_ORDERS && !d->settled;
    int format = d->format >= 0 && (m & (1u << d->format)) ? d->format
                 : (m & BOTH_ORDERS) == BOTH_ORDERS
                     ? (d->day_first ? NN_DATE_DMY : NN_DATE_MDY)
                     : nn_date_pick_format(m, -1, NULL);
    if (format < 0 || nn_date_parse(s, len, format, seconds, with_time) < 0)
        return READ_NONE;
    return format == d->format ? READ_COLUMN : READ_OTHER;
}

/* The first few cells whose value was read as `kind`: "FILE:LINE:COLUMN
 * "text"", with what a date in another form became. */
static void list_cells(const nn_col_builder *b, const nn_infer_context *ctx,
                       const unsigned char *how, const double *seconds, int kind, size_t count,
                       int with_time, char *buf, size_t len)
{
    size_t used = 0, shown = 0;
    buf[0] = '\0';
    for (size_t r = 0; r < ctx->nrows && shown < WORDS_SHOWN && used < len; r++) {
        uint32_t c = infer_row_code(b, r);
        if (!c || how[c - 1] != kind)
            continue;
        char date[40] = "";
        if (kind == READ_OTHER) {
            strcpy(date, " as ");
            nn_date_format_iso(seconds[c - 1], with_time, date + 4, sizeof date - 4);
        }
        int n = snprintf(buf + used, len - used, "%s%s:%zu:%zu \"%.40s\"%s", shown++ ? ", " : "",
                         ctx->path, infer_line(ctx, r), ctx->col + 1,
                         nn_strtab_text(&b->strings, c - 1), date);
        used += n > 0 ? (size_t)n : 0;
    }
    if (count > WORDS_SHOWN && used < len)
        snprintf(buf + used, len - used, " and %zu more", count - WORDS_SHOWN);
}

/* The first row of a value read as `kind`. */
static size_t first_row_of(const nn_string_table *t, const unsigned char *how, int kind)
{
    size_t row = NN_NO_ROW;
    for (size_t i = 0; i < t->n; i++)
        if (how[i] == kind && t->entries[i].first_row < row)
            row = t->entries[i].first_row;
    return row;
}

static void mixed_notes(const nn_col_builder *b, const nn_infer_context *ctx,
                        const date_forms *d, const unsigned char *how, const double *seconds,
                        const size_t *cells, size_t first_unsettled, const nn_column *out,
                        nn_notes *notes)
{
    const nn_string_table *t = &b->strings;
    char list[1400];
    if (first_unsettled != NN_NO_ROW)
        note_order(notes, ctx, t->entries[first_unsettled].first_row,
                   nn_strtab_text(t, first_unsettled), d->day_first);
    if (cells[READ_OTHER]) {
        size_t like = first_row_of(t, how, READ_COLUMN);
        list_cells(b, ctx, how, seconds, READ_OTHER, cells[READ_OTHER], out->has_time, list,
                   sizeof list);
        NOTE_AT(notes, ctx, first_row_of(t, how, READ_OTHER),
                "%zu date%s not in the column's form (%s, like \"%s\") %s read in another "
                "form: %s", cells[READ_OTHER], cells[READ_OTHER] == 1 ? "" : "s",
                nn_date_format_name(d->format),
                like == NN_NO_ROW ? "" : nn_strtab_text(t, b->codes[like] - 1),
                cells[READ_OTHER] == 1 ? "was" : "were", list);
    }
    if (cells[READ_NONE]) {
        char why[200];
        list_cells(b, ctx, how, seconds, READ_NONE, cells[READ_NONE], 0, list, sizeof list);
        if (ctx->forced)
            snprintf(why, sizeof why, "types=%s:date", ctx->name);
        else
            snprintf(why, sizeof why, "if such words mark missing values, add them to na=");
        NOTE_AT(notes, ctx, first_row_of(t, how, READ_NONE),
                "%zu %s and read as missing (the column holds dates): %s (%s)", cells[READ_NONE],
                cells[READ_NONE] == 1 ? "cell is not a date" : "cells are not dates", list, why);
    }
}

/* Dates in more than one form, or with a few words: each value read in
 * the column's form or the one form that fits it, words missing. With
 * more than a few words, not a date column (returns 1), or an error when
 * the column is infer_mostly dates; forced by types=, any number of words. */
static int mixed_dates(nn_col_builder *b, const nn_infer_context *ctx, const date_fit *f,
                       nn_column *out, nn_notes *notes, nn_error *err)
{
    const nn_string_table *t = &b->strings;
    date_forms d = choose_forms(f, ctx->dayfirst);
    double *seconds = malloc((t->n ? t->n : 1) * sizeof *seconds);
    unsigned char *how = malloc(t->n ? t->n : 1);
    if (!seconds || !how) {
        free(seconds);
        free(how);
        return infer_out_of_memory(ctx, err);
    }
    size_t cells[READ_KINDS] = {0}, first_unsettled = NN_NO_ROW;
    int has_time = 0;
    for (size_t i = 0; i < t->n; i++) {
        int with_time = 0, unsettled;
        how[i] = (unsigned char)read_value(nn_strtab_text(t, i), t->entries[i].len, &d,
                                           &seconds[i], &with_time, &unsettled);
        cells[how[i]] += t->entries[i].count;
        has_time |= how[i] != READ_NONE && with_time;
        if (unsettled && first_unsettled == NN_NO_ROW)
            first_unsettled = i;
    }
    size_t read = cells[READ_COLUMN] + cells[READ_OTHER];
    int rc = 0;
    if (read == 0 || (!ctx->forced && !infer_few_words(cells[READ_NONE], read))) {
        size_t like = first_row_of(t, how, READ_COLUMN);
        if (read == 0)
            rc = nn_fail(err, "%s:%zu:%zu: column \"%s\": found \"%s\", expected a date "
                         "(types=%s:date)", ctx->path, infer_line(ctx, b->first_text.row),
                         ctx->col + 1, ctx->name, b->first_text.text, ctx->name);
        else if (infer_mostly(f->date_cells, b->texts))
            rc = nn_fail(err, "%s:%zu:%zu: column \"%s\": found \"%s\", expected a date like "
                         "\"%s\" (if it marks a missing value, add it to na=; types=%s:date "
                         "reads such cells as missing)", ctx->path,
                         infer_line(ctx, t->entries[f->first_other].first_row), ctx->col + 1,
                         ctx->name, nn_strtab_text(t, f->first_other),
                         nn_strtab_text(t, b->codes[like] - 1), ctx->name);
        else
            rc = 1;
        free(seconds);
        free(how);
        return rc;
    }
    out->times = malloc((ctx->nrows ? ctx->nrows : 1) * sizeof *out->times);
    if (out->times) {
        out->missing = 0;
        for (size_t r = 0; r < ctx->nrows; r++) {
            uint32_t c = infer_row_code(b, r);
            out->times[r] = c && how[c - 1] != READ_NONE ? seconds[c - 1] : NAN;
            out->missing += isnan(out->times[r]);
        }
        out->type = NN_COL_DATE;
        out->date_format = d.format;
        out->has_time = has_time;
        mixed_notes(b, ctx, &d, how, seconds, cells, first_unsettled, out, notes);
    } else {
        rc = infer_out_of_memory(ctx, err);
    }
    free(seconds);
    free(how);
    return rc;
}

int infer_dates_of_text(nn_col_builder *b, const nn_infer_context *ctx, nn_column *out,
                         nn_notes *notes, nn_error *err)
{
    date_fit f = fit_dates(&b->strings);
    if (f.all)
        return inferred_dates(b, ctx, f.all, out, notes, err);
    if (f.date_cells == 0 && !ctx->forced)
        return 1;
    return mixed_dates(b, ctx, &f, out, notes, err);
}
