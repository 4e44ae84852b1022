/* Unit tests for cshub's betweenness (domain/betweenness.c) on graphs
 * built by hand with known answers: a path, a star, a cycle of four,
 * two routes of which one has a repeated link (paths counted per link, as
 * igraph counts them), a link from a node to itself (on no path), the
 * cutoff, and a graph with no links. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "domain/betweenness.h"
#include "util/arena.h"

#define MAX_NODES 16

static bool near(double a, double b)
{
    if (fabs(a - b) <= 1e-9)
        return true;
    printf("# %.12g is not %.12g\n", a, b);
    return false;
}

/* scores of the graph of node_count nodes and links ends[0..2*links). */
static void scores_of(int32_t node_count, const int32_t *ends, int32_t links, int cutoff, double *scores)
{
    struct arena *arena = arena_new();
    struct community_graph graph;
    assert_true(community_graph_from_links(arena, node_count, ends, links, &graph));
    assert_true(betweenness(&graph, cutoff, scores));
    arena_free(arena);
}

static void expect(const double *scores, const double *expected, int count)
{
    for (int v = 0; v < count; v++)
        assert_true(near(scores[v], expected[v]));
}

static void path_and_star(void **state)
{
    (void)state;
    double scores[MAX_NODES];
    const int32_t path[] = {0, 1, 1, 2, 2, 3}; /* 0-1-2-3 */
    scores_of(4, path, 3, 0, scores);
    expect(scores, (const double[]){0, 2, 2, 0}, 4);
    const int32_t star[] = {0, 1, 0, 2, 0, 3, 0, 4}; /* centre 0 and four leaves: C(4,2) pairs */
    scores_of(5, star, 4, 0, scores);
    expect(scores, (const double[]){6, 0, 0, 0, 0}, 5);
}

static void shared_and_repeated_routes(void **state)
{
    (void)state;
    double scores[MAX_NODES];
    const int32_t square[] = {0, 1, 1, 2, 2, 3, 3, 0}; /* 0 to 2 by 1 or by 3: half each */
    scores_of(4, square, 4, 0, scores);
    expect(scores, (const double[]){0.5, 0.5, 0.5, 0.5}, 4);
    /* The link 0-1 twice: of the three shortest paths from 0 to 2, two pass
     * 1 and one passes 3; of those from 1 to 3, two pass 0 and one 2. */
    const int32_t doubled[] = {0, 1, 0, 1, 1, 2, 2, 3, 3, 0};
    scores_of(4, doubled, 5, 0, scores);
    expect(scores, (const double[]){2.0 / 3, 2.0 / 3, 1.0 / 3, 1.0 / 3}, 4);
}

static void loops_cutoff_and_nothing(void **state)
{
    (void)state;
    double scores[MAX_NODES];
    const int32_t looped[] = {1, 1, 0, 1, 1, 2}; /* 0-1-2 with a loop at 1 */
    scores_of(3, looped, 3, 0, scores);
    expect(scores, (const double[]){0, 1, 0}, 3);
    const int32_t path[] = {0, 1, 1, 2, 2, 3, 3, 4}; /* 0-1-2-3-4 */
    scores_of(5, path, 4, 2, scores); /* only pairs at most two links apart */
    expect(scores, (const double[]){0, 1, 1, 1, 0}, 5);
    scores_of(5, path, 4, 0, scores);
    expect(scores, (const double[]){0, 3, 4, 3, 0}, 5);
    scores_of(3, NULL, 0, 0, scores);
    expect(scores, (const double[]){0, 0, 0}, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_and_star),
        cmocka_unit_test(shared_and_repeated_routes),
        cmocka_unit_test(loops_cutoff_and_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
