/* MACE meeting handlers: meetings (date, title, chair, agencies invited,
 * attendance), their agenda items (built from the evidence or added by
 * hand; discussion and decisions), and closing a meeting. Each field is
 * checked and a refusal names it; domain/meeting.c decides through the
 * access policy and audits. */
#include "api/meetings.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/agency.h"
#include "domain/agenda.h"
#include "domain/meeting.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

#define TITLE_MAX 200
#define TEXT_MAX 5000

static void respond_meeting_failure(struct request *req, enum domain_status status, const char *what)
{
    if (status == DOMAIN_CONFLICT)
        respond_error(req, 409, "meeting_closed", "the meeting is closed: nothing in it may change", NULL);
    else if (status == DOMAIN_FULL)
        respond_error(req, 409, "agenda_full",
                      arena_printf(req->arena, "the agenda has %d items, the most a meeting may have: remove one first",
                                   MEETING_ITEMS_MAX),
                      NULL);
    else
        respond_domain_failure(req, status, what);
}

/* ---- reading the body -------------------------------------------------- */

static bool read_agencies(struct request *req, struct domain_context *ctx, struct meeting_lists *lists)
{
    json_t *list = json_object_get(req->json, "invited_agency_ids");
    if (list == NULL)
        return true;
    if (!json_is_array(list) || json_array_size(list) > MEETING_AGENCIES_MAX)
        return input_refuse(req, "invited_agency_ids", "must be a list of at most 30 agency ids");
    size_t i;
    json_t *value;
    json_array_foreach(list, i, value)
    {
        const char *id = json_string_value(value);
        if (id == NULL || !agency_exists(ctx->conn, req->arena, id))
            return input_refuse(req, "invited_agency_ids", "names an agency that is not a partner agency");
        lists->invited[lists->invited_count++] = id;
    }
    lists->invited_present = true;
    return true;
}

static bool read_attendee(struct request *req, struct domain_context *ctx, json_t *value, struct meeting_attendee *out)
{
    static const char *const attended[] = {"present", "apologies"};
    const char *agency = json_string_value(json_object_get(value, "agency_id"));
    const char *name = json_string_value(json_object_get(value, "name"));
    const char *how = json_string_value(json_object_get(value, "attended"));
    if (agency == NULL || !agency_exists(ctx->conn, req->arena, agency))
        return input_refuse(req, "attendance", "entries need the agency_id of a partner agency");
    if (name == NULL || *name == '\0' || strlen(name) > TITLE_MAX)
        return input_refuse(req, "attendance", "entries need a name of at most 200 bytes");
    if (how == NULL || (strcmp(how, attended[0]) != 0 && strcmp(how, attended[1]) != 0))
        return input_refuse(req, "attendance", "entries say whether the person was present or sent apologies");
    *out = (struct meeting_attendee){agency, name, how};
    return true;
}

static bool read_attendance(struct request *req, struct domain_context *ctx, struct meeting_lists *lists)
{
    json_t *list = json_object_get(req->json, "attendance");
    if (list == NULL)
        return true;
    if (!json_is_array(list) || json_array_size(list) > MEETING_ATTENDEES_MAX)
        return input_refuse(req, "attendance", "must be a list of at most 60 entries");
    size_t i;
    json_t *value;
    json_array_foreach(list, i, value)
    {
        if (!json_is_object(value) || !read_attendee(req, ctx, value, &lists->attendance[lists->attendance_count++]))
            return json_is_object(value) ? false : input_refuse(req, "attendance", "entries must be objects");
        const struct meeting_attendee *added = &lists->attendance[lists->attendance_count - 1];
        for (int k = 0; k + 1 < lists->attendance_count; k++)
            if (strcmp(lists->attendance[k].agency_id, added->agency_id) == 0 &&
                strcmp(lists->attendance[k].name, added->name) == 0)
                return input_refuse(req, "attendance", "names the same person of the same agency twice");
    }
    lists->attendance_present = true;
    return true;
}

static bool read_chair(struct request *req, struct domain_context *ctx, struct record_input *in)
{
    const char *chair;
    if (!input_optional_string(req, "chair_user_id", 64, &chair))
        return false;
    if (json_object_get(req->json, "chair_user_id") == NULL)
        return true;
    struct user user;
    if (chair != NULL && (!user_find_by_id(ctx->conn, req->arena, chair, &user) || !user.active))
        return input_refuse(req, "chair_user_id", "is not an active user of cshub");
    /* The panel is coordinators and practitioners; an administrator or an analyst does not chair it. */
    if (chair != NULL && strcmp(user.role, "coordinator") != 0 && strcmp(user.role, "practitioner") != 0)
        return input_refuse(req, "chair_user_id", "must be a coordinator or a practitioner");
    in->present[MEETING_CHAIR_USER_ID] = true;
    in->values[MEETING_CHAIR_USER_ID] = chair;
    return true;
}

static void set(struct record_input *in, int field, const char *value)
{
    in->present[field] = value != NULL;
    in->values[field] = value;
}

/* The meeting's fields and lists; on create the date and title are required. */
static bool read_meeting(struct request *req, struct domain_context *ctx, bool creating, struct record_input *in,
                         struct meeting_lists *lists)
{
    const char *held_on = NULL, *title = NULL, *sharing = NULL;
    if (json_object_get(req->json, "status") != NULL)
        return input_refuse(req, "status", "is not changed here: close a meeting with POST /api/v1/meetings/{id}/close");
    if (creating || json_object_get(req->json, "held_on") != NULL) {
        if (!input_required_date(req, "held_on", &held_on))
            return false;
    }
    if (creating || json_object_get(req->json, "title") != NULL) {
        if ((title = input_required_string(req, "title", TITLE_MAX)) == NULL)
            return false;
    }
    if (json_object_get(req->json, "sharing") != NULL && !input_sharing(req, "sharing", &sharing))
        return false;
    set(in, MEETING_HELD_ON, held_on);
    set(in, MEETING_TITLE, title);
    set(in, MEETING_SHARING, sharing ? sharing : creating ? "hub" : NULL);
    return read_chair(req, ctx, in) && read_agencies(req, ctx, lists) && read_attendance(req, ctx, lists);
}

/* ---- rendering ----------------------------------------------------------- */

static json_t *meeting_json(const struct meeting *m)
{
    json_t *json = record_json(&meeting_kind, &m->record), *invited = json_array(), *attendance = json_array();
    for (int i = 0; i < m->invited_count; i++)
        json_array_append_new(invited, json_string(m->invited[i]));
    for (int i = 0; i < m->attendance_count; i++)
        json_array_append_new(attendance, json_pack("{s:s,s:s,s:s}", "agency_id", m->attendance[i].agency_id, "name",
                                                    m->attendance[i].name, "attended", m->attendance[i].attended));
    json_object_set_new(json, "invited_agency_ids", invited);
    json_object_set_new(json, "attendance", attendance);
    return json;
}

/* ---- meetings ------------------------------------------------------------ */

void api_meetings_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record *found = arena_alloc(req->arena, sizeof *found * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status = meeting_list(&ctx, request_query(req, "cursor"), limit, found, &count, &next);
    if (status == DOMAIN_OK)
        respond_json(req, 200, record_page_json(&meeting_kind, found, count, next));
    else
        respond_domain_failure(req, status, "meeting");
}

void api_meetings_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    struct meeting_lists lists = {0};
    if (!read_meeting(req, &ctx, true, &in, &lists))
        return;
    struct meeting m;
    enum domain_status status = meeting_create(&ctx, &in, &lists, &m);
    if (status == DOMAIN_OK)
        respond_json(req, 201, meeting_json(&m));
    else
        respond_meeting_failure(req, status, "meeting");
}

void api_meetings_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct meeting m;
    struct record *items = arena_alloc(req->arena, sizeof *items * MEETING_ITEMS_MAX);
    int count = 0;
    enum domain_status status = meeting_read(&ctx, request_param(req, "id"), &m);
    if (status == DOMAIN_OK)
        status = meeting_items_of(&ctx, m.record.id, items, &count);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "meeting");
        return;
    }
    json_t *json = meeting_json(&m), *list = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(list, record_json(&meeting_item_kind, &items[i]));
    json_object_set_new(json, "items", list);
    respond_json(req, 200, json);
}

void api_meetings_update(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    struct meeting_lists lists = {0};
    if (!read_meeting(req, &ctx, false, &in, &lists))
        return;
    struct meeting m;
    enum domain_status status = meeting_update(&ctx, request_param(req, "id"), &in, &lists, &m);
    if (status == DOMAIN_OK)
        respond_json(req, 200, meeting_json(&m));
    else
        respond_meeting_failure(req, status, "meeting");
}

void api_meetings_close(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct meeting m;
    enum domain_status status = meeting_close(&ctx, request_param(req, "id"), &m);
    if (status == DOMAIN_OK)
        respond_json(req, 200, meeting_json(&m));
    else
        respond_meeting_failure(req, status, "meeting");
}

void api_meetings_build_agenda(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    int added = 0;
    enum domain_status status = agenda_build(&ctx, request_param(req, "id"), &added);
    if (status == DOMAIN_OK)
        respond_json(req, 200, json_pack("{s:i}", "items_added", added));
    else
        respond_meeting_failure(req, status, "meeting");
}

/* ---- items ---------------------------------------------------------------- */

static bool read_item_subject(struct request *req, struct record_input *in)
{
    const char *kind, *person = NULL, *context = NULL, *action = NULL;
    if (!input_choice(req, "kind", meeting_item_kinds, meeting_item_kind_count, true, &kind))
        return false;
    static const char *const fields[] = {"person_id", "context_id", "action_id"};
    const char **values[] = {&person, &context, &action};
    for (int i = 0; i < 3; i++)
        if (json_object_get(req->json, fields[i]) != NULL && !input_record_id(req, fields[i], values[i]))
            return false;
    bool about_person = strcmp(kind, "young_person") == 0 || strcmp(kind, "adult_of_concern") == 0;
    bool about_context = strcmp(kind, "context") == 0 || strcmp(kind, "hotspot") == 0;
    if (about_person && person == NULL)
        return input_refuse(req, "person_id", "is required for an item about a person");
    if (about_context && context == NULL)
        return input_refuse(req, "context_id", "is required for an item about a context");
    if (strcmp(kind, "overdue_action") == 0 && action == NULL)
        return input_refuse(req, "action_id", "is required for an item about an overdue action");
    set(in, ITEM_KIND, kind);
    set(in, ITEM_PERSON_ID, person);
    set(in, ITEM_CONTEXT_ID, context);
    set(in, ITEM_ACTION_ID, action);
    return true;
}

void api_meeting_items_create(struct request *req)
{
    struct record_input in = {0};
    const char *reason, *sharing = NULL;
    if (!read_item_subject(req, &in) || (reason = input_required_string(req, "reason", TEXT_MAX)) == NULL ||
        (json_object_get(req->json, "sharing") != NULL && !input_sharing(req, "sharing", &sharing)))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    set(&in, ITEM_MEETING_ID, request_param(req, "id"));
    set(&in, ITEM_REASON, reason);
    set(&in, ITEM_SHARING, sharing ? sharing : "hub");
    struct record item;
    enum domain_status status = meeting_item_create(&ctx, &in, &item);
    if (status == DOMAIN_OK)
        respond_json(req, 201, record_json(&meeting_item_kind, &item));
    else
        respond_meeting_failure(req, status, "meeting, person or context");
}

/* "position": the place to move the item to among the items the caller
 * sees, 1 for the first; past the last it goes last. */
static bool read_position(struct request *req, struct record_input *in)
{
    json_t *value = json_object_get(req->json, "position");
    if (value == NULL)
        return true;
    if (!json_is_integer(value) || json_integer_value(value) < 1 || json_integer_value(value) > MEETING_ITEMS_MAX)
        return input_refuse(req, "position", "must be a whole number from 1 to 200");
    set(in, ITEM_POSITION, arena_printf(req->arena, "%lld", (long long)json_integer_value(value)));
    return true;
}

void api_meeting_items_update(struct request *req)
{
    struct record_input in = {0};
    if (!read_position(req, &in))
        return;
    static const char *const fields[] = {"discussion", "decisions"};
    static const int columns[] = {ITEM_DISCUSSION, ITEM_DECISIONS};
    for (int i = 0; i < 2; i++) {
        const char *value;
        if (!input_optional_string(req, fields[i], TEXT_MAX, &value))
            return;
        in.present[columns[i]] = json_object_get(req->json, fields[i]) != NULL;
        in.values[columns[i]] = value;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record item;
    enum domain_status status = meeting_item_update(&ctx, request_param(req, "id"), &in, &item);
    if (status == DOMAIN_OK)
        respond_json(req, 200, record_json(&meeting_item_kind, &item));
    else
        respond_meeting_failure(req, status, "agenda item");
}

void api_meeting_items_delete(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    enum domain_status status = meeting_item_delete(&ctx, request_param(req, "id"));
    if (status == DOMAIN_OK)
        respond_no_content(req);
    else
        respond_meeting_failure(req, status, "agenda item");
}
