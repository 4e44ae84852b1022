/* GET /api/v1/agencies/{id}/users: the ids and names of an agency's active
 * users, a page at a time, for choosing who does an action. The access
 * policy's staff-list table decides who may ask (domain/staff.c audits
 * it); nothing else about a user is shown. */
#include "api/staff.h"

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "domain/staff.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

void api_agency_users_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct staff_member *found = arena_alloc(req->arena, sizeof *found * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status =
        staff_list(&ctx, request_param(req, "id"), request_query(req, "cursor"), limit, found, &count, &next);
    if (status == DOMAIN_CONFLICT) {
        input_refuse(req, "cursor", "must be the next_cursor of a page of this list");
        return;
    }
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "agency");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, json_pack("{s:s,s:s}", "id", found[i].id, "name", found[i].name));
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}
