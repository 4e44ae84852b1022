/* Partner agencies; see agency.h. */
#include "domain/agency.h"

#include <string.h>

#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"
#include "util/text.h"

const char *const agency_kinds[] = {
    "childrens_services", "police", "youth_justice", "education", "health",
    "community_safety", "voluntary", "housing", "other",
};
const int agency_kind_count = sizeof agency_kinds / sizeof agency_kinds[0];

bool agency_kind_is_valid(const char *kind)
{
    return text_in_list(kind, agency_kinds, agency_kind_count);
}

enum store_status agency_create(struct store_conn *conn, struct arena *arena, const char *name,
                                const char *kind, const char **id_out)
{
    const char *id = id_new(arena);
    const struct store_value params[] = {store_text(id), store_text(name), store_text(kind),
                                         store_text(clock_now_text(arena))};
    enum store_status status = store_exec(conn,
                                          "INSERT INTO agencies (id, name, kind, created_at) "
                                          "VALUES (?, ?, ?, ?)",
                                          params, 4, NULL);
    if (status == STORE_OK && id_out != NULL)
        *id_out = id;
    return status;
}

static const char *first_id(struct store_conn *conn, struct arena *arena, const char *sql, const char *value)
{
    const struct store_value p[] = {store_text(value)};
    struct store_result r;
    if (store_query(conn, arena, sql, p, 1, &r) != STORE_OK || r.rows != 1)
        return NULL;
    return store_cell_text(&r, 0, "id");
}

const char *agency_id_by_name(struct store_conn *conn, struct arena *arena, const char *name)
{
    return first_id(conn, arena, "SELECT id FROM agencies WHERE name = ?", name);
}

bool agency_exists(struct store_conn *conn, struct arena *arena, const char *id)
{
    return first_id(conn, arena, "SELECT id FROM agencies WHERE id = ?", id) != NULL;
}

const char *agency_name(struct store_conn *conn, struct arena *arena, const char *id)
{
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    if (id == NULL || store_query(conn, arena, "SELECT name FROM agencies WHERE id = ?", p, 1, &r) != STORE_OK ||
        r.rows != 1)
        return NULL;
    return store_cell_text(&r, 0, "name");
}
