/* Access decisions with their audit events; see access.h. */
#include "auth/access.h"

#include <string.h>

#include "auth/audit.h"
#include "auth/release.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"
#include "util/idmap.h"
#include "util/log.h"

enum record_class access_record_class(const char *record_type)
{
    /* A context and what is recorded about the context itself (its
     * assessments, interventions and disruption against it), and a
     * meeting (hub business, about no child), follow the context table;
     * everything else is personal. */
    static const char *const about_contexts[] = {"context", "context_assessment", "intervention",
                                                 "context_disruption", "meeting"};
    for (size_t i = 0; i < sizeof about_contexts / sizeof about_contexts[0]; i++)
        if (strcmp(record_type, about_contexts[i]) == 0)
            return RECORD_CONTEXT;
    return RECORD_PERSONAL;
}

static bool row_exists(struct store_conn *conn, struct arena *arena, const char *sql,
                       const struct store_value *params, int count)
{
    struct store_result r;
    return store_query(conn, arena, sql, params, count, &r) == STORE_OK && r.rows > 0;
}

/* ---- the relation: how the caller stands to a record ------------------ */

/* The relations in the order they are tried: the first whose conditions
 * hold is how the caller stands to a record. access_relation() reads this
 * table in memory (the single-record check, the many-record check, the
 * network index) and access_readable_filter() turns it into SQL, so the
 * two cannot mean different things. */
enum condition { CONDITION_ANY, CONDITION_YES, CONDITION_NO };
static const struct relation_rule {
    enum relation relation;
    enum condition owned_by_callers_agency;
    enum condition caller_involved_with_person;
} relation_rules[] = {
    {RELATION_OWN_AGENCY, CONDITION_YES, CONDITION_ANY},
    {RELATION_INVOLVED, CONDITION_NO, CONDITION_YES},
    {RELATION_OTHER_AGENCY, CONDITION_NO, CONDITION_NO},
};
#define RELATION_RULE_COUNT (sizeof relation_rules / sizeof relation_rules[0])

static bool condition_holds(enum condition condition, bool value)
{
    return condition == CONDITION_ANY || (condition == CONDITION_YES) == value;
}

enum relation access_relation(bool owned_by_callers_agency, bool caller_involved_with_person)
{
    for (size_t i = 0; i < RELATION_RULE_COUNT; i++)
        if (condition_holds(relation_rules[i].owned_by_callers_agency, owned_by_callers_agency) &&
            condition_holds(relation_rules[i].caller_involved_with_person, caller_involved_with_person))
            return relation_rules[i].relation;
    return RELATION_OTHER_AGENCY;
}

static bool is_callers_agency(const struct caller *caller, const char *owner_agency_id)
{
    return owner_agency_id != NULL && caller->agency_id != NULL && strcmp(owner_agency_id, caller->agency_id) == 0;
}

static bool involved_with(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                          const char *person_id)
{
    if (person_id == NULL)
        return false;
    const struct store_value p[] = {store_text(caller->user_id), store_text(person_id)};
    return row_exists(conn, arena, "SELECT 1 FROM involvements WHERE user_id = ? AND person_id = ?", p, 2);
}

static enum relation relation_to(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                 const struct record_ref *record)
{
    bool owned = is_callers_agency(caller, record->owner_agency_id);
    return access_relation(owned, !owned && involved_with(conn, arena, caller, record->person_id));
}

bool access_may_break_glass(const struct caller *caller)
{
    return policy_may(caller->role, CAPABILITY_BREAK_GLASS).allowed && !caller->hub_shared_only;
}

/* The policy's decision for this caller: the tables, narrowed to records
 * shared with the hub for a hub_shared_only caller. */
static struct policy_decision decide(const struct caller *caller, enum record_class class, enum relation relation,
                                     enum sharing sharing, enum access access, bool break_glass)
{
    if (caller->hub_shared_only && sharing != SHARING_HUB)
        return (struct policy_decision){false, "only what is shared with the hub"};
    return policy_decide(class, caller->role, relation, sharing, access, break_glass && access_may_break_glass(caller));
}

static bool holds_break_glass(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                              const struct record_ref *record)
{
    const struct store_value p[] = {store_text(caller->user_id), store_text(record->type), store_text(record->id),
                                    store_int(caller->now)};
    return row_exists(conn, arena,
                      "SELECT 1 FROM break_glass_grants WHERE user_id = ? AND record_type = ? AND record_id = ? "
                      "AND expires_at > ?",
                      p, 4);
}

/* Audits an access: an allowed read joins what the response releases
 * (one event as it leaves) when the caller gathers them; anything else
 * is an event of its own now. */
static struct policy_decision audited(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                      struct policy_decision decision, const char *action,
                                      const char *record_type, const char *record_id, const char *person_id)
{
    if (decision.allowed && caller->release != NULL && strcmp(action, "read") == 0 && record_type != NULL &&
        record_id != NULL && strcmp(decision.why, "break-glass access") != 0) {
        audit_release_add(caller->release, record_type, record_id, person_id);
        return decision;
    }
    struct audit_event event = {
        .user_id = caller->user_id,
        .agency_id = caller->agency_id,
        .action = action,
        .outcome = decision.allowed ? "allowed" : "denied",
        .record_type = record_type,
        .record_id = record_id,
        .reason = strcmp(decision.why, "break-glass access") == 0 ? decision.why : NULL,
        .client_address = caller->client_address,
    };
    /* outside a change's transaction, a transaction of its own, committed with others' (store.h) */
    if (audit_append(conn, arena, &event) != STORE_OK)
        return (struct policy_decision){false, "the audit log could not record this access"};
    return decision;
}

struct policy_decision access_peek(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                   enum access access, const struct record_ref *record)
{
    enum relation relation = relation_to(conn, arena, caller, record);
    enum record_class class = access_record_class(record->type);
    struct policy_decision decision = decide(caller, class, relation, record->sharing, access, false);
    if (!decision.allowed && access == ACCESS_READ && holds_break_glass(conn, arena, caller, record))
        decision = decide(caller, class, relation, record->sharing, access, true);
    return decision;
}

struct policy_decision access_record(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                     enum access access, const char *action, const struct record_ref *record)
{
    struct policy_decision decision = access_peek(conn, arena, caller, access, record);
    return audited(conn, arena, caller, decision, action, record->type, record->id, record->person_id);
}

void access_refused(struct store_conn *conn, struct arena *arena, const struct caller *caller, const char *action,
                    const char *record_type, const char *record_id, const char *why)
{
    audited(conn, arena, caller, (struct policy_decision){false, why}, action, record_type, record_id, NULL);
}

struct policy_decision access_capability(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                         enum capability capability, const char *action,
                                         const char *record_type, const char *record_id)
{
    struct policy_decision decision = policy_may(caller->role, capability);
    if (caller->is_token && capability == CAPABILITY_BREAK_GLASS)
        decision = (struct policy_decision){false, "break-glass needs a person's reason, not an API token"};
    if (action == NULL)
        return decision;
    return audited(conn, arena, caller, decision, action, record_type, record_id, NULL);
}

struct policy_decision access_staff_list(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                         const char *agency_id)
{
    bool own = caller->agency_id != NULL && strcmp(caller->agency_id, agency_id) == 0;
    return audited(conn, arena, caller, policy_may_list_staff(caller->role, own), "read", "agency_staff", agency_id,
                   NULL);
}

enum store_status access_break_glass(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                     const char *record_type, const char *record_id, const char *reason,
                                     int64_t duration_seconds, int64_t *expires_at)
{
    *expires_at = caller->now + duration_seconds;
    enum store_status status = store_begin(conn);
    const struct store_value grant[] = {store_text(id_new(arena)), store_text(caller->user_id),
                                        store_text(record_type), store_text(record_id), store_text(reason),
                                        store_int(caller->now), store_int(*expires_at)};
    if (status == STORE_OK)
        status = store_exec(conn,
                            "INSERT INTO break_glass_grants (id, user_id, record_type, record_id, reason, created_at, "
                            "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            grant, 7, NULL);
    char created[CLOCK_TEXT_SIZE];
    clock_format(caller->now, created);
    const struct store_value alert[] = {store_text(id_new(arena)), store_text(caller->user_id),
                                        store_text(record_type), store_text(record_id), store_text(reason),
                                        store_text(created)};
    if (status == STORE_OK)
        status = store_exec(conn,
                            "INSERT INTO alerts (id, kind, user_id, record_type, record_id, reason, created_at) "
                            "VALUES (?, 'break_glass', ?, ?, ?, ?, ?)",
                            alert, 6, NULL);
    struct audit_event event = {.user_id = caller->user_id, .agency_id = caller->agency_id,
                                .action = "break_glass", .record_type = record_type, .record_id = record_id,
                                .reason = reason, .client_address = caller->client_address};
    if (status == STORE_OK)
        status = audit_append(conn, arena, &event);
    if (status == STORE_OK)
        status = store_commit(conn);
    else
        store_rollback(conn);
    if (status == STORE_OK)
        log_event("break_glass", json_pack("{s:s,s:s}", "user", caller->user_id, "record_type", record_type));
    return status;
}

enum store_status access_record_involvement(struct store_conn *conn, struct arena *arena, const char *user_id,
                                            const char *person_id, const char *recorded_by)
{
    const struct store_value p[] = {store_text(user_id), store_text(person_id), store_text(recorded_by),
                                    store_text(clock_now_text(arena))};
    return store_exec(conn,
                      "INSERT INTO involvements (user_id, person_id, recorded_by, created_at) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET merge_id = NULL",
                      p, 4, NULL);
}

/* ---- readable rows as SQL -------------------------------------------- */

static void add_param(struct readable_filter *f, struct store_value value)
{
    if (f->param_count < READABLE_FILTER_MAX_PARAMS)
        f->params[f->param_count++] = value;
}

/* "a.sharing IN (?, ?)" for the sharing levels the caller may read in
 * this relation, or "0 = 1" for none. */
static const char *readable_sharing(struct arena *arena, const struct caller *caller, enum record_class class,
                                    enum relation relation, const char *alias, struct readable_filter *f)
{
    const char *list = NULL;
    for (int s = 0; s < SHARING_COUNT; s++) {
        if (!decide(caller, class, relation, (enum sharing)s, ACCESS_READ, false).allowed)
            continue;
        list = list == NULL ? "?" : arena_printf(arena, "%s, ?", list);
        add_param(f, store_text(sharing_name((enum sharing)s)));
    }
    return list == NULL ? "0 = 1" : arena_printf(arena, "%s.sharing IN (%s)", alias, list);
}

/* The sharing levels readable in relation, as bits. */
static unsigned readable_bits(const struct caller *caller, enum record_class class, enum relation relation);

void access_readable_levels(const struct caller *caller, enum record_class class, unsigned levels[RELATION_COUNT])
{
    for (int r = 0; r < RELATION_COUNT; r++)
        levels[r] = readable_bits(caller, class, (enum relation)r);
}

static unsigned readable_bits(const struct caller *caller, enum record_class class, enum relation relation)
{
    unsigned bits = 0;
    for (int s = 0; s < SHARING_COUNT; s++)
        if (decide(caller, class, relation, (enum sharing)s, ACCESS_READ, false).allowed)
            bits |= 1u << s;
    return bits;
}

/* The SQL for one of a rule's conditions, or NULL when it always holds. */
static const char *owner_condition(struct arena *arena, const struct caller *caller, enum condition owned,
                                   const char *alias, struct readable_filter *f)
{
    if (owned == CONDITION_ANY)
        return NULL;
    add_param(f, store_text(caller->agency_id));
    return arena_printf(arena, "%s.owner_agency_id %s ?", alias, owned == CONDITION_YES ? "=" : "<>");
}

static const char *involvement_condition(struct arena *arena, const struct caller *caller, enum condition involved,
                                         const char *alias, const char *person_column, struct readable_filter *f)
{
    if (involved == CONDITION_ANY)
        return NULL;
    add_param(f, store_text(caller->user_id));
    const char *column = arena_printf(arena, "%s.%s", alias, person_column);
    const char *among = "IN (SELECT inv.person_id FROM involvements inv WHERE inv.user_id = ?)";
    return involved == CONDITION_YES ? arena_printf(arena, "(%s IS NOT NULL AND %s %s)", column, column, among)
                                     : arena_printf(arena, "(%s IS NULL OR %s NOT %s)", column, column, among);
}

static const char *joined(struct arena *arena, const char *a, const char *b)
{
    return a == NULL ? b : b == NULL ? a : arena_printf(arena, "%s AND %s", a, b);
}

void access_readable_filter(struct arena *arena, const struct caller *caller, enum record_class class,
                            const char *alias, const char *record_type, const char *person_column,
                            struct readable_filter *out)
{
    *out = (struct readable_filter){0};
    /* Involvement counts only for records about a person, and only where
     * it changes what may be read; otherwise the rules that differ by it
     * alone are one. */
    bool involvement_matters = person_column != NULL && readable_bits(caller, class, RELATION_INVOLVED) !=
                                                            readable_bits(caller, class, RELATION_OTHER_AGENCY);
    const char *sql = NULL;
    for (size_t i = 0; i < RELATION_RULE_COUNT; i++) {
        const struct relation_rule *rule = &relation_rules[i];
        if (!involvement_matters && rule->caller_involved_with_person == CONDITION_YES)
            continue; /* the same levels as the rule without involvement, or never true */
        if (readable_bits(caller, class, rule->relation) == 0)
            continue;
        enum condition involved = involvement_matters ? rule->caller_involved_with_person : CONDITION_ANY;
        /* one after another: each adds its parameters in the order its SQL is joined */
        const char *owner = owner_condition(arena, caller, rule->owned_by_callers_agency, alias, out);
        const char *involvement = involvement_condition(arena, caller, involved, alias, person_column, out);
        const char *sharing = readable_sharing(arena, caller, class, rule->relation, alias, out);
        const char *condition = joined(arena, joined(arena, owner, involvement), sharing);
        sql = sql == NULL ? arena_printf(arena, "(%s)", condition) : arena_printf(arena, "%s OR (%s)", sql, condition);
    }
    if (access_may_break_glass(caller)) {
        add_param(out, store_text(caller->user_id));
        add_param(out, store_text(record_type));
        add_param(out, store_int(caller->now));
        const char *glass = arena_printf(arena, "%s.id IN (SELECT bg.record_id FROM break_glass_grants bg WHERE "
                                                "bg.user_id = ? AND bg.record_type = ? AND bg.expires_at > ?)", alias);
        sql = sql == NULL ? glass : arena_printf(arena, "%s OR %s", sql, glass);
    }
    out->sql = arena_printf(arena, "(%s)", sql == NULL ? "0 = 1" : sql);
}

/* ---- many records at once --------------------------------------------- */

/* The set of keys the query's one column gives, for lookups in memory. */
static struct idmap *key_set(struct store_conn *conn, struct arena *arena, const char *sql,
                             const struct store_value *params, int count)
{
    struct store_result r;
    if (store_query(conn, arena, sql, params, count, &r) != STORE_OK)
        return NULL;
    struct idmap *set = idmap_new(arena, (size_t)r.rows);
    for (int i = 0; i < r.rows; i++)
        idmap_put(set, r.values[i].text ? r.values[i].text : "", i);
    return set;
}

struct policy_decision access_records(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                      const char *action, const char *about_type, const char *about_id,
                                      const struct record_ref *records, int count)
{
    const struct store_value user[] = {store_text(caller->user_id)};
    const struct store_value grant[] = {store_text(caller->user_id), store_int(caller->now)};
    struct idmap *involved = key_set(conn, arena, "SELECT person_id FROM involvements WHERE user_id = ?", user, 1);
    struct idmap *glass = key_set(conn, arena,
                                  "SELECT record_type || ':' || record_id FROM break_glass_grants "
                                  "WHERE user_id = ? AND expires_at > ?",
                                  grant, 2);
    struct policy_decision decision = {involved != NULL && glass != NULL, "the access records could not be read"};
    bool *by_glass = arena_alloc(arena, sizeof *by_glass * (size_t)(count + 1));
    const struct record_ref *r = records;
    for (int i = 0; decision.allowed && i < count; i++) {
        r = &records[i];
        enum relation relation = access_relation(is_callers_agency(caller, r->owner_agency_id),
                                                 r->person_id != NULL && idmap_get(involved, r->person_id) >= 0);
        enum record_class class = access_record_class(r->type);
        bool holds_glass = idmap_get(glass, arena_join(arena, r->type, ":", r->id)) >= 0;
        decision = decide(caller, class, relation, r->sharing, ACCESS_READ, holds_glass);
        by_glass[i] = decision.allowed && strcmp(decision.why, "break-glass access") == 0;
    }
    if (!decision.allowed) /* about what was asked for, or else the record refused */
        return about_id != NULL ? audited(conn, arena, caller, decision, action, about_type, about_id, NULL)
                                : audited(conn, arena, caller, decision, action, r->type, r->id, r->person_id);
    /* A record read only under break-glass is an event of its own with
     * the grant's reason, as when it is read alone. */
    for (int i = 0; i < count; i++)
        if (by_glass[i] && !audited(conn, arena, caller, (struct policy_decision){true, "break-glass access"}, action,
                                    records[i].type, records[i].id, records[i].person_id)
                                .allowed)
            return (struct policy_decision){false, "the audit log could not record this access"};
    if (caller->release != NULL && strcmp(action, "read") == 0) {
        audit_release_add(caller->release, about_type, about_id, NULL);
        for (int i = 0; i < count; i++)
            if (!by_glass[i])
                audit_release_add(caller->release, records[i].type, records[i].id, records[i].person_id);
        return (struct policy_decision){true, "every record allowed by the tables"};
    }
    struct audit_record *listed = arena_alloc(arena, sizeof *listed * (size_t)(count + 1));
    int listed_count = 0;
    for (int i = 0; i < count; i++)
        if (!by_glass[i])
            listed[listed_count++] = (struct audit_record){records[i].type, records[i].id};
    struct audit_event event = {.user_id = caller->user_id, .agency_id = caller->agency_id, .action = action,
                                .outcome = "allowed", .record_type = about_type, .record_id = about_id,
                                .client_address = caller->client_address};
    if ((listed_count > 0 || about_id != NULL) &&
        audit_append_records(conn, arena, &event, listed, listed_count) != STORE_OK)
        return (struct policy_decision){false, "the audit log could not record this access"};
    return (struct policy_decision){true, "every record allowed by the tables"};
}
