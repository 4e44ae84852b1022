/* Betweenness centrality on a compact undirected graph (domain/community.h):
 * for each node, the sum over pairs of other nodes of the share of their
 * shortest paths that pass through it — Brandes' algorithm (2001), one
 * breadth-first search from every node, written for cshub from the paper.
 * Links repeated between two nodes are separate paths, and a link from a
 * node to itself lies on none, as in igraph, so the figures compare. */
#ifndef CSHUB_BETWEENNESS_H
#define CSHUB_BETWEENNESS_H

#include <stdbool.h>

#include "domain/community.h"

/* scores[v] for every node of graph (the caller's array of node_count);
 * cutoff > 0 counts only paths of at most cutoff links, 0 every path.
 * Each unordered pair counts once. False when out of memory. */
bool betweenness(const struct community_graph *graph, int cutoff, double *scores);

#endif
