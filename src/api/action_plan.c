/* Action plan handlers: read by those who may read the plan, added to by
 * those who may update it (both checked, and audited, in
 * domain/action_plan.c). A request's fields are all checked before
 * anything is done, and every invalid one is named in one answer:
 * {"error": <the first>, "errors": [<each>]}, each message starting with
 * the field's label as the page shows it. */
#include "api/action_plan.h"

#include <string.h>

#include "api/guard.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/action_plan.h"
#include "domain/agency.h"
#include "domain/board.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"

#define TITLE_MAX 200
#define TEXT_MAX 5000
#define DESCRIPTION_MAX 2000
#define NUMBER_MAX 99

/* ---- checking a request's fields, all at once ---------------------------- */

/* Each field's label (as the page shows it) and what to say when it is missing. */
static const struct field_text {
    const char *field, *label, *missing;
} field_texts[] = {
    {"number", "Number", "Enter the recommendation's number"},
    {"title", "Title", "Enter a short title for the recommendation"},
    {"text", "Text", "Enter the full text of the recommendation"},
    {"owner_agency_id", "Owner agency", "Choose the agency that owns the action"},
    {"owner_board_id", "Owner board", "Choose the board that owns the recommendation"},
    {"board_id", "Monitoring board", "Choose the board that monitors the recommendation"},
    {"description", "Description", "Enter a description of the action"},
    {"due_on", "Due date", "Enter the date the action is due"},
    {"status", "Status", "Choose the status of the action"},
    {"written_on", "Date of the update", "Enter the date the update was written"},
    {"progress", "Progress", "Enter the progress made"},
    {"evidence", "Evidence", "Enter the evidence, or leave it out"},
    {"rag", "RAG status", "Choose red, amber or green"},
};

static const struct field_text *text_of(const char *field)
{
    for (size_t i = 0; i < sizeof field_texts / sizeof field_texts[0]; i++) {
        if (strcmp(field_texts[i].field, field) == 0)
            return &field_texts[i];
    }
    return &field_texts[0]; /* every field checked here is in the table */
}

#define FIELD_ERRORS_MAX 16

/* The invalid fields of one request, in the order they were checked. */
struct field_errors {
    struct request *req;
    int count;
    json_t *list; /* owned by the request's arena */
};

static struct field_errors errors_for(struct request *req)
{
    return (struct field_errors){req, 0, request_own_json(req, json_array())};
}

/* Notes that field is invalid, saying text. */
static void refuse_saying(struct field_errors *e, const char *code, const char *field, const char *text)
{
    if (e->count >= FIELD_ERRORS_MAX)
        return;
    json_array_append_new(e->list, json_pack("{s:s,s:s,s:s}", "code", code, "message", text, "field", field));
    e->count++;
}

/* Notes that field is invalid: message is said after the field's label
 * (NULL, for a missing field: what to enter). */
static void refuse(struct field_errors *e, const char *code, const char *field, const char *message)
{
    refuse_saying(e, code, field,
                  message == NULL ? text_of(field)->missing
                                  : arena_printf(e->req->arena, "%s %s", text_of(field)->label, message));
}

/* Answers 400 with every invalid field when there is one; true when there is none. */
static bool all_valid(struct field_errors *e)
{
    if (e->count == 0)
        return true;
    json_t *first = json_array_get(e->list, 0);
    respond_json(e->req, 400, json_pack("{s:O,s:O}", "error", first, "errors", e->list));
    return false;
}

/* Characters of UTF-8 text (jansson has checked it is UTF-8). */
static size_t characters(const char *text)
{
    size_t n = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        n += (*c & 0xC0) != 0x80;
    return n;
}

/* The field's value when it is present and not null, else NULL. */
static json_t *given(struct field_errors *e, const char *field)
{
    json_t *value = json_object_get(e->req->json, field);
    return value == NULL || json_is_null(value) ? NULL : value;
}

/* A text field of at most max characters; NULL when absent (noted if required) or invalid (noted). */
static const char *text_field(struct field_errors *e, const char *field, size_t max, bool required)
{
    json_t *value = given(e, field);
    if (value == NULL) {
        if (required)
            refuse(e, "missing_field", field, NULL);
        return NULL;
    }
    if (!json_is_string(value)) {
        refuse(e, "invalid_field", field, "must be text");
        return NULL;
    }
    const char *text = json_string_value(value);
    if (memchr(text, '\0', json_string_length(value)) != NULL) {
        refuse(e, "invalid_field", field, "must not hold a NUL character");
        return NULL;
    }
    if (text[strspn(text, " \t\r\n")] == '\0') { /* blank: as if left out */
        if (required)
            refuse(e, "missing_field", field, NULL);
        return NULL;
    }
    if (characters(text) > max) {
        refuse(e, "invalid_field", field, arena_printf(e->req->arena, "must be %zu characters or fewer", max));
        return NULL;
    }
    return text;
}

/* True when text is a real calendar date written YYYY-MM-DD. */
static bool is_date(struct arena *arena, const char *text)
{
    static const char shape[] = "dddd-dd-dd";
    if (strlen(text) != sizeof shape - 1)
        return false;
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        bool digit = text[i] >= '0' && text[i] <= '9';
        if (shape[i] == 'd' ? !digit : text[i] != '-')
            return false;
    }
    const char *same = clock_date_shift(arena, text, 0); /* a date that does not exist comes back moved */
    return same != NULL && strcmp(same, text) == 0 && strncmp(text, "1900", 4) > 0;
}

/* A date field; past_only refuses a date after today. */
static const char *date_field(struct field_errors *e, const char *field, bool required, bool past_only)
{
    json_t *value = given(e, field);
    if (value == NULL) {
        if (required)
            refuse(e, "missing_field", field, NULL);
        return NULL;
    }
    const char *text = json_is_string(value) ? json_string_value(value) : "";
    if (!is_date(e->req->arena, text)) {
        refuse(e, "invalid_field", field, "must be a real date written YYYY-MM-DD, for example 2027-03-31");
        return NULL;
    }
    if (past_only && strcmp(text, clock_today_text(e->req->arena)) > 0) {
        refuse(e, "invalid_field", field, "must be today or in the past");
        return NULL;
    }
    return text;
}

/* A field that must be one of count values. */
static const char *choice_field(struct field_errors *e, const char *field, const char *const values[], int count,
                                bool required)
{
    json_t *value = given(e, field);
    if (value == NULL) {
        if (required)
            refuse(e, "missing_field", field, NULL);
        return NULL;
    }
    for (int i = 0; json_is_string(value) && i < count; i++) {
        if (strcmp(json_string_value(value), values[i]) == 0)
            return values[i];
    }
    char *allowed = arena_strdup(e->req->arena, "");
    for (int i = 0; i < count; i++)
        allowed = arena_printf(e->req->arena, "%s%s%s", allowed, i == 0 ? "" : i == count - 1 ? " or " : ", ",
                               values[i]);
    refuse(e, "invalid_field", field, arena_printf(e->req->arena, "must be %s", allowed));
    return NULL;
}

/* The id of an agency (board: a partnership board) of the partnership. */
static const char *reference_field(struct field_errors *e, struct domain_context *ctx, const char *field, bool board,
                                   bool required)
{
    json_t *value = given(e, field);
    if (value == NULL) {
        if (required)
            refuse(e, "missing_field", field, NULL);
        return NULL;
    }
    const char *id = json_is_string(value) ? json_string_value(value) : "";
    bool known = id_is_valid(id) && (board ? board_exists(ctx, id) : agency_exists(ctx->conn, ctx->arena, id));
    if (!known) {
        refuse(e, "invalid_field", field, board ? "must be one of the partnership's boards"
                                                : "must be one of the partnership's agencies");
        return NULL;
    }
    return id;
}

/* The recommendation's number: a whole number from 1 to NUMBER_MAX. */
static int number_field(struct field_errors *e)
{
    json_t *value = given(e, "number");
    if (value == NULL) {
        refuse(e, "missing_field", "number", NULL);
        return 0;
    }
    if (!json_is_integer(value) || json_integer_value(value) < 1 || json_integer_value(value) > NUMBER_MAX) {
        refuse(e, "invalid_field", "number", arena_printf(e->req->arena, "must be a whole number from 1 to %d", NUMBER_MAX));
        return 0;
    }
    return (int)json_integer_value(value);
}

/* ---- rendering ------------------------------------------------------------ */

/* The actions of result as JSON, each with its overdue and update_late flags. */
static json_t *actions_json(struct request *req, const struct store_result *actions)
{
    const char *today = clock_today_text(req->arena);
    json_t *list = render_rows(actions);
    for (int i = 0; i < actions->rows; i++) {
        struct plan_flags flags = plan_action_flags(req->arena, actions, i, today);
        json_t *action = json_array_get(list, (size_t)i);
        json_object_set_new(action, "overdue", json_boolean(flags.overdue));
        json_object_set_new(action, "update_late", json_boolean(flags.update_late));
    }
    return list;
}

/* The items of list whose key is value (new references). */
static json_t *those_with(json_t *list, const char *key, const char *value)
{
    json_t *found = json_array();
    size_t i;
    json_t *item;
    json_array_foreach (list, i, item) {
        if (strcmp(json_string_value(json_object_get(item, key)), value) == 0)
            json_array_append(found, item);
    }
    return found;
}

/* Adds "owner" ({kind, id, name}) to each recommendation of list. */
static void add_owners(json_t *list)
{
    size_t i;
    json_t *r;
    json_array_foreach (list, i, r) {
        json_t *agency = json_object_get(r, "owner_agency_id");
        bool by_agency = json_is_string(agency);
        json_object_set_new(r, "owner",
                            json_pack("{s:s,s:O,s:O}", "kind", by_agency ? "agency" : "board", "id",
                                      by_agency ? agency : json_object_get(r, "owner_board_id"), "name",
                                      json_object_get(r, "owner_name")));
    }
}

/* {"actions", "red", "amber", "green", "no_update", "done", "overdue", "update_late"} over actions. */
static json_t *summary_json(json_t *actions)
{
    json_int_t red = 0, amber = 0, green = 0, none = 0, done = 0, overdue = 0, late = 0;
    size_t i;
    json_t *a;
    json_array_foreach (actions, i, a) {
        const char *rag = json_string_value(json_object_get(a, "rag"));
        red += rag != NULL && strcmp(rag, "red") == 0;
        amber += rag != NULL && strcmp(rag, "amber") == 0;
        green += rag != NULL && strcmp(rag, "green") == 0;
        none += rag == NULL;
        done += strcmp(json_string_value(json_object_get(a, "status")), "done") == 0;
        overdue += json_is_true(json_object_get(a, "overdue"));
        late += json_is_true(json_object_get(a, "update_late"));
    }
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "actions", (json_int_t)json_array_size(actions), "red", red,
                     "amber", amber, "green", green, "no_update", none, "done", done, "overdue", overdue,
                     "update_late", late);
}

/* One action with its history (newest first). */
static json_t *action_detail_json(struct request *req, const struct plan_action_detail *d)
{
    json_t *actions = actions_json(req, &d->action);
    json_t *action = json_incref(json_array_get(actions, 0));
    json_decref(actions);
    json_object_set_new(action, "updates", render_rows(&d->updates));
    return action;
}

/* One recommendation with its actions, each with its history. */
static json_t *recommendation_detail_json(struct request *req, const struct plan_recommendation_detail *d)
{
    json_t *list = render_rows(&d->recommendation);
    add_owners(list);
    json_t *r = json_incref(json_array_get(list, 0));
    json_decref(list);
    json_t *actions = actions_json(req, &d->actions);
    json_t *updates = render_rows(&d->updates);
    size_t i;
    json_t *a;
    json_array_foreach (actions, i, a)
        json_object_set_new(a, "updates", those_with(updates, "action_id", json_string_value(json_object_get(a, "id"))));
    json_decref(updates);
    json_object_set_new(r, "actions", actions);
    return r;
}

/* ---- handlers ------------------------------------------------------------- */

json_t *action_plan_json(struct request *req, const struct action_plan *plan, const char *board_id)
{
    json_t *all = render_rows(&plan->recommendations);
    json_t *recommendations = board_id == NULL ? json_incref(all) : those_with(all, "board_id", board_id);
    json_decref(all);
    add_owners(recommendations);
    json_t *actions = actions_json(req, &plan->actions), *shown = json_array();
    size_t i;
    json_t *r;
    json_array_foreach (recommendations, i, r) {
        json_t *theirs = those_with(actions, "recommendation_id", json_string_value(json_object_get(r, "id")));
        json_array_extend(shown, theirs);
        json_object_set_new(r, "actions", theirs);
    }
    json_decref(actions);
    json_t *answer = json_pack("{s:o,s:o}", "summary", summary_json(shown), "recommendations", recommendations);
    json_decref(shown);
    return answer;
}

void api_action_plan_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct action_plan plan;
    enum domain_status status = action_plan_read(&ctx, &plan);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "action plan");
        return;
    }
    json_t *answer = action_plan_json(req, &plan, NULL);
    json_t *limits = json_pack("{s:i,s:i,s:i}", "recommendations", PLAN_RECOMMENDATIONS_MAX,
                               "actions_per_recommendation", PLAN_ACTIONS_MAX, "updates_per_action", PLAN_UPDATES_MAX);
    json_object_set_new(answer, "today", json_string(clock_today_text(req->arena)));
    json_object_set_new(answer, "late_after_days", json_integer(PLAN_LATE_AFTER_DAYS));
    json_object_set_new(answer, "limits", limits);
    respond_json(req, 200, answer);
}

void api_plan_recommendations_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct plan_recommendation_detail detail;
    enum domain_status status = plan_recommendation_read(&ctx, request_param(req, "id"), &detail);
    if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "recommendation");
    else
        respond_json(req, 200, recommendation_detail_json(req, &detail));
}

void api_plan_recommendations_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct field_errors e = errors_for(req);
    struct plan_recommendation_input in = {0};
    in.number = number_field(&e);
    in.title = text_field(&e, "title", TITLE_MAX, true);
    in.text = text_field(&e, "text", TEXT_MAX, true);
    bool by_agency = given(&e, "owner_agency_id") != NULL, by_board = given(&e, "owner_board_id") != NULL;
    if (by_agency && by_board)
        refuse(&e, "invalid_field", "owner_board_id", "must be left out when an owner agency is given");
    else if (!by_agency && !by_board)
        refuse_saying(&e, "missing_field", "owner_agency_id", "Choose the agency or board that owns the recommendation");
    in.owner_agency_id = reference_field(&e, &ctx, "owner_agency_id", false, false);
    in.owner_board_id = by_agency ? NULL : reference_field(&e, &ctx, "owner_board_id", true, false);
    in.board_id = reference_field(&e, &ctx, "board_id", true, true);
    if (!all_valid(&e))
        return;
    struct plan_recommendation_detail detail;
    enum domain_status status = plan_recommendation_create(&ctx, &in, &detail);
    if (status == DOMAIN_CONFLICT)
        respond_error(req, 409, "conflict",
                      arena_printf(req->arena, "Number %d is already a recommendation of the plan", in.number), "number");
    else if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "recommendation");
    else
        respond_json(req, 201, recommendation_detail_json(req, &detail));
}

/* Reads an action's fields; creating, every one but status is required. */
static bool read_action(struct request *req, struct domain_context *ctx, bool creating, struct plan_action_input *in)
{
    struct field_errors e = errors_for(req);
    in->description = text_field(&e, "description", DESCRIPTION_MAX, creating || json_object_get(req->json, "description"));
    in->owner_agency_id =
        reference_field(&e, ctx, "owner_agency_id", false, creating || json_object_get(req->json, "owner_agency_id"));
    in->due_on = date_field(&e, "due_on", creating || json_object_get(req->json, "due_on"), false);
    in->status = choice_field(&e, "status", plan_action_statuses, plan_action_status_count,
                              json_object_get(req->json, "status") != NULL);
    if (!creating && e.count == 0 && !in->description && !in->owner_agency_id && !in->due_on && !in->status) {
        respond_error(req, 400, "missing_field",
                      "Change at least one of the description, owner agency, due date or status", NULL);
        return false;
    }
    return all_valid(&e);
}

/* Answers a change of an action: the action with its history, or why not
 * (parent names what was not found, what what could not be added). */
static void respond_action(struct request *req, enum domain_status status, unsigned success,
                           const struct plan_action_detail *detail, const char *parent, const char *what)
{
    if (status == DOMAIN_NOT_FOUND)
        respond_domain_failure(req, status, parent);
    else if (status == DOMAIN_FULL)
        respond_error(req, 409, "limit_reached",
                      arena_printf(req->arena, "no more %s may be added here (the plan's limits keep every answer whole)", what),
                      NULL);
    else if (status != DOMAIN_OK)
        respond_domain_failure(req, status, parent);
    else
        respond_json(req, success, action_detail_json(req, detail));
}

void api_plan_actions_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct plan_action_input in;
    if (!read_action(req, &ctx, true, &in))
        return;
    struct plan_action_detail detail;
    respond_action(req, plan_action_create(&ctx, request_param(req, "id"), &in, &detail), 201, &detail,
                   "recommendation", "actions");
}

void api_plan_actions_update(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct plan_action_input in;
    if (!read_action(req, &ctx, false, &in))
        return;
    struct plan_action_detail detail;
    respond_action(req, plan_action_update(&ctx, request_param(req, "id"), &in, &detail), 200, &detail, "action",
                   "actions");
}

void api_plan_updates_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct field_errors e = errors_for(req);
    struct plan_update_input in;
    in.written_on = date_field(&e, "written_on", true, true);
    in.rag = choice_field(&e, "rag", plan_ratings, plan_rating_count, true);
    in.progress = text_field(&e, "progress", TEXT_MAX, true);
    in.evidence = text_field(&e, "evidence", TEXT_MAX, false);
    if (!all_valid(&e))
        return;
    struct plan_action_detail detail;
    respond_action(req, plan_update_create(&ctx, request_param(req, "id"), &in, &detail), 201, &detail, "action",
                   "progress updates");
}
