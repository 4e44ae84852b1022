/* The partnership's action plan; see action_plan.h. */
#include "domain/action_plan.h"

#include <string.h>

#include "auth/access.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"

const char *const plan_action_statuses[] = {"not_started", "in_progress", "done"};
const int plan_action_status_count = sizeof plan_action_statuses / sizeof plan_action_statuses[0];
const char *const plan_ratings[] = {"red", "amber", "green"};
const int plan_rating_count = sizeof plan_ratings / sizeof plan_ratings[0];

/* Each recommendation with the names of its owner and its board. */
#define RECOMMENDATIONS                                                                                        \
    "SELECT r.id, r.number, r.title, r.text, r.owner_agency_id, r.owner_board_id, "                          \
    "coalesce(og.name, ob.name) AS owner_name, r.board_id, b.name AS board_name, r.created_by, r.created_at " \
    "FROM plan_recommendations r JOIN partnership_boards b ON b.id = r.board_id "                             \
    "LEFT JOIN agencies og ON og.id = r.owner_agency_id LEFT JOIN partnership_boards ob ON ob.id = r.owner_board_id "

/* Each action with its owner's name, its latest update's rating and date, and how many updates it has. */
#define ACTIONS                                                                                                \
    "SELECT a.id, a.recommendation_id, a.description, a.owner_agency_id, g.name AS owner_agency_name, "       \
    "a.due_on, a.status, a.created_by, a.created_at, a.updated_at, "                                          \
    "(SELECT u.rag FROM plan_progress_updates u WHERE u.action_id = a.id "                                    \
    "ORDER BY u.written_on DESC, u.sequence DESC LIMIT 1) AS rag, "                                           \
    "(SELECT max(u.written_on) FROM plan_progress_updates u WHERE u.action_id = a.id) AS last_update_on, "    \
    "(SELECT count(*) FROM plan_progress_updates u WHERE u.action_id = a.id) AS update_count "                \
    "FROM plan_actions a JOIN agencies g ON g.id = a.owner_agency_id "

#define UPDATES                                                                                         \
    "SELECT id, action_id, sequence, written_on, progress, evidence, rag, recorded_by, created_at " \
    "FROM plan_progress_updates "
#define NEWEST_FIRST "ORDER BY written_on DESC, sequence DESC "

/* Whether the caller has capability; audited as action on record_type/id when action is not NULL. */
static bool may(struct domain_context *ctx, enum capability capability, const char *action, const char *record_type,
                const char *id)
{
    return access_capability(ctx->conn, ctx->arena, &ctx->caller, capability, action, record_type, id).allowed;
}

/* The stored author of a change: the person, or NULL for an API token. */
static struct store_value author(struct domain_context *ctx)
{
    return store_text(ctx->caller.is_token ? NULL : ctx->caller.user_id);
}

/* One whole-number answer of sql with one text parameter, or -1 when it cannot be read. */
static long long count_of(struct domain_context *ctx, const char *sql, const char *id)
{
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, sql, p, id != NULL ? 1 : 0, &r) != STORE_OK || r.rows != 1)
        return -1;
    return store_cell_int(&r, 0, "n");
}

static bool recommendation_exists(struct domain_context *ctx, const char *id)
{
    return id_is_valid(id) && count_of(ctx, "SELECT count(*) AS n FROM plan_recommendations WHERE id = ?", id) == 1;
}

static bool action_exists(struct domain_context *ctx, const char *id)
{
    return id_is_valid(id) && count_of(ctx, "SELECT count(*) AS n FROM plan_actions WHERE id = ?", id) == 1;
}

/* The answer to a refused change of target (NULL: something new): 403 to
 * whoever may read the plan and so knows target exists, else 404. */
static enum domain_status refused(struct domain_context *ctx, const char *target,
                                  bool (*exists)(struct domain_context *, const char *))
{
    if (target == NULL)
        return DOMAIN_FORBIDDEN;
    bool reader = may(ctx, CAPABILITY_READ_ACTION_PLAN, NULL, NULL, NULL);
    return reader && exists(ctx, target) ? DOMAIN_FORBIDDEN : DOMAIN_NOT_FOUND;
}

/* Commits the open transaction when status is DOMAIN_OK, else rolls it back. */
static enum domain_status finish(struct domain_context *ctx, enum domain_status status)
{
    if (status == DOMAIN_OK && store_commit(ctx->conn) == STORE_OK)
        return DOMAIN_OK;
    store_rollback(ctx->conn);
    return status == DOMAIN_OK ? DOMAIN_UNAVAILABLE : status;
}

static enum domain_status from_store(enum store_status status, enum domain_status on_constraint)
{
    return status == STORE_OK ? DOMAIN_OK : status == STORE_CONSTRAINT ? on_constraint : DOMAIN_UNAVAILABLE;
}

/* ---- reading ------------------------------------------------------------ */

enum domain_status action_plan_read(struct domain_context *ctx, struct action_plan *out)
{
    if (!may(ctx, CAPABILITY_READ_ACTION_PLAN, "read", "action_plan", NULL))
        return DOMAIN_FORBIDDEN;
    return action_plan_load(ctx, out);
}

enum domain_status action_plan_load(struct domain_context *ctx, struct action_plan *out)
{
    const struct store_value r[] = {store_int(PLAN_RECOMMENDATIONS_MAX)};
    const struct store_value a[] = {store_int(PLAN_RECOMMENDATIONS_MAX * PLAN_ACTIONS_MAX)};
    bool ok = store_query(ctx->conn, ctx->arena, RECOMMENDATIONS "ORDER BY r.number LIMIT ?", r, 1,
                          &out->recommendations) == STORE_OK &&
              store_query(ctx->conn, ctx->arena,
                          ACTIONS "ORDER BY a.recommendation_id, a.due_on, a.created_at, a.id LIMIT ?", a, 1,
                          &out->actions) == STORE_OK;
    return ok ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}

/* Fills out with recommendation id, its actions and their updates (no access check). */
static enum domain_status load_recommendation(struct domain_context *ctx, const char *id,
                                              struct plan_recommendation_detail *out)
{
    const struct store_value p[] = {store_text(id)};
    const struct store_value u[] = {store_text(id), store_int(PLAN_ACTIONS_MAX * PLAN_UPDATES_MAX)};
    if (store_query(ctx->conn, ctx->arena, RECOMMENDATIONS "WHERE r.id = ?", p, 1, &out->recommendation) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (out->recommendation.rows != 1)
        return DOMAIN_NOT_FOUND;
    bool ok = store_query(ctx->conn, ctx->arena,
                          ACTIONS "WHERE a.recommendation_id = ? ORDER BY a.due_on, a.created_at, a.id", p, 1,
                          &out->actions) == STORE_OK &&
              store_query(ctx->conn, ctx->arena,
                          UPDATES "WHERE action_id IN (SELECT id FROM plan_actions WHERE recommendation_id = ?) "
                                  NEWEST_FIRST "LIMIT ?",
                          u, 2, &out->updates) == STORE_OK;
    return ok ? DOMAIN_OK : DOMAIN_UNAVAILABLE;
}

/* Fills out with action id and its updates (no access check). */
static enum domain_status load_action(struct domain_context *ctx, const char *id, struct plan_action_detail *out)
{
    const struct store_value p[] = {store_text(id)};
    const struct store_value u[] = {store_text(id), store_int(PLAN_UPDATES_MAX)};
    if (store_query(ctx->conn, ctx->arena, ACTIONS "WHERE a.id = ?", p, 1, &out->action) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (out->action.rows != 1)
        return DOMAIN_NOT_FOUND;
    return store_query(ctx->conn, ctx->arena, UPDATES "WHERE action_id = ? " NEWEST_FIRST "LIMIT ?", u, 2,
                       &out->updates) == STORE_OK
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}

enum domain_status plan_recommendation_read(struct domain_context *ctx, const char *id,
                                            struct plan_recommendation_detail *out)
{
    if (!id_is_valid(id))
        return DOMAIN_NOT_FOUND;
    if (!may(ctx, CAPABILITY_READ_ACTION_PLAN, "read", "plan_recommendation", id))
        return DOMAIN_NOT_FOUND; /* a refused read is not told the record exists */
    return load_recommendation(ctx, id, out);
}

/* ---- changing ----------------------------------------------------------- */

/* Inserts recommendation id in the open transaction, unless the plan is full. */
static enum domain_status insert_recommendation(struct domain_context *ctx, const char *id,
                                                const struct plan_recommendation_input *in)
{
    long long count = count_of(ctx, "SELECT count(*) AS n FROM plan_recommendations", NULL);
    if (count < 0)
        return DOMAIN_UNAVAILABLE;
    if (count >= PLAN_RECOMMENDATIONS_MAX)
        return DOMAIN_FULL;
    const struct store_value p[] = {store_text(id),
                                    store_int(in->number),
                                    store_text(in->title),
                                    store_text(in->text),
                                    store_text(in->owner_agency_id),
                                    store_text(in->owner_board_id),
                                    store_text(in->board_id),
                                    author(ctx),
                                    store_text(clock_now_text(ctx->arena))};
    return from_store(store_exec(ctx->conn,
                                 "INSERT INTO plan_recommendations (id, number, title, text, owner_agency_id, "
                                 "owner_board_id, board_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 p, 9, NULL),
                      DOMAIN_CONFLICT);
}

enum domain_status plan_recommendation_create(struct domain_context *ctx, const struct plan_recommendation_input *in,
                                              struct plan_recommendation_detail *out)
{
    const char *id = id_new(ctx->arena);
    if (!may(ctx, CAPABILITY_MANAGE_ACTION_PLAN, "create", "plan_recommendation", id))
        return refused(ctx, NULL, recommendation_exists);
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    enum domain_status status = finish(ctx, insert_recommendation(ctx, id, in));
    return status == DOMAIN_OK ? load_recommendation(ctx, id, out) : status;
}

/* Inserts action id under recommendation_id in the open transaction. */
static enum domain_status insert_action(struct domain_context *ctx, const char *id, const char *recommendation_id,
                                        const struct plan_action_input *in)
{
    if (!recommendation_exists(ctx, recommendation_id))
        return DOMAIN_NOT_FOUND;
    long long count = count_of(ctx, "SELECT count(*) AS n FROM plan_actions WHERE recommendation_id = ?",
                               recommendation_id);
    if (count < 0)
        return DOMAIN_UNAVAILABLE;
    if (count >= PLAN_ACTIONS_MAX)
        return DOMAIN_FULL;
    const char *now = clock_now_text(ctx->arena);
    const struct store_value p[] = {store_text(id),
                                    store_text(recommendation_id),
                                    store_text(in->description),
                                    store_text(in->owner_agency_id),
                                    store_text(in->due_on),
                                    store_text(in->status != NULL ? in->status : "not_started"),
                                    author(ctx),
                                    store_text(now),
                                    store_text(now)};
    return from_store(store_exec(ctx->conn,
                                 "INSERT INTO plan_actions (id, recommendation_id, description, owner_agency_id, "
                                 "due_on, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 p, 9, NULL),
                      DOMAIN_NOT_FOUND);
}

enum domain_status plan_action_create(struct domain_context *ctx, const char *recommendation_id,
                                      const struct plan_action_input *in, struct plan_action_detail *out)
{
    const char *id = id_new(ctx->arena);
    if (!may(ctx, CAPABILITY_MANAGE_ACTION_PLAN, "create", "plan_action", id))
        return refused(ctx, recommendation_id, recommendation_exists);
    if (!id_is_valid(recommendation_id))
        return DOMAIN_NOT_FOUND;
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    enum domain_status status = finish(ctx, insert_action(ctx, id, recommendation_id, in));
    return status == DOMAIN_OK ? load_action(ctx, id, out) : status;
}

enum domain_status plan_action_update(struct domain_context *ctx, const char *id, const struct plan_action_input *in,
                                      struct plan_action_detail *out)
{
    if (!may(ctx, CAPABILITY_MANAGE_ACTION_PLAN, "update", "plan_action", id_is_valid(id) ? id : NULL))
        return refused(ctx, id, action_exists);
    if (!id_is_valid(id))
        return DOMAIN_NOT_FOUND;
    const struct store_value p[] = {store_text(in->description), store_text(in->owner_agency_id),
                                    store_text(in->due_on),      store_text(in->status),
                                    store_text(clock_now_text(ctx->arena)), store_text(id)};
    int changes = 0;
    enum domain_status status = from_store(
        store_exec(ctx->conn,
                   "UPDATE plan_actions SET description = coalesce(?, description), owner_agency_id = "
                   "coalesce(?, owner_agency_id), due_on = coalesce(?, due_on), status = coalesce(?, status), "
                   "updated_at = ? WHERE id = ?",
                   p, 6, &changes),
        DOMAIN_NOT_FOUND);
    if (status == DOMAIN_OK && changes == 0)
        status = DOMAIN_NOT_FOUND;
    return status == DOMAIN_OK ? load_action(ctx, id, out) : status;
}

/* Appends update id to action_id in the open transaction, numbered after the last. */
static enum domain_status insert_update(struct domain_context *ctx, const char *id, const char *action_id,
                                        const struct plan_update_input *in)
{
    if (!action_exists(ctx, action_id))
        return DOMAIN_NOT_FOUND;
    long long count =
        count_of(ctx, "SELECT coalesce(max(sequence), 0) AS n FROM plan_progress_updates WHERE action_id = ?", action_id);
    if (count < 0)
        return DOMAIN_UNAVAILABLE;
    if (count >= PLAN_UPDATES_MAX)
        return DOMAIN_FULL;
    const struct store_value p[] = {store_text(id),          store_text(action_id),    store_int(count + 1),
                                    store_text(in->written_on), store_text(in->progress), store_text(in->evidence),
                                    store_text(in->rag),     author(ctx),              store_text(clock_now_text(ctx->arena))};
    return from_store(store_exec(ctx->conn,
                                 "INSERT INTO plan_progress_updates (id, action_id, sequence, written_on, progress, "
                                 "evidence, rag, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 p, 9, NULL),
                      DOMAIN_CONFLICT);
}

enum domain_status plan_update_create(struct domain_context *ctx, const char *action_id,
                                      const struct plan_update_input *in, struct plan_action_detail *out)
{
    const char *id = id_new(ctx->arena);
    if (!may(ctx, CAPABILITY_MANAGE_ACTION_PLAN, "create", "plan_progress_update", id))
        return refused(ctx, action_id, action_exists);
    if (!id_is_valid(action_id))
        return DOMAIN_NOT_FOUND;
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    enum domain_status status = finish(ctx, insert_update(ctx, id, action_id, in));
    return status == DOMAIN_OK ? load_action(ctx, action_id, out) : status;
}

/* ---- lateness ----------------------------------------------------------- */

struct plan_flags plan_action_flags(struct arena *arena, const struct store_result *actions, int row,
                                    const char *today)
{
    struct plan_flags flags = {false, false};
    const char *status = store_cell_text(actions, row, "status");
    if (status == NULL || strcmp(status, "done") == 0)
        return flags;
    const char *due_on = store_cell_text(actions, row, "due_on");
    const char *last = store_cell_text(actions, row, "last_update_on");
    const char *created = store_cell_text(actions, row, "created_at");
    const char *since = last != NULL ? last : created != NULL ? arena_strndup(arena, created, 10) : NULL;
    const char *late_before = clock_date_shift(arena, today, -PLAN_LATE_AFTER_DAYS);
    flags.overdue = due_on != NULL && strcmp(due_on, today) < 0;
    flags.update_late = since != NULL && late_before != NULL && strcmp(since, late_before) < 0;
    return flags;
}
