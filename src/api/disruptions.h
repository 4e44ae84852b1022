/* Disruption against adults of concern and contexts: /api/v1/disruptions
 * (record one; list an adult's or a context's with ?person_id= or
 * ?context_id=) and /api/v1/disruptions/{id} (read; update its result,
 * outcome date and notes). */
#ifndef CSHUB_API_DISRUPTIONS_H
#define CSHUB_API_DISRUPTIONS_H

#include <jansson.h>

struct request;
struct domain_context;
struct record;

void api_disruptions_create(struct request *req);
void api_disruptions_list(struct request *req);
void api_disruptions_show(struct request *req);
void api_disruptions_update(struct request *req);

/* A disruption as JSON, with "tactic_label" and "target_type" ("person"
 * or "context"), for chronologies too. */
json_t *disruption_json(struct domain_context *ctx, const struct record *r);

#endif
