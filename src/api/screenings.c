/* Screenings handlers: validate the screener's choices (naming the field
 * on error), code any indicators given, and call domain/screening.c, which
 * scores with the current tool, keeps the screening and marks the concern
 * screened. */
#include "api/screenings.h"

#include <stdlib.h>
#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/screening.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

#define RATIONALE_MAX 5000

/* The optional code lists: absent means "as on the concern". */
static bool read_codes(struct request *req, struct domain_context *ctx, const char *field, const char *category,
                       const char **out)
{
    *out = NULL;
    if (json_object_get(req->json, field) == NULL)
        return true;
    return input_code_list(req, field, out) && input_code_versions(req, ctx, field, category, out);
}

static bool read_request(struct request *req, struct domain_context *ctx, struct screening_request *rq)
{
    return (rq->concern_id = input_required_string(req, "concern_id", 64)) != NULL &&
           (id_is_valid(rq->concern_id) ||
            (respond_error(req, 400, "invalid_field", "concern_id must be a record id", "concern_id"), false)) &&
           input_optional_past_date(req, "screened_on", &rq->screened_on) &&
           read_codes(req, ctx, "indicators", "indicator", &rq->indicators) &&
           read_codes(req, ctx, "adverse_experiences", "adverse_childhood_experience", &rq->adverse_experiences) &&
           input_choice(req, "risk_level", risk_levels, risk_level_count, false, &rq->risk_level) &&
           (rq->rationale = input_required_string(req, "rationale", RATIONALE_MAX)) != NULL &&
           input_choice(req, "pathway", pathways, pathway_count, true, &rq->pathway) &&
           (json_object_get(req->json, "sharing") == NULL || input_sharing(req, "sharing", &rq->sharing));
}

void api_screenings_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct screening_request rq = {0};
    if (!read_request(req, &ctx, &rq))
        return;
    struct record r;
    enum domain_status status = screening_create(&ctx, &rq, &r);
    if (status == DOMAIN_OK)
        respond_json(req, 201, record_json(&screening_kind, &r));
    else
        respond_domain_failure(req, status, status == DOMAIN_NOT_FOUND ? "concern" : "screening");
}

void api_screenings_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record r;
    enum domain_status status = screening_read(&ctx, request_param(req, "id"), &r);
    if (status == DOMAIN_OK)
        respond_json(req, 200, record_json(&screening_kind, &r));
    else
        respond_domain_failure(req, status, "screening");
}

void api_screenings_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    const char *concern = request_query(req, "concern_id"), *person = request_query(req, "person_id");
    const char *bad = concern && !id_is_valid(concern) ? "concern_id" : person && !id_is_valid(person) ? "person_id" : NULL;
    if (bad != NULL) {
        respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s must be a record id", bad), bad);
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record *found = arena_alloc(req->arena, sizeof *found * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status =
        screening_list(&ctx, concern, person, request_query(req, "cursor"), limit, found, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "screening");
        return;
    }
    respond_json(req, 200, record_page_json(&screening_kind, found, count, next));
}

static void respond_tool(struct request *req, unsigned status, int version, const char *config)
{
    json_t *parsed = json_loads(config, 0, NULL);
    respond_json(req, status, json_pack("{s:i,s:o}", "version", version, "config", parsed ? parsed : json_null()));
}

/* Not personal data: any signed-in user may see how screening scores. */
void api_screening_tool_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    int version;
    const char *config;
    if (screening_tool_current(&ctx, &version, &config) != DOMAIN_OK) {
        respond_error(req, 503, "unavailable", "the screening tool could not be read", NULL);
        return;
    }
    respond_tool(req, 200, version, config);
}

void api_screening_tool_publish(struct request *req)
{
    json_t *config = json_object_get(req->json, "config");
    if (!json_is_object(config)) {
        respond_error(req, 400, json_object_get(req->json, "config") ? "invalid_field" : "missing_field",
                      "config must be the tool's configuration, a JSON object", "config");
        return;
    }
    char *text = json_dumps(config, JSON_COMPACT);
    const char *config_text = text ? arena_strdup(req->arena, text) : "";
    free(text);
    struct domain_context ctx;
    api_context(req, &ctx);
    int version = 0;
    const char *problem = NULL;
    enum domain_status status = screening_tool_publish(&ctx, config_text, &version, &problem);
    if (status == DOMAIN_CONFLICT) {
        respond_error(req, 400, "invalid_field", arena_printf(req->arena, "config: %s", problem), "config");
        return;
    }
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "screening tool");
        return;
    }
    const char *stored;
    int current;
    if (screening_tool_current(&ctx, &current, &stored) != DOMAIN_OK) {
        respond_error(req, 503, "unavailable", "the screening tool could not be read", NULL);
        return;
    }
    respond_tool(req, 201, current, stored);
}
