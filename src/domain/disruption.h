/* Disruption: a tactic used against an adult of concern or a context (a
 * Child Abduction Warning Notice, a Community Protection Notice, a closure
 * order, an arrest, ...), carried out by an agency on a day, with its
 * result. One table, two record kinds: against a person it is a personal
 * record (record type "disruption", the personal-record table of the access
 * policy, with involvement counted on the adult); against a context it
 * follows the context table (record type "context_disruption"). Either way
 * it is shown only to a caller who may also see its target. */
#ifndef CSHUB_DISRUPTION_H
#define CSHUB_DISRUPTION_H

#include "domain/operation.h"
#include "domain/record.h"

enum disruption_field {
    DISRUPTION_PERSON_ID,  /* an adult of concern, or NULL */
    DISRUPTION_CONTEXT_ID, /* a context, or NULL: exactly one of the two */
    DISRUPTION_TACTIC,     /* a code of disruption_tactics */
    DISRUPTION_TACTIC_DESCRIPTION, /* required for "other" */
    DISRUPTION_AGENCY_ID,  /* the agency that carried it out */
    DISRUPTION_OCCURRED_ON,
    DISRUPTION_RESULT,
    DISRUPTION_OUTCOME_ON,
    DISRUPTION_NOTES,
    DISRUPTION_SHARING,
    DISRUPTION_FIELD_COUNT,
};

extern const struct record_kind disruption_kind;         /* against an adult of concern */
extern const struct record_kind context_disruption_kind; /* against a context */

/* The tactics, in the order offered: a constant list (the migration's
 * CHECK holds the same codes). */
/* What a tactic may be used against (bits). */
enum disruption_target {
    AGAINST_ADULT = 1,        /* an adult of concern */
    AGAINST_PREMISES = 2,     /* a context of kind location: a house, a shop, a park */
    AGAINST_OTHER_PLACE = 4,  /* any other context: a peer group, an online space, a school */
};

struct disruption_tactic {
    const char *code;
    const char *label;
    unsigned against;         /* enum disruption_target bits */
    const char *fits;         /* "an adult of concern", said when it is misused */
};
extern const struct disruption_tactic disruption_tactics[];
extern const int disruption_tactic_count;

/* Why tactic cannot be used against the target — an adult of concern
 * (target_kind NULL) or a context of target_kind — or NULL when it can. */
const char *disruption_tactic_misfit(struct arena *arena, const char *tactic, const char *target_kind);

/* The label of tactic code, or NULL when it is not one. */
const char *disruption_tactic_label(const char *code);

/* The kind a stored disruption is read and written as (by its target). */
const struct record_kind *disruption_kind_of(const struct record *r);

/* True when the caller may see the disruption's target (no audit event). */
bool disruption_target_visible(struct domain_context *ctx, const struct record *r);

/* Records a disruption against a target the caller may see (else
 * DOMAIN_NOT_FOUND). The caller has checked the target is an adult of
 * concern or a context. */
enum domain_status disruption_create(struct domain_context *ctx, const struct record_input *in, struct record *out);

/* Reads a disruption the caller may see, with its target (else
 * DOMAIN_NOT_FOUND); audited. */
enum domain_status disruption_read(struct domain_context *ctx, const char *id, struct record *out);

/* Changes a disruption the caller may change (audited as "update");
 * DOMAIN_FORBIDDEN when it may only read it. */
enum domain_status disruption_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                     struct record *out);

/* The disruptions against an adult of concern (person_id) or a context
 * (context_id; exactly one of the two) that the caller may see, newest
 * first; each shown audited. */
enum domain_status disruption_list(struct domain_context *ctx, const char *person_id, const char *context_id,
                                   const char *cursor, int limit, struct record *out, int *count, const char **next);

#endif
