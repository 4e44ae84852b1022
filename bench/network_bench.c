/* The network benchmark's C side.
 *
 *   network_bench generate DIR   writes DIR/network.db (1,000,000 people and
 *                                contexts, 5,000,000 links, screenings) and the
 *                                same graph as plain files for the reference
 *                                programs: DIR/edges.txt, DIR/nodes.txt,
 *                                DIR/subjects.txt
 *   network_bench time DIR       times cshub's analyses on DIR/network.db as
 *                                the hub coordinator, and prints one JSON line
 *
 * The graph: young people in friendship groups of 30 (a peer group, two
 * places they gather, friendships within the group and a few beyond it),
 * each at one of 5,000 schools; adults of concern who exploit a few young
 * people; some young people screened at medium or high risk. Rows are
 * written straight into the tables (5 million audited API calls would take
 * hours); the timings then go through cshub's own code. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/password.h"
#include "domain/agency.h"
#include "domain/matching.h"
#include "domain/network_analysis.h"
#include "domain/network_index.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"

#include "bench_common.h"

#define PEOPLE 900000
#define CONTEXTS 100000
#define NODES (PEOPLE + CONTEXTS)
#define LINKS 5000000
#define GROUP_SIZE 30
#define SCHOOLS 5000
#define ADULT_EVERY 20 /* one person in 20 is an adult of concern */
#define SUBJECTS 1000
#define BATCH 100

#define COORDINATOR_EMAIL "bench.coordinator@kestrel-vale.example"
#define BENCH_PASSWORD "bench-network-passphrase"

/* Contexts: [0, SCHOOLS) schools, then a peer group and two places per
 * friendship group, then other places. */
#define GROUPS (PEOPLE / GROUP_SIZE)
#define FIRST_PEER_GROUP SCHOOLS
#define FIRST_PLACE (FIRST_PEER_GROUP + GROUPS)


/* Node n's record id: 32 hex digits, people and contexts told apart. */
static void node_id(int node, char out[33])
{
    snprintf(out, 33, "%08x%024x", node < PEOPLE ? 0xbe0c0001u : 0xbe0c0002u, (unsigned)node);
}

static bool is_adult(int person)
{
    return person % ADULT_EVERY == ADULT_EVERY - 1;
}

/* ---- writing rows in batches ----------------------------------------- */

struct batch {
    struct store_conn *conn;
    const char *head;   /* "INSERT INTO t (a, b) VALUES " */
    const char *row;    /* "(?, ?)" */
    int columns, rows;
    struct store_value values[BATCH * 16];
    char texts[BATCH * 16][40];
    char sql[BATCH * 200];
    long written;
};

static bool flush(struct batch *b)
{
    if (b->rows == 0)
        return true;
    size_t at = (size_t)snprintf(b->sql, sizeof b->sql, "%s", b->head);
    for (int r = 0; r < b->rows; r++)
        at += (size_t)snprintf(b->sql + at, sizeof b->sql - at, "%s%s", r ? ", " : "", b->row);
    bool ok = store_exec(b->conn, b->sql, b->values, b->rows * b->columns, NULL) == STORE_OK;
    b->written += b->rows;
    b->rows = 0;
    if (ok && b->written % 100000 == 0)
        ok = store_commit(b->conn) == STORE_OK && store_begin(b->conn) == STORE_OK;
    return ok;
}

/* Sets the next row's values; texts are copied. */
static bool add_row(struct batch *b, const char *const *texts)
{
    for (int c = 0; c < b->columns; c++) {
        int i = b->rows * b->columns + c;
        if (texts[c] == NULL) {
            b->values[i] = store_null();
            continue;
        }
        snprintf(b->texts[i], sizeof b->texts[i], "%s", texts[c]);
        b->values[i] = store_text(b->texts[i]);
    }
    return ++b->rows < BATCH || flush(b);
}

/* ---- the generated graph ---------------------------------------------- */

struct generator {
    struct store_conn *conn;
    const char *agency_id;
    FILE *edges;
    long links;
};


/* Person p's matching keys, as cshub writes them with every person (so
 * that the server has none to fill in while it is timed). */
static bool write_keys(struct batch *keys, const char *id, const char *given, const char *family)
{
    struct arena *arena = arena_new();
    struct match_person person = {.given_name = given, .family_name = family};
    const char *found[MATCH_KEYS_MAX];
    int n = match_keys(arena, &person, found);
    bool ok = true;
    for (int k = 0; ok && k < n; k++) {
        const char *row[] = {id, found[k]};
        ok = add_row(keys, row);
    }
    arena_free(arena);
    return ok;
}

static bool write_people(struct generator *g, FILE *nodes)
{
    struct batch b = {.conn = g->conn, .columns = 5,
                      .head = "INSERT INTO people (id, kind, given_name, family_name, owner_agency_id, sharing, "
                              "created_at, updated_at, search_key) VALUES ",
                      .row = "(?, ?, ?, ?, ?, 'hub', '2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z', '')"};
    struct batch *keys = calloc(1, sizeof *keys);
    if (keys == NULL)
        return false;
    *keys = (struct batch){.conn = g->conn, .columns = 2,
                           .head = "INSERT INTO person_match_keys (person_id, match_key) VALUES ", .row = "(?, ?)"};
    bool ok = true;
    for (int p = 0; ok && p < PEOPLE; p++) {
        char id[33], given[24];
        node_id(p, id);
        snprintf(given, sizeof given, "Bench%d", p);
        const char *row[] = {id, is_adult(p) ? "adult_of_concern" : "young_person", given, "Person", g->agency_id};
        ok = add_row(&b, row) && write_keys(keys, id, given, "Person");
        fprintf(nodes, "%s\n", is_adult(p) ? "adult" : "young");
    }
    ok = ok && flush(&b) && flush(keys);
    free(keys);
    return ok;
}

static const char *context_kind(int c)
{
    return c < SCHOOLS ? "school" : c < FIRST_PLACE ? "peer_group" : "location";
}

static bool write_contexts(struct generator *g, FILE *nodes)
{
    struct batch b = {.conn = g->conn, .columns = 4,
                      .head = "INSERT INTO contexts (id, kind, kind_version, name, owner_agency_id, sharing, "
                              "created_at, updated_at) VALUES ",
                      .row = "(?, ?, 1, ?, ?, 'hub', '2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z')"};
    for (int c = 0; c < CONTEXTS; c++) {
        char id[33], name[32];
        node_id(PEOPLE + c, id);
        snprintf(name, sizeof name, "Bench context %d", c);
        const char *row[] = {id, context_kind(c), name, g->agency_id};
        if (!add_row(&b, row))
            return false;
        fprintf(nodes, "%s\n", context_kind(c));
    }
    return flush(&b);
}

struct link_writer {
    struct generator *g;
    struct batch batch;
};

static bool add_link(struct link_writer *w, const char *type, int from, int to)
{
    if (w->g->links >= LINKS)
        return true;
    char id[33], a[33], b[33];
    snprintf(id, sizeof id, "be0c0003%024lx", (unsigned long)w->g->links);
    node_id(from, a);
    node_id(to, b);
    bool to_context = to >= PEOPLE;
    const char *row[] = {id, type, a, to_context ? NULL : b, to_context ? b : NULL, w->g->agency_id};
    fprintf(w->g->edges, "%d %d\n", from, to);
    w->g->links++;
    return add_row(&w->batch, row);
}

/* One young person's or adult's links (about 5.5 on average). */
static bool person_links(struct link_writer *w, int p)
{
    int group = p / GROUP_SIZE, first = group * GROUP_SIZE;
    if (is_adult(p)) {
        for (int k = 0; k < 3; k++) {
            int victim = first + below(GROUP_SIZE);
            if (!is_adult(victim) && !add_link(w, "suspected_of_exploiting", p, victim))
                return false;
        }
        return add_link(w, "frequents", p, PEOPLE + FIRST_PLACE + 2 * group);
    }
    bool ok = add_link(w, "attends", p, PEOPLE + (group * 7919) % SCHOOLS) &&
              add_link(w, "member_of", p, PEOPLE + FIRST_PEER_GROUP + group) &&
              add_link(w, "frequents", p, PEOPLE + FIRST_PLACE + 2 * group + below(2));
    for (int k = 0; ok && k < 2; k++) {
        int friend = first + below(GROUP_SIZE);
        if (friend != p)
            ok = add_link(w, "associates_with", p, friend);
    }
    int stranger = below(2) == 0 ? below(PEOPLE) : p;
    if (ok && stranger != p)
        ok = add_link(w, "associates_with", p, stranger);
    return ok;
}

static bool write_links(struct generator *g)
{
    struct link_writer w = {.g = g, .batch = {.conn = g->conn, .columns = 6,
        .head = "INSERT INTO links (id, link_type, link_type_version, person_id, to_person_id, to_context_id, "
                "confidence, owner_agency_id, sharing, created_at, updated_at) VALUES ",
        .row = "(?, ?, 1, ?, ?, ?, 'reported', ?, 'hub', '2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z')"}};
    for (int p = 0; p < PEOPLE && g->links < LINKS; p++)
        if (!person_links(&w, p))
            return false;
    /* Places frequented beyond the group, up to five million links. */
    while (g->links < LINKS) {
        int p = below(PEOPLE);
        if (!add_link(&w, "frequents", p, PEOPLE + FIRST_PLACE + below(CONTEXTS - FIRST_PLACE)))
            return false;
    }
    return flush(&w.batch);
}

/* One young person in ten has a concern and a screening: a quarter low,
 * half medium, a quarter high. risk.txt gets 1 for medium or high. */
static bool write_screenings(struct generator *g, FILE *risk)
{
    static const char *const levels[] = {"low", "medium", "medium", "high"};
    signed char *level = calloc(PEOPLE, 1);
    struct batch concerns = {.conn = g->conn, .columns = 3,
        .head = "INSERT INTO concerns (id, person_id, concern_date, raised_by, narrative, status, owner_agency_id, "
                "sharing, created_at, updated_at) VALUES ",
        .row = "(?, ?, '2026-10-01', 'Bench', 'Bench concern.', 'screened', ?, 'hub', "
               "'2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z')"};
    struct batch screenings = {.conn = g->conn, .columns = 6,
        .head = "INSERT INTO screenings (id, concern_id, person_id, screened_on, tool_version, score, scored_level, "
                "risk_level, rationale, pathway, owner_agency_id, sharing, created_at, updated_at) VALUES ",
        .row = "(?, ?, ?, '2026-10-02', 1, 5, ?, ?, 'Bench.', 'early_help', ?, 'hub', "
               "'2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z')"};
    bool ok = level != NULL;
    for (int pass = 0; ok && pass < 2; pass++) {
        for (int p = 0; ok && p < PEOPLE; p++) {
            if (pass == 0)
                level[p] = (signed char)(is_adult(p) || below(10) != 0 ? -1 : below(4));
            if (level[p] < 0)
                continue;
            char concern_id[33], screening_id[33], person[33];
            snprintf(concern_id, sizeof concern_id, "be0c0004%024x", (unsigned)p);
            snprintf(screening_id, sizeof screening_id, "be0c0005%024x", (unsigned)p);
            node_id(p, person);
            const char *concern_row[] = {concern_id, person, g->agency_id};
            const char *screening_row[] = {screening_id, concern_id, person, levels[(int)level[p]],
                                           levels[(int)level[p]], g->agency_id};
            ok = pass == 0 ? add_row(&concerns, concern_row) : add_row(&screenings, screening_row);
        }
        ok = ok && (pass == 0 ? flush(&concerns) : flush(&screenings));
    }
    for (int p = 0; ok && p < PEOPLE; p++)
        fprintf(risk, "%d\n", level[p] >= 1);
    free(level);
    return ok;
}

static bool add_coordinator(struct store_conn *conn, struct arena *arena, const char **agency_id)
{
    char hash[PASSWORD_HASH_SIZE];
    if (!password_hash(BENCH_PASSWORD, hash) ||
        agency_create(conn, arena, "Bench Children's Services", "childrens_services", agency_id) != STORE_OK)
        return false;
    return user_create(conn, arena, COORDINATOR_EMAIL, "Bench Coordinator", *agency_id, "coordinator", hash, NULL) ==
           STORE_OK;
}

static void write_subjects(FILE *subjects)
{
    for (int i = 0; i < SUBJECTS; i++) {
        int node = below(PEOPLE);
        char id[33];
        node_id(node, id);
        fprintf(subjects, "%d %s\n", node, id);
    }
}

static int generate(const char *dir)
{
    char path[4096], error[256];
    snprintf(path, sizeof path, "%s/network.db", dir);
    remove(path);
    struct store *store = store_open(path, 1, error, sizeof error);
    if (store == NULL || store_migrate(store, NULL) != STORE_OK) {
        fprintf(stderr, "network_bench: %s\n", store ? "migration failed" : error);
        return 1;
    }
    struct store_conn *conn = store_acquire(store);
    struct arena *arena = arena_new();
    FILE *nodes = open_in(dir, "nodes.txt", "w"), *edges = open_in(dir, "edges.txt", "w");
    FILE *risk = open_in(dir, "risk.txt", "w"), *subjects = open_in(dir, "subjects.txt", "w");
    struct generator g = {.conn = conn, .edges = edges};
    double started = seconds_now();
    bool ok = nodes && edges && risk && subjects && store_exec(conn, "PRAGMA synchronous=OFF", NULL, 0, NULL) == STORE_OK &&
              store_begin(conn) == STORE_OK && add_coordinator(conn, arena, &g.agency_id) &&
              write_people(&g, nodes) && write_contexts(&g, nodes) && write_links(&g) && write_screenings(&g, risk) &&
              store_commit(conn) == STORE_OK;
    if (ok)
        write_subjects(subjects);
    FILE *files[] = {nodes, edges, risk, subjects};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (files[i] != NULL)
            fclose(files[i]);
    arena_free(arena);
    store_release(store, conn);
    store_close(store);
    fprintf(stderr, "network_bench: generated %d nodes and %ld links in %.0f s\n", NODES, g.links,
            seconds_now() - started);
    return ok ? 0 : 1;
}

/* ---- timing cshub's analyses ----------------------------------------- */

static struct caller coordinator(struct store_conn *conn, struct arena *arena)
{
    struct user user;
    if (!user_find_by_email(conn, arena, COORDINATOR_EMAIL, &user))
        return (struct caller){0};
    return (struct caller){.user_id = user.id, .agency_id = user.agency_id, .role = ROLE_COORDINATOR,
                           .client_address = "bench", .now = (int64_t)time(NULL)};
}

/* Depth-2 neighbourhoods of the subjects, each in its own arena (as a
 * request would be); fills the 50th and 99th percentiles in ms. */
static bool time_neighbourhoods(const char *dir, struct domain_context *base, double *p50, double *p99, double *nodes,
                                bool walk_only)
{
    FILE *subjects = open_in(dir, "subjects.txt", "r");
    double latencies[SUBJECTS];
    int n = 0;
    long total_nodes = 0;
    struct network_filter filter = {.confidence = {true, true, true}};
    char id[64];
    int index;
    while (subjects != NULL && n < SUBJECTS && fscanf(subjects, "%d %63s", &index, id) == 2) {
        struct domain_context ctx = *base;
        ctx.arena = arena_new();
        struct network_view view;
        double started = seconds_now();
        enum domain_status status =
            walk_only ? network_index_walk(network_index_current(), &ctx, id, 2, &filter, 200, &view)
                      : network_neighbourhood(&ctx, id, 2, &filter, 200, &view);
        latencies[n++] = (seconds_now() - started) * 1000;
        total_nodes += view.node_count;
        arena_free(ctx.arena);
        if (status != DOMAIN_OK)
            return false;
    }
    if (subjects != NULL)
        fclose(subjects);
    qsort(latencies, (size_t)n, sizeof latencies[0], by_value);
    *p50 = n ? latencies[n / 2] : 0;
    *p99 = n ? latencies[(n * 99) / 100] : 0;
    *nodes = n ? (double)total_nodes / n : 0;
    return n == SUBJECTS;
}

static int count_hotspots(const struct network_graph *graph, struct domain_context *ctx)
{
    bool *at_risk = arena_alloc(ctx->arena, sizeof *at_risk * (size_t)graph->node_count);
    int *counts = arena_alloc(ctx->arena, sizeof *counts * (size_t)graph->node_count);
    if (network_at_risk(ctx, graph, "medium", at_risk) != DOMAIN_OK)
        return -1;
    network_young_neighbours(graph, at_risk, ctx->arena, counts);
    int hotspots = 0;
    for (int v = 0; v < graph->node_count; v++)
        hotspots += graph->types[v] == NODE_CONTEXT && strcmp(graph->context_kinds[v], "location") == 0 && counts[v] >= 3;
    return hotspots;
}

/* Indexes the audit events the neighbourhoods wrote (the server does this
 * in the background), so the next run starts with no backlog. */
static void catch_up_audit_index(struct store_conn *conn)
{
    bool done = false;
    while (!done) {
        struct arena *arena = arena_new();
        bool ok = audit_index_step(conn, arena, &done) == STORE_OK;
        arena_free(arena);
        if (!ok)
            return;
    }
}

static int time_analyses(const char *dir)
{
    char path[4096], error[256];
    snprintf(path, sizeof path, "%s/network.db", dir);
    struct store *store = store_open(path, 1, error, sizeof error);
    if (store == NULL) {
        fprintf(stderr, "network_bench: %s\n", error);
        return 1;
    }
    struct store_conn *conn = store_acquire(store);
    struct arena *arena = arena_new();
    struct domain_context ctx = {.conn = conn, .arena = arena, .caller = coordinator(conn, arena)};
    struct network_filter filter = {.confidence = {true, true, true}};
    struct network_graph graph;
    struct network_partition components, louvain, leiden;
    double start = seconds_now();
    struct network_index *index = network_index_load(conn);
    network_index_install(index);
    double t0 = seconds_now();
    bool ok = index != NULL && ctx.caller.user_id != NULL && network_graph_load(&ctx, &filter, &graph) == DOMAIN_OK;
    double t1 = seconds_now();
    ok = ok && network_graph_prepare(&graph, arena);
    double t1b = seconds_now();
    ok = ok && network_components(&graph, arena, &components);
    double t2 = seconds_now();
    ok = ok && network_communities(&graph, COMMUNITY_LOUVAIN, 1.0, arena, &louvain);
    double t3 = seconds_now();
    ok = ok && network_communities(&graph, COMMUNITY_LEIDEN, 1.0, arena, &leiden);
    double t4 = seconds_now();
    int hotspots = ok ? count_hotspots(&graph, &ctx) : -1;
    double t5 = seconds_now();
    double p50 = 0, p99 = 0, mean_nodes = 0;
    ok = ok && hotspots >= 0 && time_neighbourhoods(dir, &ctx, &p50, &p99, &mean_nodes, false);
    if (ok)
        printf("{\"nodes\": %d, \"links\": %d, \"index_load_s\": %.3f, \"load_s\": %.3f, \"build_s\": %.3f, \"components_s\": %.3f, \"components\": %d, "
               "\"louvain_s\": %.3f, \"louvain_communities\": %d, \"louvain_modularity\": %.4f, "
               "\"leiden_s\": %.3f, \"leiden_communities\": %d, \"leiden_modularity\": %.4f, "
               "\"hotspots_s\": %.3f, \"hotspots\": %d, \"neighbourhood_p50_ms\": %.3f, "
               "\"neighbourhood_p99_ms\": %.3f, \"neighbourhood_mean_nodes\": %.1f}\n",
               graph.node_count, graph.edge_count, t0 - start, t1 - t0, t1b - t1, t2 - t1b, components.group_count, t3 - t2,
               louvain.group_count, louvain.modularity, t4 - t3, leiden.group_count, leiden.modularity, t5 - t4,
               hotspots, p50, p99, mean_nodes);
    arena_free(arena);
    catch_up_audit_index(conn);
    network_index_install(NULL);
    network_index_free(index);
    store_release(store, conn);
    store_close(store);
    return ok ? 0 : 1;
}

/* Only the neighbourhoods, for profiling. */
static int time_neighbourhoods_only(const char *dir)
{
    char path[4096], error[256];
    snprintf(path, sizeof path, "%s/network.db", dir);
    struct store *store = store_open(path, 1, error, sizeof error);
    if (store == NULL)
        return 1;
    struct store_conn *conn = store_acquire(store);
    struct arena *arena = arena_new();
    struct domain_context ctx = {.conn = conn, .arena = arena, .caller = coordinator(conn, arena)};
    double p50 = 0, p99 = 0, mean_nodes = 0;
    struct network_index *index = network_index_load(conn);
    network_index_install(index);
    double walk50 = 0, walk99 = 0;
    bool ok = index != NULL && time_neighbourhoods(dir, &ctx, &walk50, &walk99, &mean_nodes, true) &&
              time_neighbourhoods(dir, &ctx, &p50, &p99, &mean_nodes, false);
    printf("{\"walk_in_memory_p50_ms\": %.3f, \"walk_in_memory_p99_ms\": %.3f}\n", walk50, walk99);
    catch_up_audit_index(conn);
    network_index_install(NULL);
    network_index_free(index);
    printf("{\"neighbourhood_p50_ms\": %.3f, \"neighbourhood_p99_ms\": %.3f, \"neighbourhood_mean_nodes\": %.1f}\n",
           p50, p99, mean_nodes);
    arena_free(arena);
    store_release(store, conn);
    store_close(store);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    random_state = 0x62656e63686d6b21ull;
    if (argc == 3 && strcmp(argv[1], "neighbourhoods") == 0)
        return time_neighbourhoods_only(argv[2]);
    if (argc == 3 && strcmp(argv[1], "generate") == 0)
        return generate(argv[2]);
    if (argc == 3 && strcmp(argv[1], "time") == 0)
        return time_analyses(argv[2]);
    fprintf(stderr, "usage: network_bench generate|time|neighbourhoods DIR\n");
    return 2;
}
