/* API tokens; see tokens.h. */
#include "auth/tokens.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "domain/account_approval.h"
#include "domain/user.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"
#include "util/log.h"

static const char *secret_hash(struct arena *arena, const char *secret)
{
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)secret, strlen(secret), NULL, 0);
    char *hex = arena_alloc(arena, sizeof digest * 2 + 1);
    sodium_bin2hex(hex, sizeof digest * 2 + 1, digest, sizeof digest);
    return hex;
}

const char *token_refusal(struct store_conn *conn, struct arena *arena, const struct session_user *owner,
                          const char *role, const char *agency_id, const char **field, const char **code)
{
    *code = "forbidden";
    *field = "agency_id";
    if (strcmp(agency_id, owner->agency_id) != 0)
        return "a token acts for your own agency only";
    *field = "role";
    if (!user_role_within(role, owner->role))
        return arena_printf(arena, "a token may not do more than your own role (%s)", owner->role);
    *field = NULL;
    bool required = owner->second_factor_required || role_second_factor_required(conn, arena, role);
    if (required && !owner->second_factor_enabled) {
        *code = "second_factor_required";
        return arena_printf(arena, "tokens for the %s role need the second factor: set it up on your account page, "
                                   "sign in with it, then make the token", role);
    }
    return NULL;
}

static enum store_status insert_token(struct store_conn *conn, struct arena *arena,
                                      const struct session_user *owner, const char *name, const char *role,
                                      const char *id, const char *secret)
{
    const struct store_value p[] = {store_text(id),
                                    store_text(name),
                                    store_text(owner->agency_id),
                                    store_text(role),
                                    store_text(secret_hash(arena, secret)),
                                    store_text(owner->id),
                                    store_text(clock_now_text(arena)),
                                    store_int(owner->second_factor_enabled ? 1 : 0)};
    return store_exec(conn,
                      "INSERT INTO api_tokens (id, name, agency_id, role, token_hash, created_by, created_at, "
                      "second_factor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      p, 8, NULL);
}

/* The audit event and, for a role that reads children's records, the alert. */
static enum store_status record_creation(struct store_conn *conn, struct arena *arena,
                                         const struct session_user *owner, const char *name, const char *role,
                                         const char *id, const char *client_address)
{
    struct audit_event event = {.user_id = owner->id, .agency_id = owner->agency_id, .action = "create",
                                .record_type = "api_token", .record_id = id, .reason = role,
                                .client_address = client_address};
    enum store_status status = audit_append(conn, arena, &event);
    if (status == STORE_OK && user_role_reads_records(role))
        status = account_alert_raise(conn, ALERT_TOKEN_CREATED, owner->id, "api_token", id,
                                     arena_printf(arena, "API token \"%s\" acting as %s in %s", name, role,
                                                  owner->agency_name));
    return status;
}

enum store_status token_create(struct store_conn *conn, struct arena *arena, const struct session_user *owner,
                               const char *name, const char *role, const char *client_address,
                               const char **id_out, const char **secret_out)
{
    unsigned char bits[32];
    randombytes_buf(bits, sizeof bits);
    char encoded[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(encoded, sizeof encoded, bits, sizeof bits, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    const char *secret = arena_printf(arena, TOKEN_PREFIX "%s", encoded);
    const char *id = id_new(arena);
    enum store_status status = store_begin(conn);
    if (status == STORE_OK)
        status = insert_token(conn, arena, owner, name, role, id, secret);
    if (status == STORE_OK)
        status = record_creation(conn, arena, owner, name, role, id, client_address);
    if (status == STORE_OK)
        status = store_commit(conn);
    else
        store_rollback(conn);
    if (status == STORE_OK) {
        *id_out = id;
        *secret_out = secret;
    }
    return status;
}

/* Why the token in row 0 of r may not act now, or NULL. */
static const char *use_refusal(const struct store_result *r)
{
    const char *owner_role = store_cell_text(r, 0, "owner_role");
    if (owner_role == NULL || store_cell_int(r, 0, "owner_active") != 1)
        return "the API token's owner is no longer an active user";
    if (strcmp(store_cell_text(r, 0, "agency_id"), store_cell_text(r, 0, "owner_agency_id")) != 0 ||
        !user_role_within(store_cell_text(r, 0, "role"), owner_role))
        return "the API token does more than its owner's role and agency allow; make a new one";
    bool required = store_cell_int(r, 0, "token_rule") == 1 || store_cell_int(r, 0, "owner_rule") == 1;
    if (required && (store_cell_int(r, 0, "second_factor") != 1 || store_cell_int(r, 0, "owner_second_factor") != 1))
        return "the second factor is required for this role: make the API token again, signed in with your "
               "second factor";
    return NULL;
}

bool token_find_explained(struct store_conn *conn, struct arena *arena, const char *secret,
                          struct session_user *out, const char **why)
{
    if (why != NULL)
        *why = "the API token is not valid";
    if (secret == NULL || strncmp(secret, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0 || strlen(secret) > 128)
        return false;
    const struct store_value p[] = {store_text(secret_hash(arena, secret))};
    struct store_result r;
    if (store_query(conn, arena,
                    "SELECT t.id, t.name, t.role, t.agency_id, a.name AS agency_name, t.second_factor, t.last_used_at, "
                    "u.role AS owner_role, u.agency_id AS owner_agency_id, u.active AS owner_active, "
                    "u.totp_secret IS NOT NULL AS owner_second_factor, "
                    "COALESCE(tr.second_factor_required, 0) AS token_rule, "
                    "COALESCE(ur.second_factor_required, 0) AS owner_rule FROM api_tokens t "
                    "JOIN agencies a ON a.id = t.agency_id LEFT JOIN users u ON u.id = t.created_by "
                    "LEFT JOIN role_settings tr ON tr.role = t.role LEFT JOIN role_settings ur ON ur.role = u.role "
                    "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                    p, 1, &r) != STORE_OK ||
        r.rows != 1)
        return false;
    const char *refusal = use_refusal(&r);
    if (refusal != NULL) {
        log_event("api_token_refused", json_pack("{s:s,s:s}", "token", store_cell_text(&r, 0, "id"), "why", refusal));
        if (why != NULL)
            *why = refusal;
        return false;
    }
    *out = (struct session_user){.id = store_cell_text(&r, 0, "id"), .email = "",
                                 .name = store_cell_text(&r, 0, "name"), .role = store_cell_text(&r, 0, "role"),
                                 .agency_id = store_cell_text(&r, 0, "agency_id"),
                                 .agency_name = store_cell_text(&r, 0, "agency_name")};
    /* Recording every use would make every read a durable write: a
     * minute's precision is enough to tell a token in use. */
    char minute_ago[CLOCK_TEXT_SIZE];
    clock_format((int64_t)time(NULL) - 60, minute_ago);
    const char *last_used = store_cell_text(&r, 0, "last_used_at");
    if (last_used == NULL || strcmp(last_used, minute_ago) < 0) {
        const struct store_value touch[] = {store_text(clock_now_text(arena)), store_text(out->id)};
        store_exec(conn, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", touch, 2, NULL);
    }
    return true;
}

bool token_find(struct store_conn *conn, struct arena *arena, const char *secret, struct session_user *out)
{
    return token_find_explained(conn, arena, secret, out, NULL);
}

enum store_status token_revoke(struct store_conn *conn, struct arena *arena, const char *id, const char *owner_id)
{
    const struct store_value p[] = {store_text(clock_now_text(arena)), store_text(id), store_text(owner_id),
                                    store_text(owner_id)};
    int changes = 0;
    enum store_status status = store_exec(conn,
                                          "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL "
                                          "AND (? IS NULL OR created_by = ?)",
                                          p, 4, &changes);
    return status == STORE_OK && changes == 0 ? STORE_CONSTRAINT : status;
}
