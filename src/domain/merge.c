/* Merging two records of one young person, and undoing it; see merge.h.
 * Every statement that moves rows takes the same three parameters:
 * ?1 the merge, ?2 the kept record, ?3 the merged record. */
#include "domain/merge.h"

#include <string.h>

#include "domain/action.h"
#include "domain/concern.h"
#include "domain/disruption.h"
#include "domain/intervention.h"
#include "domain/duplicates.h"
#include "domain/link.h"
#include "domain/meeting.h"
#include "domain/network_index.h"
#include "domain/person.h"
#include "domain/screening.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/fold.h"
#include "util/ids.h"

/* One kind of row a merge moves: how the rows are found (and written down
 * in person_merge_moves), moved to the kept record, and moved back. */
struct move {
    const char *what;
    const char *collect;
    const char *apply;
    const char *revert;
};

#define MOVED(what) "(SELECT row_key FROM person_merge_moves WHERE merge_id = ?1 AND what = '" what "')"
#define COLLECT(what, column, from) \
    "INSERT INTO person_merge_moves (merge_id, what, row_key) SELECT ?1, '" what "', " column " FROM " from

/* Details are filled in only between two records of one agency: everyone
 * who may read the kept record may then read where they came from (a
 * police reference on a school's record would tell the school's staff of
 * police involvement they may not read). */
#define SAME_AGENCY_OF(kept, merged) kept ".owner_agency_id = " merged ".owner_agency_id"
#define SAME_AGENCY SAME_AGENCY_OF("k", "m")
#define FILLED(column) "'" column "' IN " MOVED("filled")
#define FILL_APPLY(column) \
    "UPDATE people SET " column " = (SELECT " column " FROM people WHERE id = ?3) WHERE id = ?2 AND " FILLED(column)
/* Other merges into the kept record (o), still in force, whose merged
 * record (om), of the kept record's agency, has the value the kept record
 * (k) has now. */
#define OTHER_MERGES_GIVING(column)                                                                                  \
    "person_merges o JOIN people om ON om.id = o.merged_id JOIN people k ON k.id = o.kept_id WHERE o.kept_id = ?2 " \
    "AND o.id <> ?1 AND o.undone_at IS NULL AND " SAME_AGENCY_OF("k", "om") " AND om." column " IS k." column
/* One of them holds the value as its own "filled" row (FILL_HANDOVER). */
#define HELD_BY_ANOTHER(column)                                                                                       \
    "EXISTS (SELECT 1 FROM person_merge_moves h, " OTHER_MERGES_GIVING(column) " AND h.merge_id = o.id AND "          \
    "h.what = 'filled' AND h.row_key = '" column "')"
#define FILL_REVERT(column)                                                                                          \
    "UPDATE people SET " column " = NULL WHERE id = ?2 AND " column " IS (SELECT " column " FROM people WHERE id = " \
    "?3) AND " FILLED(column) " AND NOT " HELD_BY_ANOTHER(column)
/* Run before FILL_REVERT: when another record merged into the kept one,
 * of the same agency and still merged, has the same value, that merge
 * takes the value over, so undoing this one leaves it (and undoing that
 * one later clears it). */
#define FILL_HANDOVER(column)                                                                                         \
    {"handover:" column, NULL, NULL,                                                                                  \
     "INSERT INTO person_merge_moves (merge_id, what, row_key) SELECT o.id, 'filled', '" column "' FROM "            \
     OTHER_MERGES_GIVING(column) " AND k." column " IS (SELECT " column " FROM people WHERE id = ?3) AND "          \
     FILLED(column) " ORDER BY o.merged_at DESC LIMIT 1 ON CONFLICT DO NOTHING"}
#define FILL(column)                                                                                                  \
    {"filled:" column,                                                                                                \
     "INSERT INTO person_merge_moves (merge_id, what, row_key) SELECT ?1, 'filled', '" column "' FROM people k, "    \
     "people m WHERE k.id = ?2 AND m.id = ?3 AND " SAME_AGENCY " AND k." column " IS NULL AND m." column           \
     " IS NOT NULL",                                                                                                  \
     FILL_APPLY(column), FILL_REVERT(column)},                                                                    \
        FILL_HANDOVER(column)

static const struct move moves[] = {
    {"link_from", COLLECT("link_from", "id", "links WHERE person_id = ?3 AND (to_person_id IS NULL OR to_person_id <> ?2)"),
     "UPDATE links SET person_id = ?2 WHERE id IN " MOVED("link_from"),
     "UPDATE links SET person_id = ?3 WHERE person_id = ?2 AND id IN " MOVED("link_from")},
    {"link_to", COLLECT("link_to", "id", "links WHERE to_person_id = ?3 AND person_id <> ?2"),
     "UPDATE links SET to_person_id = ?2 WHERE id IN " MOVED("link_to"),
     "UPDATE links SET to_person_id = ?3 WHERE to_person_id = ?2 AND id IN " MOVED("link_to")},
    {"concern", COLLECT("concern", "id", "concerns WHERE person_id = ?3"),
     "UPDATE concerns SET person_id = ?2 WHERE id IN " MOVED("concern"),
     "UPDATE concerns SET person_id = ?3 WHERE person_id = ?2 AND id IN " MOVED("concern")},
    /* Back with them go screenings made since of a concern the merge moved. */
    {"screening", COLLECT("screening", "id", "screenings WHERE person_id = ?3"),
     "UPDATE screenings SET person_id = ?2 WHERE id IN " MOVED("screening"),
     "UPDATE screenings SET person_id = ?3 WHERE person_id = ?2 AND (id IN " MOVED("screening") " OR concern_id IN "
     MOVED("concern") ")"},
    {"disruption", COLLECT("disruption", "id", "disruptions WHERE person_id = ?3"),
     "UPDATE disruptions SET person_id = ?2 WHERE id IN " MOVED("disruption"),
     "UPDATE disruptions SET person_id = ?3 WHERE person_id = ?2 AND id IN " MOVED("disruption")},
    {"action", COLLECT("action", "id", "actions WHERE person_id = ?3"),
     "UPDATE actions SET person_id = ?2 WHERE id IN " MOVED("action"),
     "UPDATE actions SET person_id = ?3 WHERE person_id = ?2 AND id IN " MOVED("action")},
    /* Items of a closed meeting stay as they were minuted. */
    {"meeting_item",
     COLLECT("meeting_item", "id",
             "meeting_items WHERE person_id = ?3 AND meeting_id IN (SELECT id FROM meetings WHERE status = 'open')"),
     "UPDATE meeting_items SET person_id = ?2 WHERE id IN " MOVED("meeting_item"),
     "UPDATE meeting_items SET person_id = ?3 WHERE person_id = ?2 AND id IN " MOVED("meeting_item")},
    {"person_intervention", COLLECT("person_intervention", "id", "person_interventions WHERE person_id = ?3"),
     "UPDATE person_interventions SET person_id = ?2 WHERE id IN " MOVED("person_intervention"),
     "UPDATE person_interventions SET person_id = ?3 WHERE person_id = ?2 AND id IN " MOVED("person_intervention")},
    {"alias_moved",
     COLLECT("alias_moved", "alias",
             "person_aliases WHERE person_id = ?3 AND alias NOT IN (SELECT alias FROM person_aliases WHERE person_id = ?2)"),
     "UPDATE person_aliases SET person_id = ?2 WHERE person_id = ?3 AND alias IN " MOVED("alias_moved"),
     "UPDATE person_aliases SET person_id = ?3 WHERE person_id = ?2 AND alias IN " MOVED("alias_moved")},
    {"involvement_added",
     COLLECT("involvement_added", "user_id",
             "involvements WHERE person_id = ?3 AND user_id NOT IN (SELECT user_id FROM involvements WHERE person_id = ?2)"),
     "INSERT INTO involvements (user_id, person_id, recorded_by, created_at, merge_id) "
     "SELECT user_id, ?2, recorded_by, created_at, ?1 FROM involvements WHERE person_id = ?3 AND user_id IN "
     MOVED("involvement_added"),
     /* only those not recorded again since (which clears merge_id) */
     "DELETE FROM involvements WHERE person_id = ?2 AND merge_id = ?1"},
    /* Details the kept record lacks, taken from the merged one of the same
     * agency (SAME_AGENCY); undone only while unchanged since. */
    FILL("date_of_birth"), FILL("sex"), FILL("ethnicity"), FILL("address"), FILL("postcode"), FILL("school"),
    FILL("nhs_number"), FILL("unique_pupil_number"), FILL("police_reference"), FILL("council_case_number"),
    {"filled:estimated_age",
     "INSERT INTO person_merge_moves (merge_id, what, row_key) SELECT ?1, 'filled', 'estimated_age' FROM people k, "
     "people m WHERE k.id = ?2 AND m.id = ?3 AND " SAME_AGENCY " AND k.estimated_age IS NULL AND "
     "k.date_of_birth IS NULL AND "
     "m.date_of_birth IS NULL AND m.estimated_age IS NOT NULL",
     FILL_APPLY("estimated_age"), FILL_REVERT("estimated_age")},
    FILL_HANDOVER("estimated_age"),
    /* Added by add_name_as_alias; kept while another record merged into
     * the kept one has that name. */
    {"alias_added", NULL, NULL,
     "DELETE FROM person_aliases WHERE person_id = ?2 AND alias IN " MOVED("alias_added") " AND alias NOT IN "
     "(SELECT given_name || ' ' || family_name FROM people WHERE merged_into = ?2 AND id <> ?3)"},
};
#define MOVE_COUNT (int)(sizeof moves / sizeof moves[0])

/* The largest ?N in sql: the store binds exactly as many values as a
 * statement has parameters, and that is the largest index it uses. */
static int parameters_used(const char *sql)
{
    int used = 0;
    for (const char *q = strchr(sql, '?'); q != NULL; q = strchr(q + 1, '?'))
        if (q[1] >= '1' && q[1] <= '3' && q[1] - '0' > used)
            used = q[1] - '0';
    return used;
}

static enum store_status run(struct domain_context *ctx, const char *sql, const struct person_merge *m)
{
    const struct store_value p[] = {store_text(m->id), store_text(m->kept_id), store_text(m->merged_id)};
    return store_exec(ctx->conn, sql, p, parameters_used(sql), NULL);
}

/* ---- reading merges ---------------------------------------------------- */

static void read_merge_row(const struct store_result *r, int row, struct person_merge *m)
{
    memset(m, 0, sizeof *m);
    m->id = store_cell_text(r, row, "id");
    m->kept_id = store_cell_text(r, row, "kept_id");
    m->merged_id = store_cell_text(r, row, "merged_id");
    m->reason = store_cell_text(r, row, "reason");
    m->merged_by = store_cell_text(r, row, "merged_by");
    m->merged_at = store_cell_text(r, row, "merged_at");
    m->undone_by = store_cell_text(r, row, "undone_by");
    m->undone_at = store_cell_text(r, row, "undone_at");
}

/* How many rows of each kind the merge moved that the caller may see (a
 * count of concerns the caller may not read would tell of them). */
static void count_moves(struct domain_context *ctx, struct person_merge *m)
{
    const struct store_value p[] = {store_text(m->id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT what, row_key FROM person_merge_moves WHERE merge_id = ?", p, 1,
                    &r) != STORE_OK)
        return;
    m->links = m->concerns = m->screenings = m->aliases = m->involvements = m->disruptions = m->actions = 0;
    m->filled_count = 0;
    for (int i = 0; i < r.rows; i++) {
        const char *what = store_cell_text(&r, i, "what"), *key = store_cell_text(&r, i, "row_key");
        if (strncmp(what, "link", 4) == 0)
            m->links += record_visible(ctx, &link_kind, key);
        else if (strcmp(what, "concern") == 0)
            m->concerns += record_visible(ctx, &concern_kind, key);
        else if (strcmp(what, "screening") == 0)
            m->screenings += record_visible(ctx, &screening_kind, key);
        else if (strcmp(what, "disruption") == 0)
            m->disruptions += record_visible(ctx, &disruption_kind, key);
        else if (strcmp(what, "action") == 0)
            m->actions += record_visible(ctx, &action_kind, key);
        else if (strcmp(what, "meeting_item") == 0)
            m->actions += record_visible(ctx, &meeting_item_kind, key);
        else if (strcmp(what, "person_intervention") == 0)
            m->actions += record_visible(ctx, &person_intervention_kind, key);
        else if (strncmp(what, "alias", 5) == 0)
            m->aliases++;
        else if (strcmp(what, "filled") == 0 && m->filled_count < MERGE_FILLED_MAX)
            m->filled[m->filled_count++] = key;
        else
            m->involvements++;
    }
}

static bool load_merge(struct domain_context *ctx, const char *id, struct person_merge *m)
{
    if (!id_is_valid(id))
        return false;
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT * FROM person_merges WHERE id = ?", p, 1, &r) != STORE_OK ||
        r.rows != 1)
        return false;
    read_merge_row(&r, 0, m);
    count_moves(ctx, m);
    return true;
}

/* ---- deciding ----------------------------------------------------------- */

static enum domain_status refuse(struct merge_problem *problem, int status, const char *field, const char *message)
{
    *problem = (struct merge_problem){status, field, message};
    return DOMAIN_CONFLICT;
}

/* Opens the transaction with the kept record and decides: write access to
 * both (audited as action) and the capability. */
static enum domain_status begin(struct domain_context *ctx, const char *kept_id, const char *merged_id,
                                const char *action, struct record *kept, struct record *merged)
{
    enum domain_status status = record_begin_write(ctx, &person_kind, kept_id, action, kept);
    if (status != DOMAIN_OK)
        return status;
    status = record_check_write(ctx, &person_kind, merged_id, action, merged);
    if (status != DOMAIN_OK) {
        record_finish(ctx, STORE_OK); /* keeps the refusal's audit event */
        return status;
    }
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MERGE_RECORDS, action, "person", kept_id)
             .allowed) {
        record_finish(ctx, STORE_OK);
        return DOMAIN_FORBIDDEN;
    }
    return DOMAIN_OK;
}

/* ---- telling the network ------------------------------------------------ */

/* What the index must be told once the merge (or its undo) commits: the
 * links moved, and whether the merged record is hidden. */
struct index_change {
    const char *from, *to, *hidden_id;
    bool hidden;
    const char **links;
    int link_count;
};

static void apply_index_change(void *data)
{
    const struct index_change *c = data;
    for (int i = 0; i < c->link_count; i++)
        network_index_repoint(c->links[i], c->from, c->to);
    network_index_hide(c->hidden_id, c->hidden);
}

/* Read inside the transaction, applied after it commits (in commit order). */
static enum store_status note_index_change(struct domain_context *ctx, const struct person_merge *m, bool back)
{
    const struct store_value p[] = {store_text(m->id)};
    struct store_result r;
    enum store_status status = store_query(
        ctx->conn, ctx->arena,
        "SELECT row_key FROM person_merge_moves WHERE merge_id = ? AND what IN ('link_from', 'link_to')", p, 1, &r);
    if (status != STORE_OK)
        return status;
    struct index_change *c = arena_alloc(ctx->arena, sizeof *c);
    *c = (struct index_change){.from = back ? m->kept_id : m->merged_id, .to = back ? m->merged_id : m->kept_id,
                               .hidden_id = m->merged_id, .hidden = !back, .link_count = r.rows,
                               .links = arena_alloc(ctx->arena, sizeof *c->links * (size_t)(r.rows + 1))};
    for (int i = 0; i < r.rows; i++)
        c->links[i] = store_cell_text(&r, i, "row_key");
    record_after_commit(ctx, apply_index_change, c);
    return STORE_OK;
}

/* ---- merging ------------------------------------------------------------ */

static const char *full_name(struct arena *arena, const struct record *r)
{
    return arena_printf(arena, "%s %s", r->values[PERSON_GIVEN_NAME], r->values[PERSON_FAMILY_NAME]);
}

/* The merged record's name becomes an alias of the kept one, unless it is
 * the same name or an alias already. */
static enum store_status add_name_as_alias(struct domain_context *ctx, const struct person_merge *m,
                                           const struct record *kept, const struct record *merged)
{
    const char *alias = full_name(ctx->arena, merged);
    const char *key = fold_for_search(ctx->arena, alias);
    if (strcmp(key, fold_for_search(ctx->arena, full_name(ctx->arena, kept))) == 0)
        return STORE_OK;
    const struct store_value p[] = {store_text(m->id), store_text(m->kept_id), store_text(alias), store_text(key)};
    int added = 0;
    enum store_status status = store_exec(ctx->conn,
                                          "INSERT INTO person_aliases (person_id, alias, search_key) VALUES (?2, ?3, ?4) "
                                          "ON CONFLICT DO NOTHING",
                                          p, 4, &added);
    if (status == STORE_OK && added > 0)
        status = store_exec(ctx->conn,
                            "INSERT INTO person_merge_moves (merge_id, what, row_key) VALUES (?1, 'alias_added', ?3)", p,
                            3, NULL);
    return status;
}

/* Matches person id afresh, as it now stands. */
static enum store_status save_keys_of(struct domain_context *ctx, const char *id)
{
    const struct store_value p[] = {store_text(id)};
    struct record *person;
    int rows = 0;
    enum store_status status = record_select_for_matching(ctx, "r.id = ?", p, 1, NULL, 1, &person, &rows);
    if (status != STORE_OK || rows != 1)
        return status == STORE_OK ? STORE_ERROR : status;
    return duplicates_save_keys(ctx, person);
}

static enum store_status write_merge(struct domain_context *ctx, struct person_merge *m, const struct record *kept,
                                     const struct record *merged)
{
    const struct store_value row[] = {store_text(m->id),        store_text(m->kept_id),  store_text(m->merged_id),
                                      store_text(m->reason),    store_text(m->merged_by), store_text(m->merged_at)};
    enum store_status status = store_exec(ctx->conn,
                                          "INSERT INTO person_merges (id, kept_id, merged_id, reason, merged_by, merged_at) "
                                          "VALUES (?, ?, ?, ?, ?, ?)",
                                          row, 6, NULL);
    for (int i = 0; status == STORE_OK && i < MOVE_COUNT; i++)
        if (moves[i].collect != NULL && (status = run(ctx, moves[i].collect, m)) == STORE_OK)
            status = run(ctx, moves[i].apply, m);
    if (status == STORE_OK)
        status = add_name_as_alias(ctx, m, kept, merged);
    if (status == STORE_OK)
        status = run(ctx, "UPDATE people SET merged_into = ?2 WHERE id = ?3", m);
    if (status == STORE_OK)
        status = run(ctx, "DELETE FROM person_match_keys WHERE person_id = ?3", m);
    if (status == STORE_OK)
        status = save_keys_of(ctx, m->kept_id); /* its details may have been filled in */
    return status == STORE_OK ? note_index_change(ctx, m, false) : status;
}

/* Whether everyone who may read kept may read merged too, as far as the
 * sharing levels tell: merged is shared with the hub, or kept is shared
 * no more widely and by the same agency. */
static bool shared_as_widely(const struct record *kept, const struct record *merged)
{
    const char *kept_sharing = kept->values[PERSON_SHARING], *merged_sharing = merged->values[PERSON_SHARING];
    return strcmp(merged_sharing, "hub") == 0 ||
           (strcmp(kept_sharing, merged_sharing) == 0 && strcmp(kept->owner_agency_id, merged->owner_agency_id) == 0);
}

static enum domain_status check_mergeable(struct domain_context *ctx, const struct record *kept,
                                          const struct record *merged, struct merge_problem *problem)
{
    if (person_merged_into(ctx, kept->id) != NULL)
        return refuse(problem, 409, "kept_id", "this record has been merged into another: merge into that one");
    if (person_merged_into(ctx, merged->id) != NULL)
        return refuse(problem, 409, "merged_id", "this record has been merged already");
    if (strcmp(kept->values[PERSON_KIND], merged->values[PERSON_KIND]) != 0)
        return refuse(problem, 400, "merged_id", "a young person and an adult of concern cannot be merged");
    if (!shared_as_widely(kept, merged))
        return refuse(problem, 409, "merged_id",
                      "this record is shared more narrowly than the one kept, so its name and aliases would reach "
                      "people who may not see it: keep this record instead, or share it with the hub first");
    return DOMAIN_OK;
}

enum domain_status merge_people(struct domain_context *ctx, const char *kept_id, const char *merged_id,
                                const char *reason, struct person_merge *out, struct merge_problem *problem)
{
    if (kept_id != NULL && merged_id != NULL && strcmp(kept_id, merged_id) == 0)
        return refuse(problem, 400, "merged_id", "must be another record than kept_id");
    struct record kept, merged;
    enum domain_status status = begin(ctx, kept_id, merged_id, "merge", &kept, &merged);
    if (status != DOMAIN_OK)
        return status;
    if ((status = check_mergeable(ctx, &kept, &merged, problem)) != DOMAIN_OK) {
        record_finish(ctx, STORE_OK);
        return status;
    }
    *out = (struct person_merge){.id = id_new(ctx->arena), .kept_id = kept.id, .merged_id = merged.id,
                                 .reason = reason, .merged_by = ctx->caller.is_token ? NULL : ctx->caller.user_id,
                                 .merged_at = clock_now_text(ctx->arena)};
    status = record_finish(ctx, write_merge(ctx, out, &kept, &merged));
    if (status == DOMAIN_OK)
        count_moves(ctx, out);
    return status;
}

/* ---- undoing ------------------------------------------------------------ */

static enum store_status write_undo(struct domain_context *ctx, struct person_merge *m, const struct record *merged)
{
    enum store_status status = STORE_OK;
    for (int i = MOVE_COUNT - 1; status == STORE_OK && i >= 0; i--)
        status = run(ctx, moves[i].revert, m);
    const struct store_value p[] = {store_text(m->undone_by), store_text(m->undone_at), store_text(m->id)};
    if (status == STORE_OK)
        status = run(ctx, "UPDATE people SET merged_into = NULL WHERE id = ?3 AND merged_into = ?2", m);
    if (status == STORE_OK)
        status = store_exec(ctx->conn, "UPDATE person_merges SET undone_by = ?, undone_at = ? WHERE id = ?", p, 3, NULL);
    if (status == STORE_OK)
        status = note_index_change(ctx, m, true);
    if (status == STORE_OK)
        status = save_keys_of(ctx, m->kept_id);
    return status == STORE_OK ? duplicates_save_keys(ctx, merged) : status;
}

enum domain_status merge_undo(struct domain_context *ctx, const char *merge_id, struct person_merge *out,
                              struct merge_problem *problem)
{
    if (!load_merge(ctx, merge_id, out))
        return DOMAIN_NOT_FOUND;
    struct record kept, merged;
    enum domain_status status = begin(ctx, out->kept_id, out->merged_id, "undo merge", &kept, &merged);
    if (status != DOMAIN_OK)
        return status;
    if (!load_merge(ctx, merge_id, out) || out->undone_at != NULL || person_merged_into(ctx, out->kept_id) != NULL) {
        record_finish(ctx, STORE_OK);
        return out->undone_at != NULL
                   ? refuse(problem, 409, "id", "this merge has been undone already")
                   : refuse(problem, 409, "id", "the kept record has since been merged into another: undo that first");
    }
    out->undone_by = ctx->caller.is_token ? NULL : ctx->caller.user_id;
    out->undone_at = clock_now_text(ctx->arena);
    return record_finish(ctx, write_undo(ctx, out, &merged));
}

/* Whether the caller may read person id (no audit event). */
static bool may_read_person(struct domain_context *ctx, const char *id, struct record *out)
{
    return id != NULL && record_peek(ctx, &person_kind, id, out);
}

enum domain_status merge_read(struct domain_context *ctx, const char *merge_id, struct person_merge *out)
{
    struct record both[2];
    if (!load_merge(ctx, merge_id, out) || !may_read_person(ctx, out->kept_id, &both[0]) ||
        !may_read_person(ctx, out->merged_id, &both[1]))
        return DOMAIN_NOT_FOUND;
    return record_audit_reads(ctx, &person_kind, both, 2);
}

void merge_history(struct domain_context *ctx, const char *person_id, bool *merged, const char **merged_into,
                   struct person_merge *out, int *count)
{
    *count = 0;
    struct record released[MERGE_HISTORY_MAX + 1];
    int shown = 0;
    const char *into = person_merged_into(ctx, person_id);
    *merged = into != NULL;
    *merged_into = into != NULL && may_read_person(ctx, into, &released[shown]) ? released[shown++].id : NULL;
    const struct store_value p[] = {store_text(person_id), store_text(person_id), store_int(MERGE_HISTORY_MAX)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT * FROM person_merges WHERE kept_id = ? OR merged_id = ? ORDER BY merged_at DESC LIMIT ?", p,
                    3, &r) != STORE_OK)
        r.rows = 0;
    for (int i = 0; i < r.rows; i++) {
        read_merge_row(&r, i, &out[*count]);
        const char *other = strcmp(out[*count].kept_id, person_id) == 0 ? out[*count].merged_id : out[*count].kept_id;
        if (may_read_person(ctx, other, &released[shown])) {
            shown++;
            count_moves(ctx, &out[*count]);
            (*count)++;
        }
    }
    if (record_audit_reads(ctx, &person_kind, released, shown) != DOMAIN_OK) {
        *merged_into = NULL; /* nothing released without its audit event */
        *count = 0;
    }
}
