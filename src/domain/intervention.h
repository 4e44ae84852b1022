/* Contextual interventions: what a partner does to make a context safer
 * (a kind from the configurable list, domain/intervention_type.h), led by
 * an agency, started on a day, planned, active or ended, with what came
 * of it. A record (domain/record.h) with the context's own access rules,
 * shown only with its context. */
#ifndef CSHUB_INTERVENTION_H
#define CSHUB_INTERVENTION_H

#include "domain/operation.h"
#include "domain/record.h"

enum intervention_field {
    INTERVENTION_CONTEXT_ID, /* for a young person's: the person */
    INTERVENTION_TYPE, /* an intervention_types code */
    INTERVENTION_LEAD_AGENCY_ID,
    INTERVENTION_STARTED_ON,
    INTERVENTION_ENDED_ON,
    INTERVENTION_STATUS,
    INTERVENTION_DESCRIPTION,
    INTERVENTION_OUTCOME,
    INTERVENTION_SHARING,
    INTERVENTION_FIELD_COUNT,
};

extern const struct record_kind intervention_kind;        /* at a context */
extern const struct record_kind person_intervention_kind; /* with a young person */
extern const char *const intervention_statuses[];
extern const int intervention_status_count;

/* Records an intervention of kind (intervention_kind or
 * person_intervention_kind) at the context or with the young person the
 * caller may read (else DOMAIN_NOT_FOUND). The caller has checked the
 * kind of intervention may be chosen. */
enum domain_status intervention_create(struct domain_context *ctx, const struct record_kind *kind,
                                       const struct record_input *in, struct record *out);

/* Reads an intervention the caller may see, with its context or young
 * person (else DOMAIN_NOT_FOUND); audited. *kind says which it is. */
enum domain_status intervention_read(struct domain_context *ctx, const char *id, struct record *out,
                                     const struct record_kind **kind);

/* Changes an intervention the caller may change (audited as "update");
 * DOMAIN_FORBIDDEN when it may only read it. */
enum domain_status intervention_update(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                                       const struct record_input *in, struct record *out);

/* The interventions on a context the caller may see, newest first. */
enum domain_status intervention_list(struct domain_context *ctx, const char *context_id, const char *cursor, int limit,
                                     struct record *out, int *count, const char **next);

/* The interventions with a young person the caller may see, newest first. */
enum domain_status person_intervention_list(struct domain_context *ctx, const char *person_id, const char *cursor,
                                            int limit, struct record *out, int *count, const char **next);

/* Whether the caller may see whom or where intervention r is about. */
bool intervention_subject_visible(struct domain_context *ctx, const struct record *r);
bool person_intervention_subject_visible(struct domain_context *ctx, const struct record *r);

#endif
