/* Handlers and the gate for the purpose of access; see access_purposes.h.
 * The list is kept as domain/access_purpose.c keeps it (capability
 * checked and audited there); choices belong to a signed-in session. */
#include "api/access_purposes.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "auth/release.h"
#include "auth/session.h"
#include "domain/access_purpose.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "util/arena.h"
#include "util/ids.h"

#define SORT_ORDER_MAX 10000
#define CODE_CHARACTERS "abcdefghijklmnopqrstuvwxyz0123456789_"

static const char *const record_types[] = {"person"};

/* The routes that open a person's record (the person page's own reads,
 * and a change, which answers with the whole record): a purpose is
 * required before them where the caller's agency requires one. Lists,
 * searches and the network are not. */
static const struct {
    const char *method, *pattern;
} opening_routes[] = {
    {"GET", "/api/v1/people/{id}"},           {"GET", "/api/v1/people/{id}/chronology"},
    {"GET", "/api/v1/people/{id}/links"},     {"GET", "/api/v1/people/{id}/interventions"},
    {"GET", "/api/v1/people/{id}/duplicates"}, {"PATCH", "/api/v1/people/{id}"},
};

/* 503 for a read of the purposes (or the session's choices) that failed. */
static void respond_unavailable(struct request *req)
{
    respond_error(req, 503, "unavailable", "the purposes of access could not be read; try again", NULL);
}

/* ---- the list ----------------------------------------------------------- */

/* The rows as JSON, each with "retired" and "in_use" (stated at least
 * once, so never deleted) beside their dates. */
static json_t *purposes_json(struct store_result *r)
{
    json_t *items = render_rows(r);
    size_t i;
    json_t *item;
    json_array_foreach (items, i, item) {
        json_object_set_new(item, "retired", json_boolean(!json_is_null(json_object_get(item, "retired_at"))));
        json_object_set_new(item, "in_use", json_boolean(!json_is_null(json_object_get(item, "used_at"))));
    }
    return items;
}

void api_access_purposes_list(struct request *req)
{
    const char *retired = request_query(req, "include_retired");
    if (retired != NULL && strcmp(retired, "true") != 0 && strcmp(retired, "false") != 0) {
        respond_error(req, 400, "invalid_field", "include_retired must be true or false", "include_retired");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct store_result r;
    bool required = false;
    if (access_purpose_list(&ctx, retired != NULL && strcmp(retired, "true") == 0, &r) != STORE_OK ||
        access_purpose_required(&ctx, ctx.caller.agency_id, &required) != STORE_OK) {
        respond_unavailable(req);
        return;
    }
    respond_json(req, 200, json_pack("{s:o,s:b}", "items", purposes_json(&r), "required", required));
}

static void respond_purpose(struct request *req, struct domain_context *ctx, unsigned status, const char *code)
{
    struct store_result r;
    if (!access_purpose_find(ctx, code, &r)) {
        respond_domain_failure(req, DOMAIN_NOT_FOUND, "purpose");
        return;
    }
    json_t *items = request_own_json(req, purposes_json(&r));
    respond_json(req, status, json_incref(json_array_get(items, 0)));
}

/* An optional whole number from 0 to SORT_ORDER_MAX; *out stays -1 when absent. */
static bool read_sort_order(struct request *req, int *out)
{
    json_t *value = json_object_get(req->json, "sort_order");
    *out = -1;
    if (value == NULL || json_is_null(value))
        return true;
    if (!json_is_integer(value) || json_integer_value(value) < 0 || json_integer_value(value) > SORT_ORDER_MAX)
        return input_refuse(req, "sort_order", "must be a whole number from 0 to 10000");
    *out = (int)json_integer_value(value);
    return true;
}

/* An optional true or false into *out (-1 when absent); required answers
 * 400 when it is absent. */
static bool read_boolean(struct request *req, const char *field, bool required, int *out)
{
    json_t *value = json_object_get(req->json, field);
    *out = -1;
    if (value == NULL || json_is_null(value)) {
        if (required)
            respond_error(req, 400, "missing_field", arena_printf(req->arena, "%s is required", field), field);
        return !required;
    }
    if (!json_is_boolean(value))
        return input_refuse(req, field, "must be true or false");
    *out = json_is_true(value) ? 1 : 0;
    return true;
}

/* A new purpose's code: lower-case letters, digits and underscores, and
 * not a word the routes below /api/v1/access-purposes/ use. */
static bool read_code(struct request *req, const char **out)
{
    if (!(*out = input_required_string(req, "code", ACCESS_PURPOSE_CODE_MAX)))
        return false;
    if (strspn(*out, CODE_CHARACTERS) != strlen(*out))
        return input_refuse(req, "code", "must be lower-case letters, digits and underscores");
    if (strcmp(*out, "choices") == 0 || strcmp(*out, "agencies") == 0)
        return input_refuse(req, "code", "must not be \"choices\" or \"agencies\" (their addresses are taken)");
    return true;
}

void api_access_purposes_create(struct request *req)
{
    const char *code, *label;
    int sort_order;
    if (!read_code(req, &code) || !(label = input_required_string(req, "label", ACCESS_PURPOSE_LABEL_MAX)) ||
        !read_sort_order(req, &sort_order))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    enum domain_status status = access_purpose_create(&ctx, code, label, sort_order);
    if (status == DOMAIN_CONFLICT)
        respond_error(req, 409, "conflict", "a purpose with that code exists already", "code");
    else if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "purpose");
    else
        respond_purpose(req, &ctx, 201, code);
}

void api_access_purposes_update(struct request *req)
{
    struct access_purpose_change change;
    if (!input_optional_string(req, "label", ACCESS_PURPOSE_LABEL_MAX, &change.label) ||
        !read_sort_order(req, &change.sort_order) || !read_boolean(req, "retired", false, &change.retired))
        return;
    if (json_object_get(req->json, "code") != NULL) {
        respond_error(req, 400, "invalid_field", "code cannot change: add a purpose and retire this one", "code");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    const char *code = request_param(req, "code");
    enum domain_status status = access_purpose_update(&ctx, code, &change);
    if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "purpose");
    else
        respond_purpose(req, &ctx, 200, code);
}

void api_access_purposes_delete(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    enum domain_status status = access_purpose_delete(&ctx, request_param(req, "code"));
    if (status == DOMAIN_OK)
        respond_no_content(req);
    else if (status == DOMAIN_CONFLICT)
        respond_error(req, 409, "purpose_in_use",
                      "this purpose has been stated, and audit events name it: retire it instead", NULL);
    else
        respond_domain_failure(req, status, "purpose");
}

/* ---- choices ------------------------------------------------------------ */

/* The session's token hash, or NULL after answering 403 for an API token
 * (a token states its purpose with each request instead). */
static const char *session_of(struct request *req)
{
    const char *hash = req->session->token_hash;
    if (hash == NULL)
        respond_error(req, 403, "session_required",
                      "purposes are chosen in a signed-in session; an API token states its purpose in the "
                      "Cshub-Purpose header of each request",
                      "Authorization");
    return hash;
}

void api_access_purpose_choices_list(struct request *req)
{
    const char *record_id = request_query(req, "record_id");
    if (record_id != NULL && !id_is_valid(record_id)) {
        respond_error(req, 400, "invalid_field", "record_id must be a record id", "record_id");
        return;
    }
    const char *session = session_of(req);
    if (session == NULL)
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct store_result r;
    if (access_purpose_choices(&ctx, session, record_id, &r) != STORE_OK) {
        respond_unavailable(req);
        return;
    }
    respond_json(req, 200, json_pack("{s:o}", "items", render_rows(&r)));
}

/* 409: a purpose was chosen for the record in this session already. */
static void respond_already_chosen(struct request *req, struct domain_context *ctx, const char *existing)
{
    struct store_result r;
    const char *label = access_purpose_find(ctx, existing, &r) ? store_cell_text(&r, 0, "label") : existing;
    const char *message = arena_printf(req->arena,
                                       "a purpose was chosen for this record in this session already (%s); it "
                                       "stands until the session ends, and cannot be changed",
                                       label);
    respond_json(req, 409, json_pack("{s:{s:s,s:s,s:s},s:s}", "error", "code", "purpose_already_chosen", "message",
                                     message, "field", "purpose", "purpose", existing));
}

void api_access_purpose_choices_create(struct request *req)
{
    const char *record_type, *record_id, *purpose;
    if (!input_choice(req, "record_type", record_types, 1, true, &record_type) ||
        !input_record_id(req, "record_id", &record_id) ||
        !(purpose = input_required_string(req, "purpose", ACCESS_PURPOSE_CODE_MAX)))
        return;
    const char *session = session_of(req);
    if (session == NULL)
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    if (!access_purpose_usable(&ctx, purpose)) {
        input_refuse(req, "purpose", "is not a purpose that may be chosen (unknown or retired)");
        return;
    }
    const char *existing = NULL;
    enum domain_status status = access_purpose_choose(&ctx, session, record_type, record_id, purpose, &existing);
    if (status == DOMAIN_CONFLICT) {
        respond_already_chosen(req, &ctx, existing);
        return;
    }
    struct store_result r;
    if (status != DOMAIN_OK || access_purpose_choices(&ctx, session, record_id, &r) != STORE_OK || r.rows != 1) {
        respond_domain_failure(req, status == DOMAIN_OK ? DOMAIN_UNAVAILABLE : status, "choice of purpose");
        return;
    }
    json_t *items = request_own_json(req, render_rows(&r));
    respond_json(req, 201, json_incref(json_array_get(items, 0)));
}

/* ---- agencies' setting --------------------------------------------------- */

static json_t *agencies_json(struct store_result *r)
{
    json_t *items = render_rows(r);
    size_t i;
    json_t *item;
    json_array_foreach (items, i, item)
        json_object_set_new(item, "purpose_required",
                            json_boolean(json_integer_value(json_object_get(item, "purpose_required")) == 1));
    return items;
}

void api_access_purpose_agencies_list(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct store_result r;
    enum domain_status status = access_purpose_agencies(&ctx, &r);
    if (status != DOMAIN_OK)
        respond_domain_failure(req, status, "agency");
    else
        respond_json(req, 200, json_pack("{s:o}", "items", agencies_json(&r)));
}

void api_access_purpose_agencies_update(struct request *req)
{
    int required;
    if (!read_boolean(req, "purpose_required", true, &required))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    const char *id = request_param(req, "id");
    enum domain_status status = id_is_valid(id) ? access_purpose_set_required(&ctx, id, required == 1) : DOMAIN_NOT_FOUND;
    struct store_result r;
    if (status == DOMAIN_OK)
        status = access_purpose_agencies(&ctx, &r);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "agency");
        return;
    }
    json_t *items = request_own_json(req, agencies_json(&r));
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *item = json_array_get(items, i);
        if (strcmp(json_string_value(json_object_get(item, "id")), id) == 0) {
            respond_json(req, 200, json_incref(item));
            return;
        }
    }
    respond_domain_failure(req, DOMAIN_NOT_FOUND, "agency");
}

/* ---- the gate ------------------------------------------------------------- */

/* The person whose record the request opens, or NULL when it opens none
 * (or the caller's role reads no one's record: the handler refuses it). */
static const char *opened_person(const struct request *req)
{
    if (req->route == NULL || !user_role_reads_records(req->session->user.role))
        return NULL;
    for (size_t i = 0; i < sizeof opening_routes / sizeof opening_routes[0]; i++)
        if (strcmp(req->route->method, opening_routes[i].method) == 0 &&
            strcmp(req->route->pattern, opening_routes[i].pattern) == 0) {
            const char *id = request_param(req, "id");
            return id != NULL && id_is_valid(id) ? id : NULL;
        }
    return NULL;
}

/* Checks the purpose an API token states (answering 400 naming the header
 * when it is not one that may be chosen) and records it as stated. */
static bool check_stated(struct request *req, struct domain_context *ctx, const char *stated)
{
    struct store_result r;
    if (strlen(stated) > ACCESS_PURPOSE_CODE_MAX || !access_purpose_find(ctx, stated, &r) ||
        store_cell_text(&r, 0, "retired_at") != NULL) {
        respond_error(req, 400, "invalid_field",
                      ACCESS_PURPOSE_HEADER " is not a purpose that may be chosen (unknown or retired): give the code "
                                            "of one listed by GET /api/v1/access-purposes",
                      ACCESS_PURPOSE_HEADER);
        return false;
    }
    if (store_cell_text(&r, 0, "used_at") == NULL && access_purpose_mark_used(ctx, stated) != STORE_OK) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "purpose");
        return false;
    }
    return true;
}

/* 428: the purposes to choose from and how to state one. */
static void respond_purpose_required(struct request *req, struct domain_context *ctx, const char *person_id,
                                     bool token)
{
    struct store_result r;
    if (access_purpose_list(ctx, false, &r) != STORE_OK) {
        respond_unavailable(req);
        return;
    }
    const char *message = token ? "state why this record is opened: send the code of a purpose in the "
                                  "Cshub-Purpose header"
                                : "choose why you are opening this record (the purpose of access) before it is "
                                  "shown: POST /api/v1/access-purposes/choices";
    json_t *purposes = json_array();
    for (int i = 0; i < r.rows; i++)
        json_array_append_new(purposes, json_pack("{s:s,s:s}", "code", store_cell_text(&r, i, "code"), "label",
                                                  store_cell_text(&r, i, "label")));
    respond_json(req, 428, json_pack("{s:{s:s,s:s,s:s},s:s,s:s,s:o}", "error", "code", "purpose_required", "message",
                                     message, "field", "purpose", "record_type", "person", "record_id", person_id,
                                     "purposes", purposes));
}

bool api_access_purpose_gate(struct request *req)
{
    bool token = req->session->token_hash == NULL;
    const char *stated = token ? request_header(req, ACCESS_PURPOSE_HEADER) : NULL;
    const char *person = opened_person(req);
    if (stated == NULL && person == NULL)
        return true;
    struct domain_context ctx;
    api_context(req, &ctx);
    if (stated != NULL)
        return check_stated(req, &ctx, stated);
    bool required = false;
    const char *chosen = NULL;
    if (access_purpose_required(&ctx, ctx.caller.agency_id, &required) != STORE_OK ||
        (required && !token &&
         access_purpose_chosen(&ctx, req->session->token_hash, "person", person, &chosen) != STORE_OK)) {
        respond_unavailable(req);
        return false;
    }
    if (!required || chosen != NULL)
        return true;
    respond_purpose_required(req, &ctx, person, token);
    return false;
}

void api_access_purpose_source(struct request *req, struct audit_release *release)
{
    const struct session *session = req->session;
    if (session == NULL)
        return;
    audit_release_set_purpose_source(release, session->token_hash,
                                     session->token_hash == NULL ? request_header(req, ACCESS_PURPOSE_HEADER) : NULL);
}

/* ---- the audit view ------------------------------------------------------- */

bool api_access_purposes_annotate(struct domain_context *ctx, const char *person_id, json_t *items)
{
    size_t count = json_array_size(items);
    int64_t *seqs = arena_alloc(ctx->arena, sizeof *seqs * (count + 1));
    const char **codes = arena_alloc(ctx->arena, sizeof *codes * (count + 1));
    const char **labels = arena_alloc(ctx->arena, sizeof *labels * (count + 1));
    for (size_t i = 0; i < count; i++)
        seqs[i] = json_integer_value(json_object_get(json_array_get(items, i), "seq"));
    if (access_purpose_of_events(ctx, "person", person_id, seqs, (int)count, codes, labels) != STORE_OK)
        return false;
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_array_get(items, i);
        json_object_set_new(item, "purpose", codes[i] ? json_string(codes[i]) : json_null());
        json_object_set_new(item, "purpose_label", labels[i] ? json_string(labels[i]) : json_null());
    }
    return true;
}
