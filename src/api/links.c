/* Links handlers: validate each field (naming it), code the link type with
 * its current definition version, and call domain/link.c, which shows a
 * link only with both its ends visible to the caller. */
#include "api/links.h"

#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/context.h"
#include "domain/definition.h"
#include "domain/link.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

static bool read_code(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, 64)) != NULL;
}

static bool read_server_set(struct request *req, const char *field, const char **out)
{
    (void)out;
    return input_refuse(req, field, strcmp(field, "source_concern_id") == 0
                                        ? "is set by cshub when a concern places a young person at a context"
                                        : "is set by cshub from the current definition");
}

static bool read_date(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_past_date(req, field)) != NULL;
}

static bool read_confidence(struct request *req, const char *field, const char **out)
{
    return input_choice(req, field, link_confidences, link_confidence_count, true, out);
}

static bool read_notes(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, 2000)) != NULL;
}

static const input_field_reader readers[LINK_FIELD_COUNT] = {
    [LINK_TYPE] = read_code,
    [LINK_TYPE_VERSION] = read_server_set,
    [LINK_PERSON_ID] = input_record_id,
    [LINK_TO_PERSON_ID] = input_record_id,
    [LINK_TO_CONTEXT_ID] = input_record_id,
    [LINK_FIRST_SEEN] = read_date,
    [LINK_LAST_SEEN] = read_date,
    [LINK_CONFIDENCE] = read_confidence,
    [LINK_NOTES] = read_notes,
    [LINK_SHARING] = input_sharing,
    [LINK_SOURCE_CONCERN_ID] = read_server_set,
};

/* Fields that say what a link is between: fixed once it exists. */
static const int fixed_on_update[] = {LINK_TYPE, LINK_PERSON_ID, LINK_TO_PERSON_ID, LINK_TO_CONTEXT_ID};

static bool check_dates(struct request *req, const char *first, const char *last)
{
    return first == NULL || last == NULL || strcmp(first, last) <= 0 ||
           input_refuse(req, "last_seen", "must not be before first_seen");
}

void api_links_create(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    if (json_object_get(req->json, "link_type_version") != NULL) {
        read_server_set(req, "link_type_version", NULL);
        return;
    }
    if (!input_record_fields(req, &link_kind, readers, NULL, true, &in))
        return;
    const char *to_person = in.values[LINK_TO_PERSON_ID], *to_context = in.values[LINK_TO_CONTEXT_ID];
    if ((to_person == NULL) == (to_context == NULL)) {
        input_refuse(req, "to_person_id", "or to_context_id must be given, and not both");
        return;
    }
    if (to_person != NULL && strcmp(to_person, in.values[LINK_PERSON_ID]) == 0) {
        input_refuse(req, "to_person_id", "must be someone else");
        return;
    }
    if (!check_dates(req, in.values[LINK_FIRST_SEEN], in.values[LINK_LAST_SEEN]))
        return;
    const char *term = NULL;
    int version = definition_current_version(&ctx, "link_type", in.values[LINK_TYPE], &term);
    if (version == 0) {
        input_refuse(req, "link_type", "must be the code of a link type in the shared definitions");
        return;
    }
    in.present[LINK_TYPE_VERSION] = true;
    in.values[LINK_TYPE_VERSION] = arena_printf(req->arena, "%d", version);
    struct record r;
    enum domain_status status = link_create(&ctx, &in, &r);
    if (status == DOMAIN_OK)
        respond_json(req, 201, record_json(&link_kind, &r));
    else
        respond_domain_failure(req, status, status == DOMAIN_NOT_FOUND ? "person or context" : "link");
}

void api_links_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record r;
    enum domain_status status = link_read(&ctx, request_param(req, "id"), &r);
    if (status == DOMAIN_OK)
        respond_json(req, 200, record_json(&link_kind, &r));
    else
        respond_domain_failure(req, status, "link");
}

void api_links_update(struct request *req)
{
    for (size_t i = 0; i < sizeof fixed_on_update / sizeof fixed_on_update[0]; i++) {
        const char *name = link_kind.fields[fixed_on_update[i]].name;
        if (json_object_get(req->json, name) != NULL) {
            input_refuse(req, name, "cannot change: record a new link instead");
            return;
        }
    }
    if (json_object_get(req->json, "link_type_version") != NULL) {
        read_server_set(req, "link_type_version", NULL);
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record_input in = {0};
    if (!input_record_fields(req, &link_kind, readers, NULL, false, &in))
        return;
    struct record current;
    if (link_read(&ctx, request_param(req, "id"), &current) != DOMAIN_OK) {
        respond_domain_failure(req, DOMAIN_NOT_FOUND, "link");
        return;
    }
    const char *first = in.present[LINK_FIRST_SEEN] ? in.values[LINK_FIRST_SEEN] : current.values[LINK_FIRST_SEEN];
    const char *last = in.present[LINK_LAST_SEEN] ? in.values[LINK_LAST_SEEN] : current.values[LINK_LAST_SEEN];
    if (!check_dates(req, first, last))
        return;
    struct record r;
    enum domain_status status = record_begin_write(&ctx, &link_kind, current.id, "update", &r);
    if (status == DOMAIN_OK)
        status = record_finish(&ctx, record_update_fields(&ctx, &link_kind, &in, &r) == DOMAIN_OK ? STORE_OK
                                                                                                   : STORE_ERROR);
    if (status == DOMAIN_OK)
        respond_json(req, 200, record_json(&link_kind, &r));
    else
        respond_domain_failure(req, status, "link");
}

/* The links of a subject the caller may read (the subject's read is audited). */
static void respond_links_of(struct request *req, const struct record_kind *kind)
{
    int limit;
    struct domain_context ctx;
    struct record subject;
    if (!read_list_subject(req, kind, &ctx, &limit, &subject))
        return;
    struct record *links = arena_alloc(req->arena, sizeof *links * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status = link_list_for(&ctx, subject.id, request_query(req, "cursor"), limit, links, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "link");
        return;
    }
    respond_json(req, 200, record_page_json(&link_kind, links, count, next));
}

void api_people_links(struct request *req)
{
    respond_links_of(req, &person_kind);
}

void api_contexts_links(struct request *req)
{
    respond_links_of(req, &context_kind);
}
