/* MACE meetings and their agenda items; see meeting.h. */
#include "domain/meeting.h"

#include <stdlib.h>
#include <string.h>

#include "auth/access.h"
#include "domain/action.h"
#include "domain/context.h"
#include "domain/person.h"
#include "util/arena.h"
#include "util/clock.h"

static const struct record_field meeting_fields[MEETING_FIELD_COUNT] = {
    [MEETING_HELD_ON] = {"held_on", FIELD_TEXT, true},
    [MEETING_TITLE] = {"title", FIELD_TEXT, true},
    [MEETING_CHAIR_USER_ID] = {"chair_user_id", FIELD_TEXT, false},
    [MEETING_STATUS] = {"status", FIELD_TEXT, true},
    [MEETING_CLOSED_AT] = {"closed_at", FIELD_TEXT, false},
    [MEETING_SHARING] = {"sharing", FIELD_TEXT, true},
};

static const char *meeting_search_text(struct arena *arena, const char *const *values)
{
    return arena_printf(arena, "%s %s", values[MEETING_HELD_ON], values[MEETING_TITLE]);
}

const struct record_kind meeting_kind = {
    .table = "meetings",
    .record_type = "meeting",
    .fields = meeting_fields,
    .field_count = MEETING_FIELD_COUNT,
    .sharing_field = MEETING_SHARING,
    .person_field = -1,
    .search_text = meeting_search_text,
};

const char *const meeting_item_kinds[] = {"young_person", "adult_of_concern", "context",
                                          "hotspot",      "overdue_action",   "other"};
const int meeting_item_kind_count = sizeof meeting_item_kinds / sizeof meeting_item_kinds[0];

static const struct record_field item_fields[ITEM_FIELD_COUNT] = {
    [ITEM_MEETING_ID] = {"meeting_id", FIELD_TEXT, true},
    [ITEM_POSITION] = {"position", FIELD_INTEGER, true},
    [ITEM_KIND] = {"kind", FIELD_TEXT, true},
    [ITEM_PERSON_ID] = {"person_id", FIELD_TEXT, false},
    [ITEM_CONTEXT_ID] = {"context_id", FIELD_TEXT, false},
    [ITEM_ACTION_ID] = {"action_id", FIELD_TEXT, false},
    [ITEM_REASON] = {"reason", FIELD_TEXT, true},
    [ITEM_DISCUSSION] = {"discussion", FIELD_TEXT, false},
    [ITEM_DECISIONS] = {"decisions", FIELD_TEXT, false},
    [ITEM_SHARING] = {"sharing", FIELD_TEXT, true},
};

static const char *item_search_text(struct arena *arena, const char *const *values)
{
    return arena_strdup(arena, values[ITEM_KIND]);
}

static enum domain_status place_at_end(struct domain_context *ctx, struct record *item);

const struct record_kind meeting_item_kind = {
    .table = "meeting_items",
    .record_type = "meeting_item",
    .fields = item_fields,
    .field_count = ITEM_FIELD_COUNT,
    .sharing_field = ITEM_SHARING,
    .person_field = ITEM_PERSON_ID,
    .search_text = item_search_text,
    .before_insert = place_at_end,
};

/* ---- invitations and attendance --------------------------------------- */

static enum store_status save_lists(struct domain_context *ctx, const char *id, const struct meeting_lists *lists)
{
    const struct store_value meeting[] = {store_text(id)};
    enum store_status status = STORE_OK;
    if (lists->invited_present) {
        status = store_exec(ctx->conn, "DELETE FROM meeting_agencies WHERE meeting_id = ?", meeting, 1, NULL);
        for (int i = 0; status == STORE_OK && i < lists->invited_count; i++) {
            const struct store_value row[] = {store_text(id), store_text(lists->invited[i])};
            status = store_exec(ctx->conn, "INSERT INTO meeting_agencies VALUES (?, ?) ON CONFLICT DO NOTHING", row, 2,
                                NULL);
        }
    }
    if (status == STORE_OK && lists->attendance_present) {
        status = store_exec(ctx->conn, "DELETE FROM meeting_attendance WHERE meeting_id = ?", meeting, 1, NULL);
        for (int i = 0; status == STORE_OK && i < lists->attendance_count; i++) {
            const struct meeting_attendee *a = &lists->attendance[i];
            const struct store_value row[] = {store_text(id), store_text(a->agency_id), store_text(a->name),
                                              store_text(a->attended)};
            status = store_exec(ctx->conn, "INSERT INTO meeting_attendance VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                row, 4, NULL);
        }
    }
    return status;
}

static void load_lists(struct domain_context *ctx, struct meeting *m)
{
    const struct store_value id[] = {store_text(m->record.id)};
    struct store_result r;
    m->invited_count = m->attendance_count = 0;
    if (store_query(ctx->conn, ctx->arena, "SELECT agency_id FROM meeting_agencies WHERE meeting_id = ? ORDER BY agency_id",
                    id, 1, &r) == STORE_OK)
        for (int i = 0; i < r.rows && m->invited_count < MEETING_AGENCIES_MAX; i++)
            m->invited[m->invited_count++] = store_cell_text(&r, i, "agency_id");
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT agency_id, name, attended FROM meeting_attendance WHERE meeting_id = ? "
                    "ORDER BY attended DESC, agency_id, name",
                    id, 1, &r) == STORE_OK)
        for (int i = 0; i < r.rows && m->attendance_count < MEETING_ATTENDEES_MAX; i++)
            m->attendance[m->attendance_count++] = (struct meeting_attendee){
                store_cell_text(&r, i, "agency_id"), store_cell_text(&r, i, "name"), store_cell_text(&r, i, "attended")};
}

/* ---- meetings ---------------------------------------------------------- */

static bool may_run_meetings(struct domain_context *ctx, const char *action, const char *id)
{
    return access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_RUN_MEETINGS, action, "meeting", id)
        .allowed;
}

enum domain_status meeting_create(struct domain_context *ctx, const struct record_input *in,
                                  const struct meeting_lists *lists, struct meeting *out)
{
    memset(out, 0, sizeof *out);
    if (!may_run_meetings(ctx, "create", NULL))
        return DOMAIN_FORBIDDEN;
    struct record_input opened = *in;
    opened.present[MEETING_STATUS] = true;
    opened.values[MEETING_STATUS] = "open";
    enum domain_status status = record_create(ctx, &meeting_kind, &opened, &out->record);
    if (status != DOMAIN_OK)
        return status;
    status = record_finish(ctx, save_lists(ctx, out->record.id, lists));
    if (status == DOMAIN_OK)
        load_lists(ctx, out);
    return status;
}

enum domain_status meeting_read(struct domain_context *ctx, const char *id, struct meeting *out)
{
    memset(out, 0, sizeof *out);
    enum domain_status status = record_read(ctx, &meeting_kind, id, &out->record);
    if (status == DOMAIN_OK)
        load_lists(ctx, out);
    return status;
}

/* Opens the transaction on an open meeting the caller may change and run;
 * DOMAIN_CONFLICT (transaction over) when it is closed. */
static enum domain_status begin_change(struct domain_context *ctx, const char *id, const char *action,
                                       struct record *out)
{
    enum domain_status status = record_begin_write(ctx, &meeting_kind, id, action, out);
    if (status != DOMAIN_OK)
        return status;
    if (!may_run_meetings(ctx, action, id)) {
        record_finish(ctx, STORE_OK);
        return DOMAIN_FORBIDDEN;
    }
    if (strcmp(out->values[MEETING_STATUS], "open") != 0) {
        record_finish(ctx, STORE_OK);
        return DOMAIN_CONFLICT;
    }
    return DOMAIN_OK;
}

enum domain_status meeting_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                  const struct meeting_lists *lists, struct meeting *out)
{
    memset(out, 0, sizeof *out);
    enum domain_status status = begin_change(ctx, id, "update", &out->record);
    if (status != DOMAIN_OK)
        return status;
    status = record_update_fields(ctx, &meeting_kind, in, &out->record);
    status = record_finish(ctx, status == DOMAIN_OK ? save_lists(ctx, out->record.id, lists) : STORE_ERROR);
    if (status == DOMAIN_OK)
        load_lists(ctx, out);
    return status;
}

enum domain_status meeting_close(struct domain_context *ctx, const char *id, struct meeting *out)
{
    memset(out, 0, sizeof *out);
    enum domain_status status = begin_change(ctx, id, "close", &out->record);
    if (status != DOMAIN_OK)
        return status;
    struct record_input closing = {0};
    closing.present[MEETING_STATUS] = closing.present[MEETING_CLOSED_AT] = true;
    closing.values[MEETING_STATUS] = "closed";
    closing.values[MEETING_CLOSED_AT] = clock_now_text(ctx->arena);
    status = record_update_fields(ctx, &meeting_kind, &closing, &out->record);
    status = record_finish(ctx, status == DOMAIN_OK ? STORE_OK : STORE_ERROR);
    if (status == DOMAIN_OK)
        load_lists(ctx, out);
    return status;
}

enum domain_status meeting_list(struct domain_context *ctx, const char *cursor, int limit, struct record *out,
                                int *count, const char **next)
{
    return record_list_newest(ctx, &meeting_kind, NULL, NULL, 0, NULL, cursor, limit, out, count, next);
}

bool meeting_is_open(struct domain_context *ctx, const char *id)
{
    const struct store_value p[] = {store_text(id)};
    struct store_result r;
    return store_query(ctx->conn, ctx->arena, "SELECT 1 FROM meetings WHERE id = ? AND status = 'open'", p, 1, &r) ==
               STORE_OK &&
           r.rows == 1;
}

/* ---- items -------------------------------------------------------------- */

/* Whether the caller may see the person, place and action the item is about. */
static bool about_visible(struct domain_context *ctx, const struct record *item)
{
    const char *person = item->values[ITEM_PERSON_ID], *context = item->values[ITEM_CONTEXT_ID];
    const char *action = item->values[ITEM_ACTION_ID];
    return (person == NULL || record_visible(ctx, &person_kind, person)) &&
           (context == NULL || record_visible(ctx, &context_kind, context)) && (action == NULL || action_readable(ctx, action));
}

bool meeting_item_subject_visible(struct domain_context *ctx, const struct record *item)
{
    const char *meeting = item->values[ITEM_MEETING_ID];
    return (meeting == NULL || record_visible(ctx, &meeting_kind, meeting)) && about_visible(ctx, item);
}

const char *meeting_item_meeting(struct domain_context *ctx, const char *item_id)
{
    const struct store_value p[] = {store_text(item_id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT meeting_id FROM meeting_items WHERE id = ?", p, 1, &r) != STORE_OK ||
        r.rows != 1)
        return NULL;
    return store_cell_text(&r, 0, "meeting_id");
}

/* The record kind's before_insert: inside the transaction that adds the
 * item (so two items added at once cannot take the same place), the
 * meeting must still be open and the item goes at the end of its agenda. */
static enum domain_status place_at_end(struct domain_context *ctx, struct record *item)
{
    const char *meeting_id = item->values[ITEM_MEETING_ID];
    if (!meeting_is_open(ctx, meeting_id))
        return DOMAIN_CONFLICT;
    const struct store_value p[] = {store_text(meeting_id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT coalesce(max(position), 0) + 1 AS next FROM meeting_items WHERE meeting_id = ?", p, 1,
                    &r) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    int64_t next = store_cell_int(&r, 0, "next");
    if (next > MEETING_ITEMS_MAX)
        return DOMAIN_FULL; /* an agenda no panel could get through */
    item->values[ITEM_POSITION] = arena_printf(ctx->arena, "%lld", (long long)next);
    return DOMAIN_OK;
}

/* Whether person_id is a person of the kind the item's kind names (a young
 * person for "young_person", an adult for "adult_of_concern"). */
static bool person_of_kind(struct domain_context *ctx, const char *item_kind, const char *person_id)
{
    bool young = strcmp(item_kind, "young_person") == 0, adult = strcmp(item_kind, "adult_of_concern") == 0;
    if (!young && !adult)
        return true;
    const struct store_value p[] = {store_text(person_id)};
    struct store_result r;
    return store_query(ctx->conn, ctx->arena, "SELECT kind FROM people WHERE id = ?", p, 1, &r) == STORE_OK &&
           r.rows == 1 && strcmp(store_cell_text(&r, 0, "kind"), young ? "young_person" : "adult_of_concern") == 0;
}

enum domain_status meeting_item_create(struct domain_context *ctx, const struct record_input *in, struct record *out)
{
    enum domain_status status = meeting_item_create_owned(ctx, in, ctx->caller.agency_id, out);
    if (status == DOMAIN_OK)
        meeting_item_place(ctx, out);
    return status;
}

enum domain_status meeting_item_create_owned(struct domain_context *ctx, const struct record_input *in,
                                             const char *owner_agency_id, struct record *out)
{
    struct record meeting, candidate = {0};
    memcpy(candidate.values, in->values, sizeof candidate.values);
    const char *meeting_id = in->values[ITEM_MEETING_ID];
    if (!meeting_item_subject_visible(ctx, &candidate) || record_read(ctx, &meeting_kind, meeting_id, &meeting) != DOMAIN_OK)
        return DOMAIN_NOT_FOUND;
    if (in->values[ITEM_PERSON_ID] != NULL && !person_of_kind(ctx, in->values[ITEM_KIND], in->values[ITEM_PERSON_ID]))
        return DOMAIN_NOT_FOUND; /* not a person of the kind the item is about */
    if (!may_run_meetings(ctx, "add an item", meeting_id))
        return DOMAIN_FORBIDDEN;
    struct record_input placed = *in; /* its position: place_at_end, in the transaction */
    placed.present[ITEM_POSITION] = false;
    if (strcmp(meeting.values[MEETING_SHARING], "hub") != 0) /* no wider than its meeting */
        placed.values[ITEM_SHARING] = meeting.values[MEETING_SHARING];
    enum domain_status status = record_create_owned(ctx, &meeting_item_kind, &placed, owner_agency_id, out);
    return status == DOMAIN_OK ? record_finish(ctx, STORE_OK) : status;
}

/* Opens the transaction on an item of an open meeting the caller runs. */
static enum domain_status begin_item_change(struct domain_context *ctx, const char *id, const char *action,
                                            struct record *out)
{
    enum domain_status status = record_begin_write(ctx, &meeting_item_kind, id, action, out);
    if (status != DOMAIN_OK)
        return status;
    if (!meeting_item_subject_visible(ctx, out) || !may_run_meetings(ctx, action, out->values[ITEM_MEETING_ID]))
        status = DOMAIN_FORBIDDEN;
    else if (!meeting_is_open(ctx, out->values[ITEM_MEETING_ID]))
        status = DOMAIN_CONFLICT;
    if (status != DOMAIN_OK)
        record_finish(ctx, STORE_OK);
    return status;
}

/* The items of a meeting in agenda order: ids and positions. */
static enum store_status agenda_order(struct domain_context *ctx, const char *meeting_id, struct store_result *out)
{
    const struct store_value p[] = {store_text(meeting_id)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT id, position FROM meeting_items WHERE meeting_id = ? ORDER BY position, id", p, 1, out);
}

/* Gives ids[i] position i + 1, for the count items of a meeting. Each
 * item that moves first goes to its new position negated, then all of
 * them flip back at once, so that no two items ever share a position on
 * the way (UNIQUE (meeting_id, position) is checked row by row). */
static enum store_status renumber(struct domain_context *ctx, const char *meeting_id, const char *const *ids,
                                  const int64_t *positions, int count)
{
    enum store_status status = STORE_OK;
    int moved = 0;
    for (int i = 0; status == STORE_OK && i < count; i++) {
        if (positions[i] == i + 1)
            continue;
        const struct store_value p[] = {store_int(-(int64_t)(i + 1)), store_text(ids[i])};
        status = store_exec(ctx->conn, "UPDATE meeting_items SET position = ? WHERE id = ?", p, 2, NULL);
        moved++;
    }
    const struct store_value meeting[] = {store_text(meeting_id)};
    if (status == STORE_OK && moved > 0)
        status = store_exec(ctx->conn, "UPDATE meeting_items SET position = -position WHERE meeting_id = ? AND position < 0",
                            meeting, 1, NULL);
    return status;
}

/* The meeting's items in agenda order, as ids and positions, leaving out
 * the item skip_id (NULL: none), with room for one more; the count in
 * *count. */
static enum store_status read_order(struct domain_context *ctx, const char *meeting_id, const char *skip_id,
                                    const char ***ids, int64_t **positions, int *count)
{
    struct store_result r;
    enum store_status status = agenda_order(ctx, meeting_id, &r);
    if (status != STORE_OK)
        return status;
    *ids = arena_alloc(ctx->arena, sizeof **ids * (size_t)(r.rows + 1));
    *positions = arena_alloc(ctx->arena, sizeof **positions * (size_t)(r.rows + 1));
    *count = 0;
    for (int i = 0; i < r.rows; i++)
        if (skip_id == NULL || strcmp(store_cell_text(&r, i, "id"), skip_id) != 0) {
            (*ids)[*count] = store_cell_text(&r, i, "id");
            (*positions)[(*count)++] = store_cell_int(&r, i, "position");
        }
    return STORE_OK;
}

/* Moves item to place target (1 is first; past the end is last) on its
 * meeting's agenda, the others closing up behind it, and numbers the
 * agenda 1, 2, 3, ... again. */
static enum store_status move_item(struct domain_context *ctx, struct record *item, int target)
{
    const char *meeting_id = item->values[ITEM_MEETING_ID];
    const char **ids;
    int64_t *positions;
    int count = 0;
    enum store_status status = read_order(ctx, meeting_id, item->id, &ids, &positions, &count);
    if (status != STORE_OK)
        return status;
    int at = target < 1 ? 0 : target > count + 1 ? count : target - 1;
    memmove(&ids[at + 1], &ids[at], sizeof *ids * (size_t)(count - at));
    memmove(&positions[at + 1], &positions[at], sizeof *positions * (size_t)(count - at));
    ids[at] = item->id;
    positions[at] = atoll(item->values[ITEM_POSITION]);
    item->values[ITEM_POSITION] = arena_int_text(ctx->arena, at + 1);
    return renumber(ctx, meeting_id, ids, positions, count + 1);
}

/* Numbers a meeting's agenda 1, 2, 3, ... again (after an item is taken off). */
static enum store_status close_up(struct domain_context *ctx, const char *meeting_id)
{
    const char **ids;
    int64_t *positions;
    int count = 0;
    enum store_status status = read_order(ctx, meeting_id, NULL, &ids, &positions, &count);
    return status == STORE_OK ? renumber(ctx, meeting_id, ids, positions, count) : status;
}

/* The items of a meeting the caller may see, in agenda order, each with
 * its place among them as its position (a gap would count the items the
 * caller may not see); not audited. */
static enum store_status shown_items(struct domain_context *ctx, const char *meeting_id, struct record *out,
                                     int *count)
{
    *count = 0;
    struct record *items;
    int rows = 0;
    const struct store_value p[] = {store_text(meeting_id)};
    if (!record_visible(ctx, &meeting_kind, meeting_id))
        return STORE_OK;
    enum store_status status = record_select_readable(ctx, &meeting_item_kind, "r.meeting_id = ?", p, 1,
                                                      "ORDER BY r.position, r.id", MEETING_ITEMS_MAX, &items, &rows);
    for (int i = 0; status == STORE_OK && i < rows; i++) {
        if (!about_visible(ctx, &items[i]))
            continue;
        out[*count] = items[i];
        out[*count].values[ITEM_POSITION] = arena_int_text(ctx->arena, *count + 1);
        (*count)++;
    }
    return status;
}

/* The place on the whole agenda of the item the caller sees at place
 * shown_place (past the last they see: past the end). */
static int agenda_place_of(struct domain_context *ctx, const char *meeting_id, int shown_place)
{
    struct record *shown = arena_alloc(ctx->arena, sizeof *shown * MEETING_ITEMS_MAX);
    int count = 0;
    struct store_result order;
    if (shown_items(ctx, meeting_id, shown, &count) != STORE_OK || shown_place < 1 || shown_place > count ||
        agenda_order(ctx, meeting_id, &order) != STORE_OK)
        return shown_place < 1 ? 1 : MEETING_ITEMS_MAX + 1;
    for (int i = 0; i < order.rows; i++)
        if (strcmp(store_cell_text(&order, i, "id"), shown[shown_place - 1].id) == 0)
            return i + 1;
    return MEETING_ITEMS_MAX + 1;
}

enum domain_status meeting_item_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                       struct record *out)
{
    enum domain_status status = begin_item_change(ctx, id, "update", out);
    if (status != DOMAIN_OK)
        return status;
    struct record_input fields = *in; /* the position is not a plain field: the others move with it */
    fields.present[ITEM_POSITION] = false;
    status = record_update_fields(ctx, &meeting_item_kind, &fields, out);
    enum store_status saved = status == DOMAIN_OK ? STORE_OK : STORE_ERROR;
    if (saved == STORE_OK && in->present[ITEM_POSITION] && in->values[ITEM_POSITION] != NULL)
        saved = move_item(ctx, out, agenda_place_of(ctx, out->values[ITEM_MEETING_ID], atoi(in->values[ITEM_POSITION])));
    status = record_finish(ctx, saved);
    if (status == DOMAIN_OK)
        meeting_item_place(ctx, out);
    return status;
}

enum domain_status meeting_item_delete(struct domain_context *ctx, const char *id)
{
    struct record item;
    enum domain_status status = begin_item_change(ctx, id, "delete", &item);
    if (status != DOMAIN_OK)
        return status;
    const struct store_value p[] = {store_text(item.id)};
    enum store_status deleted = store_exec(ctx->conn, "UPDATE actions SET item_id = NULL WHERE item_id = ?", p, 1, NULL);
    if (deleted == STORE_OK)
        deleted = store_exec(ctx->conn, "DELETE FROM meeting_items WHERE id = ?", p, 1, NULL);
    if (deleted == STORE_OK)
        deleted = close_up(ctx, item.values[ITEM_MEETING_ID]);
    return record_finish(ctx, deleted);
}

enum domain_status meeting_items_of(struct domain_context *ctx, const char *meeting_id, struct record *out,
                                    int *count)
{
    if (shown_items(ctx, meeting_id, out, count) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    return record_audit_reads(ctx, &meeting_item_kind, out, *count);
}

void meeting_items_place(struct domain_context *ctx, struct record *const *items, int count)
{
    struct record *shown = arena_alloc(ctx->arena, sizeof *shown * MEETING_ITEMS_MAX);
    bool *placed = arena_alloc(ctx->arena, sizeof *placed * (size_t)(count + 1));
    for (int i = 0; i < count; i++) {
        const char *meeting_id = items[i]->values[ITEM_MEETING_ID];
        int shown_count = 0;
        if (placed[i] || shown_items(ctx, meeting_id, shown, &shown_count) != STORE_OK)
            continue;
        for (int j = i; j < count; j++) /* every item of this meeting, from one read of its agenda */
            for (int k = 0; !placed[j] && k < shown_count && strcmp(items[j]->values[ITEM_MEETING_ID], meeting_id) == 0; k++)
                if (strcmp(shown[k].id, items[j]->id) == 0) {
                    items[j]->values[ITEM_POSITION] = shown[k].values[ITEM_POSITION];
                    placed[j] = true;
                }
    }
}

void meeting_item_place(struct domain_context *ctx, struct record *item)
{
    meeting_items_place(ctx, &item, 1);
}
