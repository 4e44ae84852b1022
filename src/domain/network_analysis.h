/* Whole-graph analyses over the network the caller may see: connected
 * groups, communities (Louvain or Leiden), brokers (betweenness), adults
 * of concern linked to several young people, and hotspots (places linked
 * to several at-risk young people). network_graph_load() builds the
 * caller's graph from the in-memory network — only records the caller may
 * read, only links the filter admits — and the analyses work on that
 * graph alone, so nothing hidden is counted. Every analysis is cshub's
 * own (domain/community.c, domain/betweenness.c) on a compact form of the
 * graph, deterministic and safe on any number of threads at once. */
#ifndef CSHUB_NETWORK_ANALYSIS_H
#define CSHUB_NETWORK_ANALYSIS_H

#include <stdbool.h>

#include "domain/network.h"

struct community_graph;
struct idmap;

enum network_node_type { NODE_YOUNG_PERSON, NODE_ADULT_OF_CONCERN, NODE_CONTEXT };

struct network_graph {
    int node_count, edge_count;
    const char **ids;           /* node -> record id */
    unsigned char *types;       /* node -> enum network_node_type */
    const char **context_kinds; /* node -> "location", "peer_group", ... (NULL for people) */
    int *ends;                  /* 2 * edge_count: the two nodes of each link */
    struct idmap *index;        /* record id -> node */
    struct community_graph *adjacency; /* each node's neighbours, once built (network_graph_prepare) */
};

/* Loads the graph of people, contexts and links the caller may read. */
enum domain_status network_graph_load(struct domain_context *ctx, const struct network_filter *filter,
                                      struct network_graph *out);

/* Builds the compact form of graph (each node's neighbours) once, for
 * the analyses below (they call it themselves when needed); memory from
 * arena. False only when the graph is too large for it (over a thousand
 * million links). */
bool network_graph_prepare(struct network_graph *graph, struct arena *arena);

/* A division of the nodes into groups: membership[node] = group number;
 * groups numbered from 0 in descending order of size. */
struct network_partition {
    int *membership;
    int *sizes;
    int group_count;
    double modularity; /* communities only */
};

enum community_method { COMMUNITY_LOUVAIN, COMMUNITY_LEIDEN };

/* Connected groups (union-find), and communities by modularity at the
 * given resolution: Louvain, or Leiden (randomness 0.01, two
 * iterations), both deterministic. Each false only when the graph is too
 * large (network_graph_prepare). Memory from arena. */
bool network_components(struct network_graph *graph, struct arena *arena, struct network_partition *out);
bool network_communities(struct network_graph *graph, enum community_method method, double resolution,
                         struct arena *arena, struct network_partition *out);

/* Betweenness of every node over paths of at most cutoff links (0: no
 * limit) into scores[node_count] (domain/betweenness.h). False when out
 * of memory. */
bool network_betweenness(struct network_graph *graph, int cutoff, struct arena *arena, double *scores);

/* For every node, how many distinct young people it is linked to directly,
 * counting only those with counted[node] set (NULL: all). */
void network_young_neighbours(const struct network_graph *graph, const bool *counted, struct arena *arena,
                              int *counts);

/* Marks the young people whose latest screening the caller may read is
 * at least min_level ("low", "medium", "high") into at_risk[node_count]. */
enum domain_status network_at_risk(struct domain_context *ctx, const struct network_graph *graph,
                                   const char *min_level, bool *at_risk);

/* The same from the screenings shared with the hub, whoever may read
 * them (for the pseudonymised picture, whose graph is the network shared
 * with the hub: network_index_shared_graph). Releases nothing itself. */
enum domain_status network_at_risk_shared(struct domain_context *ctx, const struct network_graph *graph,
                                          const char *min_level, bool *at_risk);

/* Marks the young people with a concern that is not closed (that the
 * caller may read): those open to the hub. */
enum domain_status network_open_to_hub(struct domain_context *ctx, const struct network_graph *graph, bool *open);

/* Up to max young people linked directly to node with counted[] set,
 * into out; returns how many. */
int network_young_linked(const struct network_graph *graph, int node, const bool *counted, int *out, int max);

/* Loads (and audits as read) the people and contexts at nodes[0..count)
 * into out, in that order. */
enum domain_status network_release(struct domain_context *ctx, const struct network_graph *graph,
                                   const int *nodes, int count, struct network_node *out);

#endif
