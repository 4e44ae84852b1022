/* The configurable list of kinds of contextual intervention; see
 * intervention_type.h. SQL is built only from constant text. */
#include "domain/intervention_type.h"

#include <string.h>

#include "auth/access.h"
#include "util/arena.h"
#include "util/clock.h"

#define TYPE_COLUMNS "code, label, description, sort_order, retired_at, applies_to"

enum store_status intervention_type_list(struct domain_context *ctx, bool include_retired, struct store_result *out)
{
    const struct store_value p[] = {store_int(include_retired ? 1 : 0)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT " TYPE_COLUMNS " FROM intervention_types WHERE ? = 1 OR retired_at IS NULL "
                       "ORDER BY sort_order, label, code",
                       p, 1, out);
}

bool intervention_type_find(struct domain_context *ctx, const char *code, struct store_result *out)
{
    const struct store_value p[] = {store_text(code)};
    return store_query(ctx->conn, ctx->arena, "SELECT " TYPE_COLUMNS " FROM intervention_types WHERE code = ?", p, 1,
                       out) == STORE_OK &&
           out->rows == 1;
}

bool intervention_type_usable(struct domain_context *ctx, const char *code, const char *applies_to)
{
    struct store_result r;
    return intervention_type_find(ctx, code, &r) && store_cell_text(&r, 0, "retired_at") == NULL &&
           strcmp(store_cell_text(&r, 0, "applies_to"), applies_to) == 0;
}

/* Checks the caller may manage the list, auditing the attempt as action. */
static bool may_manage(struct domain_context *ctx, const char *action, const char *code)
{
    return access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_DEFINITIONS, action,
                             "intervention_type", code)
        .allowed;
}

/* The user who made the change, or NULL for an API token. */
static struct store_value changed_by(const struct domain_context *ctx)
{
    return store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id);
}

enum domain_status intervention_type_create(struct domain_context *ctx, const char *code, const char *label,
                                            const char *description, int sort_order, const char *applies_to)
{
    if (!may_manage(ctx, "create", code))
        return DOMAIN_FORBIDDEN;
    const char *now = clock_now_text(ctx->arena);
    const struct store_value p[] = {store_text(code), store_text(label), store_text(description ? description : ""),
                                    store_int(sort_order), store_text(now), store_text(now), changed_by(ctx),
                                    store_text(applies_to ? applies_to : "context")};
    enum store_status status =
        store_exec(ctx->conn,
                   "INSERT INTO intervention_types (code, label, description, sort_order, created_at, updated_at, "
                   "updated_by, applies_to) VALUES (?, ?, ?, CASE WHEN ?4 < 0 THEN (SELECT COALESCE(max(sort_order), 0) "
                   "+ 10 FROM intervention_types) ELSE ?4 END, ?, ?, ?, ?)",
                   p, 8, NULL);
    return status == STORE_OK ? DOMAIN_OK : status == STORE_CONSTRAINT ? DOMAIN_CONFLICT : DOMAIN_UNAVAILABLE;
}

enum domain_status intervention_type_update(struct domain_context *ctx, const char *code,
                                            const struct intervention_type_change *change)
{
    struct store_result found;
    if (!intervention_type_find(ctx, code, &found))
        return DOMAIN_NOT_FOUND;
    if (!may_manage(ctx, "update", code))
        return DOMAIN_FORBIDDEN;
    const char *now = clock_now_text(ctx->arena);
    /* Each "?" IS NULL keeps the column as it is. */
    const struct store_value p[] = {
        store_text(change->label), store_text(change->label), store_text(change->description),
        store_text(change->description), store_int(change->sort_order), store_int(change->sort_order),
        store_int(change->retired), store_text(now), store_text(now), changed_by(ctx), store_text(code)};
    enum store_status status = store_exec(
        ctx->conn,
        "UPDATE intervention_types SET label = CASE WHEN ? IS NULL THEN label ELSE ? END, "
        "description = CASE WHEN ? IS NULL THEN description ELSE ? END, "
        "sort_order = CASE WHEN ? < 0 THEN sort_order ELSE ? END, "
        "retired_at = CASE ? WHEN 1 THEN COALESCE(retired_at, ?) WHEN 0 THEN NULL ELSE retired_at END, "
        "updated_at = ?, updated_by = ? WHERE code = ?",
        p, 11, NULL);
    return status == STORE_OK ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}
