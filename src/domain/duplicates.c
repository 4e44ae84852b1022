/* Candidate duplicates; see duplicates.h. */
#include "domain/duplicates.h"

#include <stdlib.h>
#include <string.h>

#include "auth/access.h"
#include "domain/person.h"
#include "util/arena.h"

#define CANDIDATES_MAX 200 /* sharing a key, before scoring */

static struct match_person match_view(const struct record *r)
{
    const char *const *v = r->values;
    return (struct match_person){
        .given_name = v[PERSON_GIVEN_NAME], .family_name = v[PERSON_FAMILY_NAME],
        .date_of_birth = v[PERSON_DATE_OF_BIRTH], .postcode = v[PERSON_POSTCODE], .school = v[PERSON_SCHOOL],
        .nhs_number = v[PERSON_NHS_NUMBER], .unique_pupil_number = v[PERSON_UNIQUE_PUPIL_NUMBER],
        .police_reference = v[PERSON_POLICE_REFERENCE], .council_case_number = v[PERSON_COUNCIL_CASE_NUMBER]};
}

static enum store_status insert_keys(struct store_conn *conn, struct arena *arena, const struct record *r)
{
    const struct store_value id[] = {store_text(r->id)};
    enum store_status status = store_exec(conn, "DELETE FROM person_match_keys WHERE person_id = ?", id, 1, NULL);
    struct match_person p = match_view(r);
    const char *keys[MATCH_KEYS_MAX];
    int n = match_keys(arena, &p, keys);
    for (int i = 0; status == STORE_OK && i < n; i++) {
        const struct store_value row[] = {store_text(r->id), store_text(keys[i])};
        status = store_exec(conn, "INSERT INTO person_match_keys (person_id, match_key) VALUES (?, ?) "
                                  "ON CONFLICT DO NOTHING", row, 2, NULL);
    }
    return status;
}

enum store_status duplicates_save_keys(struct domain_context *ctx, const struct record *r)
{
    return insert_keys(ctx->conn, ctx->arena, r);
}

enum store_status duplicates_backfill(struct store_conn *conn, struct arena *arena, int limit, bool *done)
{
    struct domain_context ctx = {.conn = conn, .arena = arena};
    struct record *people;
    int rows = 0;
    const struct store_value p[] = {store_int(limit)};
    *done = true;
    enum store_status status = record_select_all(
        &ctx, &person_kind, "NOT EXISTS (SELECT 1 FROM person_match_keys k WHERE k.person_id = r.id) LIMIT ?", p, 1,
        &people, &rows);
    if (status != STORE_OK || rows == 0)
        return status;
    status = store_begin(conn);
    for (int i = 0; status == STORE_OK && i < rows; i++)
        status = insert_keys(conn, arena, &people[i]);
    if (status == STORE_OK)
        status = store_commit(conn);
    else
        store_rollback(conn);
    *done = rows < limit;
    return status;
}

static int by_score(const void *a, const void *b)
{
    return ((const struct duplicate *)b)->match.score - ((const struct duplicate *)a)->match.score;
}

/* Readable people other than person sharing a key with it. */
static bool candidates(struct domain_context *ctx, const struct record *person, struct record **out, int *rows)
{
    struct readable_filter readable;
    access_readable_filter(ctx->arena, &ctx->caller, RECORD_PERSONAL, "r", "person", "id", &readable);
    struct store_value params[2 + READABLE_FILTER_MAX_PARAMS] = {store_text(person->id), store_text(person->id)};
    for (int i = 0; i < readable.param_count; i++)
        params[2 + i] = readable.params[i];
    const char *tail = arena_printf(ctx->arena,
                                    "r.id IN (SELECT DISTINCT k.person_id FROM person_match_keys k WHERE k.match_key IN "
                                    "(SELECT match_key FROM person_match_keys WHERE person_id = ?) AND k.person_id <> ?) "
                                    "AND %s LIMIT %d",
                                    readable.sql, CANDIDATES_MAX);
    return record_select_all(ctx, &person_kind, tail, params, 2 + readable.param_count, out, rows) == STORE_OK;
}

enum domain_status duplicates_of(struct domain_context *ctx, const char *person_id, struct record *person,
                                 struct duplicate *out, int *count)
{
    *count = 0;
    enum domain_status status = record_read(ctx, &person_kind, person_id, person);
    struct record *found;
    int rows = 0;
    if (status != DOMAIN_OK)
        return status;
    if (!candidates(ctx, person, &found, &rows))
        return DOMAIN_UNAVAILABLE;
    struct match_person subject = match_view(person);
    struct duplicate *scored = arena_alloc(ctx->arena, sizeof *scored * (size_t)(rows + 1));
    int kept = 0;
    for (int i = 0; i < rows; i++) {
        struct match_person other = match_view(&found[i]);
        scored[kept].person = found[i];
        match_score(ctx->arena, &subject, &other, &scored[kept].match);
        kept += scored[kept].match.score >= MATCH_POSSIBLE;
    }
    qsort(scored, (size_t)kept, sizeof *scored, by_score);
    *count = kept < DUPLICATES_MAX ? kept : DUPLICATES_MAX;
    struct record *released = arena_alloc(ctx->arena, sizeof *released * (size_t)(*count + 1));
    for (int i = 0; i < *count; i++) {
        out[i] = scored[i];
        released[i] = scored[i].person;
    }
    return record_audit_reads(ctx, &person_kind, released, *count);
}
