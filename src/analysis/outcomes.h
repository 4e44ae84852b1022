/* The outcome measures (recommendation 3): each default measure's
 * computation over a period, month by month or the period as a whole,
 * overall or broken down by agency, exploitation type, area, age band,
 * sex, ethnicity or rating. The measures' names, definitions and targets
 * are data (table outcome_measures); what is computed for each code is
 * here. Everything computed is a count or a figure made of counts: no
 * record about a child leaves this module, so it reads the tables whole
 * rather than through the per-record access policy (the API layer checks
 * the caller may read outcomes, audits the read and suppresses small
 * numbers). Dates are compared as "YYYY-MM-DD" text and date arithmetic
 * is done in C, so no SQL depends on one engine's date functions. */
#ifndef CSHUB_OUTCOMES_H
#define CSHUB_OUTCOMES_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

enum outcome_breakdown {
    BY_NONE,
    BY_AGENCY,
    BY_EXPLOITATION_TYPE,
    BY_AREA,      /* postcode district */
    BY_AGE_BAND,  /* age at the event */
    BY_SEX,
    BY_ETHNICITY,
    BY_RATING,    /* a context assessment's risk rating */
    BY_COUNT,
};

/* How a cell's figure is made from what was counted. */
enum outcome_kind {
    OUTCOME_COUNT,   /* value = numerator */
    OUTCOME_PERCENT, /* value = 100 * numerator / denominator */
    OUTCOME_RATIO,   /* value = numerator / denominator */
    OUTCOME_DAYS,    /* value = median days; p90 the 90th percentile; denominator = how many */
};

/* "agency", "exploitation_type", ...; -1 when unknown. */
const char *outcome_breakdown_name(enum outcome_breakdown by);
int outcome_breakdown_from_name(const char *name);

/* Which of a figure's counts count children (young people, or concerns
 * and screenings about them): the counts small-number suppression
 * protects. Counts of meetings, agencies, actions or places are not. */
enum {
    CHILDREN_IN_NUMERATOR = 1,
    CHILDREN_IN_DENOMINATOR = 2,
};

/* What a measure's code computes. NULL when the code is not one cshub computes. */
struct outcome_spec {
    const char *code;
    enum outcome_kind kind;
    unsigned breakdowns; /* bit (1 << by) for each breakdown it supports; BY_NONE always */
    unsigned children;   /* CHILDREN_IN_NUMERATOR and/or CHILDREN_IN_DENOMINATOR */
};
const struct outcome_spec *outcome_spec_find(const char *code);

/* The index-th measure cshub computes; NULL past the last. */
const struct outcome_spec *outcome_spec_at(int index);

/* Months are numbered year * 12 + (month - 1): "2026-01" is 24312. */
bool outcome_month_parse(const char *text, int *month);

/* The question: months [first_month, first_month + months), bucketed by
 * month (by_month) or as one bucket; today decides what can be measured
 * yet (an action not yet due, a trajectory whose three months have not
 * passed). */
struct outcome_query {
    const struct outcome_spec *spec;
    enum outcome_breakdown by;
    int first_month, months;
    bool by_month;
    const char *today;        /* "YYYY-MM-DD" */
    int screening_standard_days;
};

/* The answer: groups x buckets cells, row-major. */
struct outcome_grid {
    int groups, buckets;
    const char **group_keys;  /* as counted: an agency's name, a code, a district, a band */
    double *numerator;
    double *denominator;      /* zero where nothing was counted */
    double *p90;              /* OUTCOME_DAYS only */
};

/* What a measure's figures for months [a, b] are made from: rows of
 * source (a name the triggers of migration 0030 mark changes under)
 * dated from before months before a to after months after b, either
 * OUTCOME_UNBOUNDED. The list ends with a NULL source; NULL for an
 * unknown measure. */
#define OUTCOME_UNBOUNDED 100000
struct outcome_dependency {
    const char *source;
    int before, after;
};
const struct outcome_dependency *outcome_dependencies(const struct outcome_spec *spec);

/* Computes query over the database. Memory from arena. */
enum store_status outcome_compute(struct store_conn *conn, struct arena *arena, const struct outcome_query *query,
                                  struct outcome_grid *out);

/* The cell's figure, or false when there is none (nothing counted, or a
 * ratio over zero). */
bool outcome_cell_value(const struct outcome_grid *grid, enum outcome_kind kind, int group, int bucket,
                        double *value);

#endif
