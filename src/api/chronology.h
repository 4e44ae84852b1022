/* /api/v1/people/{id}/chronology and /api/v1/contexts/{id}/chronology. */
#ifndef CSHUB_API_CHRONOLOGY_H
#define CSHUB_API_CHRONOLOGY_H

struct request;

void api_people_chronology(struct request *req);
void api_contexts_chronology(struct request *req);

#endif
