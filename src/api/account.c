/* The signed-in user's own account. Changing one's password: the current
 * password must be given, the new one must meet the policy; every session of
 * the user ends and the caller gets a fresh one. */
#include "api/account.h"

#include "api/guard.h"
#include "api/input.h"
#include "api/session.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"

bool account_change_audited(struct request *req, const char *reason, user_change change, const void *extra)
{
    const struct session_user *user = &req->session->user;
    struct audit_event event = {.user_id = user->id, .agency_id = user->agency_id, .action = "update",
                                .record_type = "user", .record_id = user->id, .reason = reason,
                                .client_address = req->client_address};
    if (user_change_audited(request_db(req), req->arena, user->id, change, extra, &event) == STORE_OK)
        return true;
    respond_error(req, 503, "unavailable", "your account could not be changed; try again", NULL);
    return false;
}

bool account_read_own(struct request *req, struct user *out)
{
    if (req->session->token_hash == NULL) {
        respond_error(req, 400, "no_session", "API tokens have no account of their own to change", "Authorization");
        return false;
    }
    if (!user_find_by_id(request_db(req), req->arena, req->session->user.id, out)) {
        respond_error(req, 503, "unavailable", "your account could not be read; try again", NULL);
        return false;
    }
    return true;
}

static enum store_status set_password(struct store_conn *db, const char *user_id, const void *hash)
{
    return user_set_password(db, user_id, hash);
}

void api_account_change_password(struct request *req)
{
    const char *current = input_required_string(req, "current_password", PASSWORD_MAX_BYTES);
    if (current == NULL)
        return;
    const char *wanted = input_required_string(req, "new_password", PASSWORD_MAX_BYTES);
    if (wanted == NULL)
        return;
    struct user account;
    if (!account_read_own(req, &account))
        return;
    if (!password_verify(current, account.password_hash)) {
        respond_error(req, 400, "invalid_field", "current_password is not right", "current_password");
        return;
    }
    const char *problem = password_policy_problem(wanted);
    if (problem != NULL) {
        respond_error(req, 400, "invalid_field", problem, "new_password");
        return;
    }
    char hash[PASSWORD_HASH_SIZE];
    if (!password_hash(wanted, hash)) {
        respond_error(req, 503, "unavailable", "the password could not be changed; try again", NULL);
        return;
    }
    if (!account_change_audited(req, "password changed", set_password, hash))
        return;
    api_session_start(req, &req->session->user, 200);
}
