/* Chronology handlers: read the subject (audited; 404 if the caller may
 * not), then its entries from domain/chronology.c. */
#include "api/chronology.h"

#include <string.h>

#include "api/concerns.h"
#include "api/disruptions.h"
#include "api/guard.h"
#include "api/input.h"
#include "api/interventions.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/chronology.h"
#include "domain/concern.h"
#include "domain/context.h"
#include "domain/disruption.h"
#include "domain/intervention.h"
#include "domain/link.h"
#include "domain/person.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

/* A link with "other_end": the person or context at its other end from
 * the subject, summarised (the caller may see both ends, or the link would
 * not be shown). */
static json_t *link_json_from(struct domain_context *ctx, const struct record *link, const char *subject_id)
{
    const char *from = link->values[LINK_PERSON_ID], *to_person = link->values[LINK_TO_PERSON_ID];
    const char *other = strcmp(from, subject_id) != 0 ? from : to_person ? to_person : link->values[LINK_TO_CONTEXT_ID];
    bool other_is_context = other == link->values[LINK_TO_CONTEXT_ID];
    json_t *summary = subject_summary_json(ctx, other_is_context ? &context_kind : &person_kind, other);
    if (json_is_object(summary))
        json_object_set_new(summary, "type", json_string(other_is_context ? "context" : "person"));
    json_t *json = record_json(&link_kind, link);
    json_object_set_new(json, "other_end", summary);
    return json;
}

static json_t *entry_json(struct domain_context *ctx, const struct chronology_entry *e, const char *subject_id)
{
    bool is_disruption = e->kind == &disruption_kind || e->kind == &context_disruption_kind;
    json_t *record = e->kind == &concern_kind ? concern_json_with_subjects(ctx, &e->record)
                     : e->kind == &link_kind  ? link_json_from(ctx, &e->record, subject_id)
                     : e->kind == &intervention_kind ? intervention_json(ctx, &e->record)
                     : is_disruption ? disruption_json(ctx, &e->record)
                                              : record_json(e->kind, &e->record);
    /* One type for disruption, whichever its target. */
    return json_pack("{s:s,s:s,s:o}", "type", is_disruption ? "disruption" : e->kind->record_type, "date", e->date,
                     "record", record);
}

static void respond_chronology(struct request *req, const struct record_kind *subject_kind)
{
    int limit;
    struct domain_context ctx;
    struct record subject;
    if (!read_list_subject(req, subject_kind, &ctx, &limit, &subject))
        return;
    struct chronology_entry *entries = arena_alloc(req->arena, sizeof *entries * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status = chronology_of(&ctx, subject_kind, subject.id, request_query(req, "cursor"), limit, entries, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "chronology");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, entry_json(&ctx, &entries[i], subject.id));
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}

void api_people_chronology(struct request *req)
{
    respond_chronology(req, &person_kind);
}

void api_contexts_chronology(struct request *req)
{
    respond_chronology(req, &context_kind);
}
