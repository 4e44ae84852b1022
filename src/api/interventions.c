/* Contextual intervention handlers: the context is read first (audited;
 * 404 if the caller may not), the kind must be one that may be chosen
 * now, the lead agency a partner agency, and the dates in order; each
 * refusal is a 400 naming the field. */
#include "api/interventions.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/agency.h"
#include "domain/context.h"
#include "domain/intervention.h"
#include "domain/intervention_type.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/clock.h"

#define TEXT_MAX 5000

/* An intervention of kind as JSON, with its kind's label. */
static json_t *intervention_kind_json(struct domain_context *ctx, const struct record_kind *kind, const struct record *r)
{
    json_t *json = record_json(kind, r);
    struct store_result type;
    bool known = intervention_type_find(ctx, r->values[INTERVENTION_TYPE], &type);
    json_object_set_new(json, "type_label", known ? json_string(store_cell_text(&type, 0, "label")) : json_null());
    return json;
}

json_t *intervention_json(struct domain_context *ctx, const struct record *r)
{
    return intervention_kind_json(ctx, &intervention_kind, r);
}

static json_t *person_intervention_json(struct domain_context *ctx, const struct record *r)
{
    return intervention_kind_json(ctx, &person_intervention_kind, r);
}

/* The dates against the status, on the values the record would have. */
static bool dates_in_order(struct request *req, const char *status, const char *started_on, const char *ended_on)
{
    const char *today = clock_today_text(req->arena);
    bool planned = strcmp(status, "planned") == 0, ended = strcmp(status, "ended") == 0;
    if (!planned && strcmp(started_on, today) > 0)
        return input_refuse(req, "started_on", "must not be in the future unless the intervention is planned");
    if (ended && ended_on == NULL)
        return input_refuse(req, "ended_on", "is required when the intervention has ended");
    if (ended_on != NULL && strcmp(ended_on, started_on) < 0)
        return input_refuse(req, "ended_on", "must not be before started_on");
    if (ended && strcmp(ended_on, today) > 0)
        return input_refuse(req, "ended_on", "must not be in the future when the intervention has ended");
    return true;
}

/* The kind: one that may be chosen now for applies_to (not unknown, not
 * retired, not one for the other kind of subject). */
static bool read_type(struct request *req, struct domain_context *ctx, const char *applies_to, const char **out)
{
    if ((*out = input_required_string(req, "type", 64)) == NULL)
        return false;
    return intervention_type_usable(ctx, *out, applies_to) ||
           input_refuse(req, "type", strcmp(applies_to, "context") == 0
                                   ? "is not a kind of contextual intervention that may be chosen (unknown or retired)"
                                   : "is not a kind of intervention with a young person that may be chosen (unknown or "
                                     "retired)");
}

static bool read_lead_agency(struct request *req, struct domain_context *ctx, const char **out)
{
    if (!input_record_id(req, "lead_agency_id", out))
        return false;
    return agency_exists(ctx->conn, req->arena, *out) || input_refuse(req, "lead_agency_id", "is not a partner agency");
}

static bool read_new(struct request *req, struct domain_context *ctx, const char *applies_to, const char *subject_id,
                     struct record_input *in)
{
    const char *type, *lead, *started_on, *ended_on, *status, *description, *outcome, *sharing;
    if (!read_type(req, ctx, applies_to, &type) || !read_lead_agency(req, ctx, &lead) ||
        !input_choice(req, "status", intervention_statuses, intervention_status_count, true, &status) ||
        !input_required_date(req, "started_on", &started_on) ||
        !input_optional_date(req, "ended_on", &ended_on) ||
        !(description = input_required_string(req, "description", TEXT_MAX)) ||
        !input_optional_string(req, "outcome", TEXT_MAX, &outcome) || !input_sharing(req, "sharing", &sharing) ||
        !dates_in_order(req, status, started_on, ended_on))
        return false;
    const char *values[INTERVENTION_FIELD_COUNT] = {
        [INTERVENTION_CONTEXT_ID] = subject_id, [INTERVENTION_TYPE] = type,
        [INTERVENTION_LEAD_AGENCY_ID] = lead,   [INTERVENTION_STARTED_ON] = started_on,
        [INTERVENTION_ENDED_ON] = ended_on,     [INTERVENTION_STATUS] = status,
        [INTERVENTION_DESCRIPTION] = description, [INTERVENTION_OUTCOME] = outcome,
        [INTERVENTION_SHARING] = sharing};
    for (int f = 0; f < INTERVENTION_FIELD_COUNT; f++) {
        in->present[f] = true;
        in->values[f] = values[f];
    }
    return true;
}

/* Records an intervention of kind with the path's subject (a context, or
 * a young person). */
static void create_for(struct request *req, const struct record_kind *subject_kind, const struct record_kind *kind)
{
    struct domain_context ctx;
    struct record subject;
    if (!read_path_subject(req, subject_kind, &ctx, &subject))
        return;
    bool young = subject_kind == &person_kind;
    if (young && strcmp(subject.values[PERSON_KIND], "young_person") != 0) {
        input_refuse(req, "id", "names an adult of concern: interventions are with young people (disrupt an adult instead)");
        return;
    }
    struct record_input in = {0};
    if (!read_new(req, &ctx, young ? "young_person" : "context", subject.id, &in))
        return;
    struct record r;
    enum domain_status status = intervention_create(&ctx, kind, &in, &r);
    if (status == DOMAIN_OK)
        respond_json(req, 201, intervention_kind_json(&ctx, kind, &r));
    else
        respond_domain_failure(req, status, young ? "person" : "context");
}

void api_interventions_create(struct request *req)
{
    create_for(req, &context_kind, &intervention_kind);
}

void api_person_interventions_create(struct request *req)
{
    create_for(req, &person_kind, &person_intervention_kind);
}

void api_interventions_list(struct request *req)
{
    respond_subject_list(req, &context_kind, intervention_list, intervention_json, "intervention");
}

void api_person_interventions_list(struct request *req)
{
    respond_subject_list(req, &person_kind, person_intervention_list, person_intervention_json, "intervention");
}

void api_interventions_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record r;
    const struct record_kind *kind;
    enum domain_status status = intervention_read(&ctx, request_param(req, "id"), &r, &kind);
    if (status == DOMAIN_OK)
        respond_json(req, 200, intervention_kind_json(&ctx, kind, &r));
    else
        respond_domain_failure(req, status, "intervention");
}

/* One changeable field: absent (unchanged), null (cleared, when it may
 * be) or a value read by the field's reader. */
static bool read_change(struct request *req, struct record_input *in, int field, bool clearable)
{
    const char *name = intervention_kind.fields[field].name;
    json_t *value = json_object_get(req->json, name);
    if (value == NULL)
        return true;
    in->present[field] = true;
    in->values[field] = NULL;
    if (json_is_null(value))
        return clearable || input_refuse(req, name, "cannot be cleared");
    switch (field) {
    case INTERVENTION_STATUS:
        return input_choice(req, name, intervention_statuses, intervention_status_count, true, &in->values[field]);
    case INTERVENTION_STARTED_ON:
    case INTERVENTION_ENDED_ON:
        return input_optional_date(req, name, &in->values[field]);
    default:
        return input_optional_string(req, name, TEXT_MAX, &in->values[field]);
    }
}

static bool read_changes(struct request *req, const struct record *current, struct record_input *in)
{
    if (!read_change(req, in, INTERVENTION_STATUS, false) || !read_change(req, in, INTERVENTION_STARTED_ON, false) ||
        !read_change(req, in, INTERVENTION_ENDED_ON, true) || !read_change(req, in, INTERVENTION_OUTCOME, true) ||
        !read_change(req, in, INTERVENTION_DESCRIPTION, false))
        return false;
    const char *merged[INTERVENTION_FIELD_COUNT];
    for (int f = 0; f < INTERVENTION_FIELD_COUNT; f++)
        merged[f] = in->present[f] ? in->values[f] : current->values[f];
    return dates_in_order(req, merged[INTERVENTION_STATUS], merged[INTERVENTION_STARTED_ON],
                          merged[INTERVENTION_ENDED_ON]);
}

void api_interventions_update(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record current;
    const struct record_kind *kind;
    enum domain_status status = intervention_read(&ctx, request_param(req, "id"), &current, &kind);
    struct record_input in = {0};
    if (status == DOMAIN_OK && !read_changes(req, &current, &in))
        return;
    struct record r;
    if (status == DOMAIN_OK)
        status = intervention_update(&ctx, kind, current.id, &in, &r);
    if (status == DOMAIN_OK)
        respond_json(req, 200, intervention_kind_json(&ctx, kind, &r));
    else
        respond_domain_failure(req, status, "intervention");
}
