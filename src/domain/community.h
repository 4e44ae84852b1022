/* Dividing a network into groups: connected components, and communities
 * by modularity — Louvain (Blondel, Guillaume, Lambiotte & Lefebvre 2008)
 * and Leiden (Traag, Waltman & van Eck 2019) — on a compact undirected
 * graph (compressed sparse rows). Written for cshub from the papers.
 *
 * Modularity with resolution γ, for a graph of total link weight m:
 *   Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ]
 * where in_c sums the weights of the links inside community c counted at
 * both ends (a link from a node to itself counts twice) and tot_c the
 * weights of the links at its nodes (their degrees, or strengths) — the
 * convention of igraph's modularity, so the figures compare.
 *
 * Everything here is deterministic: the same graph and arguments give the
 * same answer (Leiden's random choices come from a generator seeded by the
 * caller). No function keeps state between calls, so any number of threads
 * may use them at once. What is returned lives in the caller's memory or
 * arena; working memory is in private arenas freed before return. */
#ifndef CSHUB_COMMUNITY_H
#define CSHUB_COMMUNITY_H

#include <stdbool.h>
#include <stdint.h>

struct arena;

/* The neighbours of node v are neighbours[start[v] .. start[v + 1]): each
 * link is listed at both its ends (a link from a node to itself twice at
 * that node), links repeated between two nodes are repeated entries, and
 * weights[] is parallel to neighbours[] or NULL when every entry weighs 1. */
struct community_graph {
    int32_t node_count;
    int32_t *start;
    int32_t *neighbours;
    double *weights;
};

/* Builds the graph of node_count nodes and link_count links, link i
 * joining ends[2i] and ends[2i + 1] (each in [0, node_count)); memory from
 * arena. False, with *out empty, when the links are too many for 32-bit
 * positions (over a thousand million). */
bool community_graph_from_links(struct arena *arena, int32_t node_count, const int32_t *ends, int32_t link_count,
                                struct community_graph *out);

/* Connected components, by union-find over the links: membership[v] is
 * v's component, numbered from 0 in the order of each component's lowest
 * node. Returns the number of components. */
int32_t community_components(int32_t node_count, const int32_t *ends, int32_t link_count, int32_t *membership);

/* Louvain: local moving of nodes, in node order, to the neighbouring
 * community that most increases modularity, pass after pass (after the
 * first, only the nodes a neighbour of which has moved) until a pass
 * gains almost nothing; then the communities become the nodes of a
 * smaller graph and the same is done again, until nothing moves. Writes
 * membership[v] (communities numbered from 0 in the order of their lowest
 * node) and returns the number of communities. */
int32_t community_louvain(const struct community_graph *graph, double resolution, int32_t *membership);

struct leiden_options {
    double resolution; /* γ */
    double randomness; /* θ: how much the refinement's choice of subcommunity is left to chance (0: none) */
    int iterations;    /* runs of the whole algorithm, each starting from the last one's answer */
    uint64_t seed;     /* of the random node orders and choices */
};

/* Leiden: fast local moving (a queue, first of every node in node order,
 * then of the nodes whose neighbour moved), refinement of each community
 * into well-connected subcommunities (the nodes in node order, each
 * joining a subcommunity chosen at random, the better ones likelier),
 * aggregation on the refined partition with the unrefined one as the
 * aggregate's starting partition, repeated until every community is one
 * node. Writes membership[v] as community_louvain does and returns the
 * number of communities. */
int32_t community_leiden(const struct community_graph *graph, const struct leiden_options *options,
                         int32_t *membership);

/* The modularity (formula above) of the partition membership[v] (numbers
 * from 0 to below node_count); 0 for a graph with no links. */
double community_modularity(const struct community_graph *graph, const int32_t *membership, double resolution);

#endif
