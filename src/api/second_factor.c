/* Second-factor handlers; see second_factor.h. Enrolment is two steps: a
 * new secret is shown (as a QR code and as text), and it is switched on
 * only when the user proves their app has it by entering a code. */
#include "api/second_factor.h"

#include <string.h>

#include "api/account.h"
#include "api/guard.h"
#include "api/input.h"
#include "api/render.h"
#include "auth/access.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/totp.h"
#include "domain/operation.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"

struct verified {
    const char *secret;
    int64_t step;
};

static enum store_status enable(struct store_conn *db, const char *user_id, const void *extra)
{
    const struct verified *v = extra;
    return user_enable_totp(db, user_id, v->secret, v->step);
}

static enum store_status disable(struct store_conn *db, const char *user_id, const void *extra)
{
    (void)extra;
    return user_disable_totp(db, user_id);
}

void api_second_factor_start(struct request *req)
{
    if (req->session->token_hash == NULL) {
        respond_error(req, 400, "no_session", "API tokens have no second factor", "Authorization");
        return;
    }
    const struct session_user *user = &req->session->user;
    const char *stored, *base32;
    totp_new_secret(req->arena, &stored, &base32);
    if (stored == NULL || base32 == NULL || user_set_totp_pending(request_db(req), user->id, stored) != STORE_OK) {
        respond_error(req, 503, "unavailable", "could not start setting up the second factor", NULL);
        return;
    }
    const char *uri = totp_uri(req->arena, base32, user->email);
    respond_json(req, 201, json_pack("{s:s,s:s,s:s?}", "secret", base32, "otpauth_uri", uri, "qr_code",
                                     totp_qr_data_uri(req->arena, uri)));
}

void api_second_factor_confirm(struct request *req)
{
    const char *code = input_required_string(req, "code", 16);
    if (code == NULL)
        return;
    struct user account;
    if (!account_read_own(req, &account))
        return;
    int64_t step = 0;
    if (account.totp_pending_secret == NULL) {
        respond_error(req, 409, "conflict", "start setting up the second factor first", NULL);
        return;
    }
    if (!totp_verify(account.totp_pending_secret, code, api_now(), 0, &step)) {
        respond_error(req, 400, "invalid_field", "the code is not right: check the time on your phone", "code");
        return;
    }
    struct verified verified = {account.totp_pending_secret, step};
    if (account_change_audited(req, "second factor switched on", enable, &verified))
        respond_no_content(req);
}

void api_second_factor_disable(struct request *req)
{
    const char *password = input_required_string(req, "password", PASSWORD_MAX_BYTES);
    if (password == NULL)
        return;
    struct user account;
    if (!account_read_own(req, &account))
        return;
    if (!password_verify(password, account.password_hash)) {
        respond_error(req, 400, "invalid_field", "password is not right", "password");
        return;
    }
    if (account.second_factor_required) {
        respond_error(req, 403, "forbidden", "the second factor is mandatory for your role", NULL);
        return;
    }
    if (account_change_audited(req, "second factor switched off", disable, NULL))
        respond_no_content(req);
}

void api_roles_list(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    if (!access_capability(ctx.conn, ctx.arena, &ctx.caller, CAPABILITY_MANAGE_USERS, "read", "roles", NULL).allowed) {
        respond_error(req, 403, "forbidden", "your role may not do this", NULL);
        return;
    }
    struct store_result r;
    if (role_settings_list(ctx.conn, req->arena, &r) != STORE_OK) {
        respond_error(req, 503, "unavailable", "the roles could not be read", NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o,s:n}", "items", render_rows(&r), "next_cursor"));
}

void api_roles_update(struct request *req)
{
    const char *role = request_param(req, "role");
    json_t *required = json_object_get(req->json, "second_factor_required");
    if (!json_is_boolean(required)) {
        respond_error(req, 400, "invalid_field", "second_factor_required must be true or false",
                      "second_factor_required");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    if (!access_capability(ctx.conn, ctx.arena, &ctx.caller, CAPABILITY_MANAGE_USERS, "update", "role", role).allowed) {
        respond_error(req, 403, "forbidden", "your role may not do this", NULL);
        return;
    }
    const struct session_user *me = &req->session->user;
    if (json_is_true(required) && strcmp(role, me->role) == 0 && !me->second_factor_enabled) {
        respond_error(req, 409, "conflict",
                      "set up your own second factor before making it mandatory for your role", NULL);
        return;
    }
    if (!user_role_is_valid(role) ||
        role_set_second_factor_required(ctx.conn, role, json_is_true(required)) != STORE_OK) {
        respond_error(req, 404, "not_found", "no such role", NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:s,s:b}", "role", role, "second_factor_required", json_is_true(required)));
}
