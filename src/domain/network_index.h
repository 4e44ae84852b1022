/* The network held in memory, so that walks and whole-graph analyses do
 * not read millions of rows for each request: every person, context and
 * link with what the access policy and the filters need (owning agency,
 * sharing level, kind; link type, confidence and dates) and each node's
 * links. Names and the other details stay in the database. It is loaded
 * once when the server starts and kept in step by domain/record.c, which
 * tells it of every person, context and link written, after the write is
 * committed. Readers and writers share it under a read-write lock. */
#ifndef CSHUB_NETWORK_INDEX_H
#define CSHUB_NETWORK_INDEX_H

#include <stdbool.h>

#include "domain/network.h"
#include "domain/network_analysis.h"

struct store_conn;
struct network_index;

/* Loads every person, context and link; NULL when the database fails or
 * memory runs out. */
struct network_index *network_index_load(struct store_conn *conn);
void network_index_free(struct network_index *index);

/* How many nodes and links it holds (0 for NULL). */
void network_index_size(const struct network_index *index, long *nodes, long *links);

/* The process's index (NULL until one is installed: walks then use SQL). */
void network_index_install(struct network_index *index);
struct network_index *network_index_current(void);

/* Tells the installed index (if any) of a record written and committed. */
void network_index_note(const struct record_kind *kind, const struct record *record);

/* A merge moved the end of link_id at from_person to to_person (or its
 * undo moved it back). */
void network_index_repoint(const char *link_id, const char *from_person, const char *to_person);

/* A person merged into another record is hidden from every walk and
 * analysis; undoing the merge shows it again. */
void network_index_hide(const char *person_id, bool hidden);

/* The neighbourhood walk of network.h done in memory: the nodes (their
 * records hold only the id) and links the caller may read; NULL kinds
 * mean "not in the index" (the caller falls back to SQL). */
enum domain_status network_index_walk(struct network_index *index, struct domain_context *ctx,
                                      const char *subject_id, int depth, const struct network_filter *filter,
                                      int max_nodes, struct network_view *out);

/* network_graph_load from memory. */
enum domain_status network_index_graph(struct network_index *index, struct domain_context *ctx,
                                       const struct network_filter *filter, struct network_graph *out);

/* The graph of every person and context shared with the hub (sharing
 * "hub", whoever owns it; not merged into another record) and the links
 * shared with the hub between two of them that the filter admits: the
 * network analysts see pseudonymised. Nothing shared only within an
 * agency or restricted (police intelligence) takes part. Memory from
 * arena. */
void network_index_shared_graph(struct network_index *index, struct arena *arena,
                                const struct network_filter *filter, struct network_graph *out);

/* A link between two nodes of a list, as released in a pseudonymised
 * view: its type and confidence, never its notes. */
struct network_index_link {
    const char *id;
    int source, target; /* indices into the list of ids given */
    const char *link_type;
    const char *confidence;
};

/* The links of the shared graph (as network_index_shared_graph) between
 * two of ids[0..count), each once (none from a node to itself), up to
 * max, into out; returns how many. */
int network_index_shared_links_among(struct network_index *index, struct arena *arena,
                                     const struct network_filter *filter, const char *const *ids, int count,
                                     struct network_index_link *out, int max);

/* Calls visit(data, id) for every node of type in the shared graph,
 * under the index's read lock (so visit must not touch the index), until
 * visit returns false. */
void network_index_each_shared(struct network_index *index, enum network_node_type type,
                               bool (*visit)(void *data, const char *id), void *data);

#endif
