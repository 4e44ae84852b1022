/* /api/v1/contexts: places, groups and spaces where harm happens. */
#ifndef CSHUB_API_CONTEXTS_H
#define CSHUB_API_CONTEXTS_H

struct request;

void api_contexts_list(struct request *req);
void api_contexts_create(struct request *req);
void api_contexts_show(struct request *req);
void api_contexts_update(struct request *req);

#endif
