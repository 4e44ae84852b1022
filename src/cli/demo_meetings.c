/* The MACE meetings of `cshub demo`; see demo_meetings.h. The coordinator
 * runs three past meetings, four weeks apart, and plans the next: each
 * agenda built from the evidence, attendance from six agencies, the first
 * items discussed, actions given to the agencies present (most done, some
 * still open and now overdue), and the past meetings closed. Everything
 * goes through the domain modules, so the access policy applies and every
 * step is audited. */
#include "cli/demo_meetings.h"

#include <stdio.h>
#include <string.h>

#include "auth/access.h"
#include "cli/demo_casework.h"
#include "domain/action.h"
#include "domain/agenda.h"
#include "domain/meeting.h"
#include "domain/network_index.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"

#define PAST_MEETINGS 12
#define DAYS_APART 28
#define ITEMS_DISCUSSED 3
#define ACTIONS_PER_ITEM 2

/* Who comes to a meeting, from which demo account's agency. */
static const struct {
    const char *email, *name;
    bool apologies;
} attendees[] = {
    {"coordinator@kestrel-vale.example", "Hub coordinator (chair)", false},
    {"police@kestrel-vale.example", "DS Priya Lomas", false},
    {"school@kestrel-vale.example", "Mr Dean Avery, designated safeguarding lead", false},
    {"health@kestrel-vale.example", "Ruth Okoro, school nurse", true},
    {"youth.justice@kestrel-vale.example", "Amira Basit, youth justice worker", false},
    {"community.safety@kestrel-vale.example", "Glen Harker, community safety officer", false},
};
#define ATTENDEE_COUNT (int)(sizeof attendees / sizeof attendees[0])

static const char *const discussions[] = {
    "Police and school shared what they know: going missing after school, seen getting into cars with older males.",
    "Youth justice reported the young person is engaging; community safety has seen the group at the same place again.",
    "Health could not attend; their written update says the young person was seen at the walk-in centre.",
};
static const char *const decisions[] = {
    "Safety plan to be agreed with the family; disruption of the adult; daily attendance checks.",
    "Detached youth work at the place on Friday evenings; licensing to visit the premises.",
    "Strategy discussion to be held within the week; the lead professional to update the chronology.",
};
static const char *const action_texts[] = {
    "Visit the family with the social worker and agree the safety plan.",
    "Check attendance daily and tell the hub of any absence the same day.",
    "Patrol the place on Friday and Saturday evenings and record who is there.",
    "Offer the young person a youth worker and report on engagement.",
};

struct demo_meetings {
    struct store_conn *conn;
    struct caller coordinator;
    const char *agencies[ATTENDEE_COUNT];
    uint64_t random_state;
    long meetings, actions;
};

static struct domain_context step(struct demo_meetings *m)
{
    return (struct domain_context){.conn = m->conn, .arena = arena_new(), .caller = m->coordinator};
}

static bool report(struct domain_context *ctx, enum domain_status status, const char *what)
{
    arena_free(ctx->arena);
    if (status != DOMAIN_OK)
        fprintf(stderr, "cshub demo: could not %s (domain status %d)\n", what, (int)status);
    return status == DOMAIN_OK;
}

static void set(struct record_input *in, int field, const char *value)
{
    in->present[field] = value != NULL;
    in->values[field] = value;
}

/* Plans the meeting held days from today (negative: in the past), with
 * its agenda and attendance; *id is kept in the arena given. */
static bool plan_meeting(struct demo_meetings *m, struct arena *keep, int days, const char **id)
{
    struct domain_context ctx = step(m);
    struct record_input in = {0};
    struct meeting_lists lists = {0};
    set(&in, MEETING_HELD_ON, clock_date_shift(ctx.arena, clock_today_text(ctx.arena), days));
    set(&in, MEETING_TITLE, days < 0 ? "MACE meeting" : "MACE meeting (next)");
    set(&in, MEETING_CHAIR_USER_ID, m->coordinator.user_id);
    set(&in, MEETING_SHARING, "hub");
    lists.invited_present = true;
    lists.attendance_present = days < 0;
    for (int i = 0; i < ATTENDEE_COUNT; i++) {
        lists.invited[lists.invited_count++] = m->agencies[i];
        if (days < 0)
            lists.attendance[lists.attendance_count++] =
                (struct meeting_attendee){m->agencies[i], attendees[i].name, attendees[i].apologies ? "apologies" : "present"};
    }
    struct meeting meeting;
    enum domain_status status = meeting_create(&ctx, &in, &lists, &meeting);
    int added = 0;
    if (status == DOMAIN_OK) {
        *id = arena_strdup(keep, meeting.record.id);
        status = agenda_build(&ctx, *id, &added);
    }
    m->meetings += status == DOMAIN_OK;
    return report(&ctx, status, "plan a MACE meeting");
}

/* Gives an action about item to the agency of attendee a, due due_in days
 * after the meeting; done when the meeting is long past (most of the time),
 * on the day it was done. */
static bool give_action(struct demo_meetings *m, const struct record *item, int days, int a, int n)
{
    struct domain_context ctx = step(m);
    struct record_input in = {0};
    const char *today = clock_today_text(ctx.arena);
    set(&in, ACTION_MEETING_ID, item->values[ITEM_MEETING_ID]);
    set(&in, ACTION_ITEM_ID, item->id);
    set(&in, ACTION_PERSON_ID, item->values[ITEM_PERSON_ID]);
    set(&in, ACTION_CONTEXT_ID, item->values[ITEM_CONTEXT_ID]);
    set(&in, ACTION_DESCRIPTION, action_texts[(size_t)n % (sizeof action_texts / sizeof action_texts[0])]);
    set(&in, ACTION_DUE_ON, clock_date_shift(ctx.arena, today, days + 14));
    set(&in, ACTION_STATUS, "open");
    set(&in, ACTION_SHARING, "hub");
    struct record action;
    enum domain_status status = action_create(&ctx, &in, m->agencies[a], &action);
    bool finished = status == DOMAIN_OK && days + 14 < 0 && demo_pick(&m->random_state, 100) < 75;
    if (finished) {
        struct record_input done = {0};
        set(&done, ACTION_STATUS, "done");
        set(&done, ACTION_COMPLETION_NOTES, "Done as agreed; the hub was told at the next meeting.");
        /* done between three days after the meeting and a week after it was due: most on time, some late */
        int done_on = days + 3 + demo_pick(&m->random_state, 19);
        set(&done, ACTION_COMPLETED_ON, clock_date_shift(ctx.arena, today, done_on < -1 ? done_on : -1));
        struct record updated;
        status = action_update(&ctx, action.id, &done, &updated);
    }
    m->actions += status == DOMAIN_OK;
    return report(&ctx, status, "give an action");
}

/* Discusses the first items of meeting id and gives their actions. */
static bool hold_meeting(struct demo_meetings *m, const char *id, int days)
{
    struct domain_context ctx = step(m); /* its arena holds the items until the end */
    struct record items[MEETING_ITEMS_MAX];
    int count = 0;
    enum domain_status status = meeting_items_of(&ctx, id, items, &count);
    bool ok = status == DOMAIN_OK;
    for (int i = 0; ok && i < count && i < ITEMS_DISCUSSED; i++) {
        struct domain_context talk = step(m);
        struct record_input in = {0};
        set(&in, ITEM_DISCUSSION, discussions[i]);
        set(&in, ITEM_DECISIONS, decisions[i]);
        struct record updated;
        ok = report(&talk, meeting_item_update(&talk, items[i].id, &in, &updated), "record a discussion");
        for (int a = 0; ok && a < ACTIONS_PER_ITEM; a++)
            ok = give_action(m, &items[i], days, 1 + demo_pick(&m->random_state, ATTENDEE_COUNT - 1), i + a);
    }
    return report(&ctx, ok ? DOMAIN_OK : status == DOMAIN_OK ? DOMAIN_UNAVAILABLE : status, "hold a meeting") && ok;
}

static bool close_meeting(struct demo_meetings *m, const char *id)
{
    struct domain_context ctx = step(m);
    struct meeting closed;
    return report(&ctx, meeting_close(&ctx, id, &closed), "close a meeting");
}

static bool load_agencies(struct demo_meetings *m, struct arena *keep)
{
    for (int i = 0; i < ATTENDEE_COUNT; i++) {
        struct caller who;
        if (!demo_caller(m->conn, keep, attendees[i].email, &who))
            return false;
        m->agencies[i] = who.agency_id;
    }
    return demo_caller(m->conn, keep, "coordinator@kestrel-vale.example", &m->coordinator);
}

bool demo_meetings_fill(struct store_conn *conn, long *meetings, long *actions)
{
    struct arena *keep = arena_new();
    struct demo_meetings m = {.conn = conn, .random_state = 0x4d41434531323334ull};
    /* The agenda looks at the network, as the server does, in memory. */
    struct network_index *index = network_index_load(conn);
    network_index_install(index);
    bool ok = index != NULL && load_agencies(&m, keep);
    for (int k = PAST_MEETINGS; ok && k >= 0; k--) {
        int days = k == 0 ? 3 : -DAYS_APART * k;
        const char *id = NULL;
        ok = plan_meeting(&m, keep, days, &id);
        if (ok && k > 0)
            ok = hold_meeting(&m, id, days) && close_meeting(&m, id);
    }
    network_index_install(NULL);
    network_index_free(index);
    *meetings = m.meetings;
    *actions = m.actions;
    arena_free(keep);
    return ok;
}
