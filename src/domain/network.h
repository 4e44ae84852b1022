/* The network of people, contexts and links, as the caller may see it:
 * the neighbourhood of a person or context to a chosen depth, and (in
 * network_analysis.c) the whole-graph analyses. Both need the network in
 * memory (network_index.h) installed, else DOMAIN_UNAVAILABLE. Only what the caller may
 * read takes part — a record they may not see is neither shown nor
 * counted, and no path runs through it — and everything shown is audited
 * as read. */
#ifndef CSHUB_NETWORK_H
#define CSHUB_NETWORK_H

#include <stdbool.h>

#include "domain/operation.h"
#include "domain/record.h"

#define NETWORK_MAX_LINK_TYPES 16

/* Which links take part: by confidence, by type, and seen within [since,
 * until] (a link whose first and last sightings straddle the window counts). */
struct network_filter {
    bool confidence[3]; /* as link_confidences: confirmed, reported, intelligence */
    const char *link_types[NETWORK_MAX_LINK_TYPES]; /* none: every type */
    int link_type_count;
    const char *since;  /* YYYY-MM-DD or NULL */
    const char *until;
};

struct network_node {
    struct record record;          /* a person or a context */
    const struct record_kind *kind; /* person_kind or context_kind */
    int depth;                      /* links from the subject */
};

struct network_edge {
    struct record link;
    int source, target; /* indices into the nodes */
};

struct network_view {
    struct network_node *nodes;
    int node_count;
    struct network_edge *edges;
    int edge_count;
    bool truncated; /* max_nodes was reached */
};

#define NETWORK_MAX_DEPTH 3

/* The subject (a person or context id), everything within depth links of
 * it, and the links among them, up to max_nodes nodes. DOMAIN_NOT_FOUND
 * when the caller may not read the subject. */
enum domain_status network_neighbourhood(struct domain_context *ctx, const char *subject_id, int depth,
                                         const struct network_filter *filter, int max_nodes,
                                         struct network_view *out);

#endif
