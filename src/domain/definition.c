/* The shared definitions registry; see definition.h. */
#include "domain/definition.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "auth/access.h"
#include "util/arena.h"
#include "util/ids.h"

const char *const definition_categories[] = {"exploitation_type", "context_type", "link_type", "indicator",
                                             "adverse_childhood_experience"};
const int definition_category_count = sizeof definition_categories / sizeof definition_categories[0];
const char *const indicator_groups[] = {"push", "pull", "control", "sign"};
const int indicator_group_count = sizeof indicator_groups / sizeof indicator_groups[0];

/* Each term joined to its newest version, with how many agencies adopted that version. */
#define CURRENT_VERSIONS                                                                                     \
    "SELECT t.id, t.category, t.code, t.indicator_group, t.cin_code, v.version, v.label, v.definition, "    \
    "v.adopted_on, (SELECT count(*) FROM definition_adoptions a WHERE a.term_id = t.id AND a.version = "    \
    "v.version) AS agencies_adopted FROM definition_terms t JOIN definition_versions v ON v.term_id = t.id " \
    "AND v.version = (SELECT max(version) FROM definition_versions WHERE term_id = t.id) "

enum store_status definition_list(struct domain_context *ctx, const char *category, const char *cursor, int limit,
                                  struct store_result *out)
{
    const struct store_value p[] = {store_text(category), store_text(category), store_text(cursor),
                                    store_text(cursor), store_int(limit + 1)};
    return store_query(ctx->conn, ctx->arena,
                       CURRENT_VERSIONS "WHERE (? IS NULL OR t.category = ?) AND (? IS NULL OR (t.category, t.code) > "
                                        "(SELECT category, code FROM definition_terms WHERE id = ?)) "
                                        "ORDER BY t.category, t.code LIMIT ?",
                       p, 5, out);
}

bool definition_show(struct domain_context *ctx, const char *id, struct definition_detail *out)
{
    const struct store_value p[] = {store_text(id)};
    if (store_query(ctx->conn, ctx->arena, CURRENT_VERSIONS "WHERE t.id = ?", p, 1, &out->term) != STORE_OK ||
        out->term.rows != 1)
        return false;
    const struct store_value q[] = {store_text(id), store_int(store_cell_int(&out->term, 0, "version"))};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT version, label, definition, adopted_on FROM definition_versions WHERE term_id = ? "
                       "ORDER BY version DESC",
                       p, 1, &out->versions) == STORE_OK &&
           store_query(ctx->conn, ctx->arena,
                       "SELECT g.id AS agency_id, g.name AS agency_name, a.adopted_on FROM agencies g "
                       "LEFT JOIN definition_adoptions a ON a.agency_id = g.id AND a.term_id = ? AND a.version = ? "
                       "ORDER BY g.name",
                       q, 2, &out->adoptions) == STORE_OK;
}

/* Checks the caller may manage definitions, auditing the attempt. */
static bool may_manage(struct domain_context *ctx, const char *action, const char *id)
{
    return access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_DEFINITIONS, action,
                             "definition", id)
        .allowed;
}

/* Commits, or rolls back and says why: on_constraint is what a refused
 * constraint means to the operation. */
static enum domain_status finish(struct domain_context *ctx, enum store_status status,
                                 enum domain_status on_constraint)
{
    if (status == STORE_OK && store_commit(ctx->conn) == STORE_OK)
        return DOMAIN_OK;
    store_rollback(ctx->conn);
    return status == STORE_CONSTRAINT ? on_constraint : DOMAIN_UNAVAILABLE;
}

enum domain_status definition_publish(struct domain_context *ctx, const char *id, const char *label,
                                      const char *text, const char *adopted_on, int *version)
{
    if (!may_manage(ctx, "update", id))
        return DOMAIN_FORBIDDEN;
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    enum store_status status = store_query(ctx->conn, ctx->arena,
                                           "SELECT max(version) AS version FROM definition_versions WHERE term_id = ?",
                                           p, 1, &r);
    *version = (int)store_cell_int(&r, 0, "version") + 1;
    if (status == STORE_OK && *version == 1)
        status = STORE_CONSTRAINT; /* no such term */
    const struct store_value v[] = {store_text(id), store_int(*version), store_text(label), store_text(text),
                                    store_text(adopted_on), store_text(ctx->caller.user_id)};
    if (status == STORE_OK)
        status = store_exec(ctx->conn,
                            "INSERT INTO definition_versions (term_id, version, label, definition, adopted_on, "
                            "published_by) VALUES (?, ?, ?, ?, ?, ?)",
                            v, 6, NULL);
    return finish(ctx, status, DOMAIN_NOT_FOUND);
}

enum domain_status definition_record_adoption(struct domain_context *ctx, const char *id, int version,
                                              const char *agency_id, const char *adopted_on)
{
    if (!may_manage(ctx, "update", id))
        return DOMAIN_FORBIDDEN;
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    const struct store_value p[] = {store_text(id), store_int(version), store_text(agency_id),
                                    store_text(adopted_on), store_text(ctx->caller.user_id)};
    return finish(ctx, store_exec(ctx->conn,
                                  "INSERT INTO definition_adoptions (term_id, version, agency_id, adopted_on, "
                                  "recorded_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (term_id, version, agency_id) "
                                  "DO UPDATE SET adopted_on = excluded.adopted_on, recorded_by = excluded.recorded_by",
                                  p, 5, NULL),
                  DOMAIN_NOT_FOUND);
}

enum domain_status definition_create(struct domain_context *ctx, const char *category, const char *code,
                                     const char *indicator_group, const char *cin_code, const char *label,
                                     const char *text, const char *adopted_on, const char **id)
{
    if (!may_manage(ctx, "create", NULL))
        return DOMAIN_FORBIDDEN;
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    *id = id_new(ctx->arena);
    const struct store_value t[] = {store_text(*id), store_text(category), store_text(code),
                                    store_text(indicator_group), store_text(cin_code)};
    enum store_status status = store_exec(ctx->conn,
                                          "INSERT INTO definition_terms (id, category, code, indicator_group, cin_code) "
                                          "VALUES (?, ?, ?, ?, ?)",
                                          t, 5, NULL);
    const struct store_value v[] = {store_text(*id), store_text(label), store_text(text), store_text(adopted_on),
                                    store_text(ctx->caller.user_id)};
    if (status == STORE_OK)
        status = store_exec(ctx->conn,
                            "INSERT INTO definition_versions (term_id, version, label, definition, adopted_on, "
                            "published_by) VALUES (?, 1, ?, ?, ?, ?)",
                            v, 5, NULL);
    return finish(ctx, status, DOMAIN_CONFLICT);
}

int definition_current_version(struct domain_context *ctx, const char *category, const char *code,
                               const char **term_id)
{
    const struct store_value p[] = {store_text(category), store_text(code)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT t.id, max(v.version) AS version FROM definition_terms t JOIN definition_versions v "
                    "ON v.term_id = t.id WHERE t.category = ? AND t.code = ? GROUP BY t.id",
                    p, 2, &r) != STORE_OK ||
        r.rows != 1)
        return 0;
    *term_id = store_cell_text(&r, 0, "id");
    return (int)store_cell_int(&r, 0, "version");
}

enum domain_status definition_code_list(struct domain_context *ctx, const char *category, const char *const *codes,
                                        int count, const char **json_out, const char **unknown)
{
    json_t *list = json_array();
    for (int i = 0; i < count; i++) {
        const char *term = NULL;
        int version = definition_current_version(ctx, category, codes[i], &term);
        if (version == 0) {
            json_decref(list);
            *unknown = codes[i];
            return DOMAIN_NOT_FOUND;
        }
        json_array_append_new(list, json_pack("{s:s,s:i}", "code", codes[i], "version", version));
    }
    char *text = json_dumps(list, JSON_COMPACT);
    json_decref(list);
    if (text == NULL)
        return DOMAIN_UNAVAILABLE;
    *json_out = arena_strdup(ctx->arena, text);
    free(text);
    return DOMAIN_OK;
}
