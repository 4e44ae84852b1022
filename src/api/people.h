/* /api/v1/people: young people and adults of concern. */
#ifndef CSHUB_API_PEOPLE_H
#define CSHUB_API_PEOPLE_H

struct request;

void api_people_create(struct request *req);
void api_people_list(struct request *req);
void api_people_show(struct request *req);
void api_people_update(struct request *req);
void api_people_add_involvement(struct request *req);

#endif
