/* Network handlers: read and check the query (each error names its
 * parameter), call domain/network.c, and answer nodes and edges in the
 * shape a graph view draws directly. */
#include "api/network.h"

#include <stdlib.h>
#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "domain/assessment.h"
#include "domain/context.h"
#include "domain/definition.h"
#include "domain/link.h"
#include "domain/network.h"
#include "domain/network_analysis.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/json_text.h"
#include "util/clock.h"
#include "util/ids.h"

#define MAX_NODES_LIMIT 500

/* ?confidence=confirmed,reported (default: all three). */
static bool read_confidences(struct request *req, struct network_filter *filter)
{
    const char *text = request_query(req, "confidence");
    if (text == NULL) {
        for (int i = 0; i < link_confidence_count; i++)
            filter->confidence[i] = true;
        return true;
    }
    char *copy = arena_strdup(req->arena, text), *save = NULL;
    for (char *word = strtok_r(copy, ",", &save); word != NULL; word = strtok_r(NULL, ",", &save)) {
        int i = 0;
        while (i < link_confidence_count && strcmp(word, link_confidences[i]) != 0)
            i++;
        if (i == link_confidence_count)
            return input_refuse(req, "confidence", "must list some of: confirmed, reported, intelligence");
        filter->confidence[i] = true;
    }
    return true;
}

/* ?link_types=member_of,frequents: codes of link types in the definitions. */
static bool read_link_types(struct request *req, struct network_filter *filter)
{
    const char *text = request_query(req, "link_types");
    if (text == NULL)
        return true;
    struct domain_context ctx;
    api_context(req, &ctx);
    char *copy = arena_strdup(req->arena, text), *save = NULL;
    for (char *word = strtok_r(copy, ",", &save); word != NULL; word = strtok_r(NULL, ",", &save)) {
        const char *term;
        if (filter->link_type_count == NETWORK_MAX_LINK_TYPES || definition_current_version(&ctx, "link_type", word, &term) == 0)
            return input_refuse(req, "link_types", "must list codes of link types in the shared definitions");
        filter->link_types[filter->link_type_count++] = word;
    }
    return true;
}

bool api_network_read_filter(struct request *req, struct network_filter *filter)
{
    *filter = (struct network_filter){0};
    if (!read_confidences(req, filter) || !read_link_types(req, filter) || !input_query_date(req, "since", &filter->since) ||
        !input_query_date(req, "until", &filter->until))
        return false;
    if (filter->since != NULL && filter->until != NULL && strcmp(filter->since, filter->until) > 0)
        return input_refuse(req, "until", "must not be before since");
    return true;
}

static void set_number(json_t *json, const char *key, const char *value)
{
    if (value != NULL)
        json_object_set_new(json, key, json_real(strtod(value, NULL)));
}

static json_t *node_json(const struct network_node *n)
{
    const char *const *v = n->record.values;
    json_t *json;
    if (n->kind == &context_kind) {
        json = json_pack("{s:s,s:s,s:s,s:s,s:s?,s:i}", "id", n->record.id, "type", "context", "kind", v[CONTEXT_KIND],
                         "label", v[CONTEXT_NAME], "location_kind", v[CONTEXT_LOCATION_KIND], "depth", n->depth);
        set_number(json, "latitude", v[CONTEXT_LATITUDE]);
        set_number(json, "longitude", v[CONTEXT_LONGITUDE]);
        return json;
    }
    json = json_pack("{s:s,s:s,s:s,s:s*,s:i}", "id", n->record.id, "type", "person", "kind", v[PERSON_KIND],
                     "date_of_birth", v[PERSON_DATE_OF_BIRTH], "depth", n->depth);
    json_object_set_new(json, "label", json_sprintf("%s %s", v[PERSON_GIVEN_NAME], v[PERSON_FAMILY_NAME]));
    return json;
}

/* The view as JSON text written directly (a view is large: see json_text.h);
 * the same members as node_json. A date not known is left out (a view
 * has hundreds of links, most without dates). */
static void node_text(struct json_text *t, const struct network_node *n)
{
    const char *const *v = n->record.values;
    bool context = n->kind == &context_kind;
    json_text_object(t);
    json_text_member(t, "id", n->record.id);
    json_text_member(t, "type", context ? "context" : "person");
    json_text_member(t, "kind", v[context ? CONTEXT_KIND : PERSON_KIND]);
    json_text_key(t, "depth");
    json_text_int(t, n->depth);
    if (context) {
        json_text_member(t, "label", v[CONTEXT_NAME]);
        if (v[CONTEXT_LOCATION_KIND] != NULL)
            json_text_member(t, "location_kind", v[CONTEXT_LOCATION_KIND]);
        static const struct {
            const char *key;
            int field;
        } coordinates[] = {{"latitude", CONTEXT_LATITUDE}, {"longitude", CONTEXT_LONGITUDE}};
        for (int i = 0; i < 2; i++)
            if (v[coordinates[i].field] != NULL) {
                json_text_key(t, coordinates[i].key);
                json_text_number_text(t, v[coordinates[i].field]);
            }
    } else {
        json_text_member(t, "label", arena_join(t->arena, v[PERSON_GIVEN_NAME], " ", v[PERSON_FAMILY_NAME]));
        if (v[PERSON_DATE_OF_BIRTH] != NULL)
            json_text_member(t, "date_of_birth", v[PERSON_DATE_OF_BIRTH]);
    }
    json_text_end_object(t);
}

static void edge_text(struct json_text *t, const struct network_view *view, const struct network_edge *e)
{
    const char *const *v = e->link.values;
    json_text_object(t);
    json_text_member(t, "id", e->link.id);
    json_text_member(t, "source", view->nodes[e->source].record.id);
    json_text_member(t, "target", view->nodes[e->target].record.id);
    json_text_member(t, "link_type", v[LINK_TYPE]);
    json_text_member(t, "confidence", v[LINK_CONFIDENCE]);
    if (v[LINK_FIRST_SEEN] != NULL)
        json_text_member(t, "first_seen", v[LINK_FIRST_SEEN]);
    if (v[LINK_LAST_SEEN] != NULL)
        json_text_member(t, "last_seen", v[LINK_LAST_SEEN]);
    json_text_end_object(t);
}

static void view_text(struct json_text *t, const struct network_view *view, const char *subject, int depth)
{
    json_text_object(t);
    json_text_key(t, "nodes");
    json_text_array(t);
    for (int i = 0; i < view->node_count; i++)
        node_text(t, &view->nodes[i]);
    json_text_end_array(t);
    json_text_key(t, "edges");
    json_text_array(t);
    for (int i = 0; i < view->edge_count; i++)
        edge_text(t, view, &view->edges[i]);
    json_text_end_array(t);
    json_text_key(t, "truncated");
    json_text_bool(t, view->truncated);
    json_text_member(t, "subject", subject);
    json_text_key(t, "depth");
    json_text_int(t, depth);
    json_text_end_object(t);
}

void api_network_neighbourhood(struct request *req)
{
    const char *subject = request_query(req, "subject");
    if (subject == NULL || !id_is_valid(subject)) {
        respond_error(req, 400, subject ? "invalid_field" : "missing_field",
                      "subject must be the id of a person or context", "subject");
        return;
    }
    int depth = 2, max_nodes = 200;
    struct network_filter filter;
    if (!input_query_int(req, "depth", 1, NETWORK_MAX_DEPTH, &depth) ||
        !input_query_int(req, "max_nodes", 1, MAX_NODES_LIMIT, &max_nodes) || !api_network_read_filter(req, &filter))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct network_view view;
    enum domain_status status = network_neighbourhood(&ctx, subject, depth, &filter, max_nodes, &view);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "person or context");
        return;
    }
    struct json_text text;
    json_text_init(&text, req->arena);
    view_text(&text, &view, subject, depth);
    respond_json_text(req, 200, text.data, text.length);
}

/* ---- whole-graph analyses -------------------------------------------- */

/* Reads the filter and loads the caller's graph; false after answering. */
static bool load_graph(struct request *req, struct domain_context *ctx, struct network_graph *graph)
{
    struct network_filter filter;
    if (!api_network_read_filter(req, &filter))
        return false;
    api_context(req, ctx);
    if (network_graph_load(ctx, &filter, graph) == DOMAIN_OK)
        return true;
    respond_domain_failure(req, DOMAIN_UNAVAILABLE, "network");
    return false;
}

/* The nodes released (audited), as JSON, each with extra[i] set as key
 * when key is not NULL. NULL when the database failed. */
static json_t *released_json(struct domain_context *ctx, const struct network_graph *graph, const int *nodes,
                             int count, const char *key, const double *extra, bool whole_numbers)
{
    struct network_node *found = arena_alloc(ctx->arena, sizeof *found * (size_t)(count + 1));
    if (network_release(ctx, graph, nodes, count, found) != DOMAIN_OK)
        return NULL;
    json_t *items = json_array();
    for (int i = 0; i < count; i++) {
        json_t *node = node_json(&found[i]);
        json_object_del(node, "depth");
        if (key != NULL)
            json_object_set_new(node, key, whole_numbers ? json_integer((json_int_t)extra[i]) : json_real(extra[i]));
        json_array_append_new(items, node);
    }
    return items;
}

static void respond_items(struct request *req, const char *name, json_t *items, json_t *body)
{
    if (items == NULL) {
        json_decref(body);
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "network");
        return;
    }
    json_object_set_new(body, name, items);
    respond_json(req, 200, body);
}

static json_t *group_json(struct domain_context *ctx, const struct network_graph *graph,
                          const struct network_partition *partition, int group, int max_members)
{
    int *members = arena_alloc(ctx->arena, sizeof *members * (size_t)(max_members + 1));
    int shown = 0, young = 0, adults = 0, contexts = 0;
    for (int v = 0; v < graph->node_count; v++) {
        if (partition->membership[v] != group)
            continue;
        young += graph->types[v] == NODE_YOUNG_PERSON;
        adults += graph->types[v] == NODE_ADULT_OF_CONCERN;
        contexts += graph->types[v] == NODE_CONTEXT;
        if (shown < max_members)
            members[shown++] = v;
    }
    json_t *released = released_json(ctx, graph, members, shown, NULL, NULL, false);
    if (released == NULL)
        return NULL;
    return json_pack("{s:i,s:i,s:i,s:i,s:o,s:b}", "size", partition->sizes[group], "young_people", young, "adults",
                     adults, "contexts", contexts, "members", released, "members_truncated",
                     shown < partition->sizes[group]);
}

/* Groups (connected) or communities: ?method=components|louvain|leiden. */
static void respond_partition(struct request *req, bool communities)
{
    static const char *const methods[] = {"louvain", "leiden"};
    const char *method = communities ? request_query(req, "method") : "components";
    if (method == NULL)
        method = "louvain";
    if (communities && strcmp(method, methods[0]) != 0 && strcmp(method, methods[1]) != 0) {
        input_refuse(req, "method", "must be louvain or leiden");
        return;
    }
    int min_size = 3, limit = 20, max_members = 50, resolution_percent = 100;
    if (!input_query_int(req, "min_size", 1, 100000, &min_size) || !input_query_int(req, "limit", 1, 100, &limit) ||
        !input_query_int(req, "members", 0, 500, &max_members) ||
        !input_query_int(req, "resolution_percent", 1, 1000, &resolution_percent))
        return;
    struct domain_context ctx;
    struct network_graph graph;
    if (!load_graph(req, &ctx, &graph))
        return;
    struct network_partition partition;
    bool ok = communities ? network_communities(&graph, strcmp(method, "leiden") == 0 ? COMMUNITY_LEIDEN
                                                                                      : COMMUNITY_LOUVAIN,
                                                resolution_percent / 100.0, req->arena, &partition)
                          : network_components(&graph, req->arena, &partition);
    if (!ok) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "network");
        return;
    }
    int qualifying = 0;
    while (qualifying < partition.group_count && partition.sizes[qualifying] >= min_size)
        qualifying++;
    json_t *groups = json_array();
    for (int g = 0; g < qualifying && g < limit && groups != NULL; g++) {
        json_t *group = group_json(&ctx, &graph, &partition, g, max_members);
        if (group == NULL) {
            json_decref(groups);
            groups = NULL;
        } else {
            json_array_append_new(groups, group);
        }
    }
    json_t *body = json_pack("{s:s,s:i,s:i,s:i}", "method", method, "group_count", qualifying, "nodes",
                             graph.node_count, "links", graph.edge_count);
    if (communities)
        json_object_set_new(body, "modularity", json_real(partition.modularity));
    respond_items(req, "groups", groups, body);
}

void api_network_groups(struct request *req)
{
    respond_partition(req, false);
}

void api_network_communities(struct request *req)
{
    respond_partition(req, true);
}

struct ranked {
    int node;
    double score;
};

static int by_score_descending(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    return x->score != y->score ? (x->score < y->score ? 1 : -1) : x->node - y->node;
}

/* The top limit nodes by score among those with score >= floor, released
 * with the score as key. */
static void respond_ranked(struct request *req, struct domain_context *ctx, const struct network_graph *graph,
                           struct ranked *ranked, int count, int limit, const char *list_name, const char *key,
                           bool whole_numbers)
{
    qsort(ranked, (size_t)count, sizeof *ranked, by_score_descending);
    if (count > limit)
        count = limit;
    int *nodes = arena_alloc(ctx->arena, sizeof *nodes * (size_t)(count + 1));
    double *scores = arena_alloc(ctx->arena, sizeof *scores * (size_t)(count + 1));
    for (int i = 0; i < count; i++) {
        nodes[i] = ranked[i].node;
        scores[i] = ranked[i].score;
    }
    respond_items(req, list_name, released_json(ctx, graph, nodes, count, key, scores, whole_numbers),
                  json_pack("{s:i,s:i}", "nodes", graph->node_count, "links", graph->edge_count));
}

void api_network_brokers(struct request *req)
{
    int limit = 10, cutoff = 0;
    if (!input_query_int(req, "limit", 1, 100, &limit) || !input_query_int(req, "cutoff", 0, 20, &cutoff))
        return;
    struct domain_context ctx;
    struct network_graph graph;
    if (!load_graph(req, &ctx, &graph))
        return;
    double *scores = arena_alloc(req->arena, sizeof *scores * (size_t)(graph.node_count + 1));
    if (!network_betweenness(&graph, cutoff, req->arena, scores)) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "network");
        return;
    }
    struct ranked *ranked = arena_alloc(req->arena, sizeof *ranked * (size_t)(graph.node_count + 1));
    int count = 0;
    for (int v = 0; v < graph.node_count; v++)
        if (graph.types[v] != NODE_CONTEXT && scores[v] > 0)
            ranked[count++] = (struct ranked){v, scores[v]};
    respond_ranked(req, &ctx, &graph, ranked, count, limit, "brokers", "betweenness", false);
}

void api_network_adults(struct request *req)
{
    int limit = 50, min_young = 2;
    if (!input_query_int(req, "limit", 1, 100, &limit) ||
        !input_query_int(req, "min_young_people", 1, 1000, &min_young))
        return;
    struct domain_context ctx;
    struct network_graph graph;
    if (!load_graph(req, &ctx, &graph))
        return;
    int *counts = arena_alloc(req->arena, sizeof *counts * (size_t)(graph.node_count + 1));
    network_young_neighbours(&graph, NULL, req->arena, counts);
    struct ranked *ranked = arena_alloc(req->arena, sizeof *ranked * (size_t)(graph.node_count + 1));
    int count = 0;
    for (int v = 0; v < graph.node_count; v++)
        if (graph.types[v] == NODE_ADULT_OF_CONCERN && counts[v] >= min_young)
            ranked[count++] = (struct ranked){v, counts[v]};
    respond_ranked(req, &ctx, &graph, ranked, count, limit, "adults", "young_people", true);
}

void api_network_hotspots(struct request *req)
{
    const char *risk = request_query(req, "risk") ? request_query(req, "risk") : "medium";
    int limit = 50, min_young = 3;
    if (strcmp(risk, "low") != 0 && strcmp(risk, "medium") != 0 && strcmp(risk, "high") != 0) {
        input_refuse(req, "risk", "must be low, medium or high");
        return;
    }
    if (!input_query_int(req, "limit", 1, 100, &limit) || !input_query_int(req, "min_young_people", 1, 1000, &min_young))
        return;
    struct domain_context ctx;
    struct network_graph graph;
    if (!load_graph(req, &ctx, &graph))
        return;
    bool *at_risk = arena_alloc(req->arena, sizeof *at_risk * (size_t)(graph.node_count + 1));
    int *counts = arena_alloc(req->arena, sizeof *counts * (size_t)(graph.node_count + 1));
    if (network_at_risk(&ctx, &graph, risk, at_risk) != DOMAIN_OK) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "network");
        return;
    }
    network_young_neighbours(&graph, at_risk, req->arena, counts);
    struct ranked *ranked = arena_alloc(req->arena, sizeof *ranked * (size_t)(graph.node_count + 1));
    int count = 0;
    for (int v = 0; v < graph.node_count; v++)
        if (graph.types[v] == NODE_CONTEXT && strcmp(graph.context_kinds[v], "location") == 0 && counts[v] >= min_young)
            ranked[count++] = (struct ranked){v, counts[v]};
    respond_ranked(req, &ctx, &graph, ranked, count, limit, "hotspots", "young_people_at_risk", true);
}

/* ?kinds=peer_group,school,location: which kinds of context to propose. */
static bool read_kinds(struct request *req, bool *wanted, const char **kinds, int kind_count)
{
    const char *text = request_query(req, "kinds");
    for (int k = 0; k < kind_count; k++)
        wanted[k] = text == NULL;
    char *copy = text ? arena_strdup(req->arena, text) : NULL, *save = NULL;
    for (char *word = copy ? strtok_r(copy, ",", &save) : NULL; word != NULL; word = strtok_r(NULL, ",", &save)) {
        int k = 0;
        while (k < kind_count && strcmp(word, kinds[k]) != 0)
            k++;
        if (k == kind_count)
            return input_refuse(req, "kinds", "must list some of: peer_group, school, location, online_space, neighbourhood");
        wanted[k] = true;
    }
    return true;
}

static json_t *proposal_json(struct domain_context *ctx, struct network_graph *graph, const bool *open, int context,
                             int count, const char *latest)
{
    int *young = arena_alloc(ctx->arena, sizeof *young * 51);
    int shown = network_young_linked(graph, context, open, young + 1, 50);
    young[0] = context;
    json_t *released = released_json(ctx, graph, young, shown + 1, NULL, NULL, false);
    if (released == NULL)
        return NULL;
    json_t *place = json_incref(json_array_get(released, 0));
    json_array_remove(released, 0);
    return json_pack("{s:o,s:i,s:s?,s:o}", "context", place, "young_people_open", count, "last_assessed_on", latest,
                     "young_people", released);
}

void api_network_proposals(struct request *req)
{
    static const char *kinds[] = {"peer_group", "school", "location", "online_space", "neighbourhood"};
    bool wanted[5];
    int limit = 20, min_young = 3, days = 180;
    if (!read_kinds(req, wanted, kinds, 5) || !input_query_int(req, "limit", 1, 100, &limit) ||
        !input_query_int(req, "min_young_people", 1, 1000, &min_young) ||
        !input_query_int(req, "assessed_within_days", 0, 3650, &days))
        return;
    struct domain_context ctx;
    struct network_graph graph;
    if (!load_graph(req, &ctx, &graph))
        return;
    bool *open = arena_alloc(req->arena, sizeof *open * (size_t)(graph.node_count + 1));
    int *counts = arena_alloc(req->arena, sizeof *counts * (size_t)(graph.node_count + 1));
    if (network_open_to_hub(&ctx, &graph, open) != DOMAIN_OK) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "network");
        return;
    }
    network_young_neighbours(&graph, open, req->arena, counts);
    struct ranked *ranked = arena_alloc(req->arena, sizeof *ranked * (size_t)(graph.node_count + 1));
    int count = 0;
    for (int v = 0; v < graph.node_count; v++) {
        bool kind_wanted = false;
        for (int k = 0; graph.types[v] == NODE_CONTEXT && k < 5; k++)
            kind_wanted |= wanted[k] && strcmp(graph.context_kinds[v], kinds[k]) == 0;
        if (kind_wanted && counts[v] >= min_young)
            ranked[count++] = (struct ranked){v, counts[v]};
    }
    qsort(ranked, (size_t)count, sizeof *ranked, by_score_descending);
    const char *since = clock_date_shift(req->arena, clock_today_text(req->arena), -days);
    json_t *proposals = json_array();
    for (int i = 0; i < count && (int)json_array_size(proposals) < limit && proposals != NULL; i++) {
        const char *latest = assessment_latest_on(&ctx, graph.ids[ranked[i].node]);
        if (latest != NULL && since != NULL && strcmp(latest, since) >= 0)
            continue; /* assessed recently: nothing to propose */
        json_t *proposal = proposal_json(&ctx, &graph, open, ranked[i].node, (int)ranked[i].score, latest);
        if (proposal == NULL) {
            json_decref(proposals);
            proposals = NULL;
        } else {
            json_array_append_new(proposals, proposal);
        }
    }
    respond_items(req, "proposals", proposals, json_pack("{s:i,s:i}", "nodes", graph.node_count, "links", graph.edge_count));
}
