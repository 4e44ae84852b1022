/* Handlers for the duplicates queue, setting a pair aside, and merging two
 * records of one young person and undoing it: read and check the input
 * (each error names its field), call domain/duplicates.c and
 * domain/merge.c (which decide through the access policy and audit),
 * render JSON. */
#include "api/merges.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/duplicates.h"
#include "domain/merge.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

#define REASON_MAX_BYTES 500

json_t *match_reasons_json(const struct match_result *match)
{
    json_t *reasons = json_array();
    for (int r = 0; r < match->reason_count; r++)
        json_array_append_new(reasons, json_string(match->reasons[r]));
    return reasons;
}

json_t *merge_json(const struct person_merge *m)
{
    json_t *filled = json_array();
    for (int i = 0; i < m->filled_count; i++)
        json_array_append_new(filled, json_string(m->filled[i]));
    json_t *json = json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s,s:s?,s:s?,s:{s:i,s:i,s:i,s:i,s:i,s:i,s:i}}", "id", m->id, "kept_id",
                     m->kept_id, "merged_id", m->merged_id, "reason", m->reason, "merged_by", m->merged_by,
                     "merged_at", m->merged_at, "undone_by", m->undone_by, "undone_at", m->undone_at, "moved",
                     "links", m->links, "concerns", m->concerns, "screenings", m->screenings, "aliases", m->aliases,
                     "involvements", m->involvements, "disruptions", m->disruptions, "actions", m->actions);
    if (json == NULL)
        json_decref(filled);
    else
        json_object_set_new(json, "fields_filled", filled);
    return json;
}

static void respond_refusal(struct request *req, enum domain_status status, const struct merge_problem *problem,
                            const char *what)
{
    if (status == DOMAIN_CONFLICT)
        respond_error(req, problem->status, problem->status == 409 ? "conflict" : "invalid_field",
                      arena_printf(req->arena, "%s: %s", problem->field, problem->message), problem->field);
    else
        respond_domain_failure(req, status, what);
}

void api_duplicates_queue(struct request *req)
{
    int limit, min_score = MATCH_LIKELY;
    if (!input_limit(req, &limit) || !input_query_int(req, "min_score", MATCH_POSSIBLE, 100, &min_score))
        return;
    if (!duplicates_cursor_valid(request_query(req, "cursor"))) {
        respond_error(req, 400, "invalid_field", "cursor must be the next_cursor of a previous page", "cursor");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct duplicate_pair *pairs = arena_alloc(req->arena, sizeof *pairs * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status =
        duplicates_queue(&ctx, min_score, request_query(req, "cursor"), limit, pairs, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "person");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, json_pack("{s:[o,o],s:i,s:b,s:o}", "people",
                                               record_json(&person_kind, &pairs[i].person),
                                               record_json(&person_kind, &pairs[i].other), "score",
                                               pairs[i].match.score, "likely", pairs[i].match.score >= MATCH_LIKELY,
                                               "reasons", match_reasons_json(&pairs[i].match)));
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}

void api_duplicates_set_aside(struct request *req)
{
    const char *person_id, *other_id;
    if (!input_record_id(req, "person_id", &person_id) || !input_record_id(req, "other_id", &other_id))
        return;
    if (strcmp(person_id, other_id) == 0) {
        respond_error(req, 400, "invalid_field", "other_id must be another record than person_id", "other_id");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    enum domain_status status = duplicates_set_aside(&ctx, person_id, other_id);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "pair of possible duplicates");
        return;
    }
    respond_json(req, 200, json_pack("{s:s,s:s,s:b}", "person_id", person_id, "other_id", other_id, "set_aside", 1));
}

void api_merges_create(struct request *req)
{
    const char *kept_id, *merged_id, *reason;
    if (!input_record_id(req, "kept_id", &kept_id) || !input_record_id(req, "merged_id", &merged_id) ||
        (reason = input_required_string(req, "reason", REASON_MAX_BYTES)) == NULL)
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person_merge merge;
    struct merge_problem problem;
    enum domain_status status = merge_people(&ctx, kept_id, merged_id, reason, &merge, &problem);
    if (status == DOMAIN_OK)
        respond_json(req, 201, merge_json(&merge));
    else
        respond_refusal(req, status, &problem, "person");
}

void api_merges_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person_merge merge;
    enum domain_status status = merge_read(&ctx, request_param(req, "id"), &merge);
    if (status == DOMAIN_OK)
        respond_json(req, 200, merge_json(&merge));
    else
        respond_domain_failure(req, status, "merge");
}

void api_merges_undo(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person_merge merge;
    struct merge_problem problem;
    enum domain_status status = merge_undo(&ctx, request_param(req, "id"), &merge, &problem);
    if (status == DOMAIN_OK)
        respond_json(req, 200, merge_json(&merge));
    else
        respond_refusal(req, status, &problem, "merge");
}
