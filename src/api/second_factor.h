/* The signed-in user's second factor (enrol, confirm, turn off) and the
 * admin's per-role setting that makes it mandatory. */
#ifndef CSHUB_API_SECOND_FACTOR_H
#define CSHUB_API_SECOND_FACTOR_H

struct request;

void api_second_factor_start(struct request *req);
void api_second_factor_confirm(struct request *req);
void api_second_factor_disable(struct request *req);
void api_roles_list(struct request *req);
void api_roles_update(struct request *req);

#endif
