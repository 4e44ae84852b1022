/* Administration handlers; see admin.h. Each checks the caller's
 * capability through the access policy, which audits the attempt. No one
 * widens their own reach here: an account in a role that reads children's
 * records waits for a second person (domain/account_approval.h), and a
 * token never does more than the person who makes it (auth/tokens.h). */
#include "api/admin.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/render.h"
#include "auth/access.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/tokens.h"
#include "domain/account_approval.h"
#include "domain/agency.h"
#include "domain/directory.h"
#include "domain/operation.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

/* Checks capability for the caller, auditing it as action on record_type;
 * answers 403 and returns false when refused. */
static bool permitted(struct request *req, struct domain_context *ctx, enum capability capability,
                      const char *action, const char *record_type, const char *record_id)
{
    api_context(req, ctx);
    if (access_capability(ctx->conn, ctx->arena, &ctx->caller, capability, action, record_type, record_id).allowed)
        return true;
    respond_error(req, 403, "forbidden", "your role may not do this", NULL);
    return false;
}

/* Answers the paged list in r (read with limit + 1 rows, so that the
 * extra one tells another page follows), or 503 when it was not read. */
static void respond_page(struct request *req, enum store_status status, struct store_result *r, int limit)
{
    if (status != STORE_OK) {
        respond_error(req, 503, "unavailable", "the list could not be read", NULL);
        return;
    }
    const char *next = render_next_cursor(r, limit, "id");
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", render_rows(r), "next_cursor", next));
}

void api_agencies_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct store_result r;
    respond_page(req, directory_agencies(&ctx, request_query(req, "cursor"), limit + 1, &r), &r, limit);
}

void api_agencies_create(struct request *req)
{
    const char *name, *kind;
    if (!(name = input_required_string(req, "name", 200)) ||
        !input_choice(req, "kind", agency_kinds, agency_kind_count, true, &kind))
        return;
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_AGENCIES, "create", "agency", NULL))
        return;
    const char *id = NULL;
    enum store_status status = agency_create(ctx.conn, req->arena, name, kind, &id);
    if (status == STORE_CONSTRAINT) {
        respond_error(req, 409, "conflict", "an agency with that name exists", "name");
        return;
    }
    if (status != STORE_OK) {
        respond_error(req, 503, "unavailable", "the agency could not be saved", NULL);
        return;
    }
    respond_json(req, 201, json_pack("{s:s,s:s,s:s}", "id", id, "name", name, "kind", kind));
}

void api_users_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_USERS, "read", "users", NULL))
        return;
    struct store_result r;
    respond_page(req, directory_users(&ctx, request_query(req, "cursor"), limit + 1, &r), &r, limit);
}

static void respond_user(struct request *req, struct domain_context *ctx, unsigned status, const char *id)
{
    struct store_result r;
    if (directory_user(ctx, id, &r) != STORE_OK || r.rows != 1) {
        respond_error(req, 404, "not_found", "no such user", NULL);
        return;
    }
    json_t *items = render_rows(&r);
    json_t *user = json_incref(json_array_get(items, 0));
    json_decref(items);
    respond_json(req, status, user);
}

/* Answers 202 with the pending request id (approvals.h renders it). */
static void respond_pending(struct request *req, struct domain_context *ctx, const char *approval_id)
{
    struct store_result r;
    if (approval_rows(ctx, approval_id, NULL, NULL, NULL, 1, &r) != STORE_OK || r.rows != 1) {
        respond_error(req, 503, "unavailable", "the request could not be read back", NULL);
        return;
    }
    json_t *items = render_rows(&r);
    json_t *approval = json_incref(json_array_get(items, 0));
    json_decref(items);
    respond_json(req, 202, approval);
}

/* Asks for request (an account in a role that reads children's records):
 * pending until a second person approves it. */
static void request_approval(struct request *req, struct domain_context *ctx, const struct approval_request *request)
{
    const char *id = NULL;
    enum domain_status status = approval_request(ctx, request, &id);
    if (status == DOMAIN_CONFLICT)
        respond_error(req, 409, "conflict",
                      request->user_id ? "a change of this account is waiting for approval already"
                                       : "a user with that email exists, or is waiting for approval",
                      request->user_id ? "role" : "email");
    else if (status != DOMAIN_OK)
        respond_error(req, 503, "unavailable", "the request could not be saved", NULL);
    else
        respond_pending(req, ctx, id);
}

/* Creates an account in a role that reads no child's record, with the
 * first password the admin gives. */
static void create_user_directly(struct request *req, struct domain_context *ctx, const char *email, const char *name,
                                 const char *agency_id, const char *role, const char *password)
{
    char hash[PASSWORD_HASH_SIZE];
    const char *id = NULL;
    enum store_status status = password_hash(password, hash) ? user_create(ctx->conn, req->arena, email, name,
                                                                           agency_id, role, hash, &id)
                                                             : STORE_ERROR;
    if (status == STORE_CONSTRAINT) {
        respond_error(req, 409, "conflict", "a user with that email exists", "email");
        return;
    }
    if (status != STORE_OK) {
        respond_error(req, 503, "unavailable", "the user could not be saved", NULL);
        return;
    }
    respond_user(req, ctx, 201, id);
}

/* The password field of a new account: required for a role that reads no
 * child's record, refused for one that does (that person sets their own
 * after approval). False after answering 400. */
static bool read_first_password(struct request *req, bool reads_records, const char **password)
{
    if (!input_optional_string(req, "password", PASSWORD_MAX_BYTES, password))
        return false;
    if (reads_records && *password != NULL)
        return input_refuse(req, "password",
                            "must be left out: an account that reads children's records sets its own password "
                            "with a set-up code once a second person has approved it");
    if (!reads_records && *password == NULL)
        return input_refuse(req, "password", "is required");
    const char *problem = *password ? password_policy_problem(*password) : NULL;
    if (problem != NULL) {
        respond_error(req, 400, "invalid_field", problem, "password");
        return false;
    }
    return true;
}

void api_users_create(struct request *req)
{
    const char *email, *name, *agency_id, *role, *password;
    if (!(email = input_required_string(req, "email", 254)) || !(name = input_required_string(req, "name", 200)) ||
        !(agency_id = input_required_string(req, "agency_id", 64)) ||
        !input_choice(req, "role", user_roles, user_role_count, true, &role))
        return;
    if (strchr(email, '@') == NULL) {
        respond_error(req, 400, "invalid_field", "email must be an email address", "email");
        return;
    }
    bool reads_records = user_role_reads_records(role);
    if (!read_first_password(req, reads_records, &password))
        return;
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_USERS, "create", "user", NULL))
        return;
    if (!agency_exists(ctx.conn, req->arena, agency_id)) {
        respond_error(req, 400, "invalid_field", "agency_id is not an agency of the partnership", "agency_id");
        return;
    }
    if (reads_records) {
        const struct approval_request request = {.email = email, .name = name, .role = role, .agency_id = agency_id};
        request_approval(req, &ctx, &request);
        return;
    }
    create_user_directly(req, &ctx, email, name, agency_id, role, password);
}

/* PATCH {"active": ...}: enables or disables the user. */
static void update_active(struct request *req, const char *id, json_t *active)
{
    if (!json_is_boolean(active)) {
        respond_error(req, 400, "invalid_field", "active must be true or false", "active");
        return;
    }
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_USERS, "update", "user", id))
        return;
    enum store_status status = id_is_valid(id) ? user_set_active(ctx.conn, id, json_is_true(active)) : STORE_CONSTRAINT;
    if (status == STORE_CONSTRAINT) {
        respond_error(req, 404, "not_found", "no such user", NULL);
        return;
    }
    if (status != STORE_OK) {
        respond_error(req, 503, "unavailable", "the user could not be saved", NULL);
        return;
    }
    respond_user(req, &ctx, 200, id);
}

/* Moves user to role in agency_id: at once into a role that reads no
 * child's record, otherwise as a request a second person must approve. */
static void change_reach(struct request *req, struct domain_context *ctx, const struct user *user, const char *role,
                         const char *agency_id)
{
    if (strcmp(role, user->role) == 0 && strcmp(agency_id, user->agency_id) == 0) {
        respond_user(req, ctx, 200, user->id);
        return;
    }
    if (user_role_reads_records(role)) {
        const struct approval_request request = {.user_id = user->id, .name = user->name, .role = role,
                                                 .agency_id = agency_id, .previous_role = user->role,
                                                 .previous_agency_id = user->agency_id};
        request_approval(req, ctx, &request);
        return;
    }
    if (user_set_role(ctx->conn, user->id, role, agency_id) != STORE_OK) {
        respond_error(req, 503, "unavailable", "the user could not be saved", NULL);
        return;
    }
    respond_user(req, ctx, 200, user->id);
}

/* PATCH {"role": ..., "agency_id": ...}: one or both. */
static void update_role_or_agency(struct request *req, const char *id)
{
    const char *role, *agency_id;
    if (!input_choice(req, "role", user_roles, user_role_count, false, &role) ||
        !input_optional_string(req, "agency_id", 64, &agency_id))
        return;
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_USERS, "update", "user", id))
        return;
    struct user user;
    if (!id_is_valid(id) || !user_find_by_id(ctx.conn, req->arena, id, &user)) {
        respond_error(req, 404, "not_found", "no such user", NULL);
        return;
    }
    if (agency_id != NULL && !agency_exists(ctx.conn, req->arena, agency_id)) {
        respond_error(req, 400, "invalid_field", "agency_id is not an agency of the partnership", "agency_id");
        return;
    }
    change_reach(req, &ctx, &user, role ? role : user.role, agency_id ? agency_id : user.agency_id);
}

void api_users_update(struct request *req)
{
    const char *id = request_param(req, "id");
    json_t *active = json_object_get(req->json, "active");
    bool moves = json_object_get(req->json, "role") != NULL || json_object_get(req->json, "agency_id") != NULL;
    if (active != NULL && moves) {
        respond_error(req, 400, "invalid_field", "active must be changed on its own, not with role or agency_id",
                      "active");
        return;
    }
    if (moves)
        update_role_or_agency(req, id);
    else if (active != NULL)
        update_active(req, id, active);
    else
        respond_error(req, 400, "invalid_field", "active, role or agency_id is required", "active");
}

/* Whether the caller may see and revoke every token (admins); others see
 * and revoke only their own. */
static bool manages_every_token(struct domain_context *ctx)
{
    return access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_TOKENS, NULL, NULL, NULL).allowed;
}

void api_tokens_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    bool every = manages_every_token(&ctx);
    if (every && !permitted(req, &ctx, CAPABILITY_MANAGE_TOKENS, "read", "api_tokens", NULL))
        return;
    struct store_result r;
    enum store_status status = directory_tokens(&ctx, every ? NULL : ctx.caller.user_id,
                                                request_query(req, "cursor"), limit + 1, &r);
    respond_page(req, status, &r, limit);
}

/* Refuses (audited) the caller's token; *field and *code as token_refusal. */
static void refuse_token(struct request *req, struct domain_context *ctx, const char *why, const char *field,
                         const char *code)
{
    access_refused(ctx->conn, ctx->arena, &ctx->caller, "create", "api_token", NULL, why);
    respond_error(req, 403, code, why, field);
}

void api_tokens_create(struct request *req)
{
    const char *name, *agency_id, *role;
    if (!(name = input_required_string(req, "name", 200)) ||
        !input_choice(req, "role", user_roles, user_role_count, false, &role) ||
        !input_optional_string(req, "agency_id", 64, &agency_id))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    if (ctx.caller.is_token) {
        refuse_token(req, &ctx, "a token is made by a person signed in, not by another token", "Authorization",
                     "forbidden");
        return;
    }
    const struct session_user *me = &req->session->user;
    const char *field = NULL, *code = NULL;
    const char *why = token_refusal(ctx.conn, req->arena, me, role ? role : me->role,
                                    agency_id ? agency_id : me->agency_id, &field, &code);
    if (why != NULL) {
        refuse_token(req, &ctx, why, field, code);
        return;
    }
    role = role ? role : me->role;
    const char *id = NULL, *secret = NULL;
    if (token_create(ctx.conn, req->arena, me, name, role, ctx.caller.client_address, &id, &secret) != STORE_OK) {
        respond_error(req, 503, "unavailable", "the token could not be saved", NULL);
        return;
    }
    respond_json(req, 201, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "id", id, "name", name, "agency_id", me->agency_id,
                                     "role", role, "token", secret, "second_factor", me->second_factor_enabled));
}

void api_tokens_revoke(struct request *req)
{
    const char *id = request_param(req, "id");
    struct domain_context ctx;
    api_context(req, &ctx);
    bool every = manages_every_token(&ctx);
    if (every && !permitted(req, &ctx, CAPABILITY_MANAGE_TOKENS, "delete", "api_token", id))
        return;
    enum store_status status = token_revoke(ctx.conn, req->arena, id, every ? NULL : ctx.caller.user_id);
    if (status == STORE_CONSTRAINT)
        respond_error(req, 404, "not_found", "no such live token of yours", NULL);
    else if (status != STORE_OK)
        respond_error(req, 503, "unavailable", "the token could not be revoked", NULL);
    else
        respond_no_content(req);
}
