/* Break-glass, alerts and per-record audit handlers; see oversight.h. */
#include "api/oversight.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/access_purposes.h"
#include "api/guard.h"
#include "api/input.h"
#include "api/render.h"
#include "auth/access.h"
#include "domain/operation.h"
#include "domain/oversight.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/clock.h"

#define BREAK_GLASS_SECONDS (60 * 60)
#define REASON_MIN_BYTES 10
#define REASON_MAX_BYTES 2000

static void respond_refused(struct request *req)
{
    respond_error(req, 403, "forbidden", "your role may not do this", NULL);
}

void api_break_glass_create(struct request *req)
{
    static const char *const record_types[] = {"person"};
    const char *record_type, *record_id, *reason;
    if (!input_choice(req, "record_type", record_types, 1, true, &record_type) ||
        !(record_id = input_required_string(req, "record_id", 64)) ||
        !(reason = input_required_string(req, "reason", REASON_MAX_BYTES)))
        return;
    if (strlen(reason) < REASON_MIN_BYTES) {
        respond_error(req, 400, "invalid_field", "reason must say why, in at least 10 characters", "reason");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    /* An allowed break-glass is audited once, with its reason, when granted
     * below; a refused one is audited here. */
    if (!access_capability(ctx.conn, ctx.arena, &ctx.caller, CAPABILITY_BREAK_GLASS, NULL, NULL, NULL).allowed) {
        access_capability(ctx.conn, ctx.arena, &ctx.caller, CAPABILITY_BREAK_GLASS, "break_glass", record_type,
                          record_id);
        respond_refused(req);
        return;
    }
    struct record_ref ref;
    if (!person_record_ref(&ctx, record_id, &ref)) {
        respond_error(req, 404, "not_found", "no such record", "record_id");
        return;
    }
    int64_t expires_at = 0;
    if (access_break_glass(ctx.conn, ctx.arena, &ctx.caller, record_type, record_id, reason, BREAK_GLASS_SECONDS,
                           &expires_at) != STORE_OK) {
        respond_error(req, 503, "unavailable", "break-glass access could not be recorded, so it was not granted", NULL);
        return;
    }
    char expires[CLOCK_TEXT_SIZE];
    clock_format(expires_at, expires);
    respond_json(req, 201, json_pack("{s:s,s:s,s:s}", "record_type", record_type, "record_id", record_id,
                                     "expires_at", expires));
}

void api_alerts_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    if (!access_capability(ctx.conn, ctx.arena, &ctx.caller, CAPABILITY_READ_AUDIT, "read", "alerts", NULL).allowed) {
        respond_refused(req);
        return;
    }
    /* The cursor is the last item's "created_at|id". */
    const char *cursor = request_query(req, "cursor");
    const char *bar = cursor ? strchr(cursor, '|') : NULL;
    const char *after_time = bar ? arena_strndup(req->arena, cursor, (size_t)(bar - cursor)) : NULL;
    const char *after_id = bar ? bar + 1 : NULL;
    struct store_result r;
    if (oversight_alerts(&ctx, after_time, after_id, limit + 1, &r) != STORE_OK) {
        respond_error(req, 503, "unavailable", "alerts could not be read", NULL);
        return;
    }
    const char *next = NULL;
    if (r.rows > limit) {
        r.rows = limit;
        next = arena_printf(req->arena, "%s|%s", store_cell_text(&r, limit - 1, "created_at"),
                            store_cell_text(&r, limit - 1, "id"));
    }
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", render_rows(&r), "next_cursor", next));
}

void api_people_audit(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    const char *id = request_param(req, "id");
    if (!access_capability(ctx.conn, ctx.arena, &ctx.caller, CAPABILITY_READ_AUDIT, NULL, NULL, NULL).allowed) {
        respond_refused(req);
        return;
    }
    struct person person;
    if (person_read(&ctx, id, &person) != DOMAIN_OK) {
        respond_error(req, 404, "not_found", "no such person, or not one you may see", NULL);
        return;
    }
    /* The cursor is the last event's sequence number. */
    const char *cursor = request_query(req, "cursor");
    long long before = cursor ? strtoll(cursor, NULL, 10) : 0;
    int64_t below = before > 0 ? before : INT64_MAX;
    struct store_result r;
    if (oversight_person_events(&ctx, id, below, limit + 1, &r) != STORE_OK) {
        respond_error(req, 503, "unavailable", "the audit log could not be read", NULL);
        return;
    }
    const char *next = NULL;
    if (r.rows > limit) {
        r.rows = limit;
        next = arena_printf(req->arena, "%lld", (long long)store_cell_int(&r, limit - 1, "seq"));
    }
    json_t *items = render_rows(&r);
    if (!api_access_purposes_annotate(&ctx, id, items)) {
        json_decref(items);
        respond_error(req, 503, "unavailable", "the audit log could not be read", NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}
