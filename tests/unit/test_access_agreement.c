/* Property test of access by construction (issue 12): over many random
 * hubs — agencies, users of every role, people (some merged away),
 * contexts, links, involvements and break-glass grants live and expired —
 * the four ways cshub decides what a caller may read always agree: the
 * single-record check (access_peek), the many-record check
 * (access_records), the SQL filter (access_readable_filter) and the
 * network index held in memory (network_index_graph). A difference in any
 * record for any caller fails, naming the world, caller and record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/access.h"
#include "auth/audit.h"
#include "auth/release.h"
#include "domain/network_index.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/idmap.h"

#define WORLDS 40
#define AGENCIES 3
#define USERS 10
#define PEOPLE 40
#define CONTEXTS 12
#define LINKS 90
#define NOW 2000000000

static const char *const roles[] = {"admin", "coordinator", "practitioner", "analyst", "board_viewer"};
static const char *const sharings[] = {"agency", "hub", "restricted"};
static const char *const confidences[] = {"confirmed", "reported", "intelligence"};

struct world {
    char dir[64];
    char db[128];
    struct store *store;
    struct store_conn *conn;
    struct arena *arena;
    uint64_t seed;
};

static unsigned next_random(struct world *w, unsigned bound)
{
    w->seed = w->seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((w->seed >> 33) % bound);
}

static void exec(struct world *w, const char *sql, const struct store_value *params, int count)
{
    assert_int_equal(store_exec(w->conn, sql, params, count, NULL), STORE_OK);
}

static const char *id_of(struct world *w, char prefix, unsigned n)
{
    return arena_printf(w->arena, "%c%u", prefix, n);
}

static void add_agencies_and_users(struct world *w)
{
    static const char *const kinds[] = {"police", "education", "childrens_services"};
    for (unsigned a = 0; a < AGENCIES; a++) {
        const struct store_value p[] = {store_text(id_of(w, 'A', a)), store_text(id_of(w, 'N', a)),
                                        store_text(kinds[a])};
        exec(w, "INSERT INTO agencies (id, name, kind, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')", p, 3);
    }
    for (unsigned u = 0; u < USERS; u++) {
        const struct store_value p[] = {store_text(id_of(w, 'U', u)),
                                        store_text(arena_printf(w->arena, "u%u@example.org", u)),
                                        store_text(id_of(w, 'A', next_random(w, AGENCIES))),
                                        store_text(roles[u % 5])};
        exec(w,
             "INSERT INTO users (id, email, name, agency_id, role, password_hash, created_at, password_changed_at) "
             "VALUES (?, ?, 'User', ?, ?, '!', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
             p, 4);
    }
}

static void add_people_and_contexts(struct world *w)
{
    for (unsigned i = 0; i < PEOPLE; i++) {
        const struct store_value p[] = {store_text(id_of(w, 'P', i)), store_text(id_of(w, 'A', next_random(w, AGENCIES))),
                                        store_text(sharings[next_random(w, 3)])};
        exec(w,
             "INSERT INTO people (id, kind, given_name, family_name, owner_agency_id, sharing, created_at, updated_at) "
             "VALUES (?, 'young_person', 'G', 'F', ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
             p, 3);
    }
    for (unsigned i = 1; i < PEOPLE; i++)
        if (next_random(w, 12) == 0) { /* merged into the one before it */
            const struct store_value p[] = {store_text(id_of(w, 'P', i - 1)), store_text(id_of(w, 'P', i))};
            exec(w, "UPDATE people SET merged_into = ? WHERE id = ?", p, 2);
        }
    for (unsigned i = 0; i < CONTEXTS; i++) {
        const struct store_value p[] = {store_text(id_of(w, 'C', i)), store_text(id_of(w, 'A', next_random(w, AGENCIES))),
                                        store_text(sharings[next_random(w, 3)])};
        exec(w,
             "INSERT INTO contexts (id, kind, kind_version, name, owner_agency_id, sharing, created_at, updated_at) "
             "VALUES (?, 'location', 1, 'Place', ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
             p, 3);
    }
}

static void add_links(struct world *w)
{
    for (unsigned i = 0; i < LINKS; i++) {
        unsigned from = next_random(w, PEOPLE), to = next_random(w, PEOPLE);
        bool to_context = next_random(w, 3) == 0 || to == from;
        const struct store_value p[] = {
            store_text(id_of(w, 'L', i)), store_text(id_of(w, 'P', from)),
            to_context ? store_null() : store_text(id_of(w, 'P', to)),
            to_context ? store_text(id_of(w, 'C', next_random(w, CONTEXTS))) : store_null(),
            store_text(confidences[next_random(w, 3)]), store_text(id_of(w, 'A', next_random(w, AGENCIES))),
            store_text(sharings[next_random(w, 3)])};
        exec(w,
             "INSERT INTO links (id, link_type, link_type_version, person_id, to_person_id, to_context_id, "
             "confidence, owner_agency_id, sharing, created_at, updated_at) VALUES (?, 'associate', 1, ?, ?, ?, ?, ?, "
             "?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
             p, 7);
    }
}

static void add_involvements_and_grants(struct world *w)
{
    for (unsigned i = 0; i < USERS * 4; i++) {
        const struct store_value p[] = {store_text(id_of(w, 'U', next_random(w, USERS))),
                                        store_text(id_of(w, 'P', next_random(w, PEOPLE)))};
        exec(w, "INSERT OR IGNORE INTO involvements (user_id, person_id, created_at) VALUES (?, ?, '2026-01-01')", p, 2);
    }
    static const char *const types[] = {"person", "context", "link"};
    static const char prefixes[] = {'P', 'C', 'L'};
    static const unsigned counts[] = {PEOPLE, CONTEXTS, LINKS};
    for (unsigned i = 0; i < USERS * 2; i++) {
        unsigned t = next_random(w, 3);
        const struct store_value p[] = {store_text(id_of(w, 'G', i)), store_text(id_of(w, 'U', next_random(w, USERS))),
                                        store_text(types[t]), store_text(id_of(w, prefixes[t], next_random(w, counts[t]))),
                                        store_int(NOW - 1000 + 2000 * (int64_t)next_random(w, 2))};
        exec(w,
             "INSERT INTO break_glass_grants (id, user_id, record_type, record_id, reason, created_at, expires_at) "
             "VALUES (?, ?, ?, ?, 'test', 0, ?)",
             p, 5);
    }
}

/* One database for every world: each is built and checked in one
 * transaction and rolled back (nothing waits on the disk). */
static struct world *open_store(void)
{
    struct world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    strcpy(w->dir, "/tmp/cshub-access-XXXXXX");
    assert_non_null(mkdtemp(w->dir));
    snprintf(w->db, sizeof w->db, "%s/t.db", w->dir);
    char error[256];
    w->store = store_open(w->db, 1, error, sizeof error);
    assert_non_null(w->store);
    assert_int_equal(store_migrate(w->store, NULL), STORE_OK);
    w->conn = store_acquire(w->store);
    w->arena = arena_new();
    return w;
}

static void close_store(struct world *w)
{
    store_release(w->store, w->conn);
    store_close(w->store);
    arena_free(w->arena);
    const char *suffixes[] = {"", "-wal", "-shm"};
    char path[160];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", w->db, suffixes[i]);
        unlink(path);
    }
    rmdir(w->dir);
    free(w);
}

static void make_world(struct world *w, uint64_t seed)
{
    w->seed = seed;
    assert_int_equal(store_begin(w->conn), STORE_OK);
    add_agencies_and_users(w);
    add_people_and_contexts(w);
    add_links(w);
    add_involvements_and_grants(w);
}

/* One table's rows as the policy sees them. */
struct table {
    const char *name, *record_type, *person_column;
    enum record_class class;
};

static const struct table tables[] = {
    {"people", "person", "id", RECORD_PERSONAL},
    {"contexts", "context", NULL, RECORD_CONTEXT},
    {"links", "link", "person_id", RECORD_PERSONAL},
};

/* Whether the SQL filter lets the caller read id of table t. */
static bool sql_allows(struct world *w, const struct caller *caller, const struct table *t, const char *id)
{
    struct readable_filter f;
    access_readable_filter(w->arena, caller, t->class, "r", t->record_type, t->person_column, &f);
    struct store_value params[READABLE_FILTER_MAX_PARAMS + 1];
    memcpy(params, f.params, sizeof f.params[0] * (size_t)f.param_count);
    params[f.param_count] = store_text(id);
    const char *sql = arena_printf(w->arena, "SELECT 1 FROM %s r WHERE %s AND r.id = ?", t->name, f.sql);
    struct store_result r;
    assert_int_equal(store_query(w->conn, w->arena, sql, params, f.param_count + 1, &r), STORE_OK);
    return r.rows == 1;
}

/* Compares the checks for every row of table t; fills allowed[i] for row i (ordered by id). */
static void compare_table(struct world *w, const struct caller *caller, const struct table *t, struct store_result *rows,
                          bool *allowed)
{
    const char *sql = arena_printf(w->arena, "SELECT id, owner_agency_id, sharing, %s AS person FROM %s ORDER BY id",
                                   t->person_column ? t->person_column : "NULL", t->name);
    assert_int_equal(store_query(w->conn, w->arena, sql, NULL, 0, rows), STORE_OK);
    for (int i = 0; i < rows->rows; i++) {
        struct record_ref ref = {.type = t->record_type, .id = store_cell_text(rows, i, "id"),
                                 .owner_agency_id = store_cell_text(rows, i, "owner_agency_id"),
                                 .sharing = (enum sharing)sharing_from_name(store_cell_text(rows, i, "sharing")),
                                 .person_id = store_cell_text(rows, i, "person")};
        bool single = access_peek(w->conn, w->arena, caller, ACCESS_READ, &ref).allowed;
        struct caller gathering = *caller;
        gathering.release = audit_release_new(w->arena);
        bool many = access_records(w->conn, w->arena, &gathering, "read", t->record_type, ref.id, &ref, 1).allowed;
        bool sql_said = sql_allows(w, caller, t, ref.id);
        if (single != many || single != sql_said)
            fail_msg("world %llu, user %s (%s), %s %s: single %d, many %d, SQL %d", (unsigned long long)w->seed,
                     caller->user_id, roles[caller->role], t->record_type, ref.id, single, many, sql_said);
        allowed[i] = single;
    }
}

static int index_of(const struct store_result *rows, const char *id)
{
    for (int i = 0; i < rows->rows; i++)
        if (strcmp(store_cell_text(rows, i, "id"), id) == 0)
            return i;
    return -1;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The network index's graph for the caller against what the single check allows. */
static void compare_index(struct world *w, struct network_index *index, const struct caller *caller,
                          struct store_result rows[3], bool *allowed[3])
{
    struct domain_context ctx = {.conn = w->conn, .arena = w->arena, .caller = *caller};
    struct network_filter filter = {.confidence = {true, true, true}};
    struct network_graph graph;
    assert_int_equal(network_index_graph(index, &ctx, &filter, &graph), DOMAIN_OK);
    struct store_result merged;
    assert_int_equal(store_query(w->conn, w->arena, "SELECT id FROM people WHERE merged_into IS NOT NULL", NULL, 0, &merged),
                     STORE_OK);
    int expected_nodes = 0;
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < rows[t].rows; i++) {
            bool live = t == 1 || index_of(&merged, store_cell_text(&rows[t], i, "id")) < 0;
            bool in_graph = idmap_get(graph.index, store_cell_text(&rows[t], i, "id")) >= 0;
            if (in_graph != (allowed[t][i] && live))
                fail_msg("world %llu, user %s (%s): index %s node %s, single check %d", (unsigned long long)w->seed,
                         caller->user_id, roles[caller->role], in_graph ? "shows" : "hides",
                         store_cell_text(&rows[t], i, "id"), allowed[t][i]);
            expected_nodes += allowed[t][i] && live;
        }
    assert_int_equal(graph.node_count, expected_nodes);
    /* links: allowed, and both ends shown */
    struct store_result ends;
    assert_int_equal(store_query(w->conn, w->arena,
                                 "SELECT id, person_id, COALESCE(to_person_id, to_context_id) AS other FROM links ORDER BY id",
                                 NULL, 0, &ends), STORE_OK);
    const char **expected = arena_alloc(w->arena, sizeof *expected * (size_t)(ends.rows + 1));
    int expected_count = 0;
    for (int i = 0; i < ends.rows; i++) {
        const char *from = store_cell_text(&ends, i, "person_id"), *to = store_cell_text(&ends, i, "other");
        if (allowed[2][index_of(&rows[2], store_cell_text(&ends, i, "id"))] && idmap_get(graph.index, from) >= 0 &&
            idmap_get(graph.index, to) >= 0)
            expected[expected_count++] = arena_printf(w->arena, "%s>%s", from, to);
    }
    const char **shown = arena_alloc(w->arena, sizeof *shown * (size_t)(graph.edge_count + 1));
    for (int e = 0; e < graph.edge_count; e++)
        shown[e] = arena_printf(w->arena, "%s>%s", graph.ids[graph.ends[2 * e]], graph.ids[graph.ends[2 * e + 1]]);
    assert_int_equal(graph.edge_count, expected_count);
    qsort(expected, (size_t)expected_count, sizeof *expected, by_text);
    qsort(shown, (size_t)graph.edge_count, sizeof *shown, by_text);
    for (int e = 0; e < expected_count; e++)
        assert_string_equal(shown[e], expected[e]);
}

static void every_check_agrees_for_every_caller(void **state)
{
    (void)state;
    static const unsigned char key[AUDIT_MASTER_KEY_BYTES] = {7};
    audit_set_key(key);
    long compared = 0;
    struct world *store = open_store();
    for (uint64_t seed = 1; seed <= WORLDS; seed++) {
        struct world w = *store;
        make_world(&w, seed);
        struct network_index *index = network_index_load(w.conn);
        assert_non_null(index);
        struct store_result users;
        assert_int_equal(store_query(w.conn, w.arena, "SELECT id, agency_id, role FROM users ORDER BY id", NULL, 0, &users),
                         STORE_OK);
        for (int u = 0; u < users.rows; u++) {
            struct caller caller = {.user_id = store_cell_text(&users, u, "id"),
                                    .agency_id = store_cell_text(&users, u, "agency_id"),
                                    .role = (enum role)role_from_name(store_cell_text(&users, u, "role")),
                                    .client_address = "127.0.0.1", .now = NOW,
                                    .hub_shared_only = next_random(&w, 6) == 0};
            struct store_result rows[3];
            bool *allowed[3];
            for (int t = 0; t < 3; t++) {
                allowed[t] = arena_alloc(w.arena, sizeof(bool) * (PEOPLE + CONTEXTS + LINKS));
                compare_table(&w, &caller, &tables[t], &rows[t], allowed[t]);
                compared += rows[t].rows;
            }
            compare_index(&w, index, &caller, rows, allowed);
        }
        network_index_free(index);
        store_rollback(w.conn);
    }
    close_store(store);
    audit_forget_key();
    assert_true(compared >= (long)WORLDS * USERS * (PEOPLE + CONTEXTS + LINKS));
}

/* The relation is the same function everywhere; its rules, spelled out. */
static void the_relation_rules(void **state)
{
    (void)state;
    assert_int_equal(access_relation(true, false), RELATION_OWN_AGENCY);
    assert_int_equal(access_relation(true, true), RELATION_OWN_AGENCY);
    assert_int_equal(access_relation(false, true), RELATION_INVOLVED);
    assert_int_equal(access_relation(false, false), RELATION_OTHER_AGENCY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_relation_rules),
        cmocka_unit_test(every_check_agrees_for_every_caller),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
