/* Links: a person to another person or to a context ("associates with",
 * "frequents", "suspected of exploiting", ...). A link is a record of its
 * own (owning agency, sharing level) and is shown only to a caller who may
 * read it and both ends, so a link never reveals someone the caller may not see. */
#ifndef CSHUB_LINK_H
#define CSHUB_LINK_H

#include "domain/record.h"

enum link_field {
    LINK_TYPE,
    LINK_TYPE_VERSION,
    LINK_PERSON_ID,
    LINK_TO_PERSON_ID,
    LINK_TO_CONTEXT_ID,
    LINK_FIRST_SEEN,
    LINK_LAST_SEEN,
    LINK_CONFIDENCE,
    LINK_NOTES,
    LINK_SHARING,
    LINK_SOURCE_CONCERN_ID, /* the concern that placed the young person there; set by cshub */
    LINK_FIELD_COUNT,
};

extern const struct record_kind link_kind;
extern const char *const link_confidences[];
extern const int link_confidence_count;

/* Creates a link; the caller must be able to read both ends (else
 * DOMAIN_NOT_FOUND, naming no one). */
enum domain_status link_create(struct domain_context *ctx, const struct record_input *in, struct record *out);

/* Whether the caller may read both ends of link r (no audit event). */
bool link_ends_visible(struct domain_context *ctx, const struct record *r);

/* Reads a link if the caller may read it and both its ends. */
enum domain_status link_read(struct domain_context *ctx, const char *id, struct record *out);

/* Up to limit links of a person or context (its id in subject_id) that
 * the caller may see with both ends, newest first, after cursor (a link
 * id); each shown is audited as a read. *next is the following cursor or NULL. */
enum domain_status link_list_for(struct domain_context *ctx, const char *subject_id, const char *cursor, int limit,
                                 struct record *out, int *count, const char **next);

#endif
