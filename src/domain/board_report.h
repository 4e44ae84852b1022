/* A partnership board's quarterly report (recommendation 1: the approach
 * monitored through the partnership boards): the sections the board chose
 * — outcome measures for the quarter, each broken down by agency where it
 * can be, and the action plan's recommendations the board monitors — with
 * small numbers suppressed whoever reads it, since a report is published.
 * Reading needs the capability to read board reports and is audited once
 * per report; choosing a board's sections needs the capability to update
 * the action plan. No record about a child is in it. */
#ifndef CSHUB_BOARD_REPORT_H
#define CSHUB_BOARD_REPORT_H

#include <stdbool.h>

#include "domain/action_plan.h"
#include "domain/outcome.h"

#define BOARD_REPORT_SECTIONS_MAX 20
#define BOARD_REPORT_PLAN "action_plan" /* the section that is the action plan */

struct board_report_section {
    const char *code;               /* a measure's code, or BOARD_REPORT_PLAN */
    struct outcome_figures figures; /* a measure's, for the quarter */
};

struct board_report {
    const char *board_id, *board_name;
    int first_month; /* the quarter's first month (outcome_month_parse's numbering) */
    const char *today;
    int section_count;
    struct board_report_section sections[BOARD_REPORT_SECTIONS_MAX];
    struct action_plan plan; /* loaded when a section is the plan; see board_report_monitors */
};

/* "2026-Q3" (calendar quarters) into its first month; false when it is not one. */
bool board_report_quarter_parse(const char *text, int *first_month);

/* "July to September 2026", and "2026-Q3", in arena memory. */
const char *board_report_quarter_label(struct arena *arena, int first_month);
const char *board_report_quarter_code(struct arena *arena, int first_month);

/* The report of board_id for the quarter starting first_month.
 * DOMAIN_NOT_FOUND for no such board, DOMAIN_FORBIDDEN when the caller may
 * not read reports, DOMAIN_CONFLICT for a quarter that has not ended (a
 * report of a quarter still under way would change from day to day, and
 * two days' reports set side by side could point at one child). */
enum domain_status board_report_read(struct domain_context *ctx, const char *board_id, int first_month,
                                     struct board_report *out);

/* Whether row of the report's plan recommendations is one its board monitors. */
bool board_report_monitors(const struct board_report *report, int row);

/* Replaces board_id's sections with sections[0..count), in order: each a
 * measure's code or BOARD_REPORT_PLAN, no repeats. *bad gets the first
 * section that is none of these (DOMAIN_CONFLICT). */
enum domain_status board_report_set_sections(struct domain_context *ctx, const char *board_id,
                                             const char *const *sections, int count, const char **bad);

#endif
