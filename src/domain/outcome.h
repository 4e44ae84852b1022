/* The outcome measures as their readers get them: the framework (the
 * measures held as data), and one measure's figures over a period —
 * month by month, overall and broken down, this period against the one
 * before — with small counts of children suppressed, whoever reads them
 * (the figures count records some readers may not see, and a figure
 * about a few children can point at them).
 * Reading needs the "read outcome measures" capability and is audited
 * once per answer, naming the measure. Nothing here releases a record
 * about a child: only counts and figures made of counts. */
#ifndef CSHUB_DOMAIN_OUTCOME_H
#define CSHUB_DOMAIN_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/outcomes.h"
#include "domain/operation.h"

/* Every measure of the framework, in its order. */
enum domain_status outcome_measures_list(struct domain_context *ctx, struct store_result *out);

struct outcome_settings {
    int screening_standard_days;
    int suppression_threshold;
};

enum domain_status outcome_settings_read(struct domain_context *ctx, struct outcome_settings *out);

/* Figures with what may not be shown: hidden cells are small counts (or
 * figures made from them) and the cells that would let them be worked
 * out. */
struct outcome_view {
    struct outcome_grid grid;
    bool *hidden; /* groups * buckets */
};

struct outcome_figures {
    struct store_result measure;      /* the measure's row of the framework */
    const struct outcome_spec *spec;
    enum outcome_breakdown by;
    int first_month, months;
    struct outcome_view groups;       /* by month, broken down */
    struct outcome_view overall;      /* by month, one group */
    struct outcome_view groups_period; /* the period whole, broken down */
    struct outcome_view this_period;  /* the period whole */
    struct outcome_view last_months;  /* by month, one group: the period of the same length before it */
    struct outcome_view last_period;  /* that period whole */
    bool suppressed;                  /* the measure counts children, so small numbers were suppressed */
    struct outcome_settings settings;
};

/* Computes measure code over months [first_month, first_month + months)
 * broken down by by. DOMAIN_NOT_FOUND for an unknown code,
 * DOMAIN_FORBIDDEN when the caller may not read outcomes, DOMAIN_CONFLICT
 * when the measure cannot be broken down that way. */
enum domain_status outcome_figures_read(struct domain_context *ctx, const char *code, enum outcome_breakdown by,
                                        int first_month, int months, struct outcome_figures *out);

/* As outcome_figures_read, with no access check and no audit: for a
 * caller that has checked and audited the read it answers (a board
 * report, one event for all its measures). */
enum domain_status outcome_figures_compute(struct domain_context *ctx, const char *code, enum outcome_breakdown by,
                                           int first_month, int months, struct outcome_figures *out);

/* The row of view whose group key is key, or -1. */
int outcome_view_row(const struct outcome_view *view, const char *key);

/* A group's key as people read it: an exploitation type's label, "Female"
 * for female, ... */
const char *outcome_group_label(struct domain_context *ctx, enum outcome_breakdown by, const char *key);

/* The configured population of a postcode district (children aged 10 to
 * 17), 0 when none is configured. */
double outcome_area_population(struct domain_context *ctx, const char *district);

/* The months a dashboard shows unless asked otherwise: the twelve that have ended. */
#define OUTCOME_DEFAULT_MONTHS 12

/* What the background has made ready, between calls. */
struct outcome_readiness {
    int64_t ready_at_version; /* every default grid was current at this change version */
    char ready_on[11];        /* on this day */
};

/* For a background thread: computes and keeps one grid of the
 * dashboards' default figures (every measure and breakdown over the
 * twelve months that have ended) that is missing or out of date; true
 * while more remain. Readers then get those figures from what is kept. */
bool outcome_keep_ready(struct store_conn *conn, struct outcome_readiness *state);

#endif
