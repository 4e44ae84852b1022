/* The casework of `cshub demo`: young people, adults of concern, contexts,
 * links that form peer groups around hotspots and exploiting adults, and
 * two years of concerns and screenings, entered as the demo's
 * practitioners and coordinators would enter them, through the domain
 * modules (so the access policy applies and every step is audited). The
 * same run always makes the same partnership, dated back from today. */
#ifndef CSHUB_DEMO_CASEWORK_H
#define CSHUB_DEMO_CASEWORK_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct caller;
struct store_conn;

/* The demo's practitioners and coordinators, by e-mail; demo.c creates
 * them with the other accounts. */
extern const char *const demo_practitioner_emails[];
extern const int demo_practitioner_count;
extern const char *const demo_coordinator_emails[];
extern const int demo_coordinator_count;

struct demo_counts {
    long young_people, adults, contexts, links, concerns, screenings, alerts, interventions, disruptions;
    long meetings, actions;
};

/* The caller a demo account acts as (its agency and role), for the steps
 * it takes; false (after a line on stderr) when the account is missing. */
bool demo_caller(struct store_conn *conn, struct arena *arena, const char *email, struct caller *out);

/* A number from 0 to n - 1, the next of the sequence *state seeds
 * (splitmix64): each part of the demo keeps its own, so that adding one
 * part changes nothing in the others. */
int demo_pick(uint64_t *state, int n);

/* Fills the casework; false (after a line on stderr naming the step) when
 * a step fails. */
bool demo_casework_fill(struct store_conn *conn, struct demo_counts *counts);

#endif
