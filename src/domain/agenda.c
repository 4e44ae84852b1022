/* The agenda built from the evidence; see agenda.h. The evidence is read
 * as the caller would read it if they could see only what is shared with
 * the hub (caller.hub_shared_only): an agency's own or restricted records
 * (police intelligence, say) never reach the panel's agenda unseen by the
 * agency — that agency brings them to the meeting as an item of its own.
 * So the items are shared with the hub, and an item drawn from one record
 * (a screening, an assessment, an action) is owned by that record's
 * agency: whoever may read the evidence may read why the young person is
 * on the agenda, and no one else (the network's items, drawn from many
 * links, are the building coordinator's agency's). Each item is added
 * through meeting_item_create, which checks and audits again, and one
 * audit event lists the screenings, assessments and actions whose facts
 * the reasons repeat (the network's subjects are audited as released). */
#include "domain/agenda.h"

#include <string.h>

#include "auth/access.h"
#include "domain/context.h"
#include "domain/meeting.h"
#include "domain/network_analysis.h"
#include "domain/person.h"
#include "util/arena.h"
#include "util/clock.h"

#define DEFAULT_LOOKBACK_DAYS 28
#define HOTSPOT_MIN_YOUNG_PEOPLE 3
#define ADULT_MIN_YOUNG_PEOPLE 2
#define STANDING_ITEMS_MAX 5 /* of each kind that stays on the agenda until dealt with: the most linked first */

#define EVIDENCE_MAX (2 * MEETING_ITEMS_MAX) /* at most two records for each item: never full */

struct builder {
    struct domain_context *ctx;
    struct domain_context evidence; /* ctx, reading only what is shared with the hub */
    bool hub_meeting;               /* the meeting is shared with the hub (else its items are its agency's) */
    struct record_ref *refs;        /* the evidence the reasons repeat */
    int ref_count;
    const char *meeting_id;
    const char *since;   /* evidence from this day on */
    const char *held_on; /* the meeting's day */
    int added;
    enum domain_status status;
};

/* Adds an item unless its subject is on the agenda already; true when added. */
static bool add_item(struct builder *b, const char *kind, const char *person, const char *context, const char *action,
                     const char *reason, const char *owner_agency_id)
{
    if (b->status != DOMAIN_OK)
        return false;
    /* An overdue action is an item of its own, even about someone on the agenda. */
    const struct store_value p[] = {store_text(b->meeting_id), store_text(action ? NULL : person),
                                    store_text(action ? NULL : context), store_text(action)};
    struct store_result on;
    if (store_query(b->ctx->conn, b->ctx->arena,
                    "SELECT 1 FROM meeting_items WHERE meeting_id = ? AND (person_id = ? OR context_id = ? OR "
                    "action_id = ?) LIMIT 1",
                    p, 4, &on) != STORE_OK) {
        b->status = DOMAIN_UNAVAILABLE;
        return false;
    }
    if (on.rows > 0)
        return false;
    /* Its subject too only as far as it is shared with the hub. */
    if ((person != NULL && !record_visible(&b->evidence, &person_kind, person)) ||
        (context != NULL && !record_visible(&b->evidence, &context_kind, context)))
        return false;
    struct record_input in = {0};
    const char *values[ITEM_FIELD_COUNT] = {[ITEM_MEETING_ID] = b->meeting_id, [ITEM_KIND] = kind,
                                           [ITEM_PERSON_ID] = person,         [ITEM_CONTEXT_ID] = context,
                                           [ITEM_ACTION_ID] = action,         [ITEM_REASON] = reason,
                                           [ITEM_SHARING] = "hub"};
    for (int f = 0; f < ITEM_FIELD_COUNT; f++) {
        in.present[f] = values[f] != NULL;
        in.values[f] = values[f];
    }
    struct record item;
    enum domain_status status =
        meeting_item_create_owned(b->ctx, &in, b->hub_meeting ? owner_agency_id : b->ctx->caller.agency_id, &item);
    if (status == DOMAIN_OK)
        b->added++;
    else if (status != DOMAIN_NOT_FOUND) /* a subject the caller may not see is left out */
        b->status = status;
    return status == DOMAIN_OK;
}

/* The rows of head || the caller's readable filter (for alias "r") || tail,
 * with the leading params first. */
static struct store_result *readable_rows(struct builder *b, const char *head, const char *tail, enum record_class class,
                                          const char *record_type, const char *person_column,
                                          const struct store_value *leading, int leading_count)
{
    struct readable_filter readable;
    access_readable_filter(b->ctx->arena, &b->evidence.caller, class, "r", record_type, person_column, &readable);
    struct store_value params[4 + READABLE_FILTER_MAX_PARAMS];
    for (int i = 0; i < leading_count; i++)
        params[i] = leading[i];
    for (int i = 0; i < readable.param_count; i++)
        params[leading_count + i] = readable.params[i];
    struct store_result *r = arena_alloc(b->ctx->arena, sizeof *r);
    if (store_query(b->ctx->conn, b->ctx->arena, arena_printf(b->ctx->arena, "%s%s%s", head, readable.sql, tail), params,
                    leading_count + readable.param_count, r) != STORE_OK) {
        b->status = DOMAIN_UNAVAILABLE;
        r->rows = 0;
    }
    return r;
}

/* Notes the evidence in row i of r (columns id, owner_agency_id, sharing,
 * with prefix) for the audit event; the item's reason repeats it. */
static void note_evidence(struct builder *b, const char *type, const struct store_result *r, int i, const char *prefix,
                          const char *person_id)
{
    const char *id = store_cell_text(r, i, arena_printf(b->ctx->arena, "%sid", prefix));
    if (id == NULL || b->ref_count == EVIDENCE_MAX)
        return;
    b->refs[b->ref_count++] = (struct record_ref){
        .type = type, .id = id,
        .owner_agency_id = store_cell_text(r, i, arena_printf(b->ctx->arena, "%sowner_agency_id", prefix)),
        .sharing = (enum sharing)sharing_from_name(store_cell_text(r, i, arena_printf(b->ctx->arena, "%ssharing", prefix))),
        .person_id = person_id};
}

/* Young people screened high, or whose risk rose, since the last meeting:
 * each screening with the one before it that the evidence may show. */
static void add_risen(struct builder *b)
{
    const struct store_value since[] = {store_text(b->since)};
    struct store_result *r = readable_rows(
        b,
        "SELECT * FROM (SELECT ? AS since_day, r.id, r.owner_agency_id, r.sharing, r.person_id, r.risk_level, "
        "r.screened_on, lag(r.risk_level) OVER earlier AS before, lag(r.id) OVER earlier AS before_id, "
        "lag(r.owner_agency_id) OVER earlier AS before_owner_agency_id, lag(r.sharing) OVER earlier AS before_sharing "
        "FROM screenings r JOIN people y ON y.id = r.person_id AND y.kind = 'young_person' AND y.merged_into IS NULL "
        "WHERE ",
        " WINDOW earlier AS (PARTITION BY r.person_id ORDER BY r.created_at, r.id)) WHERE screened_on >= since_day "
        "ORDER BY screened_on, id",
        RECORD_PERSONAL, "screening", "person_id", since, 1);
    static const char *const levels = "none low medium high";
    for (int i = 0; i < r->rows; i++) {
        const char *level = store_cell_text(r, i, "risk_level"), *before = store_cell_text(r, i, "before");
        const char *owner = store_cell_text(r, i, "owner_agency_id");
        /* The earlier level is told only when one agency holds both screenings. */
        const char *before_owner = store_cell_text(r, i, "before_owner_agency_id");
        bool tell_before = before != NULL && before_owner != NULL && strcmp(before_owner, owner) == 0;
        const char *person = store_cell_text(r, i, "person_id");
        bool high = strcmp(level, "high") == 0;
        bool rose = before != NULL && strstr(levels, level) > strstr(levels, before);
        if (!high && !rose)
            continue;
        const char *on = store_cell_text(r, i, "screened_on");
        const char *reason = !rose      ? arena_printf(b->ctx->arena, "screened high risk on %s", on)
                             : tell_before ? arena_printf(b->ctx->arena, "risk rose from %s to %s (screened %s)", before,
                                                          level, on)
                                           : arena_printf(b->ctx->arena, "risk rose to %s (screened %s)", level, on);
        if (add_item(b, "young_person", person, NULL, NULL, reason, owner)) {
            note_evidence(b, "screening", r, i, "", person);
            if (rose && tell_before)
                note_evidence(b, "screening", r, i, "before_", person);
        }
    }
}

/* Contexts whose latest assessment rated them high. */
static void add_high_contexts(struct builder *b)
{
    struct store_result *r = readable_rows(
        b,
        "SELECT r.id, r.owner_agency_id, r.sharing, r.context_id, r.assessed_on FROM context_assessments r "
        "WHERE r.risk_rating = 'high' AND "
        "r.assessed_on = (SELECT max(a.assessed_on) FROM context_assessments a WHERE a.context_id = r.context_id) "
        "AND ", " ORDER BY r.assessed_on DESC LIMIT 5",
        RECORD_CONTEXT, "context_assessment", NULL, NULL, 0);
    for (int i = 0; i < r->rows; i++)
        if (add_item(b, "context", NULL, store_cell_text(r, i, "context_id"), NULL,
                     arena_printf(b->ctx->arena, "assessed high risk on %s", store_cell_text(r, i, "assessed_on")),
                     store_cell_text(r, i, "owner_agency_id")))
            note_evidence(b, "context_assessment", r, i, "", NULL);
}

/* Open actions past their due date on the day of the meeting. */
static void add_overdue(struct builder *b)
{
    const struct store_value held[] = {store_text(b->held_on)};
    struct store_result *r = readable_rows(
        b, "SELECT r.id, r.owner_agency_id, r.sharing, r.due_on, r.person_id, r.context_id FROM actions r "
           "WHERE r.status = 'open' AND r.due_on < ? "
           "AND ", " ORDER BY r.due_on",
        RECORD_PERSONAL, "action", "person_id", held, 1);
    for (int i = 0; i < r->rows; i++)
        if (add_item(b, "overdue_action", store_cell_text(r, i, "person_id"), store_cell_text(r, i, "context_id"),
                     store_cell_text(r, i, "id"),
                     arena_printf(b->ctx->arena, "action overdue since %s", store_cell_text(r, i, "due_on")),
                     store_cell_text(r, i, "owner_agency_id")))
            note_evidence(b, "action", r, i, "", store_cell_text(r, i, "person_id"));
}

/* The STANDING_ITEMS_MAX nodes of type (contexts: locations) with the
 * highest counts, at least min, as items of kind (the reason: before,
 * the count, after). */
static void add_most_linked(struct builder *b, const struct network_graph *graph, const int *counts,
                            enum network_node_type type, int min, const char *kind, const char *reason_before,
                            const char *reason_after)
{
    int chosen[STANDING_ITEMS_MAX], taken = 0;
    for (int v = 0; v < graph->node_count; v++) {
        if (graph->types[v] != type || counts[v] < min ||
            (type == NODE_CONTEXT && strcmp(graph->context_kinds[v], "location") != 0))
            continue;
        int at = taken < STANDING_ITEMS_MAX ? taken++ : STANDING_ITEMS_MAX;
        while (at > 0 && counts[chosen[at - 1]] < counts[v]) {
            if (at < STANDING_ITEMS_MAX)
                chosen[at] = chosen[at - 1];
            at--;
        }
        if (at < STANDING_ITEMS_MAX)
            chosen[at] = v;
    }
    for (int i = 0; i < taken; i++) {
        bool person = type != NODE_CONTEXT;
        const char *reason = arena_printf(b->ctx->arena, "%s%d%s", reason_before, counts[chosen[i]], reason_after);
        struct network_node subject;
        if (add_item(b, kind, person ? graph->ids[chosen[i]] : NULL, person ? NULL : graph->ids[chosen[i]], NULL,
                     reason, b->ctx->caller.agency_id) &&
            network_release(&b->evidence, graph, &chosen[i], 1, &subject) != DOMAIN_OK)
            b->status = DOMAIN_UNAVAILABLE;
    }
}

/* Adults of concern linked to two or more young people, and hotspots:
 * the network shared with the hub (they stay on the agenda until the
 * links are ended or the panel takes them off). */
static void add_from_network(struct builder *b)
{
    struct network_filter filter = {.confidence = {true, true, true}};
    struct network_graph graph;
    if (b->status != DOMAIN_OK || network_graph_load(&b->evidence, &filter, &graph) != DOMAIN_OK) {
        b->status = DOMAIN_UNAVAILABLE;
        return;
    }
    int *linked = arena_alloc(b->ctx->arena, sizeof *linked * (size_t)(graph.node_count + 1));
    int *at_risk_linked = arena_alloc(b->ctx->arena, sizeof *at_risk_linked * (size_t)(graph.node_count + 1));
    bool *at_risk = arena_alloc(b->ctx->arena, sizeof *at_risk * (size_t)(graph.node_count + 1));
    network_young_neighbours(&graph, NULL, b->ctx->arena, linked);
    if (network_at_risk(&b->evidence, &graph, "medium", at_risk) != DOMAIN_OK) {
        b->status = DOMAIN_UNAVAILABLE;
        return;
    }
    network_young_neighbours(&graph, at_risk, b->ctx->arena, at_risk_linked);
    add_most_linked(b, &graph, linked, NODE_ADULT_OF_CONCERN, ADULT_MIN_YOUNG_PEOPLE, "adult_of_concern",
                    "linked to ", " young people");
    add_most_linked(b, &graph, at_risk_linked, NODE_CONTEXT, HOTSPOT_MIN_YOUNG_PEOPLE, "hotspot",
                    "hotspot: ", " young people at risk linked");
}

/* One audit event, about the meeting, listing the evidence the new items
 * repeat; the access module decides each again. */
static enum domain_status audit_evidence(struct builder *b)
{
    if (b->ref_count == 0)
        return DOMAIN_OK;
    return access_records(b->ctx->conn, b->ctx->arena, &b->evidence.caller, "read", "meeting", b->meeting_id, b->refs,
                          b->ref_count)
                   .allowed
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}

/* The day of the last closed meeting before this one, or four weeks back. */
static const char *evidence_since(struct domain_context *ctx, const char *held_on)
{
    const struct store_value p[] = {store_text(held_on)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT max(held_on) AS last FROM meetings WHERE status = 'closed' AND held_on < ?", p, 1, &r) ==
            STORE_OK &&
        store_cell_text(&r, 0, "last") != NULL)
        return store_cell_text(&r, 0, "last");
    return clock_date_shift(ctx->arena, held_on, -DEFAULT_LOOKBACK_DAYS);
}

enum domain_status agenda_build(struct domain_context *ctx, const char *meeting_id, int *added)
{
    *added = 0;
    struct meeting m;
    enum domain_status status = meeting_read(ctx, meeting_id, &m);
    if (status != DOMAIN_OK)
        return status;
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_RUN_MEETINGS, "build the agenda", "meeting",
                           m.record.id)
             .allowed)
        return DOMAIN_FORBIDDEN;
    if (!meeting_is_open(ctx, m.record.id))
        return DOMAIN_CONFLICT;
    struct builder b = {.ctx = ctx, .meeting_id = m.record.id, .held_on = m.record.values[MEETING_HELD_ON],
                        .status = DOMAIN_OK};
    b.evidence = (struct domain_context){.conn = ctx->conn, .arena = ctx->arena, .caller = ctx->caller};
    b.evidence.caller.hub_shared_only = true;
    b.hub_meeting = strcmp(m.record.values[MEETING_SHARING], "hub") == 0;
    b.refs = arena_alloc(ctx->arena, sizeof *b.refs * EVIDENCE_MAX);
    b.since = evidence_since(ctx, b.held_on);
    add_risen(&b);
    add_high_contexts(&b);
    add_from_network(&b);
    add_overdue(&b);
    *added = b.added;
    enum domain_status audited = audit_evidence(&b); /* what was added, even when the build stopped part way */
    return b.status != DOMAIN_OK ? b.status : audited;
}
