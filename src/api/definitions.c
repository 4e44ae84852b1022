/* Definitions handlers: read by anyone signed in; published, created and
 * adopted by those who may manage definitions (checked in the domain). */
#include "api/definitions.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/definition.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

#define LABEL_MAX 200
#define DEFINITION_MAX 5000

void api_definitions_list(struct request *req)
{
    int limit;
    const char *category = request_query(req, "category");
    if (!input_limit(req, &limit))
        return;
    bool known = false;
    for (int i = 0; category != NULL && i < definition_category_count; i++)
        known = known || strcmp(category, definition_categories[i]) == 0;
    if (category != NULL && !known) {
        respond_error(req, 400, "invalid_field", "category is not a category of definitions", "category");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct store_result r;
    if (definition_list(&ctx, category, request_query(req, "cursor"), limit, &r) != STORE_OK) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "definition");
        return;
    }
    const char *next = render_next_cursor(&r, limit, "id");
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", render_rows(&r), "next_cursor", next));
}

static void respond_definition(struct request *req, struct domain_context *ctx, unsigned status, const char *id)
{
    struct definition_detail detail;
    if (!id_is_valid(id) || !definition_show(ctx, id, &detail)) {
        respond_domain_failure(req, DOMAIN_NOT_FOUND, "definition");
        return;
    }
    json_t *term = json_incref(json_array_get(request_own_json(req, render_rows(&detail.term)), 0));
    json_object_set_new(term, "versions", render_rows(&detail.versions));
    json_object_set_new(term, "adoption", render_rows(&detail.adoptions));
    respond_json(req, status, term);
}

void api_definitions_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    respond_definition(req, &ctx, 200, request_param(req, "id"));
}

void api_definitions_create(struct request *req)
{
    const char *category, *code, *group = NULL, *cin_code, *label, *text, *adopted_on;
    if (!input_choice(req, "category", definition_categories, definition_category_count, true, &category) ||
        !(code = input_required_string(req, "code", 64)) ||
        !input_choice(req, "indicator_group", indicator_groups, indicator_group_count,
                      strcmp(category, "indicator") == 0, &group) ||
        !input_optional_string(req, "cin_code", 8, &cin_code) ||
        !(label = input_required_string(req, "label", LABEL_MAX)) ||
        !(text = input_required_string(req, "definition", DEFINITION_MAX)) ||
        !(adopted_on = input_required_past_date(req, "adopted_on")))
        return;
    if (strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(code)) {
        respond_error(req, 400, "invalid_field", "code must be lower-case letters, digits and underscores", "code");
        return;
    }
    if (group != NULL && strcmp(category, "indicator") != 0) {
        respond_error(req, 400, "invalid_field", "only indicators have an indicator_group", "indicator_group");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    const char *id = NULL;
    enum domain_status status =
        definition_create(&ctx, category, code, group, cin_code, label, text, adopted_on, &id);
    if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "definition");
    else
        respond_definition(req, &ctx, 201, id);
}

void api_definitions_publish(struct request *req)
{
    const char *label, *text, *adopted_on;
    if (!(label = input_required_string(req, "label", LABEL_MAX)) ||
        !(text = input_required_string(req, "definition", DEFINITION_MAX)) ||
        !(adopted_on = input_required_past_date(req, "adopted_on")))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    int version = 0;
    const char *id = request_param(req, "id");
    enum domain_status status = definition_publish(&ctx, id, label, text, adopted_on, &version);
    if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "definition");
    else
        respond_definition(req, &ctx, 201, id);
}

void api_definitions_adopt(struct request *req)
{
    const char *agency_id, *adopted_on;
    json_t *version = json_object_get(req->json, "version");
    if (!json_is_integer(version) || json_integer_value(version) < 1 || json_integer_value(version) > 100000) {
        respond_error(req, 400, "invalid_field", "version must be a version number of this definition", "version");
        return;
    }
    if (!(agency_id = input_required_string(req, "agency_id", 64)) ||
        !(adopted_on = input_required_past_date(req, "adopted_on")))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    const char *id = request_param(req, "id");
    enum domain_status status =
        definition_record_adoption(&ctx, id, (int)json_integer_value(version), agency_id, adopted_on);
    if (status == DOMAIN_NOT_FOUND)
        respond_error(req, 400, "invalid_field", "no such agency, definition or version", "agency_id");
    else if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "definition");
    else
        respond_definition(req, &ctx, 200, id);
}
