/* Administration: agencies and users (admins only, except that any
 * signed-in user may list the agencies), and API tokens: anyone signed in
 * makes their own, within their role and agency, and lists and revokes
 * their own; admins list and revoke every token. An account in a role that
 * reads children's records, new or moved there, is answered 202: a request
 * waiting for a second person (api/approvals.h). */
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
