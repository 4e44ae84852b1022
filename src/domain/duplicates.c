/* Candidate duplicates, the pairs kept for the queue, and setting a pair
 * aside; see duplicates.h. */
#include "domain/duplicates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/access.h"
#include "domain/duplicates_batch.h"
#include "domain/person.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"

struct match_person duplicates_match_view(const struct record *r)
{
    const char *const *v = r->values;
    return (struct match_person){
        .given_name = v[PERSON_GIVEN_NAME], .family_name = v[PERSON_FAMILY_NAME],
        .date_of_birth = v[PERSON_DATE_OF_BIRTH], .postcode = v[PERSON_POSTCODE], .school = v[PERSON_SCHOOL],
        .nhs_number = v[PERSON_NHS_NUMBER], .unique_pupil_number = v[PERSON_UNIQUE_PUPIL_NUMBER],
        .police_reference = v[PERSON_POLICE_REFERENCE], .council_case_number = v[PERSON_COUNCIL_CASE_NUMBER]};
}

static void score_pair(struct arena *arena, const struct record *a, const struct record *b, struct match_result *out)
{
    struct match_person pa = duplicates_match_view(a), pb = duplicates_match_view(b);
    match_score(arena, &pa, &pb, out);
}

/* "(?, ?), (?, ?), ..." for rows rows of columns values: one statement
 * for many rows, not a statement each. */
const char *duplicates_placeholders(struct arena *arena, int rows, const char *row)
{
    size_t size = (size_t)rows * (strlen(row) + 2) + 1, at = 0;
    char *out = arena_alloc(arena, size);
    for (int i = 0; i < rows; i++)
        at += (size_t)snprintf(out + at, size - at, "%s%s", i ? ", " : "", row);
    return out;
}

const char *duplicates_insert_keys_sql(struct arena *arena, int rows)
{
    return arena_printf(arena, "INSERT INTO person_match_keys (person_id, match_key) VALUES %s ON CONFLICT DO NOTHING",
                        duplicates_placeholders(arena, rows, "(?, ?)"));
}

const char *duplicates_upsert_pairs_sql(struct arena *arena, int rows)
{
    return arena_printf(arena,
                        "INSERT INTO person_match_pairs (person_id, other_id, score, updated_at) "
                        "VALUES %s ON CONFLICT (person_id, other_id) DO UPDATE SET "
                        "score = excluded.score, updated_at = excluded.updated_at",
                        duplicates_placeholders(arena, rows, "(?, ?, ?, ?)"));
}

static enum store_status insert_keys(struct store_conn *conn, struct arena *arena, const struct record *r)
{
    const struct store_value id[] = {store_text(r->id)};
    enum store_status status = store_exec(conn, "DELETE FROM person_match_keys WHERE person_id = ?", id, 1, NULL);
    struct match_person p = duplicates_match_view(r);
    const char *keys[MATCH_KEYS_MAX];
    int n = match_keys(arena, &p, keys);
    struct store_value rows[2 * MATCH_KEYS_MAX];
    for (int i = 0; i < n; i++) {
        rows[2 * i] = store_text(r->id);
        rows[2 * i + 1] = store_text(keys[i]);
    }
    if (status == STORE_OK && n > 0)
        status = store_exec(conn, duplicates_insert_keys_sql(arena, n), rows, 2 * n, NULL);
    return status;
}

static int by_score(const void *a, const void *b)
{
    return ((const struct duplicate *)b)->match.score - ((const struct duplicate *)a)->match.score;
}

enum store_status duplicates_candidates(struct domain_context *ctx, const struct record *r, struct duplicate **out,
                                        int *count)
{
    const struct store_value params[] = {store_text(r->id), store_text(r->id), store_int(DUPLICATE_CANDIDATES_MAX),
                                         store_text(r->values[PERSON_KIND])};
    struct record *found;
    int rows = 0;
    *count = 0;
    enum store_status status = record_select_for_matching(
        ctx,
        "r.id IN (SELECT k.person_id FROM person_match_keys k WHERE k.match_key IN "
        "(SELECT match_key FROM person_match_keys WHERE person_id = ?) AND k.person_id <> ? "
        "GROUP BY k.person_id ORDER BY count(*) DESC LIMIT ?) AND r.merged_into IS NULL AND r.kind = ?",
        params, 4, NULL, 0, &found, &rows);
    *out = arena_alloc(ctx->arena, sizeof **out * (size_t)(rows + 1));
    for (int i = 0; status == STORE_OK && i < rows; i++) {
        (*out)[*count].person = found[i];
        score_pair(ctx->arena, r, &found[i], &(*out)[*count].match);
        *count += (*out)[*count].match.score >= MATCH_POSSIBLE;
    }
    qsort(*out, (size_t)*count, sizeof **out, by_score);
    return status;
}

/* Rescores every pair of r: kept when at least possible (a coordinator's
 * setting aside stays), dropped otherwise. */
static enum store_status save_pairs(struct store_conn *conn, struct arena *arena, const struct record *r)
{
    struct domain_context ctx = {.conn = conn, .arena = arena};
    const char *now = clock_now_text(arena);
    struct duplicate *found;
    int count = 0;
    enum store_status status = duplicates_candidates(&ctx, r, &found, &count);
    struct store_value *rows = arena_alloc(arena, sizeof *rows * (size_t)(4 * count + 1));
    for (int i = 0; i < count; i++) {
        const char *other = found[i].person.id;
        bool first = strcmp(r->id, other) < 0;
        rows[4 * i] = store_text(first ? r->id : other);
        rows[4 * i + 1] = store_text(first ? other : r->id);
        rows[4 * i + 2] = store_int(found[i].match.score);
        rows[4 * i + 3] = store_text(now);
    }
    if (status == STORE_OK && count > 0)
        status = store_exec(conn, duplicates_upsert_pairs_sql(arena, count), rows, 4 * count, NULL);
    const struct store_value stale[] = {store_text(r->id), store_text(r->id), store_text(now)};
    if (status == STORE_OK)
        status = store_exec(conn, "DELETE FROM person_match_pairs WHERE (person_id = ? OR other_id = ?) AND updated_at <> ?",
                            stale, 3, NULL);
    return status;
}

static enum store_status save_keys_and_pairs(struct store_conn *conn, struct arena *arena, const struct record *r)
{
    enum store_status status = insert_keys(conn, arena, r);
    return status == STORE_OK ? save_pairs(conn, arena, r) : status;
}

enum store_status duplicates_save_keys(struct domain_context *ctx, const struct record *r)
{
    return save_keys_and_pairs(ctx->conn, ctx->arena, r);
}

/* Whether at least DUPLICATES_BATCH_THRESHOLD unmerged people have no keys. */
static bool many_without_keys(struct store_conn *conn, struct arena *arena)
{
    const struct store_value p[] = {store_int(DUPLICATES_BATCH_THRESHOLD)};
    struct store_result r;
    return store_query(conn, arena,
                       "SELECT count(*) AS n FROM (SELECT 1 FROM people r WHERE r.merged_into IS NULL AND NOT EXISTS "
                       "(SELECT 1 FROM person_match_keys k WHERE k.person_id = r.id) LIMIT ?)",
                       p, 1, &r) == STORE_OK &&
           r.rows == 1 && store_cell_int(&r, 0, "n") >= DUPLICATES_BATCH_THRESHOLD;
}

enum store_status duplicates_backfill(struct store_conn *conn, struct arena *arena, int limit, int64_t *after,
                                     bool *done)
{
    if (*after == 0 && many_without_keys(conn, arena)) {
        /* All at once; the people written meanwhile are left to the path below. */
        int people = 0;
        enum store_status status = duplicates_backfill_all(conn, arena, after, &people);
        *done = status == STORE_OK && people == 0;
        return status;
    }

    struct domain_context ctx = {.conn = conn, .arena = arena};
    const struct store_value p[] = {store_int(*after)};
    struct record *people;
    int rows = 0;
    *done = true;
    /* The next few people with no keys, by rowid: one pass over the people. */
    enum store_status status = record_select_for_matching(&ctx,
                                                          "r.rowid > ? AND r.merged_into IS NULL AND NOT EXISTS "
                                                          "(SELECT 1 FROM person_match_keys k WHERE k.person_id = r.id)",
                                                          p, 1, "ORDER BY r.rowid", limit, &people, &rows);
    if (status != STORE_OK || rows == 0)
        return status;
    const struct store_value last[] = {store_text(people[rows - 1].id)};
    struct store_result position;
    status = store_query(conn, arena, "SELECT rowid AS n FROM people WHERE id = ?", last, 1, &position);
    if (status == STORE_OK && (status = store_begin(conn)) == STORE_OK) {
        for (int i = 0; status == STORE_OK && i < rows; i++)
            status = save_keys_and_pairs(conn, arena, &people[i]);
        if (status == STORE_OK)
            status = store_commit(conn);
        else
            store_rollback(conn);
    }
    if (status == STORE_OK) {
        *after = store_cell_int(&position, 0, "n");
        *done = rows < limit;
    }
    return status;
}

/* ---- what a reader sees ------------------------------------------------ */

/* The people of person_match_pairs a reader may see, as "r" rows:
 * condition over pair p, joined on column. */
static const char *readable_people(struct domain_context *ctx, const char *alias, struct store_value *params,
                                   int *count)
{
    struct readable_filter readable;
    access_readable_filter(ctx->arena, &ctx->caller, RECORD_PERSONAL, alias, "person", "id", &readable);
    for (int i = 0; i < readable.param_count; i++)
        params[(*count)++] = readable.params[i];
    return readable.sql;
}

enum domain_status duplicates_of(struct domain_context *ctx, const char *person_id, struct record *person,
                                 struct duplicate *out, int *count)
{
    *count = 0;
    enum domain_status status = record_read(ctx, &person_kind, person_id, person);
    if (status != DOMAIN_OK)
        return status;
    const struct store_value params[] = {store_text(person->id), store_text(person->id)};
    struct record *found;
    int rows = 0;
    if (record_select_readable(ctx, &person_kind,
                               "r.id IN (SELECT other_id FROM person_match_pairs WHERE person_id = ? AND "
                               "dismissed_at IS NULL UNION SELECT person_id FROM person_match_pairs WHERE "
                               "other_id = ? AND dismissed_at IS NULL) AND r.merged_into IS NULL",
                               params, 2, NULL, DUPLICATES_MAX, &found, &rows) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    for (int i = 0; i < rows; i++) {
        out[i].person = found[i];
        score_pair(ctx->arena, person, &found[i], &out[i].match);
    }
    qsort(out, (size_t)rows, sizeof *out, by_score);
    *count = rows;
    return record_audit_reads(ctx, &person_kind, found, rows);
}

/* ---- the queue ---------------------------------------------------------- */

struct queue_cursor {
    int score;
    char person[ID_TEXT_LEN + 1], other[ID_TEXT_LEN + 1];
};

static bool parse_cursor(const char *text, struct queue_cursor *c)
{
    if (text == NULL)
        return false;
    const char *dot = strchr(text, '.'), *second = dot ? strchr(dot + 1, '.') : NULL;
    if (second == NULL || (size_t)(second - dot - 1) > ID_TEXT_LEN || strlen(second + 1) > ID_TEXT_LEN)
        return false;
    char *end;
    long score = strtol(text, &end, 10);
    if (end != dot || score < 0 || score > 100)
        return false;
    c->score = (int)score;
    snprintf(c->person, sizeof c->person, "%.*s", (int)(second - dot - 1), dot + 1);
    snprintf(c->other, sizeof c->other, "%s", second + 1);
    return id_is_valid(c->person) && id_is_valid(c->other);
}

bool duplicates_cursor_valid(const char *text)
{
    struct queue_cursor c;
    return text == NULL || parse_cursor(text, &c);
}

static const char *queue_sql(struct domain_context *ctx, struct store_value *params, int *n, int min_score,
                             const struct queue_cursor *after, bool has_cursor)
{
    params[(*n)++] = store_int(min_score);
    const char *a = readable_people(ctx, "a", params, n);
    const char *b = readable_people(ctx, "b", params, n);
    const char *cursor = "";
    if (has_cursor) {
        cursor = " AND (p.score < ? OR (p.score = ? AND (p.person_id, p.other_id) > (?, ?)))";
        params[(*n)++] = store_int(after->score);
        params[(*n)++] = store_int(after->score);
        params[(*n)++] = store_text(arena_strdup(ctx->arena, after->person));
        params[(*n)++] = store_text(arena_strdup(ctx->arena, after->other));
    }
    return arena_printf(ctx->arena,
                        "SELECT p.person_id, p.other_id, p.score FROM person_match_pairs p "
                        "JOIN people a ON a.id = p.person_id JOIN people b ON b.id = p.other_id "
                        "WHERE p.dismissed_at IS NULL AND p.score >= ? AND a.merged_into IS NULL "
                        "AND b.merged_into IS NULL AND %s AND %s%s "
                        "ORDER BY p.score DESC, p.person_id, p.other_id LIMIT ?",
                        a, b, cursor);
}

static bool load_person(struct domain_context *ctx, const char *id, struct record *out)
{
    return record_peek(ctx, &person_kind, id, out);
}

enum domain_status duplicates_queue(struct domain_context *ctx, int min_score, const char *cursor, int limit,
                                    struct duplicate_pair *out, int *count, const char **next)
{
    struct queue_cursor after;
    bool has_cursor = parse_cursor(cursor, &after);
    struct store_value params[8 + 2 * READABLE_FILTER_MAX_PARAMS];
    int n = 0;
    const char *sql = queue_sql(ctx, params, &n, min_score, &after, has_cursor);
    params[n++] = store_int(limit + 1);
    struct store_result r;
    *count = 0;
    *next = NULL;
    if (store_query(ctx->conn, ctx->arena, sql, params, n, &r) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    struct record *shown = arena_alloc(ctx->arena, sizeof *shown * (size_t)(2 * limit + 1));
    for (int i = 0; i < r.rows && *count < limit; i++) {
        struct duplicate_pair *pair = &out[*count];
        if (!load_person(ctx, store_cell_text(&r, i, "person_id"), &pair->person) ||
            !load_person(ctx, store_cell_text(&r, i, "other_id"), &pair->other))
            return DOMAIN_UNAVAILABLE;
        score_pair(ctx->arena, &pair->person, &pair->other, &pair->match);
        pair->match.score = (int)store_cell_int(&r, i, "score");
        shown[2 * *count] = pair->person;
        shown[2 * *count + 1] = pair->other;
        (*count)++;
    }
    if (r.rows > limit && *count > 0) {
        const struct duplicate_pair *last = &out[*count - 1];
        *next = arena_printf(ctx->arena, "%d.%s.%s", last->match.score, last->person.id, last->other.id);
    }
    return record_audit_reads(ctx, &person_kind, shown, 2 * *count);
}

/* ---- setting a pair aside ---------------------------------------------- */

enum domain_status duplicates_set_aside(struct domain_context *ctx, const char *person_id, const char *other_id)
{
    if (!id_is_valid(person_id) || !id_is_valid(other_id) || strcmp(person_id, other_id) == 0)
        return DOMAIN_NOT_FOUND;
    bool first = strcmp(person_id, other_id) < 0;
    const char *low = first ? person_id : other_id, *high = first ? other_id : person_id;
    struct record a, b;
    enum domain_status status = record_begin_write(ctx, &person_kind, low, "set aside as not a duplicate", &a);
    if (status != DOMAIN_OK)
        return status;
    struct record_ref ref;
    if (!record_ref(ctx, &person_kind, high, &ref) ||
        !access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_WRITE, "set aside as not a duplicate", &ref)
             .allowed ||
        !load_person(ctx, high, &b)) {
        record_finish(ctx, STORE_OK);
        return DOMAIN_NOT_FOUND;
    }
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MERGE_RECORDS, "set aside", "person", low)
             .allowed) {
        record_finish(ctx, STORE_OK);
        return DOMAIN_FORBIDDEN;
    }
    const struct store_value p[] = {store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id),
                                    store_text(clock_now_text(ctx->arena)), store_text(low), store_text(high)};
    int changed = 0;
    enum store_status saved = store_exec(ctx->conn,
                                         "UPDATE person_match_pairs SET dismissed_by = ?, dismissed_at = ? "
                                         "WHERE person_id = ? AND other_id = ? AND dismissed_at IS NULL",
                                         p, 4, &changed);
    status = record_finish(ctx, saved);
    return status == DOMAIN_OK && changed == 0 ? DOMAIN_NOT_FOUND : status;
}
