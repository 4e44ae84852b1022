/* The purposes of access, the sessions' choices of them and the
 * agencies' setting; see access_purpose.h. SQL is built only from
 * constant text. */
#include "domain/access_purpose.h"

#include <stdio.h>
#include <string.h>

#include "auth/access.h"
#include "util/arena.h"
#include "util/clock.h"

#define PURPOSE_COLUMNS "code, label, sort_order, retired_at, used_at"

enum store_status access_purpose_list(struct domain_context *ctx, bool include_retired, struct store_result *out)
{
    const struct store_value p[] = {store_int(include_retired ? 1 : 0)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT " PURPOSE_COLUMNS " FROM access_purposes WHERE ? = 1 OR retired_at IS NULL "
                       "ORDER BY sort_order, label, code",
                       p, 1, out);
}

bool access_purpose_find(struct domain_context *ctx, const char *code, struct store_result *out)
{
    const struct store_value p[] = {store_text(code)};
    return store_query(ctx->conn, ctx->arena, "SELECT " PURPOSE_COLUMNS " FROM access_purposes WHERE code = ?", p, 1,
                       out) == STORE_OK &&
           out->rows == 1;
}

bool access_purpose_usable(struct domain_context *ctx, const char *code)
{
    struct store_result r;
    return access_purpose_find(ctx, code, &r) && store_cell_text(&r, 0, "retired_at") == NULL;
}

enum store_status access_purpose_mark_used(struct domain_context *ctx, const char *code)
{
    const struct store_value p[] = {store_text(clock_now_text(ctx->arena)), store_text(code)};
    return store_exec(ctx->conn, "UPDATE access_purposes SET used_at = ? WHERE code = ? AND used_at IS NULL", p, 2,
                      NULL);
}

/* Checks the caller may keep the list, auditing the attempt as action. */
static bool may_manage(struct domain_context *ctx, const char *action, const char *code)
{
    return access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_DEFINITIONS, action,
                             "access_purpose", code)
        .allowed;
}

/* The user who made the change, or NULL for an API token. */
static struct store_value changed_by(const struct domain_context *ctx)
{
    return store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id);
}

enum domain_status access_purpose_create(struct domain_context *ctx, const char *code, const char *label,
                                         int sort_order)
{
    if (!may_manage(ctx, "create", code))
        return DOMAIN_FORBIDDEN;
    const char *now = clock_now_text(ctx->arena);
    const struct store_value p[] = {store_text(code), store_text(label), store_int(sort_order), store_text(now),
                                    store_text(now), changed_by(ctx)};
    enum store_status status =
        store_exec(ctx->conn,
                   "INSERT INTO access_purposes (code, label, sort_order, created_at, updated_at, updated_by) "
                   "VALUES (?1, ?2, CASE WHEN ?3 < 0 THEN (SELECT COALESCE(max(sort_order), 0) + 10 "
                   "FROM access_purposes) ELSE ?3 END, ?4, ?5, ?6)",
                   p, 6, NULL);
    return status == STORE_OK ? DOMAIN_OK : status == STORE_CONSTRAINT ? DOMAIN_CONFLICT : DOMAIN_UNAVAILABLE;
}

enum domain_status access_purpose_update(struct domain_context *ctx, const char *code,
                                         const struct access_purpose_change *change)
{
    struct store_result found;
    if (!access_purpose_find(ctx, code, &found))
        return DOMAIN_NOT_FOUND;
    if (!may_manage(ctx, "update", code))
        return DOMAIN_FORBIDDEN;
    const char *now = clock_now_text(ctx->arena);
    /* A NULL label or a negative number keeps the column as it is. */
    const struct store_value p[] = {store_text(change->label), store_int(change->sort_order),
                                    store_int(change->retired), store_text(now), changed_by(ctx), store_text(code)};
    enum store_status status =
        store_exec(ctx->conn,
                   "UPDATE access_purposes SET label = COALESCE(?1, label), "
                   "sort_order = CASE WHEN ?2 < 0 THEN sort_order ELSE ?2 END, "
                   "retired_at = CASE ?3 WHEN 1 THEN COALESCE(retired_at, ?4) WHEN 0 THEN NULL ELSE retired_at END, "
                   "updated_at = ?4, updated_by = ?5 WHERE code = ?6",
                   p, 6, NULL);
    return status == STORE_OK ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}

enum domain_status access_purpose_delete(struct domain_context *ctx, const char *code)
{
    struct store_result found;
    if (!access_purpose_find(ctx, code, &found))
        return DOMAIN_NOT_FOUND;
    if (!may_manage(ctx, "delete", code))
        return DOMAIN_FORBIDDEN;
    if (store_cell_text(&found, 0, "used_at") != NULL)
        return DOMAIN_CONFLICT;
    const struct store_value p[] = {store_text(code)};
    enum store_status status = store_exec(ctx->conn, "DELETE FROM access_purposes WHERE code = ?", p, 1, NULL);
    /* Stated (a trigger refuses) or chosen (a reference) in the meantime. */
    return status == STORE_OK ? DOMAIN_OK : status == STORE_CONSTRAINT ? DOMAIN_CONFLICT : DOMAIN_UNAVAILABLE;
}

enum store_status access_purpose_chosen(struct domain_context *ctx, const char *session_hash, const char *record_type,
                                        const char *record_id, const char **code)
{
    *code = NULL;
    const struct store_value p[] = {store_text(session_hash), store_text(record_type), store_text(record_id)};
    struct store_result r;
    enum store_status status = store_query(ctx->conn, ctx->arena,
                                           "SELECT purpose FROM access_purpose_choices WHERE session_hash = ? "
                                           "AND record_type = ? AND record_id = ?",
                                           p, 3, &r);
    if (status == STORE_OK && r.rows == 1)
        *code = store_cell_text(&r, 0, "purpose");
    return status;
}

/* Inserts the choice and marks its purpose stated, in the open
 * transaction; DOMAIN_FULL when the session has made too many. */
static enum domain_status insert_choice(struct domain_context *ctx, const char *session_hash,
                                        const char *record_type, const char *record_id, const char *code)
{
    const struct store_value session[] = {store_text(session_hash)};
    struct store_result count;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT count(*) AS n FROM access_purpose_choices WHERE session_hash = ?", session, 1,
                    &count) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (store_cell_int(&count, 0, "n") >= ACCESS_PURPOSE_CHOICES_MAX)
        return DOMAIN_FULL;
    const struct store_value p[] = {store_text(session_hash), store_text(record_type), store_text(record_id),
                                    store_text(code), store_text(clock_now_text(ctx->arena))};
    enum store_status status = store_exec(ctx->conn,
                                          "INSERT INTO access_purpose_choices (session_hash, record_type, record_id, "
                                          "purpose, chosen_at) VALUES (?, ?, ?, ?, ?)",
                                          p, 5, NULL);
    if (status == STORE_OK)
        status = access_purpose_mark_used(ctx, code);
    return status == STORE_OK ? DOMAIN_OK : status == STORE_CONSTRAINT ? DOMAIN_CONFLICT : DOMAIN_UNAVAILABLE;
}

enum domain_status access_purpose_choose(struct domain_context *ctx, const char *session_hash,
                                         const char *record_type, const char *record_id, const char *code,
                                         const char **existing)
{
    *existing = NULL;
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    enum domain_status status = insert_choice(ctx, session_hash, record_type, record_id, code);
    if (status == DOMAIN_OK && store_commit(ctx->conn) == STORE_OK)
        return DOMAIN_OK;
    store_rollback(ctx->conn);
    if (status != DOMAIN_CONFLICT)
        return status == DOMAIN_OK ? DOMAIN_UNAVAILABLE : status;
    /* The one chosen before; none means the session or purpose went away. */
    if (access_purpose_chosen(ctx, session_hash, record_type, record_id, existing) != STORE_OK || *existing == NULL)
        return DOMAIN_UNAVAILABLE;
    return DOMAIN_CONFLICT;
}

enum store_status access_purpose_choices(struct domain_context *ctx, const char *session_hash, const char *record_id,
                                         struct store_result *out)
{
    const struct store_value p[] = {store_text(session_hash), store_text(record_id), store_int(ACCESS_PURPOSE_CHOICES_MAX)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT c.record_type, c.record_id, c.purpose, p.label, c.chosen_at "
                       "FROM access_purpose_choices c JOIN access_purposes p ON p.code = c.purpose "
                       "WHERE c.session_hash = ?1 AND (?2 IS NULL OR c.record_id = ?2) "
                       "ORDER BY c.chosen_at DESC, c.record_id LIMIT ?3",
                       p, 3, out);
}

enum store_status access_purpose_required(struct domain_context *ctx, const char *agency_id, bool *required)
{
    const struct store_value p[] = {store_text(agency_id)};
    struct store_result r;
    enum store_status status =
        store_query(ctx->conn, ctx->arena, "SELECT purpose_required FROM agencies WHERE id = ?", p, 1, &r);
    *required = status == STORE_OK && r.rows == 1 && store_cell_int(&r, 0, "purpose_required") == 1;
    return status;
}

enum domain_status access_purpose_agencies(struct domain_context *ctx, struct store_result *out)
{
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_AGENCIES, "read",
                           "agency_purpose_settings", NULL)
             .allowed)
        return DOMAIN_FORBIDDEN;
    /* Agencies are few (the partnership's partners): one answer. */
    return store_query(ctx->conn, ctx->arena,
                       "SELECT id, name, kind, purpose_required FROM agencies ORDER BY name, id LIMIT 1000", NULL, 0,
                       out) == STORE_OK
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}

enum domain_status access_purpose_set_required(struct domain_context *ctx, const char *agency_id, bool required)
{
    const struct store_value id[] = {store_text(agency_id)};
    struct store_result found;
    if (store_query(ctx->conn, ctx->arena, "SELECT id FROM agencies WHERE id = ?", id, 1, &found) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (found.rows != 1)
        return DOMAIN_NOT_FOUND;
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_AGENCIES, "update",
                           "agency_purpose_setting", agency_id)
             .allowed)
        return DOMAIN_FORBIDDEN;
    const struct store_value p[] = {store_int(required ? 1 : 0), store_text(agency_id)};
    return store_exec(ctx->conn, "UPDATE agencies SET purpose_required = ? WHERE id = ?", p, 2, NULL) == STORE_OK
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}

/* The code on the line "\n<type> <id> <code>" of packed purposes, or NULL. */
static const char *code_in(struct arena *arena, const char *purposes, const char *line_start)
{
    const char *at = purposes ? strstr(purposes, line_start) : NULL;
    if (at == NULL)
        return NULL;
    at += strlen(line_start);
    const char *end = strchr(at, '\n');
    return end != NULL && end > at ? arena_strndup(arena, at, (size_t)(end - at)) : NULL;
}

enum store_status access_purpose_of_events(struct domain_context *ctx, const char *type, const char *id,
                                           const int64_t *seqs, int count, const char **codes, const char **labels)
{
    for (int i = 0; i < count; i++)
        codes[i] = labels[i] = NULL;
    if (count == 0)
        return STORE_OK;
    char *list = arena_alloc(ctx->arena, (size_t)count * 21 + 3), *at = list;
    *at++ = '[';
    for (int i = 0; i < count; i++)
        at += sprintf(at, "%s%lld", i ? "," : "", (long long)seqs[i]);
    memcpy(at, "]", 2);
    const struct store_value p[] = {store_text(list)};
    struct store_result r, known;
    enum store_status status = store_query(ctx->conn, ctx->arena,
                                           "SELECT seq, purposes FROM audit_events WHERE purposes IS NOT NULL "
                                           "AND seq IN (SELECT value FROM json_each(?))",
                                           p, 1, &r);
    if (status == STORE_OK)
        status = access_purpose_list(ctx, true, &known);
    const char *line_start = arena_printf(ctx->arena, "\n%s %s ", type, id);
    for (int row = 0; status == STORE_OK && row < r.rows; row++) {
        int64_t seq = store_cell_int(&r, row, "seq");
        const char *code = code_in(ctx->arena, store_cell_text(&r, row, "purposes"), line_start);
        for (int i = 0; code != NULL && i < count; i++)
            if (seqs[i] == seq)
                codes[i] = code;
    }
    for (int i = 0; status == STORE_OK && i < count; i++)
        for (int k = 0; codes[i] != NULL && k < known.rows; k++)
            if (strcmp(codes[i], store_cell_text(&known, k, "code")) == 0)
                labels[i] = store_cell_text(&known, k, "label");
    return status;
}
