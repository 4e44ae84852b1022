/* Administration handlers; see admin.h. Each checks the caller's
 * capability through the access policy, which audits the attempt. */
#include "api/admin.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/render.h"
#include "auth/access.h"
#include "auth/password.h"
#include "auth/tokens.h"
#include "domain/agency.h"
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

/* Runs a page of sql (ordered by name, id; parameters: cursor, cursor,
 * cursor, limit + 1) and answers the paged list. */
static void respond_page(struct request *req, struct domain_context *ctx, const char *sql, int limit)
{
    const char *cursor = request_query(req, "cursor");
    const struct store_value p[] = {store_text(cursor), store_text(cursor), store_text(cursor), store_int(limit + 1)};
    struct store_result r;
    if (store_query(ctx->conn, req->arena, sql, p, 4, &r) != STORE_OK) {
        respond_error(req, 503, "unavailable", "the list could not be read", NULL);
        return;
    }
    const char *next = render_next_cursor(&r, limit, "id");
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", render_rows(&r), "next_cursor", next));
}

/* The page condition for "ORDER BY name, id" with the last id seen as cursor. */
#define AFTER_CURSOR(table) "(? IS NULL OR (t.name, t.id) > ((SELECT name FROM " table " WHERE id = ?), ?))"

void api_agencies_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    respond_page(req, &ctx,
                 "SELECT t.id, t.name, t.kind, t.created_at FROM agencies t WHERE " AFTER_CURSOR("agencies")
                 " ORDER BY t.name, t.id LIMIT ?",
                 limit);
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

#define USER_COLUMNS "t.id, t.email, t.name, t.role, t.agency_id, t.active, t.created_at"

void api_users_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_USERS, "read", "users", NULL))
        return;
    respond_page(req, &ctx,
                 "SELECT " USER_COLUMNS " FROM users t WHERE " AFTER_CURSOR("users") " ORDER BY t.name, t.id LIMIT ?",
                 limit);
}

static void respond_user(struct request *req, struct domain_context *ctx, unsigned status, const char *id)
{
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    if (store_query(ctx->conn, req->arena, "SELECT " USER_COLUMNS " FROM users t WHERE t.id = ?", p, 1, &r) != STORE_OK ||
        r.rows != 1) {
        respond_error(req, 404, "not_found", "no such user", NULL);
        return;
    }
    json_t *items = render_rows(&r);
    json_t *user = json_incref(json_array_get(items, 0));
    json_decref(items);
    respond_json(req, status, user);
}

void api_users_create(struct request *req)
{
    const char *email, *name, *agency_id, *role, *password;
    if (!(email = input_required_string(req, "email", 254)) || !(name = input_required_string(req, "name", 200)) ||
        !(agency_id = input_required_string(req, "agency_id", 64)) ||
        !input_choice(req, "role", user_roles, user_role_count, true, &role) ||
        !(password = input_required_string(req, "password", PASSWORD_MAX_BYTES)))
        return;
    if (strchr(email, '@') == NULL) {
        respond_error(req, 400, "invalid_field", "email must be an email address", "email");
        return;
    }
    const char *problem = password_policy_problem(password);
    if (problem != NULL) {
        respond_error(req, 400, "invalid_field", problem, "password");
        return;
    }
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_USERS, "create", "user", NULL))
        return;
    if (!agency_exists(ctx.conn, req->arena, agency_id)) {
        respond_error(req, 400, "invalid_field", "agency_id is not an agency of the partnership", "agency_id");
        return;
    }
    char hash[PASSWORD_HASH_SIZE];
    const char *id = NULL;
    enum store_status status = password_hash(password, hash) ? user_create(ctx.conn, req->arena, email, name, agency_id,
                                                                           role, hash, &id)
                                                             : STORE_ERROR;
    if (status == STORE_CONSTRAINT) {
        respond_error(req, 409, "conflict", "a user with that email exists", "email");
        return;
    }
    if (status != STORE_OK) {
        respond_error(req, 503, "unavailable", "the user could not be saved", NULL);
        return;
    }
    respond_user(req, &ctx, 201, id);
}

void api_users_update(struct request *req)
{
    const char *id = request_param(req, "id");
    json_t *active = json_object_get(req->json, "active");
    if (active == NULL || !json_is_boolean(active)) {
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

void api_tokens_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_TOKENS, "read", "api_tokens", NULL))
        return;
    respond_page(req, &ctx,
                 "SELECT t.id, t.name, t.agency_id, t.role, t.created_at, t.revoked_at, t.last_used_at "
                 "FROM api_tokens t WHERE " AFTER_CURSOR("api_tokens") " ORDER BY t.name, t.id LIMIT ?",
                 limit);
}

void api_tokens_create(struct request *req)
{
    static const char *const token_roles[] = {"coordinator", "practitioner", "analyst", "board_viewer"};
    const char *name, *agency_id, *role;
    if (!(name = input_required_string(req, "name", 200)) ||
        !(agency_id = input_required_string(req, "agency_id", 64)) ||
        !input_choice(req, "role", token_roles, 4, true, &role))
        return;
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_TOKENS, "create", "api_token", NULL))
        return;
    if (!agency_exists(ctx.conn, req->arena, agency_id)) {
        respond_error(req, 400, "invalid_field", "agency_id is not an agency of the partnership", "agency_id");
        return;
    }
    const char *id = NULL, *secret = NULL;
    if (token_create(ctx.conn, req->arena, name, agency_id, role, ctx.caller.user_id, &id, &secret) != STORE_OK) {
        respond_error(req, 503, "unavailable", "the token could not be saved", NULL);
        return;
    }
    respond_json(req, 201, json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", id, "name", name, "agency_id", agency_id, "role",
                                     role, "token", secret));
}

void api_tokens_revoke(struct request *req)
{
    const char *id = request_param(req, "id");
    struct domain_context ctx;
    if (!permitted(req, &ctx, CAPABILITY_MANAGE_TOKENS, "delete", "api_token", id))
        return;
    enum store_status status = token_revoke(ctx.conn, req->arena, id);
    if (status == STORE_CONSTRAINT)
        respond_error(req, 404, "not_found", "no such live token", NULL);
    else if (status != STORE_OK)
        respond_error(req, 503, "unavailable", "the token could not be revoked", NULL);
    else
        respond_no_content(req);
}
