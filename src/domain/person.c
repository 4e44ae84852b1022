/* People: storage, search, the access policy and the audit log; see
 * person.h. SQL naming a person's fields is built from person_fields (a
 * constant table), never from input. */
#include "domain/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/clock.h"
#include "util/fold.h"
#include "util/ids.h"

const char *const person_kinds[] = {"young_person", "adult_of_concern"};
const int person_kind_count = sizeof person_kinds / sizeof person_kinds[0];

const struct person_field_info person_fields[PERSON_FIELD_COUNT] = {
    [PERSON_KIND] = {"kind", false, true},
    [PERSON_GIVEN_NAME] = {"given_name", false, true},
    [PERSON_FAMILY_NAME] = {"family_name", false, true},
    [PERSON_DATE_OF_BIRTH] = {"date_of_birth", false, false},
    [PERSON_ESTIMATED_AGE] = {"estimated_age", true, false},
    [PERSON_SEX] = {"sex", false, false},
    [PERSON_ETHNICITY] = {"ethnicity", false, false},
    [PERSON_ADDRESS] = {"address", false, false},
    [PERSON_POSTCODE] = {"postcode", false, false},
    [PERSON_SCHOOL] = {"school", false, false},
    [PERSON_NHS_NUMBER] = {"nhs_number", false, false},
    [PERSON_UNIQUE_PUPIL_NUMBER] = {"unique_pupil_number", false, false},
    [PERSON_POLICE_REFERENCE] = {"police_reference", false, false},
    [PERSON_COUNCIL_CASE_NUMBER] = {"council_case_number", false, false},
    [PERSON_SHARING] = {"sharing", false, true},
};

/* "id, owner_agency_id, created_at, updated_at, kind, given_name, ..." */
static const char *select_columns(struct arena *arena, const char *prefix)
{
    const char *columns = arena_printf(arena, "%sid, %sowner_agency_id, %screated_at, %supdated_at", prefix, prefix,
                                       prefix, prefix);
    for (int f = 0; f < PERSON_FIELD_COUNT; f++)
        columns = arena_printf(arena, "%s, %s%s", columns, prefix, person_fields[f].name);
    return columns;
}

static struct store_value field_value(int field, const char *text)
{
    if (text != NULL && person_fields[field].integer)
        return store_int(strtoll(text, NULL, 10));
    return store_text(text);
}

static void read_row(struct domain_context *ctx, const struct store_result *r, int row, struct person *out)
{
    memset(out, 0, sizeof *out);
    out->id = store_cell_text(r, row, "id");
    out->owner_agency_id = store_cell_text(r, row, "owner_agency_id");
    out->created_at = store_cell_text(r, row, "created_at");
    out->updated_at = store_cell_text(r, row, "updated_at");
    for (int f = 0; f < PERSON_FIELD_COUNT; f++) {
        const struct store_value *v = store_cell(r, row, person_fields[f].name);
        out->values[f] = v->type == STORE_INT    ? arena_printf(ctx->arena, "%lld", (long long)v->integer)
                         : v->type == STORE_TEXT ? v->text
                                                 : NULL;
    }
}

static void load_aliases(struct domain_context *ctx, struct person *p)
{
    const struct store_value params[] = {store_text(p->id), store_int(PERSON_MAX_ALIASES)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT alias FROM person_aliases WHERE person_id = ? ORDER BY alias LIMIT ?",
                    params, 2, &r) != STORE_OK)
        return;
    for (int i = 0; i < r.rows; i++)
        p->aliases[p->alias_count++] = store_cell_text(&r, i, "alias");
}

/* Loads a person with no access check: callers decide before releasing it. */
static bool load(struct domain_context *ctx, const char *id, struct person *out)
{
    if (!id_is_valid(id))
        return false;
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    const char *sql = arena_printf(ctx->arena, "SELECT %s FROM people WHERE id = ?", select_columns(ctx->arena, ""));
    if (store_query(ctx->conn, ctx->arena, sql, p, 1, &r) != STORE_OK || r.rows != 1)
        return false;
    read_row(ctx, &r, 0, out);
    load_aliases(ctx, out);
    return true;
}

static struct record_ref ref_of(const struct person *p)
{
    int sharing = sharing_from_name(p->values[PERSON_SHARING]);
    return (struct record_ref){.type = "person", .id = p->id, .owner_agency_id = p->owner_agency_id,
                               .sharing = sharing < 0 ? SHARING_RESTRICTED : (enum sharing)sharing,
                               .person_id = p->id};
}

bool person_record_ref(struct domain_context *ctx, const char *id, struct record_ref *out)
{
    struct person p;
    if (!load(ctx, id, &p))
        return false;
    *out = ref_of(&p);
    return true;
}

/* Commits a write with its audit event, or rolls both back. */
static enum domain_status commit_or_roll_back(struct domain_context *ctx, enum store_status status)
{
    if (status == STORE_OK && store_commit(ctx->conn) == STORE_OK)
        return DOMAIN_OK;
    store_rollback(ctx->conn);
    return DOMAIN_UNAVAILABLE;
}

/* The folded "family given" name the search and the list order use. */
static const char *search_key(struct domain_context *ctx, const struct person *p)
{
    return fold_for_search(ctx->arena, arena_printf(ctx->arena, "%s %s", p->values[PERSON_FAMILY_NAME],
                                                    p->values[PERSON_GIVEN_NAME]));
}

static enum store_status save_aliases(struct domain_context *ctx, const struct person *p)
{
    const struct store_value id[] = {store_text(p->id)};
    enum store_status status = store_exec(ctx->conn, "DELETE FROM person_aliases WHERE person_id = ?", id, 1, NULL);
    for (int i = 0; status == STORE_OK && i < p->alias_count; i++) {
        const struct store_value a[] = {store_text(p->id), store_text(p->aliases[i]),
                                        store_text(fold_for_search(ctx->arena, p->aliases[i]))};
        status = store_exec(ctx->conn,
                            "INSERT INTO person_aliases (person_id, alias, search_key) VALUES (?, ?, ?) "
                            "ON CONFLICT DO NOTHING",
                            a, 3, NULL);
    }
    return status;
}

/* Loads person id and opens a transaction in which the caller may change
 * it, auditing the attempt as action. On refusal the audit event is kept and
 * the answer does not reveal a record the caller may not read. */
static enum domain_status begin_write(struct domain_context *ctx, const char *id, const char *action,
                                      struct person *out)
{
    if (!load(ctx, id, out))
        return DOMAIN_NOT_FOUND;
    struct record_ref ref = ref_of(out);
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_WRITE, action, &ref).allowed)
        return DOMAIN_OK;
    commit_or_roll_back(ctx, STORE_OK);
    bool visible = access_peek(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, &ref).allowed;
    return visible ? DOMAIN_FORBIDDEN : DOMAIN_NOT_FOUND;
}

static void apply(struct person *p, const struct person_input *in)
{
    for (int f = 0; f < PERSON_FIELD_COUNT; f++) {
        if (in->present[f])
            p->values[f] = in->values[f];
    }
    if (in->aliases_present) {
        p->alias_count = in->alias_count;
        memcpy(p->aliases, in->aliases, sizeof p->aliases);
    }
}

static enum store_status insert(struct domain_context *ctx, const struct person *p)
{
    struct store_value params[PERSON_FIELD_COUNT + 6] = {
        store_text(p->id), store_text(p->owner_agency_id), store_text(p->created_at), store_text(p->updated_at),
        store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id), store_text(search_key(ctx, p))};
    const char *columns = "id, owner_agency_id, created_at, updated_at, created_by, search_key";
    const char *marks = "?, ?, ?, ?, ?, ?";
    for (int f = 0; f < PERSON_FIELD_COUNT; f++) {
        columns = arena_printf(ctx->arena, "%s, %s", columns, person_fields[f].name);
        marks = arena_printf(ctx->arena, "%s, ?", marks);
        params[6 + f] = field_value(f, p->values[f]);
    }
    return store_exec(ctx->conn, arena_printf(ctx->arena, "INSERT INTO people (%s) VALUES (%s)", columns, marks),
                      params, PERSON_FIELD_COUNT + 6, NULL);
}

enum domain_status person_create(struct domain_context *ctx, const struct person_input *in, struct person *out)
{
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    const char *now = clock_now_text(ctx->arena);
    memset(out, 0, sizeof *out);
    *out = (struct person){.id = id_new(ctx->arena), .owner_agency_id = ctx->caller.agency_id, .created_at = now,
                           .updated_at = now};
    apply(out, in);
    struct record_ref ref = ref_of(out);
    if (!access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_WRITE, "create", &ref).allowed) {
        commit_or_roll_back(ctx, STORE_OK); /* keep the audit event of the refusal */
        return DOMAIN_FORBIDDEN;
    }
    enum store_status status = insert(ctx, out);
    if (status == STORE_OK)
        status = save_aliases(ctx, out);
    if (status == STORE_OK && !ctx->caller.is_token)
        status = access_record_involvement(ctx->conn, ctx->arena, ctx->caller.user_id, out->id, ctx->caller.user_id);
    return commit_or_roll_back(ctx, status);
}

enum domain_status person_read(struct domain_context *ctx, const char *id, struct person *out)
{
    if (!load(ctx, id, out))
        return DOMAIN_NOT_FOUND;
    struct record_ref ref = ref_of(out);
    struct policy_decision may = access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, "read", &ref);
    return may.allowed ? DOMAIN_OK : DOMAIN_NOT_FOUND;
}

enum domain_status person_update(struct domain_context *ctx, const char *id, const struct person_input *changes,
                                 struct person *out)
{
    enum domain_status allowed = begin_write(ctx, id, "update", out);
    if (allowed != DOMAIN_OK)
        return allowed;
    apply(out, changes);
    out->updated_at = clock_now_text(ctx->arena);
    struct store_value params[PERSON_FIELD_COUNT + 3] = {store_text(out->updated_at), store_text(search_key(ctx, out))};
    const char *sets = "updated_at = ?, search_key = ?";
    int count = 2;
    for (int f = 0; f < PERSON_FIELD_COUNT; f++) {
        if (!changes->present[f])
            continue;
        sets = arena_printf(ctx->arena, "%s, %s = ?", sets, person_fields[f].name);
        params[count++] = field_value(f, out->values[f]);
    }
    params[count++] = store_text(out->id);
    enum store_status status =
        store_exec(ctx->conn, arena_printf(ctx->arena, "UPDATE people SET %s WHERE id = ?", sets), params, count, NULL);
    if (status == STORE_OK && changes->aliases_present)
        status = save_aliases(ctx, out);
    return commit_or_roll_back(ctx, status);
}

enum domain_status person_record_involvement(struct domain_context *ctx, const char *id, const char *user_id)
{
    struct person p;
    enum domain_status allowed = begin_write(ctx, id, "update", &p);
    if (allowed != DOMAIN_OK)
        return allowed;
    return commit_or_roll_back(ctx, access_record_involvement(ctx->conn, ctx->arena, user_id, p.id,
                                                              ctx->caller.is_token ? NULL : ctx->caller.user_id));
}

#define SEARCH_WORDS_MAX 5
#define SEARCH_ROUNDS 10

struct search {
    const char *sql;
    struct store_value params[2 * SEARCH_WORDS_MAX + 3];
    int param_count;
};

/* Builds the candidate query: every folded word of query must start a word
 * of the name or of an alias; then the cursor; then the batch size. */
static void build_search(struct domain_context *ctx, const char *query, struct search *s)
{
    char *words = arena_strdup(ctx->arena, fold_for_search(ctx->arena, query ? query : ""));
    const char *where = "1 = 1";
    s->param_count = 0;
    char *save = NULL;
    int n = 0;
    for (char *word = strtok_r(words, " ", &save); word != NULL && n < SEARCH_WORDS_MAX;
         word = strtok_r(NULL, " ", &save), n++) {
        const char *pattern = arena_printf(ctx->arena, "%% %s%%", word);
        where = arena_printf(ctx->arena,
                             "%s AND ((' ' || p.search_key) LIKE ? OR EXISTS (SELECT 1 FROM person_aliases a "
                             "WHERE a.person_id = p.id AND (' ' || a.search_key) LIKE ?))",
                             where);
        s->params[s->param_count++] = store_text(pattern);
        s->params[s->param_count++] = store_text(pattern);
    }
    s->sql = arena_printf(ctx->arena,
                          "SELECT %s FROM people p WHERE %s AND (? IS NULL OR (p.search_key, p.id) > "
                          "(SELECT search_key, id FROM people WHERE id = ?)) ORDER BY p.search_key, p.id LIMIT ?",
                          select_columns(ctx->arena, "p."), where);
}

enum domain_status person_search(struct domain_context *ctx, const char *query, const char *cursor, int limit,
                                 struct person *out, int *count, const char **next)
{
    struct search s;
    build_search(ctx, query, &s);
    int batch = limit * 4 > 200 ? 200 : limit * 4;
    const char *after = cursor != NULL && id_is_valid(cursor) ? cursor : NULL;
    bool more = true;
    *count = 0;
    for (int round = 0; round < SEARCH_ROUNDS && *count < limit && more; round++) {
        s.params[s.param_count] = store_text(after);
        s.params[s.param_count + 1] = store_text(after);
        s.params[s.param_count + 2] = store_int(batch);
        struct store_result r;
        if (store_query(ctx->conn, ctx->arena, s.sql, s.params, s.param_count + 3, &r) != STORE_OK)
            return DOMAIN_UNAVAILABLE;
        int row = 0;
        for (; row < r.rows && *count < limit; row++) {
            struct person *p = &out[*count];
            read_row(ctx, &r, row, p);
            after = p->id;
            struct record_ref ref = ref_of(p);
            if (access_peek(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, &ref).allowed)
                (*count)++;
        }
        more = r.rows == batch || row < r.rows;
    }
    /* The cursor is the last candidate looked at, shown or not. */
    *next = more ? after : NULL;
    /* Every person shown is a read of their record. */
    if (*count > 0 && store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    for (int i = 0; i < *count; i++) {
        struct record_ref ref = ref_of(&out[i]);
        if (!access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_READ, "read", &ref).allowed) {
            store_rollback(ctx->conn);
            return DOMAIN_UNAVAILABLE;
        }
    }
    return *count > 0 ? commit_or_roll_back(ctx, STORE_OK) : DOMAIN_OK;
}
