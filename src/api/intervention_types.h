/* The configurable list of kinds of contextual intervention:
 * /api/v1/intervention-types (list; add) and
 * /api/v1/intervention-types/{code} (relabel, reorder, retire). */
#ifndef CSHUB_API_INTERVENTION_TYPES_H
#define CSHUB_API_INTERVENTION_TYPES_H

struct request;

void api_intervention_types_list(struct request *req);
void api_intervention_types_create(struct request *req);
void api_intervention_types_update(struct request *req);

#endif
