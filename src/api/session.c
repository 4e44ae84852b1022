/* Sign-in, session lookup and sign-out handlers. A wrong password and an
 * unknown or disabled account get the same status, body and (through
 * password_verify's dummy hash) comparable time. */
#include "api/session.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "auth/totp.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "http/server.h"
#include "util/arena.h"

static json_t *user_json(const struct session_user *user)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s},s:{s:b,s:b}}", "id", user->id, "email", user->email, "name",
                     user->name, "role", user->role, "agency", "id", user->agency_id, "name", user->agency_name,
                     "second_factor", "enabled", user->second_factor_enabled, "required",
                     user->second_factor_required);
}

/* What the session keeps of the account just signed in to: no secret. */
static struct session_user session_user_of(const struct user *user)
{
    return (struct session_user){.id = user->id, .email = user->email, .name = user->name, .role = user->role,
                                 .agency_id = user->agency_id, .agency_name = user->agency_name,
                                 .second_factor_enabled = user->totp_secret != NULL,
                                 .second_factor_required = user->second_factor_required};
}

static void set_session_cookie(struct request *req, const char *token, long max_age)
{
    const char *secure = req->server->options.secure_cookies ? "; Secure" : "";
    respond_add_header(req, "Set-Cookie",
                       arena_printf(req->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
                                    SESSION_COOKIE, token, max_age, secure));
}

/* Records a session event for the account user_id of agency_id (both
 * NULL for an unknown account). */
static enum store_status audit_session(struct request *req, const char *action, const char *user_id,
                                       const char *agency_id, const char *reason)
{
    struct audit_event event = {
        .user_id = user_id,
        .agency_id = agency_id,
        .action = action,
        .outcome = strcmp(action, "sign_in_failed") == 0 ? "denied" : "allowed",
        .record_type = "user",
        .record_id = user_id,
        .reason = reason,
        .client_address = req->client_address,
    };
    return audit_append(request_db(req), req->arena, &event);
}

/* For an account with the second factor on: checks "code". Answers and
 * returns false when it is missing or wrong (a wrong code counts as a
 * failed sign-in). */
static bool second_factor_passes(struct request *req, const struct user *user, const char *email)
{
    if (user->totp_secret == NULL)
        return true;
    const char *code;
    if (!input_optional_string(req, "code", 16, &code))
        return false;
    if (code == NULL) {
        respond_error(req, 401, "second_factor_required", "enter the 6-digit code from your authenticator app",
                      "code");
        return false;
    }
    struct store_conn *db = request_db(req);
    int64_t step = 0;
    if (!totp_verify(user->totp_secret, code, api_now(), user->totp_last_step, &step) ||
        user_record_totp_step(db, user->id, step) != STORE_OK) {
        audit_session(req, "sign_in_failed", user->id, user->agency_id, "second factor");
        throttle_record_failure(db, req->arena, &throttle_default_limits, email, req->client_address, api_now());
        respond_error(req, 401, "invalid_second_factor", "the code is not right, or has been used already", "code");
        return false;
    }
    return true;
}

void api_session_create(struct request *req)
{
    const char *email = input_required_string(req, "email", 254);
    if (email == NULL)
        return;
    const char *password = input_required_string(req, "password", PASSWORD_MAX_BYTES);
    if (password == NULL)
        return;
    struct store_conn *db = request_db(req);
    int64_t retry_after = 0;
    if (throttle_blocked(db, req->arena, &throttle_default_limits, email, req->client_address, api_now(),
                         &retry_after)) {
        audit_session(req, "sign_in_failed", NULL, NULL, "throttled");
        respond_add_header(req, "Retry-After", arena_printf(req->arena, "%lld", (long long)retry_after));
        respond_error(req, 429, "too_many_attempts",
                      arena_printf(req->arena, "too many failed sign-ins; try again in %lld minutes",
                                   (long long)(retry_after + 59) / 60),
                      NULL);
        return;
    }
    struct user user;
    bool found = user_find_by_email(db, req->arena, email, &user);
    bool verified = password_verify(password, found ? user.password_hash : NULL);
    if (!found || !verified || !user.active) {
        audit_session(req, "sign_in_failed", found ? user.id : NULL, found ? user.agency_id : NULL, NULL);
        throttle_record_failure(db, req->arena, &throttle_default_limits, email, req->client_address, api_now());
        respond_error(req, 401, "invalid_credentials", "the email address or password is not right", NULL);
        return;
    }
    if (!second_factor_passes(req, &user, email))
        return;
    if (audit_session(req, "sign_in", user.id, user.agency_id, NULL) != STORE_OK) {
        respond_error(req, 503, "unavailable", "could not start a session; try again", NULL);
        return; /* no sign-in goes unrecorded */
    }
    throttle_clear(db, req->arena, email);
    struct session_user signed_in = session_user_of(&user);
    api_session_start(req, &signed_in, 201);
}

void api_session_start(struct request *req, const struct session_user *user, unsigned status)
{
    const char *csrf = NULL;
    const char *token = session_start(request_db(req), req->arena, user->id, api_now(), &csrf);
    if (token == NULL) {
        respond_error(req, 503, "unavailable", "could not start a session; try again", NULL);
        return;
    }
    req->user_id = user->id;
    set_session_cookie(req, token, req->server->options.session_lifetime_seconds);
    respond_json(req, status, json_pack("{s:o,s:s}", "user", user_json(user), "csrf_token", csrf));
}

/* API tokens authenticate each request; they have no session to show or end. */
static bool refuse_token(struct request *req)
{
    if (req->session->token_hash != NULL)
        return false;
    respond_error(req, 400, "no_session", "API tokens have no session", "Authorization");
    return true;
}

void api_session_show(struct request *req)
{
    if (refuse_token(req))
        return;
    respond_json(req, 200, json_pack("{s:o,s:s}", "user", user_json(&req->session->user), "csrf_token",
                                     req->session->csrf_token));
}

void api_session_delete(struct request *req)
{
    if (refuse_token(req))
        return;
    session_end(request_db(req), req->session->token_hash);
    audit_session(req, "sign_out", req->session->user.id, req->session->user.agency_id, NULL);
    set_session_cookie(req, "", 0);
    respond_no_content(req);
}
