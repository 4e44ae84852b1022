/* The staff of a partner agency; see staff.h. */
#include "domain/staff.h"

#include <string.h>

#include "domain/agency.h"
#include "util/ids.h"

/* The roles staff_may_do_actions allows, as SQL on users' role column. */
#define STAFF_ROLES "role IN ('coordinator', 'practitioner')"

bool staff_may_do_actions(const char *role)
{
    return role != NULL && (strcmp(role, "coordinator") == 0 || strcmp(role, "practitioner") == 0);
}

/* Whether user_id is one of agency_id's listed staff (a cursor must be). */
static bool listed(struct domain_context *ctx, const char *agency_id, const char *user_id)
{
    const struct store_value p[] = {store_text(user_id), store_text(agency_id)};
    struct store_result r;
    return id_is_valid(user_id) &&
           store_query(ctx->conn, ctx->arena,
                       "SELECT 1 FROM users WHERE id = ? AND agency_id = ? AND active = 1 "
                       "AND " STAFF_ROLES,
                       p, 2, &r) == STORE_OK &&
           r.rows == 1;
}

enum domain_status staff_list(struct domain_context *ctx, const char *agency_id, const char *cursor, int limit,
                              struct staff_member *out, int *count, const char **next)
{
    *count = 0;
    *next = NULL;
    if (!id_is_valid(agency_id) || !agency_exists(ctx->conn, ctx->arena, agency_id)) {
        access_refused(ctx->conn, ctx->arena, &ctx->caller, "read", "agency_staff", id_is_valid(agency_id) ? agency_id : NULL,
                       "no such agency");
        return DOMAIN_NOT_FOUND;
    }
    if (!access_staff_list(ctx->conn, ctx->arena, &ctx->caller, agency_id).allowed)
        return DOMAIN_FORBIDDEN;
    if (cursor != NULL && !listed(ctx, agency_id, cursor))
        return DOMAIN_CONFLICT;
    const struct store_value p[] = {store_text(agency_id), store_text(cursor), store_text(cursor), store_text(cursor),
                                    store_int(limit + 1)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT u.id, u.name FROM users u WHERE u.agency_id = ? AND u.active = 1 "
                    "AND u." STAFF_ROLES " "
                    "AND (CAST(? AS TEXT) IS NULL OR (u.name, u.id) > ((SELECT name FROM users WHERE id = ?), ?)) "
                    "ORDER BY u.name, u.id LIMIT ?",
                    p, 5, &r) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    for (int i = 0; i < r.rows && i < limit; i++)
        out[(*count)++] = (struct staff_member){store_cell_text(&r, i, "id"), store_cell_text(&r, i, "name")};
    if (r.rows > limit)
        *next = out[limit - 1].id;
    return DOMAIN_OK;
}
