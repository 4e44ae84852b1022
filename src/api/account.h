/* /api/v1/account: the signed-in user's own account (password change), and
 * what the second-factor handlers share with it: the audited change, and
 * reading the account's secrets at the moment one must be checked (the
 * session never holds them, auth/session.h). */
#ifndef CSHUB_API_ACCOUNT_H
#define CSHUB_API_ACCOUNT_H

#include <stdbool.h>

#include "domain/user.h"

struct request;

/* Runs change on the signed-in user's account and its audit event in one
 * transaction; false (after answering 503) when either fails, so nothing
 * changes unaudited. */
bool account_change_audited(struct request *req, const char *reason, user_change change, const void *extra);

/* Reads the signed-in user's own account, secrets included, for a handler
 * that must check one now and keeps it no longer than the request. False
 * after answering: 400 for an API token (it has no account of its own),
 * 503 when the account cannot be read. */
bool account_read_own(struct request *req, struct user *out);

void api_account_change_password(struct request *req);

#endif
