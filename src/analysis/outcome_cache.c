/* Outcome grids kept and reused while current; see outcome_cache.h. A
 * grid is kept as JSON: {"k": group keys, "n": numerators, "d":
 * denominators, "p": 90th percentiles or null}, numbers written exactly
 * (jansson prints doubles with 17 digits). */
#include "analysis/outcome_cache.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/log.h"

static const char *month_text(struct arena *arena, int month)
{
    return arena_printf(arena, "%04d-%02d", month / 12, month % 12 + 1);
}

static const char *key_of(struct arena *arena, const struct outcome_query *q)
{
    return arena_printf(arena, "%s|%s|%d|%d|%d|%d|%s", q->spec->code, outcome_breakdown_name(q->by), q->first_month,
                        q->months, q->by_month ? 1 : 0, q->screening_standard_days, q->today);
}

int64_t outcome_change_version(struct store_conn *conn, struct arena *arena)
{
    struct store_result r;
    if (store_query(conn, arena, "SELECT version FROM outcome_change_counter WHERE id = 1", NULL, 0, &r) != STORE_OK ||
        r.rows != 1)
        return -1;
    return store_cell_int(&r, 0, "version");
}

/* The newest change marked in a month q's figures depend on; -1 when it
 * cannot be read. */
static int64_t newest_change(struct store_conn *conn, struct arena *arena, const struct outcome_query *q)
{
    const struct outcome_dependency *d = outcome_dependencies(q->spec);
    if (d == NULL)
        return -1;
    int64_t newest = 0;
    int last = q->first_month + q->months - 1;
    for (; d->source != NULL; d++) {
        const char *from = d->before >= OUTCOME_UNBOUNDED ? "0000-00" : month_text(arena, q->first_month - d->before);
        const char *to = d->after >= OUTCOME_UNBOUNDED ? "9999-99" : month_text(arena, last + d->after);
        const struct store_value p[] = {store_text(d->source), store_text(from), store_text(to)};
        struct store_result r;
        if (store_query(conn, arena,
                        "SELECT coalesce(max(version), 0) AS version FROM outcome_changes WHERE source = ? AND "
                        "(month = '*' OR month BETWEEN ? AND ?)",
                        p, 3, &r) != STORE_OK ||
            r.rows != 1)
            return -1;
        int64_t version = store_cell_int(&r, 0, "version");
        if (version > newest)
            newest = version;
    }
    return newest;
}

/* The kept grid's JSON when it is current, else NULL. */
static const char *current_kept(struct store_conn *conn, struct arena *arena, const struct outcome_query *q)
{
    const struct store_value p[] = {store_text(key_of(arena, q))};
    struct store_result r;
    if (store_query(conn, arena, "SELECT version, grid FROM outcome_answers WHERE key = ?", p, 1, &r) != STORE_OK ||
        r.rows != 1)
        return NULL;
    int64_t newest = newest_change(conn, arena, q);
    return newest >= 0 && newest <= store_cell_int(&r, 0, "version") ? store_cell_text(&r, 0, "grid") : NULL;
}

bool outcome_kept_current(struct store_conn *conn, struct arena *arena, const struct outcome_query *query)
{
    return current_kept(conn, arena, query) != NULL;
}

/* ---- a grid to and from JSON ---- */

static json_t *numbers(const double *values, size_t count)
{
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(list, json_real(values[i]));
    return list;
}

static char *grid_json(const struct outcome_grid *g)
{
    size_t cells = (size_t)g->groups * (size_t)g->buckets;
    json_t *keys = json_array();
    for (int i = 0; i < g->groups; i++)
        json_array_append_new(keys, json_string(g->group_keys[i]));
    json_t *doc = json_pack("{s:o,s:o,s:o,s:o}", "k", keys, "n", numbers(g->numerator, cells), "d",
                            numbers(g->denominator, cells), "p", g->p90 ? numbers(g->p90, cells) : json_null());
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(doc);
    return text;
}

/* values[0..count) from a JSON array of exactly count numbers. */
static bool read_numbers(struct arena *arena, json_t *list, size_t count, double **values)
{
    if (!json_is_array(list) || json_array_size(list) != count)
        return false;
    *values = arena_alloc(arena, sizeof **values * (count ? count : 1));
    for (size_t i = 0; i < count; i++) {
        json_t *v = json_array_get(list, i);
        if (!json_is_number(v))
            return false;
        (*values)[i] = json_number_value(v);
    }
    return true;
}

static bool read_grid(struct arena *arena, const char *text, const struct outcome_query *q, struct outcome_grid *g)
{
    json_t *doc = json_loads(text, 0, NULL), *keys = json_object_get(doc, "k"), *p90 = json_object_get(doc, "p");
    *g = (struct outcome_grid){.buckets = q->by_month ? q->months : 1};
    bool ok = json_is_array(keys);
    g->groups = ok ? (int)json_array_size(keys) : 0;
    size_t cells = (size_t)g->groups * (size_t)g->buckets;
    g->group_keys = arena_alloc(arena, sizeof *g->group_keys * (g->groups ? (size_t)g->groups : 1));
    for (int i = 0; ok && i < g->groups; i++) {
        const char *key = json_string_value(json_array_get(keys, (size_t)i));
        ok = key != NULL;
        g->group_keys[i] = ok ? arena_strdup(arena, key) : NULL;
    }
    ok = ok && read_numbers(arena, json_object_get(doc, "n"), cells, &g->numerator) &&
         read_numbers(arena, json_object_get(doc, "d"), cells, &g->denominator) &&
         (json_is_null(p90) ? q->spec->kind != OUTCOME_DAYS : read_numbers(arena, p90, cells, &g->p90));
    json_decref(doc);
    return ok;
}

/* ---- keeping ---- */

static void keep(struct store_conn *conn, struct arena *arena, const struct outcome_query *q, int64_t version,
                 const struct outcome_grid *grid)
{
    char *text = grid_json(grid);
    if (text == NULL)
        return;
    char at[40];
    log_format_time(at, sizeof at);
    const struct store_value p[] = {store_text(key_of(arena, q)), store_text(q->today), store_int(version),
                                    store_text(at), store_text(text)};
    /* A grid not kept is computed again next time: nothing to report. */
    (void)store_exec(conn,
                     "INSERT INTO outcome_answers (key, day, version, computed_at, grid) VALUES (?, ?, ?, ?, ?) "
                     "ON CONFLICT (key) DO UPDATE SET day = excluded.day, version = excluded.version, "
                     "computed_at = excluded.computed_at, grid = excluded.grid WHERE excluded.version >= version",
                     p, 5, NULL);
    free(text);
}

enum store_status outcome_compute_kept(struct store_conn *conn, struct arena *arena, const struct outcome_query *query,
                                       struct outcome_grid *out, bool *from_kept)
{
    if (from_kept != NULL)
        *from_kept = false;
    const char *kept = current_kept(conn, arena, query);
    if (kept != NULL && read_grid(arena, kept, query, out)) {
        if (from_kept != NULL)
            *from_kept = true;
        return STORE_OK;
    }
    /* Read before computing: a change made meanwhile is newer than the grid. */
    int64_t version = outcome_change_version(conn, arena);
    enum store_status status = outcome_compute(conn, arena, query, out);
    if (status == STORE_OK && version >= 0)
        keep(conn, arena, query, version, out);
    return status;
}

enum store_status outcome_kept_prune(struct store_conn *conn, const char *today)
{
    const struct store_value p[] = {store_text(today)};
    return store_exec(conn, "DELETE FROM outcome_answers WHERE day <> ?", p, 1, NULL);
}
