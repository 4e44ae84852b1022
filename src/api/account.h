/* /api/v1/account: the signed-in user's own account (password change). */
#ifndef CSHUB_API_ACCOUNT_H
#define CSHUB_API_ACCOUNT_H

struct request;

void api_account_change_password(struct request *req);

#endif
