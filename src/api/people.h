/* /api/v1/people: young people and adults of concern. */
#ifndef CSHUB_API_PEOPLE_H
#define CSHUB_API_PEOPLE_H

struct request;

void api_people_create(struct request *req);
void api_people_list(struct request *req);
void api_people_show(struct request *req);
void api_people_update(struct request *req);
void api_people_add_involvement(struct request *req);

/* GET /api/v1/people/{id}/duplicates: candidate records of the same young
 * person, scored with reasons. */
void api_people_duplicates(struct request *req);

#endif
