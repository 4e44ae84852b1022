/* The administration's lists of agencies, accounts and tokens; see directory.h. */
#include "domain/directory.h"

/* The page condition for "ORDER BY name, id" after the row whose id is
 * bound (three times: is there a cursor, its name, its id). */
#define AFTER_CURSOR(table) "(? IS NULL OR (t.name, t.id) > ((SELECT name FROM " table " WHERE id = ?), ?))"

#define USER_COLUMNS "t.id, t.email, t.name, t.role, t.agency_id, t.active, t.created_at"

#define TOKEN_COLUMNS \
    "t.id, t.name, t.agency_id, t.role, t.created_by, t.created_at, t.revoked_at, t.last_used_at, t.second_factor"

/* Runs a page's sql, whose parameters are the cursor's three and the limit. */
static enum store_status page(struct domain_context *ctx, const char *sql, const char *after_id, int limit,
                              struct store_result *out)
{
    const struct store_value p[] = {store_text(after_id), store_text(after_id), store_text(after_id),
                                    store_int(limit)};
    return store_query(ctx->conn, ctx->arena, sql, p, 4, out);
}

enum store_status directory_agencies(struct domain_context *ctx, const char *after_id, int limit,
                                     struct store_result *out)
{
    return page(ctx,
                "SELECT t.id, t.name, t.kind, t.created_at FROM agencies t WHERE " AFTER_CURSOR("agencies")
                " ORDER BY t.name, t.id LIMIT ?",
                after_id, limit, out);
}

enum store_status directory_users(struct domain_context *ctx, const char *after_id, int limit,
                                  struct store_result *out)
{
    return page(ctx,
                "SELECT " USER_COLUMNS " FROM users t WHERE " AFTER_CURSOR("users") " ORDER BY t.name, t.id LIMIT ?",
                after_id, limit, out);
}

enum store_status directory_user(struct domain_context *ctx, const char *id, struct store_result *out)
{
    const struct store_value p[] = {store_text(id)};
    return store_query(ctx->conn, ctx->arena, "SELECT " USER_COLUMNS " FROM users t WHERE t.id = ?", p, 1, out);
}

enum store_status directory_tokens(struct domain_context *ctx, const char *created_by, const char *after_id,
                                   int limit, struct store_result *out)
{
    if (created_by == NULL)
        return page(ctx,
                    "SELECT " TOKEN_COLUMNS " FROM api_tokens t WHERE " AFTER_CURSOR("api_tokens")
                    " ORDER BY t.name, t.id LIMIT ?",
                    after_id, limit, out);
    const struct store_value p[] = {store_text(created_by), store_text(after_id), store_text(after_id),
                                    store_text(after_id), store_int(limit)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT " TOKEN_COLUMNS " FROM api_tokens t WHERE t.created_by = ? AND "
                       AFTER_CURSOR("api_tokens") " ORDER BY t.name, t.id LIMIT ?",
                       p, 5, out);
}
