/* The disruption of `cshub demo`: a few dozen tactics over the last two
 * years against the demo's adults of concern (Child Abduction Warning
 * Notices, arrests, orders, National Referral Mechanism referrals) and its
 * hotspot places (closure orders, Community Protection Notices, licensing
 * reviews), each recorded through the domain module as the police officer
 * or community safety officer who carried it out; police intelligence
 * mostly restricted. */
#ifndef CSHUB_DEMO_DISRUPTIONS_H
#define CSHUB_DEMO_DISRUPTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct store_conn;

/* Records the disruption against the demo's adults of concern (read from
 * the database, in the order they were recorded) and contexts
 * (context_ids: by their place in demo_context_seeds); false (after a line
 * on stderr) when one cannot be recorded. The same every run, dated back
 * from today. */
bool demo_disruptions_fill(struct store_conn *conn, const char *const *context_ids, size_t context_count);

#endif
