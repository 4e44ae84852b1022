/* Contextual interventions: /api/v1/contexts/{id}/interventions (record
 * one, list a context's) and /api/v1/interventions/{id} (read, update its
 * status, end date, outcome and description). */
#ifndef CSHUB_API_INTERVENTIONS_H
#define CSHUB_API_INTERVENTIONS_H

#include <jansson.h>

struct request;
struct domain_context;
struct record;

void api_interventions_create(struct request *req);
void api_interventions_list(struct request *req);
void api_person_interventions_create(struct request *req);
void api_person_interventions_list(struct request *req);
void api_interventions_show(struct request *req);
void api_interventions_update(struct request *req);

/* An intervention as JSON, with "type_label": its kind's label (for
 * chronologies too). */
json_t *intervention_json(struct domain_context *ctx, const struct record *r);

#endif
