/* Uniform answers for domain failures; see outcome.h. */
#include "api/outcome.h"

#include "api/guard.h"
#include "api/input.h"
#include "domain/record.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

void respond_domain_failure(struct request *req, enum domain_status status, const char *what)
{
    switch (status) {
    case DOMAIN_NOT_FOUND:
        respond_error(req, 404, "not_found", arena_printf(req->arena, "no such %s, or not one you may see", what), NULL);
        return;
    case DOMAIN_FORBIDDEN:
        respond_error(req, 403, "forbidden", "your role may not do this", NULL);
        return;
    case DOMAIN_CONFLICT:
        respond_error(req, 409, "conflict", arena_printf(req->arena, "that %s exists already", what), NULL);
        return;
    case DOMAIN_FULL:
        respond_error(req, 409, "limit_reached", arena_printf(req->arena, "no more of this %s may be added", what), NULL);
        return;
    case DOMAIN_OK:
    case DOMAIN_UNAVAILABLE:
        break;
    }
    respond_error(req, 503, "unavailable", "the change could not be saved; nothing was changed", NULL);
}

bool read_path_subject(struct request *req, const struct record_kind *kind, struct domain_context *ctx,
                       struct record *subject)
{
    api_context(req, ctx);
    enum domain_status status = record_read(ctx, kind, request_param(req, "id"), subject);
    if (status != DOMAIN_OK)
        respond_domain_failure(req, status, kind->record_type);
    return status == DOMAIN_OK;
}

bool read_list_subject(struct request *req, const struct record_kind *kind, struct domain_context *ctx, int *limit,
                       struct record *subject)
{
    return input_limit(req, limit) && read_path_subject(req, kind, ctx, subject);
}

void respond_subject_list(struct request *req, const struct record_kind *subject_kind, subject_list_fn list,
                          record_json_fn render, const char *what)
{
    int limit;
    struct domain_context ctx;
    struct record subject;
    if (!read_list_subject(req, subject_kind, &ctx, &limit, &subject))
        return;
    struct record *found = arena_alloc(req->arena, sizeof *found * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status = list(&ctx, subject.id, request_query(req, "cursor"), limit, found, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, what);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, render(&ctx, &found[i]));
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}
