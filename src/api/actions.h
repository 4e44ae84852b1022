/* HTTP handlers for actions agreed by the partnership. */
#ifndef CSHUB_API_ACTIONS_H
#define CSHUB_API_ACTIONS_H

struct request;

void api_actions_list(struct request *req);
void api_actions_create(struct request *req);
void api_actions_show(struct request *req);
void api_actions_update(struct request *req);

#endif
