/* The configured partnership boards; see board.h. */
#include "domain/board.h"

#include "auth/access.h"
#include "util/arena.h"
#include "util/ids.h"

enum store_status board_list(struct domain_context *ctx, struct store_result *out)
{
    const struct store_value p[] = {store_int(BOARDS_MAX)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT id, name, position FROM partnership_boards ORDER BY position LIMIT ?", p, 1, out);
}

bool board_exists(struct domain_context *ctx, const char *id)
{
    if (!id_is_valid(id))
        return false;
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    return store_query(ctx->conn, ctx->arena, "SELECT 1 AS found FROM partnership_boards WHERE id = ?", p, 1, &r) ==
               STORE_OK &&
           r.rows == 1;
}

/* Inserts the board unless BOARDS_MAX are there already, in the open transaction. */
static enum domain_status insert_board(struct domain_context *ctx, const char *id, const char *name, int position)
{
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT count(*) AS boards FROM partnership_boards", NULL, 0, &r) !=
        STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (store_cell_int(&r, 0, "boards") >= BOARDS_MAX)
        return DOMAIN_FULL;
    const struct store_value p[] = {store_text(id), store_text(name), store_int(position)};
    enum store_status status =
        store_exec(ctx->conn, "INSERT INTO partnership_boards (id, name, position) VALUES (?, ?, ?)", p, 3, NULL);
    return status == STORE_OK ? DOMAIN_OK : status == STORE_CONSTRAINT ? DOMAIN_CONFLICT : DOMAIN_UNAVAILABLE;
}

enum domain_status board_create(struct domain_context *ctx, const char *name, int position, const char **id)
{
    *id = id_new(ctx->arena);
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_AGENCIES, "create",
                           "partnership_board", *id)
             .allowed)
        return DOMAIN_FORBIDDEN;
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    enum domain_status status = insert_board(ctx, *id, name, position);
    if (status == DOMAIN_OK && store_commit(ctx->conn) == STORE_OK)
        return DOMAIN_OK;
    store_rollback(ctx->conn);
    return status == DOMAIN_OK ? DOMAIN_UNAVAILABLE : status;
}
