/* People: the person record kind, aliases, and search over names and
 * aliases; see person.h. */
#include "domain/person.h"

#include <string.h>

#include "domain/duplicates.h"
#include "util/arena.h"
#include "util/fold.h"

const char *const person_kinds[] = {"young_person", "adult_of_concern"};
const int person_kind_count = sizeof person_kinds / sizeof person_kinds[0];

static const struct record_field person_fields[PERSON_FIELD_COUNT] = {
    [PERSON_KIND] = {"kind", FIELD_TEXT, true},
    [PERSON_GIVEN_NAME] = {"given_name", FIELD_TEXT, true},
    [PERSON_FAMILY_NAME] = {"family_name", FIELD_TEXT, true},
    [PERSON_DATE_OF_BIRTH] = {"date_of_birth", FIELD_TEXT, false},
    [PERSON_ESTIMATED_AGE] = {"estimated_age", FIELD_INTEGER, false},
    [PERSON_SEX] = {"sex", FIELD_TEXT, false},
    [PERSON_ETHNICITY] = {"ethnicity", FIELD_TEXT, false},
    [PERSON_ADDRESS] = {"address", FIELD_TEXT, false},
    [PERSON_POSTCODE] = {"postcode", FIELD_TEXT, false},
    [PERSON_SCHOOL] = {"school", FIELD_TEXT, false},
    [PERSON_NHS_NUMBER] = {"nhs_number", FIELD_TEXT, false},
    [PERSON_UNIQUE_PUPIL_NUMBER] = {"unique_pupil_number", FIELD_TEXT, false},
    [PERSON_POLICE_REFERENCE] = {"police_reference", FIELD_TEXT, false},
    [PERSON_COUNCIL_CASE_NUMBER] = {"council_case_number", FIELD_TEXT, false},
    [PERSON_SHARING] = {"sharing", FIELD_TEXT, true},
};

/* "family given": the list is in family-name order. */
static const char *person_search_text(struct arena *arena, const char *const *values)
{
    return arena_printf(arena, "%s %s", values[PERSON_FAMILY_NAME], values[PERSON_GIVEN_NAME]);
}

const struct record_kind person_kind = {
    .table = "people",
    .record_type = "person",
    .fields = person_fields,
    .field_count = PERSON_FIELD_COUNT,
    .sharing_field = PERSON_SHARING,
    .about_a_person = true,
    .person_field = -1,
    .live = "r.merged_into IS NULL",
    .search_text = person_search_text,
};

static void load_aliases(struct domain_context *ctx, struct person *p)
{
    const struct store_value params[] = {store_text(p->record.id), store_int(PERSON_MAX_ALIASES)};
    struct store_result r;
    p->alias_count = 0;
    if (store_query(ctx->conn, ctx->arena, "SELECT alias FROM person_aliases WHERE person_id = ? ORDER BY alias LIMIT ?",
                    params, 2, &r) != STORE_OK)
        return;
    for (int i = 0; i < r.rows; i++)
        p->aliases[p->alias_count++] = store_cell_text(&r, i, "alias");
}

static enum store_status save_aliases(struct domain_context *ctx, struct person *p, const struct person_input *in)
{
    if (!in->aliases_present)
        return STORE_OK;
    p->alias_count = in->alias_count;
    memcpy(p->aliases, in->aliases, sizeof p->aliases);
    const struct store_value id[] = {store_text(p->record.id)};
    enum store_status status = store_exec(ctx->conn, "DELETE FROM person_aliases WHERE person_id = ?", id, 1, NULL);
    for (int i = 0; status == STORE_OK && i < p->alias_count; i++) {
        const struct store_value a[] = {store_text(p->record.id), store_text(p->aliases[i]),
                                        store_text(fold_for_search(ctx->arena, p->aliases[i]))};
        status = store_exec(ctx->conn,
                            "INSERT INTO person_aliases (person_id, alias, search_key) VALUES (?, ?, ?) "
                            "ON CONFLICT DO NOTHING",
                            a, 3, NULL);
    }
    return status;
}

enum domain_status person_create(struct domain_context *ctx, const struct person_input *in, struct person *out)
{
    memset(out, 0, sizeof *out);
    enum domain_status status = record_create(ctx, &person_kind, &in->fields, &out->record);
    if (status != DOMAIN_OK)
        return status;
    enum store_status saved = save_aliases(ctx, out, in);
    return record_finish(ctx, saved == STORE_OK ? duplicates_save_keys(ctx, &out->record) : saved);
}

enum domain_status person_read(struct domain_context *ctx, const char *id, struct person *out)
{
    memset(out, 0, sizeof *out);
    enum domain_status status = record_read(ctx, &person_kind, id, &out->record);
    if (status == DOMAIN_OK)
        load_aliases(ctx, out);
    return status;
}

const char *person_merged_into(struct domain_context *ctx, const char *id)
{
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT merged_into FROM people WHERE id = ?", p, 1, &r) != STORE_OK ||
        r.rows != 1)
        return NULL;
    return store_cell_text(&r, 0, "merged_into");
}

enum domain_status person_update(struct domain_context *ctx, const char *id, const struct person_input *changes,
                                 struct person *out)
{
    memset(out, 0, sizeof *out);
    enum domain_status status = record_begin_write(ctx, &person_kind, id, "update", &out->record);
    if (status != DOMAIN_OK)
        return status;
    if (person_merged_into(ctx, out->record.id) != NULL) { /* it stays as merged, for undo to give it back */
        record_finish(ctx, STORE_ERROR);
        access_refused(ctx->conn, ctx->arena, &ctx->caller, "update", "person", out->record.id,
                       "the record has been merged into another");
        return DOMAIN_CONFLICT;
    }
    status = record_update_fields(ctx, &person_kind, &changes->fields, &out->record);
    enum store_status saved = status == DOMAIN_OK ? save_aliases(ctx, out, changes) : STORE_ERROR;
    if (saved == STORE_OK)
        saved = duplicates_save_keys(ctx, &out->record);
    status = record_finish(ctx, saved);
    if (status == DOMAIN_OK && !changes->aliases_present)
        load_aliases(ctx, out);
    return status;
}

enum domain_status person_record_involvement(struct domain_context *ctx, const char *id, const char *user_id)
{
    struct record r;
    enum domain_status status = record_begin_write(ctx, &person_kind, id, "update", &r);
    if (status != DOMAIN_OK)
        return status;
    return record_finish(ctx, access_record_involvement(ctx->conn, ctx->arena, user_id, r.id,
                                                        ctx->caller.is_token ? NULL : ctx->caller.user_id));
}

enum domain_status person_search(struct domain_context *ctx, const char *query, const char *cursor, int limit,
                                 struct person *out, int *count, const char **next)
{
    struct record *records = arena_alloc(ctx->arena, sizeof *records * (size_t)limit);
    enum domain_status status = record_search(ctx, &person_kind, query,
                                              "EXISTS (SELECT 1 FROM person_aliases a WHERE a.person_id = r.id "
                                              "AND (' ' || a.search_key) LIKE ?)",
                                              cursor, limit, records, count, next);
    for (int i = 0; status == DOMAIN_OK && i < *count; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].record = records[i];
        load_aliases(ctx, &out[i]);
    }
    return status;
}

bool person_record_ref(struct domain_context *ctx, const char *id, struct record_ref *out)
{
    return record_ref(ctx, &person_kind, id, out);
}
