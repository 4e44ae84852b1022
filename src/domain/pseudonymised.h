/* The analysts' pseudonymised picture (issue 11): the network shared
 * with the hub — every person, context and link whose sharing is "hub",
 * whichever agency owns it; never one kept within an agency or restricted
 * (police intelligence) — analysed whole, and shown without a name, date
 * of birth, address, identifier or free text about anyone: a person by a
 * pseudonym (auth/pseudonym.h), an age band and their sex; a place by its
 * name and kind, except a private dwelling, and a peer group (so often
 * named after its members), which are shown by pseudonym; a link by its
 * type and confidence. It needs the "analyse pseudonymised data"
 * capability (analysts and coordinators). Each answer is one audit event
 * listing every record it showed in pseudonymised form, so a young
 * person's "who has looked" finds it. A coordinator may resolve a
 * pseudonym to its record, giving a reason (audited); an analyst, whose
 * role reads no record, may not. */
#ifndef CSHUB_PSEUDONYMISED_H
#define CSHUB_PSEUDONYMISED_H

#include <stdbool.h>

#include "auth/pseudonym.h"
#include "domain/network.h"
#include "domain/network_analysis.h"
#include "domain/operation.h"

/* The audit record type of a pseudonymised answer (its record id names
 * the analysis: "groups", "hotspots", ...). */
#define PSEUDONYMISED_AUDIT_TYPE "pseudonymised_network"

/* How a person, place or group is shown. Only these fields exist. */
struct pseudonymised_node {
    char pseudonym[PSEUDONYM_TEXT_SIZE]; /* every node: the key links use */
    const char *type;                    /* "person" or "context" */
    const char *kind;                    /* young_person, adult_of_concern; location, peer_group, school, ... */
    const char *age_band;                /* people: pseudonymised_age_band() */
    const char *sex;                     /* people, when recorded: female, male, other, not_known */
    const char *name;                    /* contexts shown by name (not dwellings or peer groups) */
    const char *location_kind;           /* locations, when recorded (a dwelling is "house") */
    bool shown;                          /* false: no longer shared with the hub, so left out */
};

/* A link between two nodes shown: indices into the nodes, type and confidence. */
struct pseudonymised_link {
    int source, target;
    const char *link_type;
    const char *confidence;
};

struct pseudonymised_view {
    struct pseudonymised_node *nodes; /* as many as asked for, in that order */
    int node_count;
    struct pseudonymised_link *links;
    int link_count;
};

/* The network shared with the hub, filtered, for the analyses of
 * network_analysis.h. DOMAIN_FORBIDDEN (audited as a refused read of the
 * analysis) when the caller lacks the capability; DOMAIN_UNAVAILABLE when
 * the network is not in memory or no pseudonym key was loaded. */
enum domain_status pseudonymised_graph_load(struct domain_context *ctx, const char *analysis,
                                            const struct network_filter *filter, struct network_graph *out);

/* Shows nodes[0..count) of graph (from pseudonymised_graph_load) as
 * pseudonymised nodes, with, when max_links > 0, up to max_links links
 * among them that the filter admits, and appends the answer's one audit
 * event (a read of the analysis, listing each person, context and link
 * shown). A record no longer shared with the hub is left out (shown
 * false). Nothing is released when the audit event cannot be written
 * (DOMAIN_UNAVAILABLE). */
enum domain_status pseudonymised_release(struct domain_context *ctx, const char *analysis,
                                         const struct network_filter *filter, const struct network_graph *graph,
                                         const int *nodes, int count, int max_links, struct pseudonymised_view *out);

/* The age band of a person on today ("YYYY-MM-DD") from their date of
 * birth or, lacking it, their estimated age (decimal text): "under 10",
 * "10 to 13", "14 to 15", "16 to 17", "18 and over" or "not known". */
const char *pseudonymised_age_band(const char *date_of_birth, const char *estimated_age, const char *today);

/* The pseudonym class a record shows as: people by kind; contexts as
 * dwellings (locations of kind house), peer groups, or other contexts. */
enum pseudonym_class pseudonymised_class(const char *type, const char *kind, const char *location_kind);

/* Finds the record shared with the hub whose pseudonym is text and
 * releases its type ("person" or "context") and id, audited as action
 * "resolve_pseudonym" with reason. Needs the capability and a role that
 * reads records (a coordinator): DOMAIN_FORBIDDEN otherwise (an
 * analyst), audited as refused. DOMAIN_NOT_FOUND (audited as refused)
 * when no such record is shared with the hub, or the policy does not let
 * the caller read the one found. */
enum domain_status pseudonymised_resolve(struct domain_context *ctx, const char *text, const char *reason,
                                         const char **record_type, const char **record_id);

#endif
