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
#include "store/store.h"

/* Runs change and its audit event in one transaction; false (after
 * answering 503) when either fails, so nothing changes unaudited. */
bool account_change_audited(struct request *req, const char *reason, account_change change, const void *extra)
{
    const struct user *user = &req->session->user;
    struct store_conn *db = request_db(req);
    struct audit_event event = {.user_id = user->id, .agency_id = user->agency_id, .action = "update",
                                .record_type = "user", .record_id = user->id, .reason = reason,
                                .client_address = req->client_address};
    enum store_status status = store_begin(db);
    if (status == STORE_OK)
        status = change(db, user, extra);
    if (status == STORE_OK)
        status = audit_append(db, req->arena, &event);
    if (status == STORE_OK)
        status = store_commit(db);
    else
        store_rollback(db);
    if (status != STORE_OK)
        respond_error(req, 503, "unavailable", "your account could not be changed; try again", NULL);
    return status == STORE_OK;
}

static enum store_status set_password(struct store_conn *db, const struct user *user, const void *hash)
{
    return user_set_password(db, user->id, hash);
}

void api_account_change_password(struct request *req)
{
    const char *current = input_required_string(req, "current_password", PASSWORD_MAX_BYTES);
    if (current == NULL)
        return;
    const char *wanted = input_required_string(req, "new_password", PASSWORD_MAX_BYTES);
    if (wanted == NULL)
        return;
    struct user *user = &req->session->user;
    if (!password_verify(current, user->password_hash)) {
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
    api_session_start(req, user, 200);
}
