/* Outcome measures answered from what was computed before: a measure's
 * grid over a million concerns takes seconds to compute, and its figures
 * for months that have ended change only when a row they are made from
 * changes. Each grid computed is kept (table outcome_answers) with the
 * change version it was computed at; triggers (migration 0030) mark every
 * write to a source table with the month of the row's date; a kept grid
 * answers while no mark newer than it falls in the months its measure
 * depends on (outcome_dependencies). Grids are kept per day (today is
 * part of the question), so a missed mark could not outlive the day. */
#ifndef CSHUB_OUTCOME_CACHE_H
#define CSHUB_OUTCOME_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/outcomes.h"

/* As outcome_compute, from the kept grid when it is still current, else
 * computed and kept. *from_kept (may be NULL) says which. */
enum store_status outcome_compute_kept(struct store_conn *conn, struct arena *arena, const struct outcome_query *query,
                                       struct outcome_grid *out, bool *from_kept);

/* The newest change marked so far; -1 when it cannot be read. */
int64_t outcome_change_version(struct store_conn *conn, struct arena *arena);

/* Whether a current grid is kept for query. */
bool outcome_kept_current(struct store_conn *conn, struct arena *arena, const struct outcome_query *query);

/* Forgets the grids kept for any day but today. */
enum store_status outcome_kept_prune(struct store_conn *conn, const char *today);

#endif
