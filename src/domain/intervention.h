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
    INTERVENTION_CONTEXT_ID,
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

extern const struct record_kind intervention_kind;
extern const char *const intervention_statuses[];
extern const int intervention_status_count;

/* Records an intervention on a context the caller may read (else
 * DOMAIN_NOT_FOUND). The caller has checked the kind may be chosen. */
enum domain_status intervention_create(struct domain_context *ctx, const struct record_input *in, struct record *out);

/* Reads an intervention the caller may see, with its context (else
 * DOMAIN_NOT_FOUND); audited. */
enum domain_status intervention_read(struct domain_context *ctx, const char *id, struct record *out);

/* Changes an intervention the caller may change (audited as "update");
 * DOMAIN_FORBIDDEN when it may only read it. */
enum domain_status intervention_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                       struct record *out);

/* The interventions on a context the caller may see, newest first. */
enum domain_status intervention_list(struct domain_context *ctx, const char *context_id, const char *cursor, int limit,
                                     struct record *out, int *count, const char **next);

#endif
