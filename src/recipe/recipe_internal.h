/* Inside a recipe: the steps as the user gave them, the plan they compile
 * to against a table, and the statistics fitted on training rows. */
#ifndef NN_RECIPE_INTERNAL_H
#define NN_RECIPE_INTERNAL_H

#include <locale.h>
#include <stdio.h>

#include "engine/c_locale.h"
#include "recipe.h"

/* ---- steps: the arguments of one step; its kind (step.h) says what
 * they mean ---- */
struct step_kind;
typedef struct nn_step {
    const struct step_kind *kind;
    int method;          /* task, impute, encode, scale, window as, order, smooth */
    double value;        /* impute constant */
    double fraction[3];  /* split; winsorize lower and upper quantiles */
    int n, horizon;      /* window; smooth span */
    uint64_t seed;       /* split */
    char **cols;         /* columns, or window on= */
    size_t ncols;
    char *by;            /* window or smooth key */
} nn_step;

/* step_args.c */
void step_clear(nn_step *s);
int step_copy(nn_step *dst, const nn_step *src);
/* Text form of a step, freshly allocated. */
char *step_format(const nn_step *s);
/* step.c: a step from its text form. */
int step_parse(const char *line, nn_step *s, nn_error *err);
/* step_time.c: the last window step of a list, or NULL. */
const nn_step *step_last_window(const nn_step *steps, size_t n);
/* The last target step of a list, or NULL. */
const nn_step *step_last_target(const nn_step *steps, size_t n);

/* ---- the plan: what the steps mean for one table ---- */
enum { ROLE_FEATURE, ROLE_DROPPED, ROLE_TARGET, ROLE_KEY, ROLE_IGNORED };

typedef struct plan_col {
    unsigned char role;
    unsigned char impute;  /* nn_impute */
    unsigned char encode;  /* nn_encode */
    unsigned char on;      /* windowed */
    unsigned char codes;   /* a numeric column of integer codes, one-hot encoded */
    unsigned char winsor;  /* clipped to quantiles lower, upper */
    unsigned char smooth;  /* 1 + nn_smooth, 0: not smoothed */
    int span, smooth_by;   /* smooth: rows, key column (-1: none) */
    double fill;           /* impute constant */
    double lower, upper;   /* winsorize quantiles */
} plan_col;

typedef struct nn_plan {
    size_t ncols;
    plan_col *cols;
    int target;            /* the first of targets; -1: none yet */
    int targets[NN_MAX_TARGETS];
    size_t ntargets;
    const char *target_names[NN_MAX_TARGETS]; /* as the step names them, even when absent from
                                                 new data (into the step, which outlives the plan) */
    size_t nnamed;
    nn_task task;          /* resolved, never AUTO once a target is set */
    nn_scale scale;
    int time_col, calendar_col, key_col;
    int window_n, window_as, horizon;
    double split[3];
    nn_order order;        /* resolved */
    uint64_t seed;
    nn_impute all_impute;  /* impute step without columns */
    double all_fill;
    int predicting;        /* compiling for new data: the target may be absent */
} nn_plan;

/* Compiles steps against t. Returns 0, or -1 with err naming the step.
 * With predicting set, steps about columns absent from t that prediction
 * does not need (the target, drops, imputes) are skipped. */
int plan_compile(const nn_step *steps, size_t n, const nn_table *t, int predicting, nn_plan *p,
                 nn_error *err);
void plan_free(nn_plan *p);

/* ---- fitted statistics ---- */
enum { SRC_VALUE, SRC_BOOLEAN, SRC_ONEHOT, SRC_ORDINAL, SRC_LAG, SRC_WEEKDAY, SRC_MONTH, SRC_CODES };

/* Integer codes one-hot encoded: at most this many distinct values. */
#define NN_MAX_CODES 50

/* One source of features: a column's value, a lag, a calendar part. */
typedef struct fit_source {
    int kind;
    char *column;
    int lag;               /* SRC_LAG */
    int as;                /* SRC_LAG: nn_window_as */
    size_t nlevels;        /* SRC_BOOLEAN, SRC_ONEHOT, SRC_ORDINAL, SRC_CODES, calendar: levels */
    char **levels;
    double fill;           /* imputation value in source units (a level index for levels); NAN: none */
    size_t first, count;   /* the features it produces */
} fit_source;

/* A winsorized column: quantiles asked, bounds fitted, what they clipped. */
typedef struct fit_clip {
    char *column;
    double lower, upper, lo, hi;
    size_t count, below, above;
} fit_clip;

typedef struct nn_fit {
    size_t nclips;
    fit_clip *clips;
    size_t nsources;
    fit_source *sources;
    size_t nfeatures;
    char **names;
    double *center, *scale; /* per feature: x = (v - center) / scale */
    nn_task task;
    size_t ny;             /* target columns (a regression's several, else 1) */
    double y_center[NN_MAX_TARGETS], y_scale[NN_MAX_TARGETS];
    size_t nclasses;
    char **classes;
} nn_fit;

void fit_free(nn_fit *f);
nn_fit *fit_copy(const nn_fit *f);

/* ---- the recorded source columns ---- */
typedef struct schema_col {
    char *name;
    int type, date_format, has_time;
} schema_col;

struct nn_recipe {
    nn_step *steps;
    char **texts;          /* steps as text */
    size_t nsteps;
    schema_col *schema;    /* columns of the table last fitted on */
    size_t nschema;
    nn_fit *fit;           /* NULL until prepared */
};

/* Records t's columns as the recipe's source columns. */
int schema_record(nn_recipe *r, const nn_table *t);
/* Appends a checked step (recipe.c): compiles all steps with it first. */
int recipe_add(nn_recipe *r, const nn_table *t, const nn_step *s, nn_error *err);
/* Adds a step a builder has just made (built: the builder's 0 or -1),
 * then frees the step either way. */
int recipe_add_built(nn_recipe *r, const nn_table *t, int built, nn_step *s, nn_error *err);

/* Quoting names in text forms: a bare word when it is one, else "..."
 * with \" and \\ escapes. */
void text_put_word(FILE *f, const char *word);
/* Text written in the C locale into a fresh string: text_open, then write
 * to the stream it returns (NULL: out of memory), then text_close, which
 * gives the text or NULL when writing failed. */
typedef struct text_builder {
    FILE *f;
    char *text;
    size_t len;
    locale_t old;
} text_builder;
FILE *text_open(text_builder *b);
char *text_close(text_builder *b);
/* Splits a line into words (quotes honoured); returns the count or -1. */
int text_split(const char *line, char ***words, nn_error *err);
void text_free_words(char **words, int n);

#endif
