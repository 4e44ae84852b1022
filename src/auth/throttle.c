/* Sign-in throttling; see throttle.h. */
#include "auth/throttle.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "util/arena.h"

const struct throttle_limits throttle_default_limits = {
    .window_seconds = 15 * 60,
    .per_account = 5,
    .per_address = 50,
};

/* "email:" + BLAKE2b of the lower-cased address: the table never holds it. */
static const char *email_key(struct arena *arena, const char *email)
{
    size_t len = strlen(email);
    char *lower = arena_strndup(arena, email, len);
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)tolower((unsigned char)lower[i]);
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)lower, len, NULL, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return arena_printf(arena, "email:%s", hex);
}

static const char *address_key(struct arena *arena, const char *address)
{
    return arena_printf(arena, "addr:%s", address);
}

/* Failures for key since the window opened, and when the oldest happened. */
static int64_t count_failures(struct store_conn *conn, struct arena *arena, const char *key, int64_t since,
                              int64_t *oldest)
{
    const struct store_value params[] = {store_text(key), store_int(since)};
    struct store_result r;
    if (store_query(conn, arena, "SELECT count(*) AS n, min(at) AS oldest FROM sign_in_failures WHERE key = ? AND at > ?",
                    params, 2, &r) != STORE_OK)
        return 0;
    *oldest = store_cell_int(&r, 0, "oldest");
    return store_cell_int(&r, 0, "n");
}

bool throttle_blocked(struct store_conn *conn, struct arena *arena, const struct throttle_limits *limits,
                      const char *email, const char *address, int64_t now, int64_t *retry_after)
{
    int64_t since = now - limits->window_seconds;
    int64_t oldest_for_account = now, oldest_for_address = now;
    bool account_blocked = count_failures(conn, arena, email_key(arena, email), since, &oldest_for_account) >=
                           limits->per_account;
    bool address_blocked = count_failures(conn, arena, address_key(arena, address), since, &oldest_for_address) >=
                           limits->per_address;
    if (!account_blocked && !address_blocked)
        return false;
    int64_t oldest = account_blocked ? oldest_for_account : oldest_for_address;
    *retry_after = oldest + limits->window_seconds - now;
    if (*retry_after < 1)
        *retry_after = 1;
    return true;
}

void throttle_record_failure(struct store_conn *conn, struct arena *arena, const struct throttle_limits *limits,
                             const char *email, const char *address, int64_t now)
{
    const struct store_value stale[] = {store_int(now - limits->window_seconds)};
    store_exec(conn, "DELETE FROM sign_in_failures WHERE at <= ?", stale, 1, NULL);
    const struct store_value params[] = {store_text(email_key(arena, email)), store_int(now),
                                         store_text(address_key(arena, address)), store_int(now)};
    store_exec(conn, "INSERT INTO sign_in_failures (key, at) VALUES (?, ?), (?, ?)", params, 4, NULL);
}

void throttle_clear(struct store_conn *conn, struct arena *arena, const char *email)
{
    const struct store_value params[] = {store_text(email_key(arena, email))};
    store_exec(conn, "DELETE FROM sign_in_failures WHERE key = ?", params, 1, NULL);
}
