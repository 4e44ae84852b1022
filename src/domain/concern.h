/* Concerns: what a partner saw about a young person or a context — date,
 * who raised it, exploitation types, indicators and adverse childhood
 * experiences (definition codes with their versions), the narrative and the
 * young person's own words, and a status (new, screened, at MACE, closed).
 * A concern is a record (domain/record.h): read and written through the
 * access policy, and shown only with the people and contexts it names
 * visible to the caller. When two agencies raise concerns about the same
 * young person within seven days, the hub is alerted. */
#ifndef CSHUB_CONCERN_H
#define CSHUB_CONCERN_H

#include "domain/record.h"

enum concern_field {
    CONCERN_PERSON_ID,
    CONCERN_CONTEXT_ID,
    CONCERN_DATE,
    CONCERN_RAISED_BY,
    CONCERN_EXPLOITATION_TYPES, /* JSON [{"code","version"}] */
    CONCERN_INDICATORS,         /* JSON [{"code","version"}] */
    CONCERN_ADVERSE_EXPERIENCES,/* JSON [{"code","version"}] */
    CONCERN_NARRATIVE,
    CONCERN_YOUNG_PERSON_WORDS,
    CONCERN_STATUS,
    CONCERN_SHARING,
    CONCERN_FIELD_COUNT,
};

extern const struct record_kind concern_kind;
extern const char *const concern_statuses[];
extern const int concern_status_count;

/* Days within which concerns from two agencies about one young person
 * raise an alert. */
#define CONCERN_ALERT_DAYS 7

/* Creates a concern owned by the caller's agency. The person and the
 * context named must be visible to the caller (else DOMAIN_NOT_FOUND).
 * Raising a concern about a young person records the caller's involvement
 * with them. May raise the two-agency alert. With link_to_place, a concern
 * about a young person at a context also records them there, in the same
 * transaction: a reported link ("frequents", "member_of" a peer group,
 * "attends" a school) whose source is the concern, unless a link joins
 * them already; *link_id gets the new link's id, or NULL. */
enum domain_status concern_create(struct domain_context *ctx, const struct record_input *in, bool link_to_place,
                                  struct record *out, const char **link_id);

/* Reads a concern if the caller may read it and what it names. */
enum domain_status concern_read(struct domain_context *ctx, const char *id, struct record *out);

/* Changes a concern (status, narrative, codes, ...); not whom it is about. */
enum domain_status concern_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                  struct record *out);

/* Concerns the caller may see, newest first, optionally only those with
 * status and/or about person_id or context_id (NULL: any). */
enum domain_status concern_list(struct domain_context *ctx, const char *status, const char *person_id,
                                const char *context_id, const char *cursor, int limit, struct record *out,
                                int *count, const char **next);

/* Whether the caller may see the people and contexts a record names in
 * its person_id and context_id fields (for concerns and screenings). */
bool concern_subjects_visible(struct domain_context *ctx, const char *person_id, const char *context_id);

#endif
