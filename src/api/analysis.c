/* Pseudonymised analysis handlers: read and check the query (the same
 * filters and limits as /api/v1/network/...), load the network shared
 * with the hub (domain/pseudonymised.c decides and audits), analyse it
 * with domain/network_analysis.c, and answer pseudonymised nodes — never a
 * record id, name, date of birth, address, identifier or free text. */
#include "api/analysis.h"

#include <stdlib.h>
#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/network.h"
#include "domain/network_analysis.h"
#include "domain/pseudonymised.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

#define LINKS_PER_MEMBER 8
#define REASON_MIN_BYTES 10
#define REASON_MAX_BYTES 2000

static void respond_failure(struct request *req, enum domain_status status)
{
    if (status == DOMAIN_FORBIDDEN)
        respond_error(req, 403, "forbidden", "your role may not analyse pseudonymised data", NULL);
    else
        respond_error(req, 503, "unavailable", "the pseudonymised network is not available", NULL);
}

/* Reads the filter and loads the network shared with the hub; false
 * after answering. */
static bool load_graph(struct request *req, const char *analysis, struct domain_context *ctx,
                       struct network_filter *filter, struct network_graph *graph)
{
    if (!api_network_read_filter(req, filter))
        return false;
    api_context(req, ctx);
    enum domain_status status = pseudonymised_graph_load(ctx, analysis, filter, graph);
    if (status != DOMAIN_OK)
        respond_failure(req, status);
    return status == DOMAIN_OK;
}

/* A node as shown: only the fields a pseudonymised node has. */
static json_t *node_json(const struct pseudonymised_node *n)
{
    json_t *json = json_pack("{s:s,s:s,s:s?}", "pseudonym", n->pseudonym, "type", n->type, "kind", n->kind);
    static const char *const keys[] = {"age_band", "sex", "name", "location_kind"};
    const char *values[] = {n->age_band, n->sex, n->name, n->location_kind};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (values[i] != NULL)
            json_object_set_new(json, keys[i], json_string(values[i]));
    return json;
}

static json_t *link_json(const struct pseudonymised_view *view, const struct pseudonymised_link *l)
{
    return json_pack("{s:s,s:s,s:s,s:s}", "source", view->nodes[l->source].pseudonym, "target",
                     view->nodes[l->target].pseudonym, "link_type", l->link_type, "confidence", l->confidence);
}

/* ---- groups and communities ------------------------------------------- */

/* The members shown of the first shown groups, grouped: group g's are
 * nodes[start[g] .. start[g + 1]), at most max_members each, in node
 * order; counts of each type over all its members. */
struct group_members {
    int *nodes, *start;
    int *young, *adults, *contexts;
};

static int gather_members(struct arena *arena, const struct network_graph *graph,
                          const struct network_partition *partition, int shown, int max_members,
                          struct group_members *out)
{
    size_t groups = (size_t)shown + 1;
    out->start = arena_alloc(arena, sizeof *out->start * (groups + 1));
    out->young = arena_alloc(arena, sizeof *out->young * groups);
    out->adults = arena_alloc(arena, sizeof *out->adults * groups);
    out->contexts = arena_alloc(arena, sizeof *out->contexts * groups);
    int *taken = arena_alloc(arena, sizeof *taken * groups);
    int total = 0;
    for (int g = 0; g < shown; g++) {
        int members = partition->sizes[g] < max_members ? partition->sizes[g] : max_members;
        out->start[g] = total;
        total += members;
    }
    out->start[shown] = total;
    out->nodes = arena_alloc(arena, sizeof *out->nodes * (size_t)(total + 1));
    for (int v = 0; v < graph->node_count; v++) {
        int g = partition->membership[v];
        if (g >= shown)
            continue;
        out->young[g] += graph->types[v] == NODE_YOUNG_PERSON;
        out->adults[g] += graph->types[v] == NODE_ADULT_OF_CONCERN;
        out->contexts[g] += graph->types[v] == NODE_CONTEXT;
        if (out->start[g] + taken[g] < out->start[g + 1])
            out->nodes[out->start[g] + taken[g]++] = v;
    }
    return total;
}

static json_t *group_json(const struct network_partition *partition, const struct group_members *m,
                          const struct pseudonymised_view *view, const int *group_of_place, int g)
{
    json_t *members = json_array(), *links = json_array();
    for (int i = m->start[g]; i < m->start[g + 1]; i++)
        if (view->nodes[i].shown)
            json_array_append_new(members, node_json(&view->nodes[i]));
    for (int i = 0; i < view->link_count; i++)
        if (group_of_place[view->links[i].source] == g && group_of_place[view->links[i].target] == g)
            json_array_append_new(links, link_json(view, &view->links[i]));
    return json_pack("{s:i,s:i,s:i,s:i,s:o,s:b,s:o}", "size", partition->sizes[g], "young_people", m->young[g],
                     "adults", m->adults[g], "contexts", m->contexts[g], "members", members, "members_truncated",
                     m->start[g + 1] - m->start[g] < partition->sizes[g], "links", links);
}

/* Groups (connected) or communities (?method=louvain|leiden). */
static void respond_partition(struct request *req, bool communities)
{
    const char *method = communities ? request_query(req, "method") : "components";
    if (method == NULL)
        method = "louvain";
    if (communities && strcmp(method, "louvain") != 0 && strcmp(method, "leiden") != 0) {
        input_refuse(req, "method", "must be louvain or leiden");
        return;
    }
    int min_size = 3, limit = 20, max_members = 50, resolution_percent = 100;
    if (!input_query_int(req, "min_size", 1, 100000, &min_size) || !input_query_int(req, "limit", 1, 100, &limit) ||
        !input_query_int(req, "members", 0, 500, &max_members) ||
        !input_query_int(req, "resolution_percent", 1, 1000, &resolution_percent))
        return;
    struct domain_context ctx;
    struct network_filter filter;
    struct network_graph graph;
    if (!load_graph(req, communities ? "communities" : "groups", &ctx, &filter, &graph))
        return;
    struct network_partition partition;
    bool ok = communities ? network_communities(&graph, strcmp(method, "leiden") == 0 ? COMMUNITY_LEIDEN
                                                                                      : COMMUNITY_LOUVAIN,
                                                resolution_percent / 100.0, req->arena, &partition)
                          : network_components(&graph, req->arena, &partition);
    if (!ok) {
        respond_failure(req, DOMAIN_UNAVAILABLE);
        return;
    }
    int qualifying = 0;
    while (qualifying < partition.group_count && partition.sizes[qualifying] >= min_size)
        qualifying++;
    int shown = qualifying < limit ? qualifying : limit;
    struct group_members m;
    int total = gather_members(req->arena, &graph, &partition, shown, max_members, &m);
    struct pseudonymised_view view;
    enum domain_status status = pseudonymised_release(&ctx, communities ? "communities" : "groups", &filter, &graph,
                                                      m.nodes, total, LINKS_PER_MEMBER * total, &view);
    if (status != DOMAIN_OK) {
        respond_failure(req, status);
        return;
    }
    int *group_of_place = arena_alloc(req->arena, sizeof *group_of_place * (size_t)(total + 1));
    for (int g = 0; g < shown; g++)
        for (int i = m.start[g]; i < m.start[g + 1]; i++)
            group_of_place[i] = g;
    json_t *groups = json_array();
    for (int g = 0; g < shown; g++)
        json_array_append_new(groups, group_json(&partition, &m, &view, group_of_place, g));
    json_t *body = json_pack("{s:s,s:i,s:i,s:i,s:o}", "method", method, "group_count", qualifying, "nodes",
                             graph.node_count, "links", graph.edge_count, "groups", groups);
    if (communities)
        json_object_set_new(body, "modularity", json_real(partition.modularity));
    respond_json(req, 200, body);
}

void api_analysis_groups(struct request *req)
{
    respond_partition(req, false);
}

void api_analysis_communities(struct request *req)
{
    respond_partition(req, true);
}

/* ---- ranked lists ----------------------------------------------------- */

struct ranked {
    int node;
    double score;
};

static int by_score_descending(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    return x->score != y->score ? (x->score < y->score ? 1 : -1) : x->node - y->node;
}

/* Answers the top limit of ranked[0..count) by score, pseudonymised,
 * each with its score as key. */
static void respond_ranked(struct request *req, struct domain_context *ctx, const char *analysis,
                           const struct network_filter *filter, const struct network_graph *graph,
                           struct ranked *ranked, int count, int limit, const char *key, bool whole_numbers)
{
    qsort(ranked, (size_t)count, sizeof *ranked, by_score_descending);
    if (count > limit)
        count = limit;
    int *nodes = arena_alloc(req->arena, sizeof *nodes * (size_t)(count + 1));
    for (int i = 0; i < count; i++)
        nodes[i] = ranked[i].node;
    struct pseudonymised_view view;
    enum domain_status status = pseudonymised_release(ctx, analysis, filter, graph, nodes, count, 0, &view);
    if (status != DOMAIN_OK) {
        respond_failure(req, status);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++) {
        if (!view.nodes[i].shown)
            continue;
        json_t *node = node_json(&view.nodes[i]);
        json_object_set_new(node, key, whole_numbers ? json_integer((json_int_t)ranked[i].score)
                                                     : json_real(ranked[i].score));
        json_array_append_new(items, node);
    }
    respond_json(req, 200, json_pack("{s:i,s:i,s:o}", "nodes", graph->node_count, "links", graph->edge_count,
                                     analysis, items));
}

void api_analysis_brokers(struct request *req)
{
    int limit = 10, cutoff = 0;
    if (!input_query_int(req, "limit", 1, 100, &limit) || !input_query_int(req, "cutoff", 0, 20, &cutoff))
        return;
    struct domain_context ctx;
    struct network_filter filter;
    struct network_graph graph;
    if (!load_graph(req, "brokers", &ctx, &filter, &graph))
        return;
    double *scores = arena_alloc(req->arena, sizeof *scores * (size_t)(graph.node_count + 1));
    if (!network_betweenness(&graph, cutoff, req->arena, scores)) {
        respond_failure(req, DOMAIN_UNAVAILABLE);
        return;
    }
    struct ranked *ranked = arena_alloc(req->arena, sizeof *ranked * (size_t)(graph.node_count + 1));
    int count = 0;
    for (int v = 0; v < graph.node_count; v++)
        if (graph.types[v] != NODE_CONTEXT && scores[v] > 0)
            ranked[count++] = (struct ranked){v, scores[v]};
    respond_ranked(req, &ctx, "brokers", &filter, &graph, ranked, count, limit, "betweenness", false);
}

void api_analysis_adults(struct request *req)
{
    int limit = 50, min_young = 2;
    if (!input_query_int(req, "limit", 1, 100, &limit) ||
        !input_query_int(req, "min_young_people", 1, 1000, &min_young))
        return;
    struct domain_context ctx;
    struct network_filter filter;
    struct network_graph graph;
    if (!load_graph(req, "adults", &ctx, &filter, &graph))
        return;
    int *counts = arena_alloc(req->arena, sizeof *counts * (size_t)(graph.node_count + 1));
    network_young_neighbours(&graph, NULL, req->arena, counts);
    struct ranked *ranked = arena_alloc(req->arena, sizeof *ranked * (size_t)(graph.node_count + 1));
    int count = 0;
    for (int v = 0; v < graph.node_count; v++)
        if (graph.types[v] == NODE_ADULT_OF_CONCERN && counts[v] >= min_young)
            ranked[count++] = (struct ranked){v, counts[v]};
    respond_ranked(req, &ctx, "adults", &filter, &graph, ranked, count, limit, "young_people", true);
}

void api_analysis_hotspots(struct request *req)
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
    struct network_filter filter;
    struct network_graph graph;
    if (!load_graph(req, "hotspots", &ctx, &filter, &graph))
        return;
    bool *at_risk = arena_alloc(req->arena, sizeof *at_risk * (size_t)(graph.node_count + 1));
    int *counts = arena_alloc(req->arena, sizeof *counts * (size_t)(graph.node_count + 1));
    if (network_at_risk_shared(&ctx, &graph, risk, at_risk) != DOMAIN_OK) {
        respond_failure(req, DOMAIN_UNAVAILABLE);
        return;
    }
    network_young_neighbours(&graph, at_risk, req->arena, counts);
    struct ranked *ranked = arena_alloc(req->arena, sizeof *ranked * (size_t)(graph.node_count + 1));
    int count = 0;
    for (int v = 0; v < graph.node_count; v++)
        if (graph.types[v] == NODE_CONTEXT && strcmp(graph.context_kinds[v], "location") == 0 && counts[v] >= min_young)
            ranked[count++] = (struct ranked){v, counts[v]};
    respond_ranked(req, &ctx, "hotspots", &filter, &graph, ranked, count, limit, "young_people_at_risk", true);
}

/* ---- resolving a pseudonym -------------------------------------------- */

void api_pseudonyms_resolve(struct request *req)
{
    const char *text = request_param(req, "pseudonym");
    enum pseudonym_class class;
    uint64_t code;
    if (!pseudonym_parse(text, &class, &code)) {
        respond_error(req, 400, "invalid_field", "pseudonym must be one shown by the analysis, as YP-XXXX-XXXX-XXXX",
                      "pseudonym");
        return;
    }
    const char *reason = input_required_string(req, "reason", REASON_MAX_BYTES);
    if (reason == NULL)
        return;
    if (strlen(reason) < REASON_MIN_BYTES) {
        respond_error(req, 400, "invalid_field", "reason must say why, in at least 10 characters", "reason");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    const char *record_type, *record_id;
    enum domain_status status = pseudonymised_resolve(&ctx, text, reason, &record_type, &record_id);
    if (status == DOMAIN_NOT_FOUND) {
        respond_error(req, 404, "not_found", "no record shared with the hub has this pseudonym", "pseudonym");
        return;
    }
    if (status == DOMAIN_FORBIDDEN) {
        respond_error(req, 403, "forbidden", "your role may not resolve pseudonyms", NULL);
        return;
    }
    if (status != DOMAIN_OK) {
        respond_failure(req, status);
        return;
    }
    respond_json(req, 200, json_pack("{s:s,s:s,s:s}", "pseudonym", text, "record_type", record_type, "id", record_id));
}
