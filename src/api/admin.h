/* Administration: agencies, users and API tokens (admins only, except that
 * any signed-in user may list the agencies). */
#ifndef CSHUB_API_ADMIN_H
#define CSHUB_API_ADMIN_H

struct request;

void api_agencies_list(struct request *req);
void api_agencies_create(struct request *req);
void api_users_list(struct request *req);
void api_users_create(struct request *req);
void api_users_update(struct request *req);
void api_tokens_list(struct request *req);
void api_tokens_create(struct request *req);
void api_tokens_revoke(struct request *req);

#endif
