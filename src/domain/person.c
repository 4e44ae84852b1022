/* People: storage, the access policy and the audit log; see person.h. */
#include "domain/person.h"

#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"

const char *const person_kinds[] = {"young_person", "adult_of_concern"};
const int person_kind_count = sizeof person_kinds / sizeof person_kinds[0];

#define PERSON_COLUMNS "id, kind, given_name, family_name, date_of_birth, owner_agency_id, sharing, created_at, updated_at"

/* Loads a person with no access check: callers decide before releasing it. */
static bool load(struct domain_context *ctx, const char *id, struct person *out)
{
    if (!id_is_valid(id))
        return false;
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT " PERSON_COLUMNS " FROM people WHERE id = ?", p, 1, &r) != STORE_OK ||
        r.rows != 1)
        return false;
    out->id = store_cell_text(&r, 0, "id");
    out->kind = store_cell_text(&r, 0, "kind");
    out->given_name = store_cell_text(&r, 0, "given_name");
    out->family_name = store_cell_text(&r, 0, "family_name");
    out->date_of_birth = store_cell_text(&r, 0, "date_of_birth");
    out->owner_agency_id = store_cell_text(&r, 0, "owner_agency_id");
    out->sharing = store_cell_text(&r, 0, "sharing");
    out->created_at = store_cell_text(&r, 0, "created_at");
    out->updated_at = store_cell_text(&r, 0, "updated_at");
    return true;
}

static struct record_ref ref_of(const struct person *p)
{
    int sharing = sharing_from_name(p->sharing);
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

/* Runs a write and its audit event as one transaction. */
static enum domain_status commit_or_roll_back(struct domain_context *ctx, enum store_status status)
{
    if (status == STORE_OK && store_commit(ctx->conn) == STORE_OK)
        return DOMAIN_OK;
    store_rollback(ctx->conn);
    return DOMAIN_UNAVAILABLE;
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

enum domain_status person_create(struct domain_context *ctx, const struct person_input *in, struct person *out)
{
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    const char *now = clock_now_text(ctx->arena);
    *out = (struct person){.id = id_new(ctx->arena), .kind = in->kind, .given_name = in->given_name,
                           .family_name = in->family_name, .date_of_birth = in->date_of_birth,
                           .owner_agency_id = ctx->caller.agency_id, .sharing = in->sharing,
                           .created_at = now, .updated_at = now};
    struct record_ref ref = ref_of(out);
    struct policy_decision may = access_record(ctx->conn, ctx->arena, &ctx->caller, ACCESS_WRITE, "create", &ref);
    if (!may.allowed) {
        commit_or_roll_back(ctx, STORE_OK); /* keep the audit event of the refusal */
        return DOMAIN_FORBIDDEN;
    }
    /* In the order of PERSON_COLUMNS, then created_by. */
    const struct store_value p[] = {
        store_text(out->id), store_text(out->kind), store_text(out->given_name), store_text(out->family_name),
        store_text(out->date_of_birth), store_text(out->owner_agency_id), store_text(out->sharing),
        store_text(now), store_text(now), store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id)};
    enum store_status status = store_exec(ctx->conn,
                                          "INSERT INTO people (" PERSON_COLUMNS ", created_by) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                          p, 10, NULL);
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
    if (changes->kind) out->kind = changes->kind;
    if (changes->given_name) out->given_name = changes->given_name;
    if (changes->family_name) out->family_name = changes->family_name;
    if (changes->date_of_birth) out->date_of_birth = changes->date_of_birth;
    if (changes->sharing) out->sharing = changes->sharing;
    out->updated_at = clock_now_text(ctx->arena);
    const struct store_value p[] = {store_text(out->kind), store_text(out->given_name), store_text(out->family_name),
                                    store_text(out->date_of_birth), store_text(out->sharing),
                                    store_text(out->updated_at), store_text(out->id)};
    return commit_or_roll_back(ctx, store_exec(ctx->conn,
                                               "UPDATE people SET kind = ?, given_name = ?, family_name = ?, "
                                               "date_of_birth = ?, sharing = ?, updated_at = ? WHERE id = ?",
                                               p, 7, NULL));
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
