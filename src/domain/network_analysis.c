/* Whole-graph analyses; see network_analysis.h. */
#include "domain/network_analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/access.h"
#include "domain/betweenness.h"
#include "domain/community.h"
#include "domain/context.h"
#include "domain/link.h"
#include "domain/network_index.h"
#include "domain/person.h"
#include "domain/screening.h"
#include "util/arena.h"
#include "util/idmap.h"
#include "util/json_text.h"

/* ---- the caller's graph ---------------------------------------------- */

enum domain_status network_graph_load(struct domain_context *ctx, const struct network_filter *filter,
                                      struct network_graph *out)
{
    struct network_index *index = network_index_current();
    if (index == NULL) {
        *out = (struct network_graph){0};
        return DOMAIN_UNAVAILABLE;
    }
    return network_index_graph(index, ctx, filter, out);
}

/* ---- groups and communities (domain/community.c) --------------------- */

#define LEIDEN_RANDOMNESS 0.01
#define LEIDEN_ITERATIONS 2
#define COMMUNITY_SEED 20261124 /* the same answer for the same graph */

bool network_graph_prepare(struct network_graph *graph, struct arena *arena)
{
    if (graph->adjacency != NULL)
        return true;
    struct community_graph *adjacency = arena_alloc(arena, sizeof *adjacency);
    if (!community_graph_from_links(arena, graph->node_count, graph->ends, graph->edge_count, adjacency))
        return false;
    graph->adjacency = adjacency;
    return true;
}

static int by_size_descending(const void *a, const void *b, void *sizes_context)
{
    const int *sizes = sizes_context;
    int x = *(const int *)a, y = *(const int *)b;
    return sizes[x] != sizes[y] ? sizes[y] - sizes[x] : x - y;
}

/* Renumbers groups (membership[node] in [0, groups)) by descending size
 * (ties: the lower number first, which is the group first seen). */
static void fill_partition(const int *membership, int node_count, int groups, struct arena *arena,
                           struct network_partition *out)
{
    int *raw_sizes = arena_alloc(arena, sizeof *raw_sizes * (size_t)(groups + 1));
    int *order = arena_alloc(arena, sizeof *order * (size_t)(groups + 1));
    for (int i = 0; i < node_count; i++)
        raw_sizes[membership[i]]++;
    for (int i = 0; i < groups; i++)
        order[i] = i;
    qsort_r(order, (size_t)groups, sizeof *order, by_size_descending, raw_sizes);
    int *renumber = arena_alloc(arena, sizeof *renumber * (size_t)(groups + 1));
    out->sizes = arena_alloc(arena, sizeof *out->sizes * (size_t)(groups + 1));
    for (int i = 0; i < groups; i++) {
        renumber[order[i]] = i;
        out->sizes[i] = raw_sizes[order[i]];
    }
    out->membership = arena_alloc(arena, sizeof *out->membership * (size_t)(node_count + 1));
    for (int i = 0; i < node_count; i++)
        out->membership[i] = renumber[membership[i]];
    out->group_count = groups;
}

bool network_components(struct network_graph *graph, struct arena *arena, struct network_partition *out)
{
    *out = (struct network_partition){0};
    int *membership = arena_alloc(arena, sizeof *membership * (size_t)(graph->node_count + 1));
    int groups = community_components(graph->node_count, graph->ends, graph->edge_count, membership);
    fill_partition(membership, graph->node_count, groups, arena, out);
    return true;
}

bool network_communities(struct network_graph *graph, enum community_method method, double resolution,
                         struct arena *arena, struct network_partition *out)
{
    *out = (struct network_partition){0};
    if (!network_graph_prepare(graph, arena))
        return false;
    int *membership = arena_alloc(arena, sizeof *membership * (size_t)(graph->node_count + 1));
    const struct leiden_options leiden = {.resolution = resolution, .randomness = LEIDEN_RANDOMNESS,
                                          .iterations = LEIDEN_ITERATIONS, .seed = COMMUNITY_SEED};
    int groups = method == COMMUNITY_LEIDEN ? community_leiden(graph->adjacency, &leiden, membership)
                                            : community_louvain(graph->adjacency, resolution, membership);
    fill_partition(membership, graph->node_count, groups, arena, out);
    out->modularity = community_modularity(graph->adjacency, membership, resolution);
    return true;
}

/* ---- betweenness ------------------------------------------------------- */

bool network_betweenness(struct network_graph *graph, int cutoff, struct arena *arena, double *scores)
{
    return network_graph_prepare(graph, arena) && betweenness(graph->adjacency, cutoff, scores);
}

/* ---- counting young neighbours --------------------------------------- */

void network_young_neighbours(const struct network_graph *graph, const bool *counted, struct arena *arena,
                              int *counts)
{
    int n = graph->node_count;
    struct community_graph built;
    const struct community_graph *adjacency = graph->adjacency;
    if (adjacency == NULL) {
        if (!community_graph_from_links(arena, n, graph->ends, graph->edge_count, &built)) {
            memset(counts, 0, sizeof *counts * (size_t)n);
            return;
        }
        adjacency = &built;
    }
    /* From each young person counted to their neighbours: a few hundred
     * thousand entries rather than every node's. */
    int *last_counted = arena_alloc(arena, sizeof *last_counted * (size_t)(n + 1));
    for (int v = 0; v < n; v++) {
        counts[v] = 0;
        last_counted[v] = -1;
    }
    for (int u = 0; u < n; u++) {
        if (graph->types[u] != NODE_YOUNG_PERSON || (counted != NULL && !counted[u]))
            continue;
        for (int i = adjacency->start[u]; i < adjacency->start[u + 1]; i++) {
            int v = adjacency->neighbours[i];
            if (last_counted[v] != u) { /* repeated links count once */
                last_counted[v] = u;
                counts[v]++;
            }
        }
    }
}

/* ---- risk, and releasing what is shown ------------------------------- */

static int level_index(const char *level)
{
    for (int i = 0; level != NULL && i < risk_level_count; i++)
        if (strcmp(level, risk_levels[i]) == 0)
            return i;
    return -1;
}

/* Each person's latest readable screening so far, the rows coming in any
 * order (no sort in the database): its key — screened on, created at and
 * id, joined by a character below any they hold, so that comparing keys
 * compares the three in turn — and its level. */
struct risk_reader {
    const struct network_graph *graph;
    struct arena *arena;
    char **latest; /* node -> key of its latest row so far (NULL: none yet) */
    int *level;    /* node -> that row's level */
};

#define KEY_SEPARATOR "\x1f"

static bool on_screening(void *context, const struct store_value *row, int columns)
{
    struct risk_reader *r = context;
    if (columns != 5 || row[0].text == NULL)
        return false;
    int node = idmap_get(r->graph->index, row[0].text);
    if (node < 0)
        return true;
    char key[256];
    const char *on = row[2].text ? row[2].text : "", *created = row[3].text ? row[3].text : "",
               *id = row[4].text ? row[4].text : "";
    int length = snprintf(key, sizeof key, "%s" KEY_SEPARATOR "%s" KEY_SEPARATOR "%s", on, created, id);
    if (length < 0 || (size_t)length >= sizeof key)
        return false;
    if (r->latest[node] != NULL && strcmp(key, r->latest[node]) <= 0)
        return true;
    r->latest[node] = arena_strndup(r->arena, key, (size_t)length);
    r->level[node] = level_index(row[1].text);
    return true;
}

/* Marks at_risk from the screenings for which condition (SQL on "r",
 * with params) holds: each young person's latest such screening. */
static enum domain_status at_risk_where(struct domain_context *ctx, const struct network_graph *graph,
                                        const char *min_level, const char *condition,
                                        const struct store_value *params, int param_count, bool *at_risk)
{
    size_t n = (size_t)graph->node_count + 1;
    struct risk_reader r = {.graph = graph, .arena = ctx->arena,
                            .latest = arena_alloc(ctx->arena, sizeof *r.latest * n),
                            .level = arena_alloc(ctx->arena, sizeof *r.level * n)};
    const char *sql = arena_printf(ctx->arena, "SELECT r.person_id, r.risk_level, r.screened_on, r.created_at, r.id "
                                               "FROM screenings r WHERE r.person_id IS NOT NULL AND %s",
                                   condition);
    if (store_each(ctx->conn, sql, params, param_count, on_screening, &r) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    int wanted = level_index(min_level);
    for (int v = 0; v < graph->node_count; v++)
        at_risk[v] = r.latest[v] != NULL && r.level[v] >= wanted;
    return DOMAIN_OK;
}

enum domain_status network_at_risk(struct domain_context *ctx, const struct network_graph *graph,
                                   const char *min_level, bool *at_risk)
{
    struct readable_filter readable;
    access_readable_filter(ctx->arena, &ctx->caller, RECORD_PERSONAL, "r", "screening", "person_id", &readable);
    return at_risk_where(ctx, graph, min_level, readable.sql, readable.params, readable.param_count, at_risk);
}

enum domain_status network_at_risk_shared(struct domain_context *ctx, const struct network_graph *graph,
                                          const char *min_level, bool *at_risk)
{
    const struct store_value hub[] = {store_text(sharing_name(SHARING_HUB))};
    return at_risk_where(ctx, graph, min_level, "r.sharing = ?", hub, 1, at_risk);
}

/* network_open_to_hub's flags, by node. */
struct open_reader {
    const struct network_graph *graph;
    bool *open;
};

static bool on_open_person(void *context, const struct store_value *row, int columns)
{
    struct open_reader *r = context;
    int node = columns == 1 && row[0].text ? idmap_get(r->graph->index, row[0].text) : -1;
    if (node >= 0)
        r->open[node] = true;
    return true;
}

enum domain_status network_open_to_hub(struct domain_context *ctx, const struct network_graph *graph, bool *open)
{
    struct open_reader r = {.graph = graph, .open = open};
    memset(open, 0, sizeof *open * (size_t)graph->node_count);
    struct readable_filter readable;
    access_readable_filter(ctx->arena, &ctx->caller, RECORD_PERSONAL, "r", "concern", "person_id", &readable);
    const char *sql = arena_printf(ctx->arena, "SELECT DISTINCT r.person_id FROM concerns r WHERE r.person_id IS NOT "
                                               "NULL AND r.status <> 'closed' AND %s", readable.sql);
    return store_each(ctx->conn, sql, readable.params, readable.param_count, on_open_person, &r) == STORE_OK
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}

int network_young_linked(const struct network_graph *graph, int node, const bool *counted, int *out, int max)
{
    int found = 0;
    for (int e = 0; e < graph->edge_count && found < max; e++) {
        int a = graph->ends[2 * e], b = graph->ends[2 * e + 1];
        int other = a == node ? b : b == node ? a : -1;
        if (other < 0 || graph->types[other] != NODE_YOUNG_PERSON || !counted[other])
            continue;
        bool seen = false;
        for (int i = 0; i < found && !seen; i++)
            seen = out[i] == other;
        if (!seen)
            out[found++] = other;
    }
    return found;
}

/* The records of kind among nodes[0..count), in one statement, into
 * out's records in order; false when one is no longer readable. */
static bool release_kind(struct domain_context *ctx, const struct network_graph *graph, const int *nodes, int count,
                         const struct record_kind *kind, struct network_node *out)
{
    struct json_text ids;
    json_text_init(&ids, ctx->arena);
    json_text_array(&ids);
    int wanted = 0;
    for (int i = 0; i < count; i++)
        if (out[i].kind == kind) {
            json_text_string(&ids, graph->ids[nodes[i]]);
            wanted++;
        }
    json_text_end_array(&ids);
    struct record *found;
    int rows = 0;
    if (wanted == 0)
        return true;
    if (record_select_ids_readable(ctx, kind, ids.data, &found, &rows) != STORE_OK || rows != wanted)
        return false;
    struct idmap *by_id = idmap_new(ctx->arena, (size_t)rows);
    for (int i = 0; i < rows; i++)
        idmap_put(by_id, found[i].id, i);
    for (int i = 0; i < count; i++)
        if (out[i].kind == kind)
            out[i].record = found[idmap_get(by_id, graph->ids[nodes[i]])];
    return record_audit_reads(ctx, kind, found, rows) == DOMAIN_OK;
}

enum domain_status network_release(struct domain_context *ctx, const struct network_graph *graph,
                                   const int *nodes, int count, struct network_node *out)
{
    for (int i = 0; i < count; i++)
        out[i] = (struct network_node){.kind = graph->types[nodes[i]] == NODE_CONTEXT ? &context_kind : &person_kind};
    return release_kind(ctx, graph, nodes, count, &person_kind, out) &&
                   release_kind(ctx, graph, nodes, count, &context_kind, out)
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}
