/* Actions agreed by the partnership; see action.h. */
#include "domain/action.h"

#include <string.h>

#include "auth/access.h"
#include "domain/context.h"
#include "domain/meeting.h"
#include "domain/person.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"

const char *const action_statuses[] = {"open", "done", "cancelled"};
const int action_status_count = 3;

static const struct record_field action_fields[ACTION_FIELD_COUNT] = {
    [ACTION_MEETING_ID] = {"meeting_id", FIELD_TEXT, false},
    [ACTION_ITEM_ID] = {"item_id", FIELD_TEXT, false},
    [ACTION_PERSON_ID] = {"person_id", FIELD_TEXT, false},
    [ACTION_CONTEXT_ID] = {"context_id", FIELD_TEXT, false},
    [ACTION_DESCRIPTION] = {"description", FIELD_TEXT, true},
    [ACTION_ASSIGNEE_USER_ID] = {"assignee_user_id", FIELD_TEXT, false},
    [ACTION_DUE_ON] = {"due_on", FIELD_TEXT, true},
    [ACTION_STATUS] = {"status", FIELD_TEXT, true},
    [ACTION_COMPLETION_NOTES] = {"completion_notes", FIELD_TEXT, false},
    [ACTION_COMPLETED_ON] = {"completed_on", FIELD_TEXT, false},
    [ACTION_SHARING] = {"sharing", FIELD_TEXT, true},
};

static const char *action_search_text(struct arena *arena, const char *const *values)
{
    return arena_strdup(arena, values[ACTION_DUE_ON]);
}

const struct record_kind action_kind = {
    .table = "actions",
    .record_type = "action",
    .fields = action_fields,
    .field_count = ACTION_FIELD_COUNT,
    .sharing_field = ACTION_SHARING,
    .person_field = ACTION_PERSON_ID,
    .search_text = action_search_text,
};

/* Whether the caller may see everything the action names. */
static bool named_visible(struct domain_context *ctx, const char *const *v)
{
    return (v[ACTION_PERSON_ID] == NULL || record_visible(ctx, &person_kind, v[ACTION_PERSON_ID])) &&
           (v[ACTION_CONTEXT_ID] == NULL || record_visible(ctx, &context_kind, v[ACTION_CONTEXT_ID])) &&
           (v[ACTION_MEETING_ID] == NULL || record_visible(ctx, &meeting_kind, v[ACTION_MEETING_ID])) &&
           (v[ACTION_ITEM_ID] == NULL || record_visible(ctx, &meeting_item_kind, v[ACTION_ITEM_ID]));
}

/* The agency given an action sees it even when it may not see whom it is
 * about (the coordinator chose to give it); anyone else only with what it
 * names. */
bool action_visible(struct domain_context *ctx, const struct record *r)
{
    return (ctx->caller.agency_id != NULL && strcmp(r->owner_agency_id, ctx->caller.agency_id) == 0) ||
           named_visible(ctx, r->values);
}

enum domain_status action_create(struct domain_context *ctx, const struct record_input *in, const char *owner_agency_id,
                                 struct record *out)
{
    if (!named_visible(ctx, in->values))
        return DOMAIN_NOT_FOUND;
    const char *meeting = in->values[ACTION_MEETING_ID], *item = in->values[ACTION_ITEM_ID];
    const char *item_meeting = item != NULL ? meeting_item_meeting(ctx, item) : NULL;
    if (item != NULL && (item_meeting == NULL || (meeting != NULL && strcmp(meeting, item_meeting) != 0)))
        return DOMAIN_NOT_FOUND; /* an item of another meeting */
    meeting = meeting != NULL ? meeting : item_meeting;
    if (meeting != NULL && !access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_RUN_MEETINGS,
                                              "give an action", "meeting", meeting)
                                 .allowed)
        return DOMAIN_FORBIDDEN;
    if (meeting != NULL && !meeting_is_open(ctx, meeting))
        return DOMAIN_CONFLICT;
    enum domain_status status = record_create_owned(ctx, &action_kind, in, owner_agency_id, out);
    if (status != DOMAIN_OK)
        return status;
    /* Whoever is given an action about a young person now works with them. */
    const char *assignee = out->values[ACTION_ASSIGNEE_USER_ID], *person = out->values[ACTION_PERSON_ID];
    return record_finish(ctx, assignee != NULL && person != NULL
                                  ? access_record_involvement(ctx->conn, ctx->arena, assignee, person,
                                                              ctx->caller.is_token ? NULL : ctx->caller.user_id)
                                  : STORE_OK);
}

bool action_readable(struct domain_context *ctx, const char *id)
{
    return record_visible_naming(ctx, &action_kind, id, action_visible);
}

/* An action whose named records the caller may see (a refusal audited),
 * then read through the policy (which audits a refusal too). */
enum domain_status action_read(struct domain_context *ctx, const char *id, struct record *out)
{
    return record_read_naming(ctx, &action_kind, id, action_visible, out);
}

/* The day action was agreed: its meeting's, or the day it was recorded. */
static const char *agreed_on(struct domain_context *ctx, const struct record *action)
{
    const struct store_value p[] = {store_text(action->values[ACTION_MEETING_ID])};
    struct store_result r;
    if (action->values[ACTION_MEETING_ID] != NULL &&
        store_query(ctx->conn, ctx->arena, "SELECT held_on FROM meetings WHERE id = ?", p, 1, &r) == STORE_OK &&
        r.rows == 1)
        return store_cell_text(&r, 0, "held_on");
    return arena_strndup(ctx->arena, action->created_at, 10);
}

enum domain_status action_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                 struct record *out)
{
    enum domain_status status = record_begin_write(ctx, &action_kind, id, "update", out);
    if (status != DOMAIN_OK)
        return status;
    if (!action_visible(ctx, out)) { /* as action_read decides */
        record_finish(ctx, STORE_ERROR);
        access_refused(ctx->conn, ctx->arena, &ctx->caller, "update", "action", out->id,
                       "it names a record the caller may not see");
        return DOMAIN_NOT_FOUND;
    }
    struct record_input changes = *in;
    const char *becomes = in->present[ACTION_STATUS] ? in->values[ACTION_STATUS] : NULL;
    /* The day it was done or cancelled: the day given (it may be recorded
     * late, but not before the action was agreed), else today; only with
     * a change of status. */
    const char *given = in->present[ACTION_COMPLETED_ON] ? in->values[ACTION_COMPLETED_ON] : NULL;
    if (given != NULL && strcmp(given, agreed_on(ctx, out)) < 0) {
        record_finish(ctx, STORE_ERROR);
        return DOMAIN_CONFLICT;
    }
    changes.present[ACTION_COMPLETED_ON] = false;
    if (becomes != NULL && strcmp(becomes, out->values[ACTION_STATUS]) != 0) {
        changes.present[ACTION_COMPLETED_ON] = true;
        changes.values[ACTION_COMPLETED_ON] = strcmp(becomes, "open") == 0 ? NULL
                                              : given != NULL            ? given
                                                                         : clock_today_text(ctx->arena);
    }
    status = record_update_fields(ctx, &action_kind, &changes, out);
    enum store_status saved = status == DOMAIN_OK ? STORE_OK : STORE_ERROR;
    if (saved == STORE_OK && (in->present[ACTION_DUE_ON] || (becomes != NULL && strcmp(becomes, "open") == 0))) {
        const struct store_value p[] = {store_text(out->id)};
        saved = store_exec(ctx->conn, "UPDATE actions SET overdue_alerted = 0 WHERE id = ?", p, 1, NULL);
    }
    /* As on creation: whoever it is now given to works with the young
     * person — but only when the caller may see the young person; the
     * agency given an action about someone it may not see cannot open the
     * record to itself by handing the action round. */
    const char *assignee = out->values[ACTION_ASSIGNEE_USER_ID], *person = out->values[ACTION_PERSON_ID];
    if (saved == STORE_OK && in->present[ACTION_ASSIGNEE_USER_ID] && assignee != NULL && person != NULL &&
        record_visible(ctx, &person_kind, person))
        saved = access_record_involvement(ctx->conn, ctx->arena, assignee, person,
                                          ctx->caller.is_token ? NULL : ctx->caller.user_id);
    return record_finish(ctx, saved);
}

enum domain_status action_list(struct domain_context *ctx, const struct action_filter *f, const char *cursor,
                               int limit, struct record *out, int *count, const char **next)
{
    const char *condition = "1 = 1";
    struct store_value params[8];
    int n = 0;
    const struct {
        const char *value, *sql;
    } equal[] = {{f->assignee_user_id, "r.assignee_user_id = ?"}, {f->owner_agency_id, "r.owner_agency_id = ?"},
                 {f->person_id, "r.person_id = ?"},               {f->context_id, "r.context_id = ?"},
                 {f->meeting_id, "r.meeting_id = ?"},             {f->status, "r.status = ?"}};
    for (size_t i = 0; i < sizeof equal / sizeof equal[0]; i++)
        if (equal[i].value != NULL) {
            condition = arena_printf(ctx->arena, "%s AND %s", condition, equal[i].sql);
            params[n++] = store_text(equal[i].value);
        }
    if (f->overdue_only) {
        condition = arena_printf(ctx->arena, "%s AND r.status = 'open' AND r.due_on < ?", condition);
        params[n++] = store_text(clock_today_text(ctx->arena));
    }
    return record_list_newest(ctx, &action_kind, condition, params, n, action_visible, cursor, limit, out, count, next);
}

enum domain_status action_list_of_meeting(struct domain_context *ctx, const char *meeting_id, struct record **out,
                                          int *count)
{
    struct record *rows;
    int row_count = 0;
    const struct store_value p[] = {store_text(meeting_id)};
    *count = 0;
    if (record_select_readable(ctx, &action_kind, "r.meeting_id = ?", p, 1, "ORDER BY r.created_at DESC, r.id DESC",
                               ACTIONS_PER_MEETING_MAX, &rows, &row_count) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    *out = rows; /* the visible ones, moved to the front */
    for (int i = 0; i < row_count; i++)
        if (action_visible(ctx, &rows[i]))
            rows[(*count)++] = rows[i];
    return record_audit_reads(ctx, &action_kind, rows, *count);
}

bool action_is_overdue(const struct record *action, const char *today)
{
    return strcmp(action->values[ACTION_STATUS], "open") == 0 && strcmp(action->values[ACTION_DUE_ON], today) < 0;
}

#define OVERDUE_PER_STEP 20

static enum store_status alert_overdue(struct store_conn *conn, struct arena *arena, const char *id, const char *due_on,
                                       const char *now)
{
    const struct store_value mark[] = {store_text(id)};
    int marked = 0;
    enum store_status status = store_exec(
        conn, "UPDATE actions SET overdue_alerted = 1 WHERE id = ? AND overdue_alerted = 0", mark, 1, &marked);
    const struct store_value alert[] = {store_text(id_new(arena)), store_text(id),
                                        store_text(arena_printf(arena, "action overdue since %s", due_on)),
                                        store_text(now)};
    if (status == STORE_OK && marked == 1)
        status = store_exec(conn,
                            "INSERT INTO alerts (id, kind, user_id, record_type, record_id, reason, created_at) "
                            "VALUES (?, 'action_overdue', NULL, 'action', ?, ?, ?)",
                            alert, 4, NULL);
    return status;
}

enum store_status actions_flag_overdue(struct store_conn *conn, struct arena *arena, bool *done)
{
    const char *today = clock_today_text(arena), *now = clock_now_text(arena);
    const struct store_value p[] = {store_text(today), store_int(OVERDUE_PER_STEP)};
    struct store_result r;
    *done = true;
    /* Looked for first with no lock: usually there is nothing to write. */
    enum store_status status = store_query(
        conn, arena,
        "SELECT id, due_on FROM actions WHERE status = 'open' AND due_on < ? AND overdue_alerted = 0 "
        "AND sharing <> 'agency' LIMIT ?", /* an agency-only action is its agency's business alone */
        p, 2, &r);
    if (status != STORE_OK || r.rows == 0)
        return status;
    status = store_begin(conn);
    for (int i = 0; status == STORE_OK && i < r.rows; i++)
        status = alert_overdue(conn, arena, store_cell_text(&r, i, "id"), store_cell_text(&r, i, "due_on"), now);
    if (status != STORE_OK) {
        store_rollback(conn);
        return status;
    }
    *done = r.rows < OVERDUE_PER_STEP;
    return store_commit(conn);
}
