/* The demo's disruption; see demo_disruptions.h. Drawn from its own seeded
 * sequence, after the rest of the casework and the interventions, so they
 * are the same with or without it. */
#include "cli/demo_disruptions.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/demo_casework.h"
#include "domain/disruption.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"

#define DAYS_OF_HISTORY 700
#define MAX_ADULTS 100
#define POLICE "police@kestrel-vale.example"
#define POLICE_2 "police.exploitation@kestrel-vale.example"
#define COMMUNITY_SAFETY "community.safety@kestrel-vale.example"

/* What police do against an adult of concern, how often (in tenths) it is
 * restricted as intelligence, and the results it may have. */
static const struct {
    const char *tactic;
    int restricted_tenths;
    const char *results[3];
} adult_tactics[] = {
    {"child_abduction_warning_notice", 4,
     {"Served and signed; no further contact with the young person seen.",
      "Served; he was seen with the young person again a month later and arrested.", NULL}},
    {"arrest", 8,
     {"Charged with possession with intent to supply; remanded in custody.",
      "Released under investigation; bail conditions not to contact named young people.",
      "No further action: the young person would not give evidence."}},
    {"slavery_trafficking_prevention_order", 7,
     {"Order granted for five years: no contact with anyone under 18, phones to be declared.", NULL, NULL}},
    {"sexual_risk_order", 7, {"Order granted: no unsupervised contact with girls under 16.", NULL, NULL}},
    {"nrm_referral", 5,
     {"Reasonable-grounds decision positive for the young person he was exploiting.",
      "Conclusive-grounds decision positive; used in the case against him.", NULL}},
};

/* Disruption at the demo's places: by their place in demo_context_seeds. */
static const struct {
    int context;
    const char *tactic;
    const char *description; /* for "other" */
    const char *actor;
    const char *result;
} place_plans[] = {
    {4, "licensing_review", NULL, COMMUNITY_SAFETY, "Licence varied: closes at midnight; CCTV and staff training required."},
    {4, "closure_order", NULL, POLICE, "Premises closed for three months."},
    {8, "closure_order", NULL, POLICE, "Closure order granted; the tenant moved to safe accommodation."},
    {6, "community_protection_notice", NULL, COMMUNITY_SAFETY, "No sales of alcohol or vapes to under-18s; test purchases passed since."},
    {0, "community_protection_notice", NULL, COMMUNITY_SAFETY, NULL},
    {17, "licensing_review", NULL, COMMUNITY_SAFETY, "Conditions added: photo ID for every guest, under-18s only with a parent."},
    {17, "other", "Hotel staff briefed; booking checks agreed with the manager", POLICE, NULL},
    {2, "other", "Dispersal order for the bus station on Friday and Saturday nights", POLICE,
     "Groups dispersed on six nights; two adults arrested for breaching it."},
    {10, "community_protection_notice", NULL, COMMUNITY_SAFETY, NULL},
    {5, "licensing_review", NULL, COMMUNITY_SAFETY, "No change to the licence; visits to continue."},
};

struct plan_state {
    struct store_conn *conn;
    const char *today;
    uint64_t random_state;
};

/* Seeded apart from the rest of the casework. */
static int pick(struct plan_state *s, int n)
{
    return demo_pick(&s->random_state, n);
}

/* What one disruption is, before its dates. */
struct plan {
    const char *actor;
    const char *person_id;
    const char *context_id;
    const char *tactic;
    const char *description;
    const char *result;
    const char *sharing;
};

static void set(struct record_input *in, int field, const char *value)
{
    in->present[field] = true;
    in->values[field] = value;
}

/* When it happened (within two years), and when its result was known. */
static void plan_dates(struct plan_state *s, struct arena *arena, const struct plan *p, struct record_input *in)
{
    int days_ago = 3 + pick(s, DAYS_OF_HISTORY - 3);
    set(in, DISRUPTION_OCCURRED_ON, clock_date_shift(arena, s->today, -days_ago));
    int later = 7 + pick(s, 60);
    if (p->result != NULL)
        set(in, DISRUPTION_OUTCOME_ON, clock_date_shift(arena, s->today, -(later < days_ago ? days_ago - later : 0)));
}

/* Records one disruption as its actor. */
static bool record_one(struct plan_state *s, const struct plan *p)
{
    struct domain_context ctx = {.conn = s->conn, .arena = arena_new()};
    enum domain_status status = DOMAIN_UNAVAILABLE;
    if (demo_caller(s->conn, ctx.arena, p->actor, &ctx.caller)) {
        struct record_input in = {0};
        set(&in, DISRUPTION_PERSON_ID, p->person_id);
        set(&in, DISRUPTION_CONTEXT_ID, p->context_id);
        set(&in, DISRUPTION_TACTIC, p->tactic);
        set(&in, DISRUPTION_TACTIC_DESCRIPTION, p->description);
        set(&in, DISRUPTION_AGENCY_ID, ctx.caller.agency_id);
        set(&in, DISRUPTION_RESULT, p->result);
        set(&in, DISRUPTION_SHARING, p->sharing);
        plan_dates(s, ctx.arena, p, &in);
        struct record r;
        status = disruption_create(&ctx, &in, &r);
    }
    arena_free(ctx.arena);
    if (status != DOMAIN_OK)
        fprintf(stderr, "cshub demo: could not record a disruption (domain status %d)\n", (int)status);
    return status == DOMAIN_OK;
}

/* Up to two tactics against one adult (none against about a third). */
static bool disrupt_adult(struct plan_state *s, const char *adult_id)
{
    int count = pick(s, 3);
    bool ok = true;
    for (int i = 0; ok && i < count; i++) {
        int t = pick(s, (int)(sizeof adult_tactics / sizeof adult_tactics[0]));
        int results = 0;
        while (results < 3 && adult_tactics[t].results[results] != NULL)
            results++;
        struct plan p = {.actor = pick(s, 3) == 0 ? POLICE_2 : POLICE, .person_id = adult_id,
                         .tactic = adult_tactics[t].tactic,
                         .result = pick(s, 10) < 7 ? adult_tactics[t].results[pick(s, results)] : NULL,
                         .sharing = pick(s, 10) < adult_tactics[t].restricted_tenths ? "restricted" : "hub"};
        ok = record_one(s, &p);
    }
    return ok;
}

static bool disrupt_adults(struct plan_state *s)
{
    struct arena *arena = arena_new();
    struct store_result r;
    bool ok = store_query(s->conn, arena,
                          "SELECT id FROM people WHERE kind = 'adult_of_concern' ORDER BY rowid LIMIT 100", NULL, 0,
                          &r) == STORE_OK;
    for (int i = 0; ok && i < r.rows && i < MAX_ADULTS; i++)
        ok = disrupt_adult(s, store_cell_text(&r, i, "id"));
    arena_free(arena);
    return ok;
}

bool demo_disruptions_fill(struct store_conn *conn, const char *const *context_ids, size_t context_count)
{
    struct arena *arena = arena_new();
    struct plan_state s = {.conn = conn, .today = clock_today_text(arena), .random_state = 0x4449535255505421ull};
    bool ok = disrupt_adults(&s);
    for (size_t i = 0; ok && i < sizeof place_plans / sizeof place_plans[0]; i++) {
        size_t c = (size_t)place_plans[i].context;
        if (c >= context_count)
            continue;
        bool police = strcmp(place_plans[i].actor, COMMUNITY_SAFETY) != 0;
        struct plan p = {.actor = place_plans[i].actor, .context_id = context_ids[c], .tactic = place_plans[i].tactic,
                         .description = place_plans[i].description, .result = place_plans[i].result,
                         .sharing = police && pick(&s, 10) < 6 ? "restricted" : "hub"};
        ok = record_one(&s, &p);
    }
    arena_free(arena);
    return ok;
}
