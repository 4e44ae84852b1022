/* What the demo adds so that every outcome measure shows something real:
 * assessments of the places and groups worked with, repeated over two
 * years (most getting safer as the interventions there go on, a few not);
 * each partner agency's adoption of the shared definitions, agency by
 * agency over the months after the partnership agreed them (two agencies
 * not yet all of them); and a review screening of each young person some
 * weeks after their first MACE discussion (most a step lower). Run after
 * the meetings. Recorded through the domain modules, as the
 * coordinator and the administrator, so the access policy and the audit
 * apply. */
#ifndef CSHUB_DEMO_OUTCOMES_H
#define CSHUB_DEMO_OUTCOMES_H

#include <stdbool.h>
#include <stddef.h>

struct store_conn;

/* context_ids: the demo's contexts, by their place in demo_context_seeds.
 * False (after a line on stderr) when something cannot be recorded. */
bool demo_outcomes_fill(struct store_conn *conn, const char *const *context_ids, size_t context_count);

#endif
