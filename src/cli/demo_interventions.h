/* The contextual interventions of `cshub demo`: a few dozen, over the
 * last two years, at the places, groups, schools, online spaces and
 * neighbourhoods where the demo's young people are harmed (detached youth
 * work at the park, licensing action at the takeaway, CCTV on the
 * towpath, sessions in the schools, ...), each recorded through the
 * domain module as the practitioner of the agency that leads it. */
#ifndef CSHUB_DEMO_INTERVENTIONS_H
#define CSHUB_DEMO_INTERVENTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct store_conn;

/* Records the interventions on the demo's contexts (context_ids: by their
 * place in demo_context_seeds); false (after a line on stderr) when one
 * cannot be recorded. The same ones every run, dated back from today. */
bool demo_interventions_fill(struct store_conn *conn, const char *const *context_ids, size_t context_count);

#endif
