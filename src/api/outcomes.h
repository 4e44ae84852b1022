/* Outcome measure handlers: GET /api/v1/outcomes/measures (the framework)
 * and GET /api/v1/outcomes/measures/{code} (one measure's figures). */
#ifndef CSHUB_API_OUTCOMES_H
#define CSHUB_API_OUTCOMES_H

struct request;

void api_outcome_measures_list(struct request *req);
void api_outcome_measures_show(struct request *req);

#endif
