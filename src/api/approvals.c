/* Approval handlers; see approvals.h. The rules live in
 * domain/account_approval.c; these parse, call and render. */
#include "api/approvals.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/render.h"
#include "auth/password.h"
#include "domain/account_approval.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

#define REASON_MAX_BYTES 2000

void api_approvals_list(struct request *req)
{
    int limit;
    const char *status = request_query(req, "status");
    if (!input_limit(req, &limit))
        return;
    if (status != NULL && strcmp(status, "pending") != 0 && strcmp(status, "approved") != 0 &&
        strcmp(status, "refused") != 0 && strcmp(status, "all") != 0) {
        respond_error(req, 400, "invalid_field", "status must be pending, approved, refused or all", "status");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    if (!approval_may_list(&ctx)) {
        respond_error(req, 403, "forbidden", "your role may not do this", NULL);
        return;
    }
    /* The cursor is the last item's "requested_at|id". */
    const char *cursor = request_query(req, "cursor");
    const char *bar = cursor ? strchr(cursor, '|') : NULL;
    const char *after_time = bar ? arena_strndup(req->arena, cursor, (size_t)(bar - cursor)) : NULL;
    const char *wanted = status == NULL ? "pending" : strcmp(status, "all") == 0 ? NULL : status;
    struct store_result r;
    if (approval_rows(&ctx, NULL, wanted, after_time, bar ? bar + 1 : NULL, limit + 1, &r) != STORE_OK) {
        respond_error(req, 503, "unavailable", "the requests could not be read", NULL);
        return;
    }
    const char *next = NULL;
    if (r.rows > limit) {
        r.rows = limit;
        next = arena_printf(req->arena, "%s|%s", store_cell_text(&r, limit - 1, "requested_at"),
                            store_cell_text(&r, limit - 1, "id"));
    }
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", render_rows(&r), "next_cursor", next));
}

/* Answers a decision that was not made. */
static void respond_undecided(struct request *req, enum domain_status status, const struct approval_outcome *out)
{
    if (status == DOMAIN_NOT_FOUND)
        respond_error(req, 404, "not_found", "no such request", NULL);
    else if (status == DOMAIN_FORBIDDEN)
        respond_error(req, 403, "forbidden", out->why, NULL);
    else if (status == DOMAIN_CONFLICT)
        respond_error(req, 409, "conflict", out->why, NULL);
    else
        respond_error(req, 503, "unavailable", "the decision could not be recorded; nothing changed", NULL);
}

/* Answers 200 with request id as it now stands, and extra's members. */
static void respond_request(struct request *req, struct domain_context *ctx, const char *id, json_t *extra)
{
    struct store_result r;
    if (approval_rows(ctx, id, NULL, NULL, NULL, 1, &r) != STORE_OK || r.rows != 1) {
        json_decref(extra);
        respond_error(req, 503, "unavailable", "the request could not be read back", NULL);
        return;
    }
    json_t *items = render_rows(&r);
    json_t *approval = json_incref(json_array_get(items, 0));
    json_decref(items);
    if (extra != NULL)
        json_object_update(approval, extra);
    json_decref(extra);
    respond_json(req, 200, approval);
}

void api_approvals_approve(struct request *req)
{
    const char *id = request_param(req, "id");
    struct domain_context ctx;
    api_context(req, &ctx);
    struct approval_outcome out;
    enum domain_status status = approval_approve(&ctx, id, &out);
    if (status != DOMAIN_OK) {
        respond_undecided(req, status, &out);
        return;
    }
    respond_request(req, &ctx, id,
                    json_pack("{s:s,s:s}", "setup_code", out.setup_code, "setup_code_expires_at",
                              out.setup_expires_at));
}

void api_approvals_refuse(struct request *req)
{
    const char *id = request_param(req, "id");
    const char *reason = input_required_string(req, "reason", REASON_MAX_BYTES);
    if (reason == NULL)
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct approval_outcome out;
    enum domain_status status = approval_refuse(&ctx, id, reason, &out);
    if (status != DOMAIN_OK) {
        respond_undecided(req, status, &out);
        return;
    }
    respond_request(req, &ctx, id, NULL);
}

void api_account_setup(struct request *req)
{
    const char *email, *code, *password;
    if (!(email = input_required_string(req, "email", 254)) || !(code = input_required_string(req, "code", 128)) ||
        !(password = input_required_string(req, "password", PASSWORD_MAX_BYTES)))
        return;
    const char *problem = password_policy_problem(password);
    if (problem != NULL) {
        respond_error(req, 400, "invalid_field", problem, "password");
        return;
    }
    char hash[PASSWORD_HASH_SIZE];
    if (!password_hash(password, hash)) {
        respond_error(req, 503, "unavailable", "the password could not be set; try again", NULL);
        return;
    }
    enum domain_status status =
        account_setup_complete(request_db(req), req->arena, email, code, hash, req->client_address);
    if (status == DOMAIN_NOT_FOUND)
        respond_error(req, 400, "invalid_field",
                      "code is not right for this email address, has been used, or has expired", "code");
    else if (status != DOMAIN_OK)
        respond_error(req, 503, "unavailable", "the password could not be set; try again", NULL);
    else
        respond_no_content(req);
}
