/* Accounts that read children's records wait for a second person; see
 * account_approval.h. */
#include "domain/account_approval.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "domain/user.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"
#include "util/log.h"

#define SETUP_CODE_PREFIX "setup_"

enum store_status account_alert_raise(struct store_conn *conn, const char *kind, const char *user_id,
                                      const char *record_type, const char *record_id, const char *reason)
{
    char id[ID_TEXT_LEN + 1], created[CLOCK_TEXT_SIZE];
    id_generate(id);
    log_format_time(created, sizeof created); /* to the millisecond, as clock_now_text() */
    const struct store_value p[] = {store_text(id),        store_text(kind),   store_text(user_id),
                                    store_text(record_type), store_text(record_id), store_text(reason),
                                    store_text(created)};
    return store_exec(conn,
                      "INSERT INTO alerts (id, kind, user_id, record_type, record_id, reason, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      p, 7, NULL);
}

/* ---- reading requests ------------------------------------------------- */

enum store_status approval_rows(struct domain_context *ctx, const char *id, const char *status,
                                const char *after_time, const char *after_id, int limit, struct store_result *out)
{
    const char *time_bound = after_time ? after_time : "~", *id_bound = after_id ? after_id : "~";
    const struct store_value p[] = {store_text(id),         store_text(id),         store_text(status),
                                    store_text(status),     store_text(time_bound), store_text(time_bound),
                                    store_text(id_bound),   store_int(limit)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT p.id, p.kind, p.status, p.user_id, COALESCE(p.email, u.email) AS email, p.name, "
                       "p.role, p.agency_id, g.name AS agency_name, p.previous_role, p.previous_agency_id, "
                       "pg.name AS previous_agency_name, p.requested_by, "
                       "COALESCE(rq.name, 'API token: ' || tk.name) AS requested_by_name, p.requested_at, "
                       "p.decided_by, d.name AS decided_by_name, p.decided_at, p.reason "
                       "FROM account_approvals p JOIN agencies g ON g.id = p.agency_id "
                       "LEFT JOIN agencies pg ON pg.id = p.previous_agency_id "
                       "LEFT JOIN users u ON u.id = p.user_id LEFT JOIN users rq ON rq.id = p.requested_by "
                       "LEFT JOIN api_tokens tk ON tk.id = p.requested_by LEFT JOIN users d ON d.id = p.decided_by "
                       "WHERE (? IS NULL OR p.id = ?) AND (? IS NULL OR p.status = ?) "
                       "AND (p.requested_at < ? OR (p.requested_at = ? AND p.id < ?)) "
                       "ORDER BY p.requested_at DESC, p.id DESC LIMIT ?",
                       p, 8, out);
}

bool approval_may_list(struct domain_context *ctx)
{
    struct caller *caller = &ctx->caller;
    bool approver = access_capability(ctx->conn, ctx->arena, caller, CAPABILITY_READ_AUDIT, NULL, NULL, NULL).allowed;
    enum capability capability = approver ? CAPABILITY_READ_AUDIT : CAPABILITY_MANAGE_USERS;
    return access_capability(ctx->conn, ctx->arena, caller, capability, "read", "account_approvals", NULL).allowed;
}

/* One request by id into *row (r.rows is 0 when there is none). */
static bool read_request(struct domain_context *ctx, const char *id, struct store_result *row)
{
    return approval_rows(ctx, id, NULL, NULL, NULL, 1, row) == STORE_OK;
}

/* "Ravi Castell (ravi@…) as practitioner in Kestrel Vale Police", and
 * where a change comes from, for alerts: staff, never a child. */
static const char *describe(struct domain_context *ctx, const struct store_result *row)
{
    const char *what = arena_printf(ctx->arena, "%s (%s) as %s in %s", store_cell_text(row, 0, "name"),
                                    store_cell_text(row, 0, "email"), store_cell_text(row, 0, "role"),
                                    store_cell_text(row, 0, "agency_name"));
    if (strcmp(store_cell_text(row, 0, "kind"), "change") != 0)
        return arena_printf(ctx->arena, "new account: %s", what);
    return arena_printf(ctx->arena, "%s, until now %s in %s", what, store_cell_text(row, 0, "previous_role"),
                        store_cell_text(row, 0, "previous_agency_name"));
}

/* ---- asking ----------------------------------------------------------- */

static enum store_status audit_step(struct domain_context *ctx, const char *action, const char *id,
                                    const char *reason)
{
    struct audit_event event = {.user_id = ctx->caller.user_id, .agency_id = ctx->caller.agency_id,
                                .action = action, .record_type = "account_approval", .record_id = id,
                                .reason = reason, .client_address = ctx->caller.client_address};
    return audit_append(ctx->conn, ctx->arena, &event);
}

static bool email_taken(struct domain_context *ctx, const char *email)
{
    const struct store_value p[] = {store_text(email)};
    struct store_result r;
    return email != NULL &&
           (store_query(ctx->conn, ctx->arena, "SELECT 1 FROM users WHERE email = ?", p, 1, &r) != STORE_OK ||
            r.rows > 0);
}

static enum store_status insert_request(struct domain_context *ctx, const struct approval_request *q, const char *id)
{
    const struct store_value p[] = {store_text(id),
                                    store_text(q->user_id ? "change" : "create"),
                                    store_text(q->user_id),
                                    store_text(q->user_id ? NULL : q->email),
                                    store_text(q->name),
                                    store_text(q->role),
                                    store_text(q->agency_id),
                                    store_text(q->previous_role),
                                    store_text(q->previous_agency_id),
                                    store_text(ctx->caller.user_id),
                                    store_text(clock_now_text(ctx->arena))};
    return store_exec(ctx->conn,
                      "INSERT INTO account_approvals (id, kind, user_id, email, name, role, agency_id, previous_role, "
                      "previous_agency_id, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      p, 11, NULL);
}

/* Audits step (action) on request id and raises its alert of kind. */
static enum store_status record_step(struct domain_context *ctx, const char *action, const char *kind,
                                     const char *id, const char *reason)
{
    struct store_result row;
    if (!read_request(ctx, id, &row) || row.rows != 1)
        return STORE_ERROR;
    const char *what = describe(ctx, &row);
    enum store_status status = audit_step(ctx, action, id, reason);
    if (status == STORE_OK)
        status = account_alert_raise(ctx->conn, kind, ctx->caller.is_token ? NULL : ctx->caller.user_id,
                                     "account_approval", id,
                                     reason ? arena_printf(ctx->arena, "%s; reason: %s", what, reason) : what);
    return status;
}

static enum domain_status finish(struct domain_context *ctx, enum store_status status)
{
    if (status == STORE_OK)
        status = store_commit(ctx->conn);
    else
        store_rollback(ctx->conn);
    return status == STORE_OK ? DOMAIN_OK : status == STORE_CONSTRAINT ? DOMAIN_CONFLICT : DOMAIN_UNAVAILABLE;
}

enum domain_status approval_request(struct domain_context *ctx, const struct approval_request *request,
                                    const char **id_out)
{
    const char *id = id_new(ctx->arena);
    enum store_status status = store_begin(ctx->conn);
    if (status == STORE_OK && email_taken(ctx, request->user_id ? NULL : request->email))
        status = STORE_CONSTRAINT;
    if (status == STORE_OK)
        status = insert_request(ctx, request, id);
    if (status == STORE_OK)
        status = record_step(ctx, "request", ALERT_ACCOUNT_REQUESTED, id, NULL);
    enum domain_status result = finish(ctx, status);
    if (result == DOMAIN_OK)
        *id_out = id;
    return result;
}

/* ---- deciding --------------------------------------------------------- */

/* Why the caller (an approver by role) may not decide request row, or
 * NULL when they may. */
static const char *decision_refusal(struct domain_context *ctx, const struct store_result *row)
{
    const struct caller *caller = &ctx->caller;
    if (caller->is_token)
        return "a person decides, in a signed-in session, not an API token";
    if (strcmp(store_cell_text(row, 0, "requested_by"), caller->user_id) == 0)
        return "you asked for this; another person must decide it";
    const char *user_id = store_cell_text(row, 0, "user_id");
    if (user_id != NULL && strcmp(user_id, caller->user_id) == 0)
        return "this changes your own account; another person must decide it";
    return NULL;
}

/* Reads request id and checks the caller may decide it (action: "approve"
 * or "refuse"); a refusal is audited and explained in out->why. */
static enum domain_status open_decision(struct domain_context *ctx, const char *id, const char *action,
                                        struct store_result *row, struct approval_outcome *out)
{
    *out = (struct approval_outcome){0};
    const char *why = NULL;
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_READ_AUDIT, NULL, NULL, NULL).allowed)
        why = "your role may not approve accounts";
    else if (!id_is_valid(id) || !read_request(ctx, id, row) || row->rows != 1)
        return DOMAIN_NOT_FOUND;
    else
        why = decision_refusal(ctx, row);
    if (why != NULL) {
        access_refused(ctx->conn, ctx->arena, &ctx->caller, action, "account_approval", id, why);
        out->why = why;
        return DOMAIN_FORBIDDEN;
    }
    if (strcmp(store_cell_text(row, 0, "status"), "pending") != 0) {
        out->why = arena_printf(ctx->arena, "this request was %s already", store_cell_text(row, 0, "status"));
        return DOMAIN_CONFLICT;
    }
    return DOMAIN_OK;
}

static const char *code_hash(struct arena *arena, const char *code)
{
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)code, strlen(code), NULL, 0);
    char *hex = arena_alloc(arena, sizeof digest * 2 + 1);
    sodium_bin2hex(hex, sizeof digest * 2 + 1, digest, sizeof digest);
    return hex;
}

/* Issues user_id a fresh set-up code into out, replacing any earlier one. */
static enum store_status issue_setup_code(struct domain_context *ctx, const char *user_id,
                                          struct approval_outcome *out)
{
    unsigned char bits[32];
    randombytes_buf(bits, sizeof bits);
    char encoded[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(encoded, sizeof encoded, bits, sizeof bits, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    int64_t expires = (int64_t)time(NULL) + ACCOUNT_SETUP_SECONDS;
    char *expires_text = arena_alloc(ctx->arena, CLOCK_TEXT_SIZE);
    clock_format(expires, expires_text);
    out->setup_code = arena_printf(ctx->arena, SETUP_CODE_PREFIX "%s", encoded);
    out->setup_expires_at = expires_text;
    const struct store_value p[] = {store_text(user_id), store_text(code_hash(ctx->arena, out->setup_code)),
                                    store_int(expires), store_text(clock_now_text(ctx->arena))};
    return store_exec(ctx->conn,
                      "INSERT OR REPLACE INTO account_setup_codes (user_id, code_hash, expires_at, created_at) "
                      "VALUES (?, ?, ?, ?)",
                      p, 4, NULL);
}

/* Makes the account the request asks for, or moves the existing one;
 * its earlier API tokens are revoked (whoever held its old credentials
 * keeps nothing). */
static enum store_status apply_request(struct domain_context *ctx, const struct store_result *row,
                                       struct approval_outcome *out)
{
    const char *role = store_cell_text(row, 0, "role"), *agency = store_cell_text(row, 0, "agency_id");
    enum store_status status;
    if (strcmp(store_cell_text(row, 0, "kind"), "create") == 0) {
        status = user_create(ctx->conn, ctx->arena, store_cell_text(row, 0, "email"), store_cell_text(row, 0, "name"),
                             agency, role, USER_NO_PASSWORD, &out->user_id);
    } else {
        out->user_id = store_cell_text(row, 0, "user_id");
        status = user_move_afresh(ctx->conn, out->user_id, role, agency, store_cell_text(row, 0, "previous_role"),
                                  store_cell_text(row, 0, "previous_agency_id"));
        const struct store_value p[] = {store_text(clock_now_text(ctx->arena)), store_text(out->user_id)};
        if (status == STORE_OK)
            status = store_exec(ctx->conn,
                                "UPDATE api_tokens SET revoked_at = ? WHERE created_by = ? AND revoked_at IS NULL", p,
                                2, NULL);
    }
    return status == STORE_OK ? issue_setup_code(ctx, out->user_id, out) : status;
}

/* Marks request id decided (status, reason) by the caller. */
static enum store_status mark_decided(struct domain_context *ctx, const char *id, const char *status,
                                      const char *user_id, const char *reason)
{
    const struct store_value p[] = {store_text(status), store_text(ctx->caller.user_id),
                                    store_text(clock_now_text(ctx->arena)), store_text(user_id),
                                    store_text(reason), store_text(id)};
    int changes = 0;
    enum store_status result = store_exec(ctx->conn,
                                          "UPDATE account_approvals SET status = ?, decided_by = ?, decided_at = ?, "
                                          "user_id = COALESCE(?, user_id), reason = ? WHERE id = ? "
                                          "AND status = 'pending'",
                                          p, 6, &changes);
    return result == STORE_OK && changes != 1 ? STORE_CONSTRAINT : result;
}

enum domain_status approval_approve(struct domain_context *ctx, const char *id, struct approval_outcome *out)
{
    struct store_result row;
    enum domain_status opened = open_decision(ctx, id, "approve", &row, out);
    if (opened != DOMAIN_OK)
        return opened;
    enum store_status status = store_begin(ctx->conn);
    if (status == STORE_OK)
        status = apply_request(ctx, &row, out);
    if (status == STORE_OK)
        status = mark_decided(ctx, id, "approved", out->user_id, NULL);
    if (status == STORE_OK)
        status = record_step(ctx, "approve", ALERT_ACCOUNT_APPROVED, id, NULL);
    enum domain_status result = finish(ctx, status);
    if (result == DOMAIN_CONFLICT)
        out->why = strcmp(store_cell_text(&row, 0, "kind"), "create") == 0
                       ? "an account with that email exists now"
                       : "the account's role or agency has changed since the request";
    return result;
}

enum domain_status approval_refuse(struct domain_context *ctx, const char *id, const char *reason,
                                   struct approval_outcome *out)
{
    struct store_result row;
    enum domain_status opened = open_decision(ctx, id, "refuse", &row, out);
    if (opened != DOMAIN_OK)
        return opened;
    enum store_status status = store_begin(ctx->conn);
    if (status == STORE_OK)
        status = mark_decided(ctx, id, "refused", NULL, reason);
    if (status == STORE_OK)
        status = record_step(ctx, "refuse", ALERT_ACCOUNT_REFUSED, id, reason);
    enum domain_status result = finish(ctx, status);
    if (result == DOMAIN_CONFLICT)
        out->why = "this request was decided already";
    return result;
}

/* ---- setting up the account ------------------------------------------- */

/* The account whose live set-up code code is, if its email is email. */
static const char *setup_account(struct store_conn *conn, struct arena *arena, const char *email, const char *code)
{
    if (strncmp(code, SETUP_CODE_PREFIX, strlen(SETUP_CODE_PREFIX)) != 0 || strlen(code) > 128)
        return NULL;
    const struct store_value p[] = {store_text(email), store_text(code_hash(arena, code)),
                                    store_int((int64_t)time(NULL))};
    struct store_result r;
    if (store_query(conn, arena,
                    "SELECT c.user_id FROM account_setup_codes c JOIN users u ON u.id = c.user_id "
                    "WHERE u.email = ? AND c.code_hash = ? AND c.expires_at > ? AND u.active = 1",
                    p, 3, &r) != STORE_OK ||
        r.rows != 1)
        return NULL;
    return store_cell_text(&r, 0, "user_id");
}

enum domain_status account_setup_complete(struct store_conn *conn, struct arena *arena, const char *email,
                                          const char *code, const char *password_hash, const char *client_address)
{
    const char *user_id = setup_account(conn, arena, email, code);
    if (user_id == NULL)
        return DOMAIN_NOT_FOUND;
    const struct store_value p[] = {store_text(user_id)};
    struct audit_event event = {.user_id = user_id, .action = "update", .record_type = "user", .record_id = user_id,
                                .reason = "password set with a set-up code", .client_address = client_address};
    enum store_status status = store_begin(conn);
    if (status == STORE_OK)
        status = user_set_password(conn, user_id, password_hash);
    if (status == STORE_OK)
        status = store_exec(conn, "DELETE FROM account_setup_codes WHERE user_id = ?", p, 1, NULL);
    if (status == STORE_OK)
        status = audit_append(conn, arena, &event);
    if (status == STORE_OK)
        return store_commit(conn) == STORE_OK ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
    store_rollback(conn);
    return DOMAIN_UNAVAILABLE;
}
