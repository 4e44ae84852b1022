/* The analysts' pseudonymised picture; see pseudonymised.h. The graph
 * comes from the network in memory (network_index_shared_graph); the
 * few fields shown of each node are read from the database only for the
 * nodes shown, and only while the record is still shared with the hub. */
#include "domain/pseudonymised.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/access.h"
#include "auth/audit.h"
#include "domain/context.h"
#include "domain/network_index.h"
#include "domain/person.h"
#include "domain/record.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/idmap.h"
#include "util/json_text.h"

#define RESOLVE_ACTION "resolve_pseudonym"
#define RESOLVE_CANDIDATES_MAX 4 /* a 60-bit collision among one server's records: vanishingly rare */

/* ---- what a node shows ------------------------------------------------- */

const char *pseudonymised_age_band(const char *date_of_birth, const char *estimated_age, const char *today)
{
    int by, bm, bd, ty, tm, td, age = -1;
    char end;
    if (date_of_birth != NULL && today != NULL && sscanf(date_of_birth, "%4d-%2d-%2d%c", &by, &bm, &bd, &end) == 3 &&
        sscanf(today, "%4d-%2d-%2d", &ty, &tm, &td) == 3) {
        age = ty - by - (tm < bm || (tm == bm && td < bd));
    } else if (date_of_birth == NULL && estimated_age != NULL) {
        char *rest = NULL;
        long years = strtol(estimated_age, &rest, 10);
        age = rest != estimated_age && *rest == '\0' && years >= 0 && years <= 150 ? (int)years : -1;
    }
    if (age < 0)
        return "not known";
    return age < 10 ? "under 10" : age <= 13 ? "10 to 13" : age <= 15 ? "14 to 15" : age <= 17 ? "16 to 17" : "18 and over";
}

enum pseudonym_class pseudonymised_class(const char *type, const char *kind, const char *location_kind)
{
    if (type != NULL && strcmp(type, "person") == 0)
        return kind != NULL && strcmp(kind, "young_person") == 0 ? PSEUDONYM_YOUNG_PERSON : PSEUDONYM_ADULT;
    if (kind != NULL && strcmp(kind, "peer_group") == 0)
        return PSEUDONYM_PEER_GROUP;
    if (kind != NULL && strcmp(kind, "location") == 0 && location_kind != NULL && strcmp(location_kind, "house") == 0)
        return PSEUDONYM_DWELLING;
    return PSEUDONYM_CONTEXT;
}

/* Fills out from r, a person or context still shared with the hub. */
static void show_node(const struct record_kind *kind, const struct record *r, const char *today,
                      struct pseudonymised_node *out)
{
    const char *const *v = r->values;
    if (kind == &person_kind) {
        out->type = "person";
        out->kind = v[PERSON_KIND];
        out->age_band = pseudonymised_age_band(v[PERSON_DATE_OF_BIRTH], v[PERSON_ESTIMATED_AGE], today);
        out->sex = v[PERSON_SEX];
    } else {
        out->type = "context";
        out->kind = v[CONTEXT_KIND];
        out->location_kind = v[CONTEXT_LOCATION_KIND];
    }
    enum pseudonym_class class = pseudonymised_class(out->type, out->kind, out->location_kind);
    if (class == PSEUDONYM_CONTEXT)
        out->name = v[CONTEXT_NAME];
    out->shown = pseudonym_of(class, r->id, out->pseudonym);
}

/* ---- the graph --------------------------------------------------------- */

static bool may_analyse(struct domain_context *ctx)
{
    return access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_ANALYSE_PSEUDONYMISED, NULL, NULL, NULL)
        .allowed;
}

enum domain_status pseudonymised_graph_load(struct domain_context *ctx, const char *analysis,
                                            const struct network_filter *filter, struct network_graph *out)
{
    *out = (struct network_graph){0};
    if (!may_analyse(ctx)) {
        access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_ANALYSE_PSEUDONYMISED, "read",
                          PSEUDONYMISED_AUDIT_TYPE, analysis);
        return DOMAIN_FORBIDDEN;
    }
    struct network_index *index = network_index_current();
    if (index == NULL || !pseudonym_ready())
        return DOMAIN_UNAVAILABLE;
    network_index_shared_graph(index, ctx->arena, filter, out);
    return DOMAIN_OK;
}

/* ---- releasing what is shown ------------------------------------------- */

/* The records of kind among nodes still shared with the hub (and, for
 * people, not merged away), found by id through *by_id. One statement
 * whatever the count: the ids go in as one JSON array. */
static bool read_shared(struct domain_context *ctx, const struct record_kind *kind, const struct network_graph *graph,
                        const int *nodes, int count, struct record **found, struct idmap **by_id)
{
    bool contexts = kind == &context_kind;
    struct json_text ids;
    json_text_init(&ids, ctx->arena);
    json_text_array(&ids);
    for (int i = 0; i < count; i++)
        if ((graph->types[nodes[i]] == NODE_CONTEXT) == contexts)
            json_text_string(&ids, graph->ids[nodes[i]]);
    json_text_end_array(&ids);
    int rows = 0;
    if (record_select_ids_shared(ctx, kind, ids.data, found, &rows) != STORE_OK)
        return false;
    *by_id = idmap_new(ctx->arena, (size_t)rows);
    for (int i = 0; i < rows; i++)
        idmap_put(*by_id, (*found)[i].id, i);
    return true;
}

/* Up to max links among the nodes shown, into out->links, and their ids
 * (for the audit event only: never shown) into *link_ids. */
static void find_links(struct domain_context *ctx, const struct network_filter *filter,
                       const struct network_graph *graph, const int *nodes, int count, int max,
                       struct pseudonymised_view *out, const char ***link_ids)
{
    struct network_index *index = network_index_current();
    out->links = arena_alloc(ctx->arena, sizeof *out->links * (size_t)(max + 1));
    *link_ids = arena_alloc(ctx->arena, sizeof **link_ids * (size_t)(max + 1));
    if (index == NULL || max <= 0)
        return;
    const char **ids = arena_alloc(ctx->arena, sizeof *ids * (size_t)(count + 1));
    for (int i = 0; i < count; i++)
        ids[i] = graph->ids[nodes[i]];
    struct network_index_link *found = arena_alloc(ctx->arena, sizeof *found * (size_t)(max + 1));
    int n = network_index_shared_links_among(index, ctx->arena, filter, ids, count, found, max);
    for (int i = 0; i < n; i++) {
        if (!out->nodes[found[i].source].shown || !out->nodes[found[i].target].shown)
            continue;
        (*link_ids)[out->link_count] = found[i].id;
        out->links[out->link_count++] = (struct pseudonymised_link){
            .source = found[i].source, .target = found[i].target, .link_type = found[i].link_type,
            .confidence = found[i].confidence};
    }
}

/* The answer's one audit event, listing each person, context and link shown. */
static enum domain_status audit_release(struct domain_context *ctx, const char *analysis,
                                        const struct network_graph *graph, const int *nodes,
                                        const struct pseudonymised_view *view, const char *const *link_ids)
{
    struct audit_record *listed =
        arena_alloc(ctx->arena, sizeof *listed * (size_t)(view->node_count + view->link_count + 1));
    int n = 0;
    for (int i = 0; i < view->node_count; i++)
        if (view->nodes[i].shown)
            listed[n++] = (struct audit_record){view->nodes[i].type, graph->ids[nodes[i]]};
    for (int i = 0; i < view->link_count; i++)
        listed[n++] = (struct audit_record){"link", link_ids[i]};
    const struct caller *c = &ctx->caller;
    struct audit_event event = {.user_id = c->user_id, .agency_id = c->agency_id, .action = "read",
                                .outcome = "allowed", .record_type = PSEUDONYMISED_AUDIT_TYPE,
                                .record_id = analysis, .client_address = c->client_address};
    return audit_append_records(ctx->conn, ctx->arena, &event, listed, n) == STORE_OK ? DOMAIN_OK
                                                                                      : DOMAIN_UNAVAILABLE;
}

enum domain_status pseudonymised_release(struct domain_context *ctx, const char *analysis,
                                         const struct network_filter *filter, const struct network_graph *graph,
                                         const int *nodes, int count, int max_links, struct pseudonymised_view *out)
{
    *out = (struct pseudonymised_view){0};
    if (!may_analyse(ctx) || !pseudonym_ready())
        return DOMAIN_FORBIDDEN;
    struct record *people = NULL, *places = NULL;
    struct idmap *people_by_id = NULL, *places_by_id = NULL;
    if (!read_shared(ctx, &person_kind, graph, nodes, count, &people, &people_by_id) ||
        !read_shared(ctx, &context_kind, graph, nodes, count, &places, &places_by_id))
        return DOMAIN_UNAVAILABLE;
    const char *today = clock_today_text(ctx->arena);
    out->nodes = arena_alloc(ctx->arena, sizeof *out->nodes * (size_t)(count + 1));
    out->node_count = count;
    for (int i = 0; i < count; i++) {
        bool context = graph->types[nodes[i]] == NODE_CONTEXT;
        int at = idmap_get(context ? places_by_id : people_by_id, graph->ids[nodes[i]]);
        out->nodes[i] = (struct pseudonymised_node){0};
        if (at >= 0)
            show_node(context ? &context_kind : &person_kind, context ? &places[at] : &people[at], today,
                      &out->nodes[i]);
    }
    const char **link_ids;
    find_links(ctx, filter, graph, nodes, count, max_links, out, &link_ids);
    return audit_release(ctx, analysis, graph, nodes, out, link_ids);
}

/* ---- resolving a pseudonym -------------------------------------------- */

/* Whether the caller's role reads any record at all (the tables, not a
 * list of roles): an analyst or a board viewer does not. */
static bool reads_records(const struct caller *caller)
{
    for (int class = 0; class < RECORD_CLASS_COUNT; class++) {
        unsigned levels[RELATION_COUNT];
        access_readable_levels(caller, (enum record_class)class, levels);
        for (int r = 0; r < RELATION_COUNT; r++)
            if (levels[r] != 0)
                return true;
    }
    return false;
}

/* One audit event for an attempt to resolve, with its reason. */
static enum domain_status audit_resolve(struct domain_context *ctx, bool allowed, const char *record_type,
                                        const char *record_id, const char *reason)
{
    const struct caller *c = &ctx->caller;
    struct audit_event event = {.user_id = c->user_id, .agency_id = c->agency_id, .action = RESOLVE_ACTION,
                                .outcome = allowed ? "allowed" : "denied", .record_type = record_type,
                                .record_id = record_id, .reason = reason, .client_address = c->client_address};
    return audit_append(ctx->conn, ctx->arena, &event) == STORE_OK ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}

/* The ids in the shared graph whose code is the one sought. */
struct search {
    uint64_t code;
    struct arena *arena;
    const char *found[RESOLVE_CANDIDATES_MAX];
    int count;
};

static bool on_candidate(void *data, const char *id)
{
    struct search *s = data;
    if (pseudonym_code(id) == s->code && s->count < RESOLVE_CANDIDATES_MAX)
        s->found[s->count++] = arena_strdup(s->arena, id);
    return true;
}

/* The one candidate whose record (still shared with the hub) shows as
 * class, or NULL; *kind gets its kind. */
static const char *matching_record(struct domain_context *ctx, const struct search *s, enum pseudonym_class class,
                                   const struct record_kind **kind)
{
    *kind = class == PSEUDONYM_YOUNG_PERSON || class == PSEUDONYM_ADULT ? &person_kind : &context_kind;
    const char *match = NULL;
    for (int i = 0; i < s->count; i++) {
        struct json_text one;
        json_text_init(&one, ctx->arena);
        json_text_array(&one);
        json_text_string(&one, s->found[i]);
        json_text_end_array(&one);
        struct record *shared;
        int rows = 0;
        if (record_select_ids_shared(ctx, *kind, one.data, &shared, &rows) != STORE_OK || rows != 1)
            continue;
        struct record r = shared[0];
        const char *const *v = r.values;
        bool person = *kind == &person_kind;
        if (pseudonymised_class(person ? "person" : "context", v[person ? PERSON_KIND : CONTEXT_KIND],
                                person ? NULL : v[CONTEXT_LOCATION_KIND]) != class)
            continue;
        if (match != NULL) /* two records, one pseudonym: refuse rather than guess */
            return NULL;
        match = r.id;
    }
    return match;
}

enum domain_status pseudonymised_resolve(struct domain_context *ctx, const char *text, const char *reason,
                                         const char **record_type, const char **record_id)
{
    *record_type = *record_id = NULL;
    enum pseudonym_class class;
    struct search s = {.arena = ctx->arena};
    if (!pseudonym_parse(text, &class, &s.code))
        return DOMAIN_NOT_FOUND;
    if (!may_analyse(ctx) || !reads_records(&ctx->caller)) {
        enum domain_status audited = audit_resolve(ctx, false, "pseudonym", text, reason);
        return audited == DOMAIN_OK ? DOMAIN_FORBIDDEN : audited;
    }
    struct network_index *index = network_index_current();
    if (index == NULL || !pseudonym_ready())
        return DOMAIN_UNAVAILABLE;
    enum network_node_type type = class == PSEUDONYM_YOUNG_PERSON ? NODE_YOUNG_PERSON
                                  : class == PSEUDONYM_ADULT      ? NODE_ADULT_OF_CONCERN
                                                                  : NODE_CONTEXT;
    network_index_each_shared(index, type, on_candidate, &s);
    const struct record_kind *kind;
    const char *id = matching_record(ctx, &s, class, &kind);
    struct record_ref ref;
    if (id == NULL || !record_ref(ctx, kind, id, &ref)) {
        enum domain_status audited = audit_resolve(ctx, false, "pseudonym", text, reason);
        return audited == DOMAIN_OK ? DOMAIN_NOT_FOUND : audited;
    }
    bool allowed = access_peek(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, &ref).allowed;
    enum domain_status audited = audit_resolve(ctx, allowed, kind->record_type, id, reason);
    if (audited != DOMAIN_OK || !allowed)
        return audited != DOMAIN_OK ? audited : DOMAIN_NOT_FOUND;
    *record_type = kind->record_type;
    *record_id = id;
    return DOMAIN_OK;
}
