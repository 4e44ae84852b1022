/* Disruption handlers. Every field is checked first (a 400 naming it),
 * then the target is read (audited; 404 if the caller may not see it) and
 * must be an adult of concern or a context: a young person is never the
 * target of disruption. */
#include "api/disruptions.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/agency.h"
#include "domain/context.h"
#include "domain/disruption.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

#define DESCRIPTION_MAX 200
#define RESULT_MAX 2000
#define NOTES_MAX 5000

json_t *disruption_json(struct domain_context *ctx, const struct record *r)
{
    (void)ctx;
    json_t *json = record_json(&disruption_kind, r);
    const char *label = disruption_tactic_label(r->values[DISRUPTION_TACTIC]);
    json_object_set_new(json, "tactic_label", label ? json_string(label) : json_null());
    json_object_set_new(json, "target_type",
                        json_string(r->values[DISRUPTION_CONTEXT_ID] != NULL ? "context" : "person"));
    return json;
}

static bool missing(struct request *req, const char *field, const char *message)
{
    respond_error(req, 400, "missing_field", message, field);
    return false;
}

/* Exactly one of person_id and context_id, each a record id. */
static bool read_target(struct request *req, const char **person_id, const char **context_id)
{
    *person_id = *context_id = NULL;
    bool has_person = json_object_get(req->json, "person_id") && !json_is_null(json_object_get(req->json, "person_id"));
    bool has_context =
        json_object_get(req->json, "context_id") && !json_is_null(json_object_get(req->json, "context_id"));
    if (!has_person && !has_context)
        return missing(req, "person_id", "person_id (an adult of concern) or context_id is required");
    if (has_person && has_context)
        return input_refuse(req, "context_id", "must not be given with person_id: a disruption has one target");
    return has_person ? input_record_id(req, "person_id", person_id) : input_record_id(req, "context_id", context_id);
}

static bool read_tactic(struct request *req, const char **tactic, const char **description)
{
    const char *codes[16];
    for (int i = 0; i < disruption_tactic_count && i < 16; i++)
        codes[i] = disruption_tactics[i].code;
    if (!input_choice(req, "tactic", codes, disruption_tactic_count, true, tactic) ||
        !input_optional_string(req, "tactic_description", DESCRIPTION_MAX, description))
        return false;
    bool other = strcmp(*tactic, "other") == 0;
    if (other && *description == NULL)
        return missing(req, "tactic_description", "tactic_description is required when the tactic is other");
    if (!other && *description != NULL)
        return input_refuse(req, "tactic_description", "is only given when the tactic is other");
    return true;
}

static bool read_agency(struct request *req, struct domain_context *ctx, const char **out)
{
    if (!input_record_id(req, "agency_id", out))
        return false;
    return agency_exists(ctx->conn, req->arena, *out) || input_refuse(req, "agency_id", "is not a partner agency");
}

static bool outcome_in_order(struct request *req, const char *occurred_on, const char *outcome_on)
{
    return outcome_on == NULL || strcmp(outcome_on, occurred_on) >= 0 ||
           input_refuse(req, "outcome_on", "must not be before occurred_on");
}

static bool read_new(struct request *req, struct domain_context *ctx, struct record_input *in)
{
    const char *person, *context, *tactic, *description, *agency, *occurred_on, *result, *outcome_on, *notes, *sharing;
    if (!read_target(req, &person, &context) || !read_tactic(req, &tactic, &description) ||
        !read_agency(req, ctx, &agency) || !(occurred_on = input_required_past_date(req, "occurred_on")) ||
        !input_optional_string(req, "result", RESULT_MAX, &result) ||
        !input_optional_past_date(req, "outcome_on", &outcome_on) ||
        !input_optional_string(req, "notes", NOTES_MAX, &notes) || !input_sharing(req, "sharing", &sharing) ||
        !outcome_in_order(req, occurred_on, outcome_on))
        return false;
    const char *values[DISRUPTION_FIELD_COUNT] = {
        [DISRUPTION_PERSON_ID] = person,     [DISRUPTION_CONTEXT_ID] = context,
        [DISRUPTION_TACTIC] = tactic,        [DISRUPTION_TACTIC_DESCRIPTION] = description,
        [DISRUPTION_AGENCY_ID] = agency,     [DISRUPTION_OCCURRED_ON] = occurred_on,
        [DISRUPTION_RESULT] = result,        [DISRUPTION_OUTCOME_ON] = outcome_on,
        [DISRUPTION_NOTES] = notes,          [DISRUPTION_SHARING] = sharing};
    for (int f = 0; f < DISRUPTION_FIELD_COUNT; f++) {
        in->present[f] = true;
        in->values[f] = values[f];
    }
    return true;
}

/* Reads the target (audited): 404 when the caller may not see it, 400 when
 * a person is not an adult of concern or (tactic not NULL) the tactic is
 * not used against such a target. */
static bool target_allowed(struct request *req, struct domain_context *ctx, const char *person_id,
                           const char *context_id, const char *tactic)
{
    struct record target;
    const struct record_kind *kind = person_id != NULL ? &person_kind : &context_kind;
    if (record_read(ctx, kind, person_id != NULL ? person_id : context_id, &target) != DOMAIN_OK) {
        respond_domain_failure(req, DOMAIN_NOT_FOUND, person_id != NULL ? "person" : "context");
        return false;
    }
    if (person_id != NULL && strcmp(target.values[PERSON_KIND], "adult_of_concern") != 0)
        return input_refuse(req, "person_id", "is not an adult of concern: a young person is not a target of disruption");
    const char *misfit = tactic == NULL ? NULL
                                        : disruption_tactic_misfit(req->arena, tactic,
                                                                   person_id != NULL ? NULL : target.values[CONTEXT_KIND]);
    return misfit == NULL || input_refuse(req, "tactic", misfit);
}

void api_disruptions_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    if (!read_new(req, &ctx, &in) ||
        !target_allowed(req, &ctx, in.values[DISRUPTION_PERSON_ID], in.values[DISRUPTION_CONTEXT_ID],
                        in.values[DISRUPTION_TACTIC]))
        return;
    struct record r;
    enum domain_status status = disruption_create(&ctx, &in, &r);
    if (status == DOMAIN_OK)
        respond_json(req, 201, disruption_json(&ctx, &r));
    else
        respond_domain_failure(req, status, in.values[DISRUPTION_PERSON_ID] ? "person" : "context");
}

/* ?person_id= or ?context_id= (exactly one, a record id). */
static bool read_list_target(struct request *req, const char **person_id, const char **context_id)
{
    *person_id = request_query(req, "person_id");
    *context_id = request_query(req, "context_id");
    if (*person_id == NULL && *context_id == NULL)
        return missing(req, "person_id", "person_id or context_id is required");
    if (*person_id != NULL && *context_id != NULL)
        return input_refuse(req, "context_id", "must not be given with person_id");
    const char *given = *person_id ? *person_id : *context_id;
    return id_is_valid(given) || input_refuse(req, *person_id ? "person_id" : "context_id", "must be a record id");
}

void api_disruptions_list(struct request *req)
{
    int limit;
    const char *person, *context;
    struct domain_context ctx;
    if (!input_limit(req, &limit) || !read_list_target(req, &person, &context))
        return;
    api_context(req, &ctx);
    if (!target_allowed(req, &ctx, person, context, NULL))
        return;
    struct record *found = arena_alloc(req->arena, sizeof *found * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status =
        disruption_list(&ctx, person, context, request_query(req, "cursor"), limit, found, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "disruption");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, disruption_json(&ctx, &found[i]));
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}

void api_disruptions_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record r;
    enum domain_status status = disruption_read(&ctx, request_param(req, "id"), &r);
    if (status == DOMAIN_OK)
        respond_json(req, 200, disruption_json(&ctx, &r));
    else
        respond_domain_failure(req, status, "disruption");
}

/* One changeable field: absent (unchanged), null (cleared) or a value. */
static bool read_change(struct request *req, struct record_input *in, int field)
{
    const char *name = disruption_kind.fields[field].name;
    json_t *value = json_object_get(req->json, name);
    if (value == NULL)
        return true;
    in->present[field] = true;
    in->values[field] = NULL;
    if (field == DISRUPTION_OUTCOME_ON)
        return input_optional_past_date(req, name, &in->values[field]);
    return input_optional_string(req, name, field == DISRUPTION_NOTES ? NOTES_MAX : RESULT_MAX, &in->values[field]);
}

/* Only the result, its date and the notes change; what was done, by whom,
 * when and against whom stays as recorded. */
static bool read_changes(struct request *req, const struct record *current, struct record_input *in)
{
    for (int f = 0; f < DISRUPTION_FIELD_COUNT; f++) {
        const char *name = disruption_kind.fields[f].name;
        bool changeable = f == DISRUPTION_RESULT || f == DISRUPTION_OUTCOME_ON || f == DISRUPTION_NOTES;
        if (!changeable && json_object_get(req->json, name) != NULL)
            return input_refuse(req, name, "cannot be changed: only result, outcome_on and notes can");
    }
    if (!read_change(req, in, DISRUPTION_RESULT) || !read_change(req, in, DISRUPTION_OUTCOME_ON) ||
        !read_change(req, in, DISRUPTION_NOTES))
        return false;
    const char *outcome_on =
        in->present[DISRUPTION_OUTCOME_ON] ? in->values[DISRUPTION_OUTCOME_ON] : current->values[DISRUPTION_OUTCOME_ON];
    return outcome_in_order(req, current->values[DISRUPTION_OCCURRED_ON], outcome_on);
}

void api_disruptions_update(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record current;
    enum domain_status status = disruption_read(&ctx, request_param(req, "id"), &current);
    struct record_input in = {0};
    if (status == DOMAIN_OK && !read_changes(req, &current, &in))
        return;
    struct record r;
    if (status == DOMAIN_OK)
        status = disruption_update(&ctx, current.id, &in, &r);
    if (status == DOMAIN_OK)
        respond_json(req, 200, disruption_json(&ctx, &r));
    else
        respond_domain_failure(req, status, "disruption");
}
