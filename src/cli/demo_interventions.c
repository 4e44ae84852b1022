/* The demo's contextual interventions; see demo_interventions.h. Drawn
 * from their own seeded sequence, after the rest of the casework, so the
 * casework is the same with or without them. */
#include "cli/demo_interventions.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/demo_casework.h"
#include "cli/demo_words.h"
#include "domain/intervention.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"

#define KINDS_PER_CONTEXT 5
#define DAYS_OF_HISTORY 700

/* Which kinds of intervention each context has had, by its place in
 * demo_context_seeds. */
static const struct {
    int context;
    const char *kinds[KINDS_PER_CONTEXT];
} plans[] = {
    {0, {"detached_youth_work", "capable_guardians", "environmental_change", "police_disruption", "community_engagement"}},
    {1, {"detached_youth_work", "environmental_change"}},
    {2, {"transport_safety", "cctv", "police_disruption", "capable_guardians"}},
    {4, {"business_engagement", "licensing_action", "police_disruption", "cctv"}},
    {6, {"licensing_action", "business_engagement"}},
    {8, {"police_disruption"}},
    {9, {"environmental_change", "community_engagement"}},
    {10, {"environmental_change", "cctv", "detached_youth_work"}},
    {11, {"environmental_change", "cctv"}},
    {13, {"detached_youth_work", "capable_guardians"}},
    {17, {"business_engagement", "licensing_action"}},
    {18, {"peer_group_work", "detached_youth_work"}},
    {19, {"peer_group_work", "detached_youth_work"}},
    {22, {"peer_group_work", "school_sessions"}},
    {24, {"school_sessions", "school_sessions"}},
    {25, {"school_sessions"}},
    {30, {"online_reporting"}},
    {33, {"online_reporting"}},
    {35, {"community_engagement"}},
};

/* Who leads each kind (by account), and what it is. School sessions are
 * led by the school's own practitioner. */
static const struct {
    const char *kind;
    const char *lead;
    const char *description;
} kinds[] = {
    {"detached_youth_work", "youth.work@kestrel-vale.example",
     "Two detached youth workers on Thursday to Saturday evenings, 6 to 10 p.m."},
    {"capable_guardians", "community.safety@kestrel-vale.example",
     "Park wardens and trained staff present at the times young people gather."},
    {"environmental_change", "community.safety@kestrel-vale.example",
     "New lighting on the paths and overgrown cover cut back; a blind corner opened up."},
    {"police_disruption", "police@kestrel-vale.example",
     "Targeted patrols at the times reported, with stop checks on vehicles seen collecting young people."},
    {"community_engagement", "community.safety@kestrel-vale.example",
     "Residents' meetings and a community walkabout; a contact point for worries about young people."},
    {"transport_safety", "community.safety@kestrel-vale.example",
     "Bus company staff trained to spot exploitation; a safe-space desk in the waiting room."},
    {"cctv", "community.safety@kestrel-vale.example", "Cameras added to cover the entrances, monitored in the evenings."},
    {"business_engagement", "community.safety@kestrel-vale.example",
     "Staff trained to spot and report young people being used to carry packages; posters with the hub's number."},
    {"licensing_action", "community.safety@kestrel-vale.example",
     "Licensing visit and review; conditions on opening hours and staff training."},
    {"peer_group_work", "youth.work@kestrel-vale.example",
     "Weekly group sessions with the young people together: safety, relationships and other things to do."},
    {"school_sessions", NULL, "Sessions for Year 9 and Year 10 on exploitation, county lines and healthy relationships."},
    {"online_reporting", "police@kestrel-vale.example",
     "Reports to the platform with the evidence; takedown requested and accounts referred."},
};

static const char *const ended_outcomes[] = {
    "Fewer young people gathering late; no further reports in the last month of the intervention.",
    "Two young people engaged with the youth project and were referred to early help.",
    "Incidents reported fell; the place is to be reassessed in three months.",
    "Little change seen; the hub agreed to try a different approach.",
    "Staff now report concerns directly to the hub; three reports received.",
};
static const char *const active_outcomes[] = {
    "Early signs: young people recognise the workers and some talk to them.",
    "Too early to say.",
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

static int kind_index(const char *kind)
{
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (strcmp(kinds[k].kind, kind) == 0)
            return (int)k;
    return 0;
}

/* The dates and status: a tenth planned (starting within six weeks), most
 * older ones ended, the rest active. */
static void plan_dates(struct plan_state *s, struct arena *arena, struct record_input *in)
{
    int started = 20 + pick(s, DAYS_OF_HISTORY - 20);
    const char *status = "active", *ended_on = NULL, *outcome = NULL;
    if (pick(s, 10) == 0) {
        started = -(7 + pick(s, 35));
        status = "planned";
    } else if (started > 120 && pick(s, 4) != 0) {
        int ran = 28 + pick(s, 150);
        status = "ended";
        ended_on = clock_date_shift(arena, s->today, -(ran < started ? started - ran : 1));
        outcome = ended_outcomes[pick(s, (int)(sizeof ended_outcomes / sizeof ended_outcomes[0]))];
    } else if (pick(s, 5) < 2) {
        outcome = active_outcomes[pick(s, (int)(sizeof active_outcomes / sizeof active_outcomes[0]))];
    }
    const int fields[] = {INTERVENTION_STARTED_ON, INTERVENTION_ENDED_ON, INTERVENTION_STATUS, INTERVENTION_OUTCOME};
    const char *values[] = {clock_date_shift(arena, s->today, -started), ended_on, status, outcome};
    for (int f = 0; f < 4; f++) {
        in->present[fields[f]] = true;
        in->values[fields[f]] = values[f];
    }
}

/* Records one intervention of kind on a context, as the practitioner who leads it. */
static bool record_one(struct plan_state *s, const char *context_id, int context, const char *kind)
{
    int k = kind_index(kind);
    const char *lead = kinds[k].lead ? kinds[k].lead : demo_practitioner_emails[demo_context_seeds[context].owner];
    struct domain_context ctx = {.conn = s->conn, .arena = arena_new()};
    enum domain_status status = DOMAIN_UNAVAILABLE;
    if (demo_caller(s->conn, ctx.arena, lead, &ctx.caller)) {
        struct record_input in = {0};
        const char *sharing = strcmp(kind, "police_disruption") == 0 && pick(s, 3) == 0 ? "restricted" : "hub";
        const int fields[] = {INTERVENTION_CONTEXT_ID, INTERVENTION_TYPE, INTERVENTION_LEAD_AGENCY_ID,
                              INTERVENTION_DESCRIPTION, INTERVENTION_SHARING};
        const char *values[] = {context_id, kind, ctx.caller.agency_id, kinds[k].description, sharing};
        for (int f = 0; f < 5; f++) {
            in.present[fields[f]] = true;
            in.values[fields[f]] = values[f];
        }
        plan_dates(s, ctx.arena, &in);
        struct record r;
        status = intervention_create(&ctx, &intervention_kind, &in, &r);
    }
    arena_free(ctx.arena);
    if (status != DOMAIN_OK)
        fprintf(stderr, "cshub demo: could not record an intervention (domain status %d)\n", (int)status);
    return status == DOMAIN_OK;
}

bool demo_interventions_fill(struct store_conn *conn, const char *const *context_ids, size_t context_count)
{
    struct arena *arena = arena_new();
    struct plan_state s = {.conn = conn, .today = clock_today_text(arena), .random_state = 0x494e54455256454eull};
    bool ok = true;
    for (size_t p = 0; ok && p < sizeof plans / sizeof plans[0]; p++) {
        size_t c = (size_t)plans[p].context;
        for (int k = 0; ok && c < context_count && k < KINDS_PER_CONTEXT && plans[p].kinds[k] != NULL; k++)
            ok = record_one(&s, context_ids[c], plans[p].context, plans[p].kinds[k]);
    }
    arena_free(arena);
    return ok;
}
