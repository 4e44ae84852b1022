/* Concerns handlers: validate each field (naming it on error), code the
 * exploitation types, indicators and adverse experiences with their
 * current definition versions, and call domain/concern.c (access policy,
 * audit, the two-agency alert). A concern is shown with the name of the
 * person and context it is about, each read audited. */
#include "api/concerns.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "auth/session.h"
#include "domain/concern.h"
#include "domain/context.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

#define NARRATIVE_MAX 10000
#define WORDS_MAX 5000

static bool read_date(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_past_date(req, field)) != NULL;
}

static bool read_name(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, 200)) != NULL;
}

static bool read_narrative(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, NARRATIVE_MAX)) != NULL;
}

static bool read_words(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, WORDS_MAX)) != NULL;
}

static bool read_status(struct request *req, const char *field, const char **out)
{
    return input_choice(req, field, concern_statuses, concern_status_count, true, out);
}

static const input_field_reader readers[CONCERN_FIELD_COUNT] = {
    [CONCERN_PERSON_ID] = input_record_id,
    [CONCERN_CONTEXT_ID] = input_record_id,
    [CONCERN_DATE] = read_date,
    [CONCERN_RAISED_BY] = read_name,
    [CONCERN_EXPLOITATION_TYPES] = input_code_list,
    [CONCERN_INDICATORS] = input_code_list,
    [CONCERN_ADVERSE_EXPERIENCES] = input_code_list,
    [CONCERN_NARRATIVE] = read_narrative,
    [CONCERN_YOUNG_PERSON_WORDS] = read_words,
    [CONCERN_STATUS] = read_status,
    [CONCERN_SHARING] = input_sharing,
};

static const struct {
    int field;
    const char *category;
} coded_fields[] = {
    {CONCERN_EXPLOITATION_TYPES, "exploitation_type"},
    {CONCERN_INDICATORS, "indicator"},
    {CONCERN_ADVERSE_EXPERIENCES, "adverse_childhood_experience"},
};

/* Reads the body and codes the lists; a null list is stored empty. */
static bool read_concern_input(struct request *req, struct domain_context *ctx, bool creating,
                               struct record_input *in)
{
    static const char *const extras[] = {"link_to_context", NULL};
    if (!input_record_fields(req, &concern_kind, readers, creating ? extras : NULL, creating, in))
        return false;
    for (size_t i = 0; i < sizeof coded_fields / sizeof coded_fields[0]; i++) {
        int f = coded_fields[i].field;
        if (in->present[f] && in->values[f] == NULL)
            in->values[f] = "[]";
        else if (in->present[f] &&
                 !input_code_versions(req, ctx, concern_kind.fields[f].name, coded_fields[i].category, &in->values[f]))
            return false;
    }
    return true;
}

static bool fill_defaults(struct request *req, struct record_input *in)
{
    if (in->values[CONCERN_PERSON_ID] == NULL && in->values[CONCERN_CONTEXT_ID] == NULL)
        return input_refuse(req, "person_id", "or context_id is required: a concern is about a young person or a context");
    in->present[CONCERN_STATUS] = true;
    if (in->values[CONCERN_STATUS] == NULL)
        in->values[CONCERN_STATUS] = "new";
    in->present[CONCERN_RAISED_BY] = true;
    if (in->values[CONCERN_RAISED_BY] == NULL)
        in->values[CONCERN_RAISED_BY] = req->session ? req->session->user.name : "partner system";
    for (size_t i = 0; i < sizeof coded_fields / sizeof coded_fields[0]; i++) {
        int f = coded_fields[i].field;
        in->present[f] = true;
        if (in->values[f] == NULL)
            in->values[f] = "[]";
    }
    return true;
}

json_t *subject_summary_json(struct domain_context *ctx, const struct record_kind *kind, const char *id)
{
    struct record r;
    if (id == NULL || record_read(ctx, kind, id, &r) != DOMAIN_OK)
        return json_null();
    if (kind == &context_kind)
        return json_pack("{s:s,s:s,s:s}", "id", r.id, "name", r.values[CONTEXT_NAME], "kind", r.values[CONTEXT_KIND]);
    return json_pack("{s:s,s:s,s:s?}", "id", r.id, "name",
                     arena_printf(ctx->arena, "%s %s", r.values[PERSON_GIVEN_NAME], r.values[PERSON_FAMILY_NAME]),
                     "date_of_birth", r.values[PERSON_DATE_OF_BIRTH]);
}

json_t *concern_json_with_subjects(struct domain_context *ctx, const struct record *r)
{
    json_t *json = record_json(&concern_kind, r);
    json_object_set_new(json, "person", subject_summary_json(ctx, &person_kind, r->values[CONCERN_PERSON_ID]));
    json_object_set_new(json, "context", subject_summary_json(ctx, &context_kind, r->values[CONCERN_CONTEXT_ID]));
    return json;
}

static void respond_concern(struct request *req, struct domain_context *ctx, enum domain_status status, unsigned ok,
                            const struct record *r)
{
    if (status == DOMAIN_OK)
        respond_json(req, ok, concern_json_with_subjects(ctx, r));
    else
        respond_domain_failure(req, status, status == DOMAIN_NOT_FOUND && ok == 201 ? "person or context" : "concern");
}

/* "link_to_context": whether a concern about a young person at a context
 * also records them there (true unless the recorder says otherwise). */
static bool read_link_to_context(struct request *req, bool *out)
{
    json_t *value = json_object_get(req->json, "link_to_context");
    *out = value == NULL || json_is_null(value) || json_is_true(value);
    return value == NULL || json_is_null(value) || json_is_boolean(value) ||
           input_refuse(req, "link_to_context", "must be true or false");
}

void api_concerns_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    bool link_to_context;
    if (!read_concern_input(req, &ctx, true, &in) || !read_link_to_context(req, &link_to_context) ||
        !fill_defaults(req, &in))
        return;
    struct record r;
    const char *link_id = NULL;
    enum domain_status status = concern_create(&ctx, &in, link_to_context, &r, &link_id);
    if (status != DOMAIN_OK) {
        respond_concern(req, &ctx, status, 201, &r);
        return;
    }
    json_t *json = concern_json_with_subjects(&ctx, &r);
    json_object_set_new(json, "link_id", link_id ? json_string(link_id) : json_null());
    respond_json(req, 201, json);
}

void api_concerns_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record r;
    respond_concern(req, &ctx, concern_read(&ctx, request_param(req, "id"), &r), 200, &r);
}

void api_concerns_update(struct request *req)
{
    static const char *const fixed[] = {"person_id", "context_id"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (json_object_get(req->json, fixed[i]) != NULL) {
            input_refuse(req, fixed[i], "cannot change: record a new concern about the right one instead");
            return;
        }
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    if (!read_concern_input(req, &ctx, false, &in))
        return;
    struct record r;
    respond_concern(req, &ctx, concern_update(&ctx, request_param(req, "id"), &in, &r), 200, &r);
}

/* A query parameter that must be a record id when given. */
static bool query_id(struct request *req, const char *name, const char **out)
{
    *out = request_query(req, name);
    if (*out == NULL || id_is_valid(*out))
        return true;
    return input_refuse(req, name, "must be a record id");
}

void api_concerns_list(struct request *req)
{
    int limit;
    const char *status = request_query(req, "status"), *person = NULL, *context = NULL;
    if (!input_limit(req, &limit) || !query_id(req, "person_id", &person) || !query_id(req, "context_id", &context))
        return;
    bool known_status = status == NULL;
    for (int i = 0; !known_status && i < concern_status_count; i++)
        known_status = strcmp(status, concern_statuses[i]) == 0;
    if (!known_status) {
        input_refuse(req, "status", "must be new, screened, at_mace or closed");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record *found = arena_alloc(req->arena, sizeof *found * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status outcome =
        concern_list(&ctx, status, person, context, request_query(req, "cursor"), limit, found, &count, &next);
    if (outcome != DOMAIN_OK) {
        respond_domain_failure(req, outcome, "concern");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, concern_json_with_subjects(&ctx, &found[i]));
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}
