/* Outcome measure handlers: GET /api/v1/outcomes/measures (the framework)
 * and GET /api/v1/outcomes/measures/{code} (one measure's figures). */
#ifndef CSHUB_API_OUTCOMES_H
#define CSHUB_API_OUTCOMES_H

#include <jansson.h>

struct request;
struct domain_context;
struct outcome_figures;

void api_outcome_measures_list(struct request *req);
void api_outcome_measures_show(struct request *req);

/* A measure's figures as the API answers them (also a board report's sections). */
json_t *outcome_figures_json(struct request *req, struct domain_context *ctx, const struct outcome_figures *f);

#endif
