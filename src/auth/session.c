/* Session storage and expiry; see session.h. */
#include "auth/session.h"

#include <sodium.h>
#include <string.h>

#include "util/arena.h"

#define TOKEN_BYTES 32

static char *random_token(struct arena *arena)
{
    unsigned char bits[TOKEN_BYTES];
    randombytes_buf(bits, sizeof bits);
    size_t size = sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *token = arena_alloc(arena, size);
    sodium_bin2base64(token, size, bits, sizeof bits, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return token;
}

static char *token_hash(struct arena *arena, const char *token)
{
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), NULL, 0);
    char *hex = arena_alloc(arena, sizeof digest * 2 + 1);
    sodium_bin2hex(hex, sizeof digest * 2 + 1, digest, sizeof digest);
    return hex;
}

const char *session_start(struct store_conn *conn, struct arena *arena, const char *user_id, int64_t now,
                          const char **csrf_out)
{
    char *token = random_token(arena);
    char *csrf = random_token(arena);
    const struct store_value params[] = {store_text(token_hash(arena, token)), store_text(user_id),
                                         store_text(csrf), store_int(now), store_int(now)};
    if (store_exec(conn,
                   "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) "
                   "VALUES (?, ?, ?, ?, ?)",
                   params, 5, NULL) != STORE_OK)
        return NULL;
    *csrf_out = csrf;
    return token;
}

enum store_status session_end(struct store_conn *conn, const char *hash)
{
    const struct store_value params[] = {store_text(hash)};
    return store_exec(conn, "DELETE FROM sessions WHERE token_hash = ?", params, 1, NULL);
}

/* The session whose token hashes to hash, with its user's identity and
 * reach: whether the second factor is on is read as a yes or no, so no
 * secret leaves the users table. */
static bool read_session(struct store_conn *conn, struct arena *arena, const char *hash, struct store_result *r)
{
    const struct store_value params[] = {store_text(hash)};
    return store_query(conn, arena,
                       "SELECT s.csrf_token, s.created_at, s.last_seen_at, u.id, u.email, u.name, u.role, "
                       "u.agency_id, a.name AS agency_name, u.active, "
                       "u.totp_secret IS NOT NULL AS second_factor_enabled, "
                       "COALESCE(r.second_factor_required, 0) AS second_factor_required "
                       "FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id "
                       "LEFT JOIN role_settings r ON r.role = u.role WHERE s.token_hash = ?",
                       params, 1, r) == STORE_OK &&
           r->rows == 1;
}

static struct session_user session_user_of(const struct store_result *r)
{
    return (struct session_user){
        .id = store_cell_text(r, 0, "id"),
        .email = store_cell_text(r, 0, "email"),
        .name = store_cell_text(r, 0, "name"),
        .role = store_cell_text(r, 0, "role"),
        .agency_id = store_cell_text(r, 0, "agency_id"),
        .agency_name = store_cell_text(r, 0, "agency_name"),
        .second_factor_enabled = store_cell_int(r, 0, "second_factor_enabled") == 1,
        .second_factor_required = store_cell_int(r, 0, "second_factor_required") == 1,
    };
}

bool session_find(struct store_conn *conn, struct arena *arena, const char *token, int64_t now,
                  const struct session_limits *limits, struct session *out)
{
    if (token == NULL || strlen(token) > 128)
        return false;
    char *hash = token_hash(arena, token);
    struct store_result r;
    if (!read_session(conn, arena, hash, &r))
        return false;
    int64_t created = store_cell_int(&r, 0, "created_at");
    int64_t last_seen = store_cell_int(&r, 0, "last_seen_at");
    bool live = now - last_seen < limits->idle_seconds && now - created < limits->lifetime_seconds;
    if (!live || store_cell_int(&r, 0, "active") != 1) {
        session_end(conn, hash);
        return false;
    }
    /* Recording each request's time would make every read a write; a
     * tenth of the idle limit is precise enough (a session may end that
     * much early, never late). */
    if (now - last_seen >= limits->idle_seconds / 10) {
        const struct store_value touch[] = {store_int(now), store_text(hash)};
        store_exec(conn, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", touch, 2, NULL);
    }
    out->token_hash = hash;
    out->csrf_token = store_cell_text(&r, 0, "csrf_token");
    out->user = session_user_of(&r);
    return true;
}

enum store_status session_end_all_for_user(struct store_conn *conn, const char *user_id)
{
    const struct store_value params[] = {store_text(user_id)};
    return store_exec(conn, "DELETE FROM sessions WHERE user_id = ?", params, 1, NULL);
}
