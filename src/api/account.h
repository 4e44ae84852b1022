/* /api/v1/account: the signed-in user's own account (password change), and
 * the audited-change helper the second-factor handlers share. */
#ifndef CSHUB_API_ACCOUNT_H
#define CSHUB_API_ACCOUNT_H

#include <stdbool.h>

#include "store/store.h"

struct request;
struct user;

/* One change to the signed-in user's own account row. */
typedef enum store_status (*account_change)(struct store_conn *db, const struct user *user, const void *extra);

/* Runs change and its audit event in one transaction; false (after
 * answering 503) when either fails, so nothing changes unaudited. */
bool account_change_audited(struct request *req, const char *reason, account_change change, const void *extra);

void api_account_change_password(struct request *req);

#endif
