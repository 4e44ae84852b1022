/* The action plan of `cshub demo`: the four partnership boards of Kestrel
 * Vale, the nine recommendations of the cabinet decision of 23 February
 * 2023, owned by the demo's agencies and boards, two or three actions
 * under each (some done, some overdue, some whose last progress update is
 * late) and their progress updates, rated red, amber or green. Entered
 * through the domain modules as the demo's administrator (the boards) and
 * coordinator (the rest), so the access policy applies and every step is
 * audited. The same every time, dated back from today. */
#ifndef CSHUB_DEMO_ACTION_PLAN_H
#define CSHUB_DEMO_ACTION_PLAN_H

#include <stdbool.h>

struct store_conn;

/* Fills the boards and the plan; false (after a line on stderr) when a step fails. */
bool demo_action_plan_fill(struct store_conn *conn);

#endif
