/* Unit tests for cshub's own graph partitions (domain/community.c and the
 * groups and communities of domain/network_analysis.c), on graphs built by
 * hand with known answers: two cliques joined by one link, a ring of
 * cliques, components numbered as the API promises, the empty graph, one
 * node, repeated links and links from a node to itself; the modularity
 * reported checked against a plain edge-by-edge computation; and, on a
 * planted partition of 2,000 nodes, Louvain and Leiden compared with the
 * partition planted and Leiden's communities checked to be connected. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/community.h"
#include "domain/network_analysis.h"
#include "util/arena.h"

#define MAX_LINKS 20000
#define MAX_NODES 2000

/* cmocka compares floats only as float: doubles here, with the values
 * printed when they differ. */
static bool near(double a, double b, double tolerance)
{
    if (fabs(a - b) <= tolerance)
        return true;
    printf("# %.15g and %.15g differ by more than %g\n", a, b, tolerance);
    return false;
}
#define assert_near(a, b, tolerance) assert_true(near((a), (b), (tolerance)))

/* A graph as a list of links, built up by the tests. */
struct links {
    int32_t node_count, count;
    int32_t ends[2 * MAX_LINKS];
};

static void add_link(struct links *l, int32_t a, int32_t b)
{
    assert_true(l->count < MAX_LINKS);
    l->ends[2 * l->count] = a;
    l->ends[2 * l->count + 1] = b;
    l->count++;
}

/* Links every pair of nodes first .. first + size - 1. */
static void add_clique(struct links *l, int32_t first, int32_t size)
{
    for (int32_t a = first; a < first + size; a++)
        for (int32_t b = a + 1; b < first + size; b++)
            add_link(l, a, b);
}

/* Modularity worked out link by link, independently of community.c:
 * Q = Σ_c [ 2 L_c / 2m − γ (d_c / 2m)² ], L_c the links inside c (a link
 * from a node to itself is inside, and adds 2 to its node's degree). */
static double plain_modularity(const struct links *l, const int32_t *membership, double resolution)
{
    static double inside[MAX_NODES], degree[MAX_NODES];
    memset(inside, 0, sizeof inside);
    memset(degree, 0, sizeof degree);
    for (int32_t i = 0; i < l->count; i++) {
        int32_t a = membership[l->ends[2 * i]], b = membership[l->ends[2 * i + 1]];
        degree[a] += 1;
        degree[b] += 1;
        if (a == b)
            inside[a] += 2;
    }
    if (l->count == 0)
        return 0;
    double twice_m = 2.0 * l->count, q = 0;
    for (int32_t c = 0; c < l->node_count; c++)
        q += inside[c] / twice_m - resolution * (degree[c] / twice_m) * (degree[c] / twice_m);
    return q;
}

static struct community_graph compact(struct arena *arena, const struct links *l)
{
    struct community_graph g;
    assert_true(community_graph_from_links(arena, l->node_count, l->ends, l->count, &g));
    return g;
}

static int32_t run_louvain(const struct community_graph *g, int32_t *membership)
{
    return community_louvain(g, 1.0, membership);
}

static int32_t run_leiden(const struct community_graph *g, int32_t *membership)
{
    const struct leiden_options options = {.resolution = 1.0, .randomness = 0.01, .iterations = 2, .seed = 20261124};
    return community_leiden(g, &options, membership);
}

typedef int32_t (*method_fn)(const struct community_graph *, int32_t *);
static const method_fn methods[] = {run_louvain, run_leiden};

/* Whether membership gives the nodes [first, first + size) one community
 * of their own. */
static bool is_one_community(const int32_t *membership, int32_t node_count, int32_t first, int32_t size)
{
    for (int32_t v = 0; v < node_count; v++)
        if ((membership[v] == membership[first]) != (v >= first && v < first + size))
            return false;
    return true;
}

static void two_cliques_joined_by_one_link_are_two_communities(void **state)
{
    (void)state;
    static struct links l = {.node_count = 10};
    l.count = 0;
    add_clique(&l, 0, 5);
    add_clique(&l, 5, 5);
    add_link(&l, 4, 5);
    struct arena *arena = arena_new();
    struct community_graph g = compact(arena, &l);
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        int32_t membership[10];
        assert_int_equal(methods[m](&g, membership), 2);
        assert_true(is_one_community(membership, 10, 0, 5));
        assert_true(is_one_community(membership, 10, 5, 5));
        assert_int_equal(membership[0], 0); /* numbered by lowest node */
        assert_int_equal(membership[9], 1);
        double q = community_modularity(&g, membership, 1.0);
        assert_true(q > 0.45 && q < 0.46); /* 2 × (10/21 − (21/42)²) = 0.452 */
        assert_near(q, plain_modularity(&l, membership, 1.0), 1e-12);
    }
    /* Leiden choosing greedily (no randomness), in one iteration. */
    const struct leiden_options greedy = {.resolution = 1.0, .randomness = 0, .iterations = 1, .seed = 1};
    int32_t membership[10];
    assert_int_equal(community_leiden(&g, &greedy, membership), 2);
    assert_true(is_one_community(membership, 10, 0, 5));
    arena_free(arena);
}

static void a_ring_of_cliques_is_one_community_per_clique(void **state)
{
    (void)state;
    static struct links l = {.node_count = 40};
    l.count = 0;
    for (int32_t c = 0; c < 8; c++) {
        add_clique(&l, 5 * c, 5);
        add_link(&l, 5 * c + 4, (5 * c + 5) % 40);
    }
    struct arena *arena = arena_new();
    struct community_graph g = compact(arena, &l);
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        int32_t membership[40];
        assert_int_equal(methods[m](&g, membership), 8);
        for (int32_t c = 0; c < 8; c++)
            assert_true(is_one_community(membership, 40, 5 * c, 5));
        /* 8 × (10/88 − (22/176)²) */
        assert_near(community_modularity(&g, membership, 1.0), 8 * (10.0 / 88 - 0.125 * 0.125), 1e-12);
        assert_near(community_modularity(&g, membership, 1.0), plain_modularity(&l, membership, 1.0), 1e-12);
    }
    /* A low resolution joins neighbouring cliques. */
    int32_t membership[40];
    assert_true(community_louvain(&g, 0.1, membership) < 8);
    const struct leiden_options coarse = {.resolution = 0.1, .randomness = 0.01, .iterations = 2, .seed = 1};
    assert_true(community_leiden(&g, &coarse, membership) < 8);
    arena_free(arena);
}

/* Components {0, 3, 7}, {1, 2}, {4}, {5, 6, 8, 9}, {10, 11}. */
static void components_are_numbered_by_lowest_node_then_by_size(void **state)
{
    (void)state;
    static struct links l = {.node_count = 12};
    l.count = 0;
    add_link(&l, 7, 3);
    add_link(&l, 3, 0);
    add_link(&l, 2, 1);
    add_link(&l, 9, 8);
    add_link(&l, 6, 5);
    add_link(&l, 8, 5);
    add_link(&l, 11, 10);
    add_link(&l, 10, 11);
    add_link(&l, 4, 4);
    int32_t membership[12];
    assert_int_equal(community_components(12, l.ends, l.count, membership), 5);
    const int32_t expected[12] = {0, 1, 1, 0, 2, 3, 3, 0, 3, 3, 4, 4};
    assert_memory_equal(membership, expected, sizeof expected);

    /* The API's numbering: largest first, ties in the order first seen. */
    struct arena *arena = arena_new();
    struct network_graph graph = {.node_count = 12, .edge_count = l.count, .ends = l.ends};
    struct network_partition partition;
    assert_true(network_components(&graph, arena, &partition));
    assert_int_equal(partition.group_count, 5);
    const int sizes[5] = {4, 3, 2, 2, 1};
    assert_memory_equal(partition.sizes, sizes, sizeof sizes);
    const int groups[12] = {1, 2, 2, 1, 4, 0, 0, 1, 0, 0, 3, 3};
    assert_memory_equal(partition.membership, groups, sizeof groups);
    arena_free(arena);
}

static void the_empty_graph_has_no_groups(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct community_graph g;
    assert_true(community_graph_from_links(arena, 0, NULL, 0, &g));
    int32_t membership[1] = {-7};
    assert_int_equal(community_components(0, NULL, 0, membership), 0);
    assert_int_equal(run_louvain(&g, membership), 0);
    assert_int_equal(run_leiden(&g, membership), 0);
    assert_int_equal(membership[0], -7);
    assert_near(community_modularity(&g, membership, 1.0), 0, 0);

    struct network_graph graph = {0};
    struct network_partition partition;
    assert_true(network_components(&graph, arena, &partition));
    assert_int_equal(partition.group_count, 0);
    assert_true(network_communities(&graph, COMMUNITY_LEIDEN, 1.0, arena, &partition));
    assert_int_equal(partition.group_count, 0);
    assert_near(partition.modularity, 0, 0);
    arena_free(arena);
}

static void nodes_without_links_stay_alone(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    static struct links l = {.node_count = 3};
    l.count = 0;
    struct community_graph g = compact(arena, &l);
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        int32_t membership[3];
        assert_int_equal(methods[m](&g, membership), 3);
        assert_int_equal(membership[0], 0);
        assert_int_equal(membership[1], 1);
        assert_int_equal(membership[2], 2);
        assert_near(community_modularity(&g, membership, 1.0), 0, 0);
    }
    arena_free(arena);
}

static void one_node_is_one_community_with_or_without_a_link_to_itself(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    static struct links l = {.node_count = 1};
    for (int loops = 0; loops < 2; loops++) {
        l.count = 0;
        if (loops)
            add_link(&l, 0, 0);
        struct community_graph g = compact(arena, &l);
        assert_int_equal(g.start[1], 2 * loops);
        for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
            int32_t membership[1] = {5};
            assert_int_equal(methods[m](&g, membership), 1);
            assert_int_equal(membership[0], 0);
            /* With the link: in = 2, tot = 2, 2m = 2, so 1 − 1 = 0. */
            assert_near(community_modularity(&g, membership, 1.0), 0, 1e-12);
            assert_near(community_modularity(&g, membership, 1.0), plain_modularity(&l, membership, 1.0),
                                1e-12);
        }
    }
    arena_free(arena);
}

/* Two triangles joined by a link, with repeated links and links from a
 * node to itself, as the links table may hold (two agencies recording the
 * same friendship). */
static void repeated_links_and_links_to_self_count_as_igraph_counts_them(void **state)
{
    (void)state;
    static struct links l = {.node_count = 6};
    l.count = 0;
    add_clique(&l, 0, 3);
    add_clique(&l, 3, 3);
    add_link(&l, 1, 0);
    add_link(&l, 0, 1);
    add_link(&l, 4, 4);
    add_link(&l, 5, 5);
    add_link(&l, 5, 5);
    add_link(&l, 2, 3);
    struct arena *arena = arena_new();
    struct community_graph g = compact(arena, &l);
    assert_int_equal(g.start[6], 2 * l.count);
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        int32_t membership[6];
        assert_int_equal(methods[m](&g, membership), 2);
        assert_true(is_one_community(membership, 6, 0, 3));
        for (int r = 1; r <= 3; r++) {
            double resolution = 0.5 * r;
            assert_near(community_modularity(&g, membership, resolution),
                                plain_modularity(&l, membership, resolution), 1e-12);
        }
    }
    arena_free(arena);
}

/* A reproducible sequence for the planted partition (an LCG). */
static uint32_t next_number(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*state >> 33);
}

/* 2,000 nodes in 40 groups of 50: each node 4 links inside its group and
 * 2 to anywhere. */
static void planted_partition(struct links *l, int32_t *planted)
{
    uint64_t seed = 42;
    l->node_count = 2000;
    l->count = 0;
    for (int32_t v = 0; v < 2000; v++) {
        planted[v] = v / 50;
        for (int k = 0; k < 4; k++)
            add_link(l, v, (v / 50) * 50 + (int32_t)(next_number(&seed) % 50));
        for (int k = 0; k < 2; k++)
            add_link(l, v, (int32_t)(next_number(&seed) % 2000));
    }
}

/* Whether the nodes of community c are connected by links inside it. */
static bool community_is_connected(const struct community_graph *g, const int32_t *membership, int32_t c)
{
    static int32_t queue[MAX_NODES];
    static bool seen[MAX_NODES];
    memset(seen, 0, sizeof seen);
    int32_t first = 0, members = 0, head = 0, tail = 0;
    while (membership[first] != c)
        first++;
    for (int32_t v = 0; v < g->node_count; v++)
        members += membership[v] == c;
    queue[tail++] = first;
    seen[first] = true;
    while (head < tail) {
        int32_t v = queue[head++];
        for (int32_t e = g->start[v]; e < g->start[v + 1]; e++) {
            int32_t u = g->neighbours[e];
            if (membership[u] == c && !seen[u]) {
                seen[u] = true;
                queue[tail++] = u;
            }
        }
    }
    return tail == members;
}

static void a_planted_partition_is_found_again(void **state)
{
    (void)state;
    static struct links l;
    static int32_t planted[2000], found[2000], again[2000];
    planted_partition(&l, planted);
    struct arena *arena = arena_new();
    struct community_graph g = compact(arena, &l);
    double planted_q = community_modularity(&g, planted, 1.0);
    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        int32_t count = methods[m](&g, found);
        double q = community_modularity(&g, found, 1.0);
        printf("# %s: %d communities, modularity %.4f (planted: 40, %.4f)\n", m ? "leiden" : "louvain", count, q,
               planted_q);
        assert_true(count >= 36 && count <= 44);
        assert_true(q > planted_q - 0.005);
        assert_near(q, plain_modularity(&l, found, 1.0), 1e-9);
        assert_int_equal(methods[m](&g, again), count); /* the same again */
        assert_memory_equal(found, again, sizeof found);
        for (int32_t c = 0; m == 1 && c < count; c++)
            assert_true(community_is_connected(&g, found, c));
    }
    arena_free(arena);
}

/* network_young_neighbours through the compact graph: distinct young
 * people, repeated links counted once. */
static void young_neighbours_are_counted_once_each(void **state)
{
    (void)state;
    /* 0, 1: young people; 2: an adult; 3: a place. */
    int ends[] = {3, 0, 0, 3, 3, 1, 3, 2, 2, 0, 2, 0};
    unsigned char types[] = {NODE_YOUNG_PERSON, NODE_YOUNG_PERSON, NODE_ADULT_OF_CONCERN, NODE_CONTEXT};
    struct network_graph graph = {.node_count = 4, .edge_count = 6, .ends = ends, .types = types};
    struct arena *arena = arena_new();
    int counts[4];
    network_young_neighbours(&graph, NULL, arena, counts);
    const int expected[4] = {0, 0, 1, 2};
    assert_memory_equal(counts, expected, sizeof expected);
    assert_true(network_graph_prepare(&graph, arena));
    const bool counted[4] = {false, true, false, false};
    network_young_neighbours(&graph, counted, arena, counts);
    const int only_second[4] = {0, 0, 0, 1};
    assert_memory_equal(counts, only_second, sizeof only_second);
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_cliques_joined_by_one_link_are_two_communities),
        cmocka_unit_test(a_ring_of_cliques_is_one_community_per_clique),
        cmocka_unit_test(components_are_numbered_by_lowest_node_then_by_size),
        cmocka_unit_test(the_empty_graph_has_no_groups),
        cmocka_unit_test(nodes_without_links_stay_alone),
        cmocka_unit_test(one_node_is_one_community_with_or_without_a_link_to_itself),
        cmocka_unit_test(repeated_links_and_links_to_self_count_as_igraph_counts_them),
        cmocka_unit_test(a_planted_partition_is_found_again),
        cmocka_unit_test(young_neighbours_are_counted_once_each),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
