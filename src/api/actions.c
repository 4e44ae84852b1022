/* Action handlers: give an action to an agency (and one of its people),
 * list "my actions", "my agency's actions" and those about a person,
 * context or meeting, and record how one ended. Each refusal names its
 * field; domain/action.c decides through the access policy and audits. */
#include "api/actions.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "auth/session.h"
#include "domain/action.h"
#include "domain/agency.h"
#include "domain/staff.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/clock.h"

#define DESCRIPTION_MAX 2000

static void set(struct record_input *in, int field, const char *value)
{
    in->present[field] = true;
    in->values[field] = value;
}

static json_t *action_json(struct request *req, const struct record *r)
{
    json_t *json = record_json(&action_kind, r);
    json_object_set_new(json, "overdue", json_boolean(action_is_overdue(r, clock_today_text(req->arena))));
    return json;
}

/* A due date: a calendar date, not before today. current: the action's
 * due date when it is being changed (NULL when it is being given): sent
 * back unchanged it is accepted even when it has passed, so that a form
 * showing every field can still change the assignee of an overdue action;
 * a due date is never cleared. */
static bool read_due_on(struct request *req, bool required, const char *current, const char **out)
{
    json_t *value = json_object_get(req->json, "due_on");
    if (!required && value != NULL && json_is_null(value))
        return input_refuse(req, "due_on", "cannot be cleared: give the new date it is due by");
    if (!(required ? input_required_date(req, "due_on", out) : input_optional_date(req, "due_on", out)))
        return false;
    bool unchanged = *out != NULL && current != NULL && strcmp(*out, current) == 0;
    if (*out != NULL && !unchanged && strcmp(*out, clock_today_text(req->arena)) < 0)
        return input_refuse(req, "due_on", "must not be in the past");
    return true;
}

/* The person of the owning agency the action is given to, if any. */
static bool read_assignee(struct request *req, struct domain_context *ctx, const char *agency_id, const char **out)
{
    *out = NULL;
    if (json_object_get(req->json, "assignee_user_id") == NULL ||
        json_is_null(json_object_get(req->json, "assignee_user_id")))
        return true;
    if (!input_record_id(req, "assignee_user_id", out))
        return false;
    struct user user;
    if (!user_find_by_id(ctx->conn, req->arena, *out, &user) || !user.active || !staff_may_do_actions(user.role) ||
        (agency_id != NULL && strcmp(user.agency_id, agency_id) != 0))
        return input_refuse(req, "assignee_user_id",
                            "must be an active practitioner or coordinator of the agency given the action");
    return true;
}

static bool read_optional_ids(struct request *req, struct record_input *in)
{
    static const char *const names[] = {"person_id", "context_id", "meeting_id", "item_id"};
    static const int fields[] = {ACTION_PERSON_ID, ACTION_CONTEXT_ID, ACTION_MEETING_ID, ACTION_ITEM_ID};
    for (int i = 0; i < 4; i++) {
        const char *id = NULL;
        json_t *value = json_object_get(req->json, names[i]);
        if (value != NULL && !json_is_null(value) && !input_record_id(req, names[i], &id))
            return false;
        if (id != NULL)
            set(in, fields[i], id);
    }
    return true;
}

static bool read_new(struct request *req, struct domain_context *ctx, struct record_input *in, const char **owner)
{
    const char *description, *due_on, *assignee, *sharing = "hub";
    if ((description = input_required_string(req, "description", DESCRIPTION_MAX)) == NULL ||
        !input_record_id(req, "owner_agency_id", owner))
        return false;
    if (!agency_exists(ctx->conn, req->arena, *owner))
        return input_refuse(req, "owner_agency_id", "is not a partner agency");
    if (!read_due_on(req, true, NULL, &due_on) || !read_assignee(req, ctx, *owner, &assignee) || !read_optional_ids(req, in) ||
        (json_object_get(req->json, "sharing") != NULL && !input_sharing(req, "sharing", &sharing)))
        return false;
    set(in, ACTION_DESCRIPTION, description);
    set(in, ACTION_DUE_ON, due_on);
    set(in, ACTION_STATUS, "open");
    set(in, ACTION_SHARING, sharing);
    if (assignee != NULL)
        set(in, ACTION_ASSIGNEE_USER_ID, assignee);
    return true;
}

void api_actions_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    const char *owner;
    if (!read_new(req, &ctx, &in, &owner))
        return;
    struct record r;
    enum domain_status status = action_create(&ctx, &in, owner, &r);
    if (status == DOMAIN_OK)
        respond_json(req, 201, action_json(req, &r));
    else if (status == DOMAIN_CONFLICT)
        respond_error(req, 409, "meeting_closed", "the meeting is closed: no action may be added to it", "meeting_id");
    else
        respond_domain_failure(req, status, "person, context or meeting");
}

void api_actions_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record r;
    enum domain_status status = action_read(&ctx, request_param(req, "id"), &r);
    if (status == DOMAIN_OK)
        respond_json(req, 200, action_json(req, &r));
    else
        respond_domain_failure(req, status, "action");
}

/* The changes to action current; "assignee_user_id": null takes the
 * action off the person it was given to (it stays with the agency). */
static bool read_changes(struct request *req, struct domain_context *ctx, const struct record *current,
                         struct record_input *in)
{
    const char *status = NULL, *notes = NULL, *description = NULL, *due_on = NULL, *assignee = NULL;
    const char *completed_on = NULL;
    if (!input_choice(req, "status", action_statuses, action_status_count, false, &status) ||
        !input_optional_past_date(req, "completed_on", &completed_on) ||
        !input_optional_string(req, "completion_notes", DESCRIPTION_MAX, &notes) ||
        !input_optional_string(req, "description", DESCRIPTION_MAX, &description) ||
        !read_due_on(req, false, current->values[ACTION_DUE_ON], &due_on) ||
        !read_assignee(req, ctx, current->owner_agency_id, &assignee))
        return false;
    if (json_is_null(json_object_get(req->json, "assignee_user_id")))
        set(in, ACTION_ASSIGNEE_USER_ID, NULL);
    if (status != NULL && strcmp(status, "open") != 0 && notes == NULL)
        return input_refuse(req, "completion_notes", "are required when an action is done or cancelled");
    if (completed_on != NULL &&
        (status == NULL || strcmp(status, "open") == 0 || strcmp(status, current->values[ACTION_STATUS]) == 0))
        return input_refuse(req, "completed_on", "is given only when the action becomes done or cancelled");
    if (json_object_get(req->json, "description") != NULL && description == NULL)
        return input_refuse(req, "description", "must not be empty");
    const char *values[] = {status, notes, description, due_on, assignee, completed_on};
    const int fields[] = {ACTION_STATUS, ACTION_COMPLETION_NOTES, ACTION_DESCRIPTION, ACTION_DUE_ON,
                          ACTION_ASSIGNEE_USER_ID, ACTION_COMPLETED_ON};
    for (int i = 0; i < 6; i++)
        if (values[i] != NULL)
            set(in, fields[i], values[i]);
    return true;
}

void api_actions_update(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record current, r;
    enum domain_status status = action_read(&ctx, request_param(req, "id"), &current);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "action");
        return;
    }
    struct record_input in = {0};
    if (!read_changes(req, &ctx, &current, &in))
        return;
    status = action_update(&ctx, current.id, &in, &r);
    if (status == DOMAIN_CONFLICT && in.present[ACTION_COMPLETED_ON])
        input_refuse(req, "completed_on", "must not be before the action was agreed");
    else if (status == DOMAIN_OK)
        respond_json(req, 200, action_json(req, &r));
    else
        respond_domain_failure(req, status, "action");
}

static bool is_status(const char *text)
{
    for (int i = 0; i < action_status_count; i++)
        if (strcmp(text, action_statuses[i]) == 0)
            return true;
    return false;
}

/* ?mine=true, ?agency=mine, ?person_id, ?context_id, ?meeting_id, ?status, ?overdue=true */
static bool read_filter(struct request *req, struct action_filter *f)
{
    const struct session *session = req->session;
    const char *mine = request_query(req, "mine"), *agency = request_query(req, "agency");
    const char *overdue = request_query(req, "overdue");
    if (mine != NULL && strcmp(mine, "true") != 0)
        return input_refuse(req, "mine", "may only be true");
    if (agency != NULL && strcmp(agency, "mine") != 0)
        return input_refuse(req, "agency", "may only be mine");
    if (overdue != NULL && strcmp(overdue, "true") != 0)
        return input_refuse(req, "overdue", "may only be true");
    f->assignee_user_id = mine ? session->user.id : NULL;
    f->owner_agency_id = agency ? session->user.agency_id : NULL;
    f->overdue_only = overdue != NULL;
    static const char *const ids[] = {"person_id", "context_id", "meeting_id"};
    const char **targets[] = {&f->person_id, &f->context_id, &f->meeting_id};
    for (int i = 0; i < 3; i++) {
        *targets[i] = request_query(req, ids[i]);
        if (*targets[i] != NULL && strlen(*targets[i]) != 32)
            return input_refuse(req, ids[i], "must be a record id");
    }
    f->status = request_query(req, "status");
    return f->status == NULL || is_status(f->status) || input_refuse(req, "status", "must be open, done or cancelled");
}

void api_actions_list(struct request *req)
{
    int limit;
    struct action_filter filter = {0};
    if (!input_limit(req, &limit) || !read_filter(req, &filter))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record *found = arena_alloc(req->arena, sizeof *found * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status =
        action_list(&ctx, &filter, request_query(req, "cursor"), limit, found, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "action");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, action_json(req, &found[i]));
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}
