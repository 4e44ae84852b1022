/* Handlers for the list of kinds of contextual intervention: read by
 * anyone signed in; added to and changed only by those who may manage
 * definitions (checked, and audited, in domain/intervention_type.c). */
#include "api/intervention_types.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/intervention_type.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

#define CODE_MAX 64
#define LABEL_MAX 200
#define DESCRIPTION_MAX 2000
#define SORT_ORDER_MAX 10000

/* The rows as JSON, each with "retired" true or false beside retired_at. */
static json_t *types_json(struct store_result *r)
{
    json_t *items = render_rows(r);
    size_t i;
    json_t *item;
    json_array_foreach (items, i, item)
        json_object_set_new(item, "retired", json_boolean(!json_is_null(json_object_get(item, "retired_at"))));
    return items;
}

void api_intervention_types_list(struct request *req)
{
    const char *retired = request_query(req, "include_retired");
    if (retired != NULL && strcmp(retired, "true") != 0 && strcmp(retired, "false") != 0) {
        respond_error(req, 400, "invalid_field", "include_retired must be true or false", "include_retired");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct store_result r;
    if (intervention_type_list(&ctx, retired != NULL && strcmp(retired, "true") == 0, &r) != STORE_OK) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "intervention type");
        return;
    }
    respond_json(req, 200, json_pack("{s:o}", "items", types_json(&r)));
}

static void respond_type(struct request *req, struct domain_context *ctx, unsigned status, const char *code)
{
    struct store_result r;
    if (!intervention_type_find(ctx, code, &r)) {
        respond_domain_failure(req, DOMAIN_NOT_FOUND, "intervention type");
        return;
    }
    json_t *items = request_own_json(req, types_json(&r));
    respond_json(req, status, json_incref(json_array_get(items, 0)));
}

/* An optional whole number from 0 to SORT_ORDER_MAX; *out stays -1 when absent. */
static bool read_sort_order(struct request *req, int *out)
{
    json_t *value = json_object_get(req->json, "sort_order");
    *out = -1;
    if (value == NULL || json_is_null(value))
        return true;
    if (!json_is_integer(value) || json_integer_value(value) < 0 || json_integer_value(value) > SORT_ORDER_MAX) {
        respond_error(req, 400, "invalid_field", "sort_order must be a whole number from 0 to 10000", "sort_order");
        return false;
    }
    *out = (int)json_integer_value(value);
    return true;
}

/* An optional true or false; *out stays -1 when absent. */
static bool read_retired(struct request *req, int *out)
{
    json_t *value = json_object_get(req->json, "retired");
    *out = -1;
    if (value == NULL || json_is_null(value))
        return true;
    if (!json_is_boolean(value)) {
        respond_error(req, 400, "invalid_field", "retired must be true or false", "retired");
        return false;
    }
    *out = json_is_true(value) ? 1 : 0;
    return true;
}

void api_intervention_types_create(struct request *req)
{
    static const char *const applies[] = {"context", "young_person"};
    const char *code, *label, *description, *applies_to;
    int sort_order;
    if (!(code = input_required_string(req, "code", CODE_MAX)) ||
        !(label = input_required_string(req, "label", LABEL_MAX)) ||
        !input_optional_string(req, "description", DESCRIPTION_MAX, &description) || !read_sort_order(req, &sort_order) ||
        !input_choice(req, "applies_to", applies, 2, false, &applies_to))
        return;
    if (strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(code)) {
        respond_error(req, 400, "invalid_field", "code must be lower-case letters, digits and underscores", "code");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    enum domain_status status = intervention_type_create(&ctx, code, label, description, sort_order, applies_to);
    if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "intervention type");
    else
        respond_type(req, &ctx, 201, code);
}

void api_intervention_types_update(struct request *req)
{
    struct intervention_type_change change;
    if (!input_optional_string(req, "label", LABEL_MAX, &change.label) ||
        !input_optional_string(req, "description", DESCRIPTION_MAX, &change.description) ||
        !read_sort_order(req, &change.sort_order) || !read_retired(req, &change.retired))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    const char *code = request_param(req, "code");
    enum domain_status status = intervention_type_update(&ctx, code, &change);
    if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "intervention type");
    else
        respond_type(req, &ctx, 200, code);
}
