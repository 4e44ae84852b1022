/* /api/v1/links and the links of a person or context. */
#ifndef CSHUB_API_LINKS_H
#define CSHUB_API_LINKS_H

struct request;

void api_links_create(struct request *req);
void api_links_show(struct request *req);
void api_links_update(struct request *req);
void api_people_links(struct request *req);
void api_contexts_links(struct request *req);

#endif
