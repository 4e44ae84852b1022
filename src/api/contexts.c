/* Contexts handlers: validate each field (naming it on error), code the
 * kind with the current context-type definition, and call the record
 * module (access policy and audit). */
#include "api/contexts.h"

#include <stdlib.h>
#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/context.h"
#include "domain/definition.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

static bool read_kind(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, 64)) != NULL;
}

static bool read_server_set(struct request *req, const char *field, const char **out)
{
    (void)out;
    return input_refuse(req, field, "is set by cshub from the current definition");
}

static bool read_name(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, 200)) != NULL;
}

static bool read_text(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, 2000)) != NULL;
}

static bool read_location_kind(struct request *req, const char *field, const char **out)
{
    return input_choice(req, field, location_kinds, location_kind_count, true, out);
}

static bool read_coordinate(struct request *req, const char *field, double limit, const char **out)
{
    json_t *value = json_object_get(req->json, field);
    if (!json_is_number(value) || json_number_value(value) < -limit || json_number_value(value) > limit)
        return input_refuse(req, field, arena_printf(req->arena, "must be a number from %g to %g", -limit, limit));
    *out = arena_printf(req->arena, "%.7f", json_number_value(value));
    return true;
}

static bool read_latitude(struct request *req, const char *field, const char **out)
{
    return read_coordinate(req, field, 90, out);
}

static bool read_longitude(struct request *req, const char *field, const char **out)
{
    return read_coordinate(req, field, 180, out);
}

static const input_field_reader readers[CONTEXT_FIELD_COUNT] = {
    [CONTEXT_KIND] = read_kind,
    [CONTEXT_KIND_VERSION] = read_server_set,
    [CONTEXT_NAME] = read_name,
    [CONTEXT_LOCATION_KIND] = read_location_kind,
    [CONTEXT_ADDRESS] = read_text,
    [CONTEXT_POSTCODE] = input_postcode,
    [CONTEXT_LATITUDE] = read_latitude,
    [CONTEXT_LONGITUDE] = read_longitude,
    [CONTEXT_PLATFORM] = read_name,
    [CONTEXT_DESCRIPTION] = read_text,
    [CONTEXT_SHARING] = input_sharing,
};

/* Reads the body; codes a given kind with its current definition version. */
static bool read_context_input(struct request *req, struct domain_context *ctx, bool creating,
                               struct record_input *in)
{
    if (json_object_get(req->json, "kind_version") != NULL)
        return read_server_set(req, "kind_version", NULL);
    if (!input_record_fields(req, &context_kind, readers, NULL, creating, in))
        return false;
    if (in->present[CONTEXT_KIND]) {
        const char *term = NULL;
        int current = definition_current_version(ctx, "context_type", in->values[CONTEXT_KIND], &term);
        if (current == 0)
            return input_refuse(req, "kind", "must be the code of a context type in the shared definitions");
        in->present[CONTEXT_KIND_VERSION] = true;
        in->values[CONTEXT_KIND_VERSION] = arena_printf(req->arena, "%d", current);
    }
    if (in->present[CONTEXT_LOCATION_KIND] && in->values[CONTEXT_LOCATION_KIND] != NULL && in->present[CONTEXT_KIND] &&
        strcmp(in->values[CONTEXT_KIND], "location") != 0)
        return input_refuse(req, "location_kind", "is only for locations");
    return true;
}

static void respond_context(struct request *req, enum domain_status status, unsigned ok, const struct record *r)
{
    if (status == DOMAIN_OK)
        respond_json(req, ok, record_json(&context_kind, r));
    else
        respond_domain_failure(req, status, "context");
}

void api_contexts_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    if (!read_context_input(req, &ctx, true, &in))
        return;
    struct record r;
    enum domain_status status = record_create(&ctx, &context_kind, &in, &r);
    if (status == DOMAIN_OK)
        status = record_finish(&ctx, STORE_OK);
    respond_context(req, status, 201, &r);
}

void api_contexts_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record r;
    respond_context(req, record_read(&ctx, &context_kind, request_param(req, "id"), &r), 200, &r);
}

void api_contexts_update(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    if (!read_context_input(req, &ctx, false, &in))
        return;
    struct record r;
    enum domain_status status = record_begin_write(&ctx, &context_kind, request_param(req, "id"), "update", &r);
    if (status == DOMAIN_OK)
        status = record_finish(&ctx, record_update_fields(&ctx, &context_kind, &in, &r) == DOMAIN_OK ? STORE_OK
                                                                                                      : STORE_ERROR);
    respond_context(req, status, 200, &r);
}

void api_contexts_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    const char *query = request_query(req, "q");
    if (query != NULL && strlen(query) > 200) {
        respond_error(req, 400, "invalid_field", "q must be at most 200 bytes", "q");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record *found = arena_alloc(req->arena, sizeof *found * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status =
        record_search(&ctx, &context_kind, query, NULL, request_query(req, "cursor"), limit, found, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "context");
        return;
    }
    respond_json(req, 200, record_page_json(&context_kind, found, count, next));
}
