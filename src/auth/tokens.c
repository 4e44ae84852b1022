/* API tokens; see tokens.h. */
#include "auth/tokens.h"

#include <sodium.h>
#include <string.h>

#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"

static const char *secret_hash(struct arena *arena, const char *secret)
{
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)secret, strlen(secret), NULL, 0);
    char *hex = arena_alloc(arena, sizeof digest * 2 + 1);
    sodium_bin2hex(hex, sizeof digest * 2 + 1, digest, sizeof digest);
    return hex;
}

enum store_status token_create(struct store_conn *conn, struct arena *arena, const char *name, const char *agency_id,
                               const char *role, const char *created_by, const char **id_out,
                               const char **secret_out)
{
    unsigned char bits[32];
    randombytes_buf(bits, sizeof bits);
    char encoded[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(encoded, sizeof encoded, bits, sizeof bits, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    const char *secret = arena_printf(arena, TOKEN_PREFIX "%s", encoded);
    const char *id = id_new(arena);
    const struct store_value p[] = {store_text(id), store_text(name), store_text(agency_id), store_text(role),
                                    store_text(secret_hash(arena, secret)), store_text(created_by),
                                    store_text(clock_now_text(arena))};
    enum store_status status = store_exec(conn,
                                          "INSERT INTO api_tokens (id, name, agency_id, role, token_hash, created_by, "
                                          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                          p, 7, NULL);
    if (status == STORE_OK) {
        *id_out = id;
        *secret_out = secret;
    }
    return status;
}

bool token_find(struct store_conn *conn, struct arena *arena, const char *secret, struct user *out)
{
    if (secret == NULL || strncmp(secret, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0 || strlen(secret) > 128)
        return false;
    const struct store_value p[] = {store_text(secret_hash(arena, secret))};
    struct store_result r;
    if (store_query(conn, arena,
                    "SELECT t.id, t.name, t.role, t.agency_id, a.name AS agency_name FROM api_tokens t "
                    "JOIN agencies a ON a.id = t.agency_id WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                    p, 1, &r) != STORE_OK ||
        r.rows != 1)
        return false;
    *out = (struct user){.id = store_cell_text(&r, 0, "id"), .email = "", .name = store_cell_text(&r, 0, "name"),
                         .role = store_cell_text(&r, 0, "role"), .agency_id = store_cell_text(&r, 0, "agency_id"),
                         .agency_name = store_cell_text(&r, 0, "agency_name"), .active = true};
    const struct store_value touch[] = {store_text(clock_now_text(arena)), store_text(out->id)};
    store_exec(conn, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", touch, 2, NULL);
    return true;
}

enum store_status token_revoke(struct store_conn *conn, struct arena *arena, const char *id)
{
    const struct store_value p[] = {store_text(clock_now_text(arena)), store_text(id)};
    int changes = 0;
    enum store_status status =
        store_exec(conn, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", p, 2, &changes);
    return status == STORE_OK && changes == 0 ? STORE_CONSTRAINT : status;
}
