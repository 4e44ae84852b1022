/* HTTP handler for the staff of a partner agency (ids and names of its
 * active users), for choosing who does an action. */
#ifndef CSHUB_API_STAFF_H
#define CSHUB_API_STAFF_H

struct request;

void api_agency_users_list(struct request *req);

#endif
