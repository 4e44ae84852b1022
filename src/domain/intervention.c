/* Contextual interventions; see intervention.h. */
#include "domain/intervention.h"

#include "domain/context.h"
#include "domain/person.h"
#include "util/arena.h"

const char *const intervention_statuses[] = {"planned", "active", "ended"};
const int intervention_status_count = 3;

/* The fields of both kinds, but for the column naming what it is about. */
#define INTERVENTION_FIELDS(subject)                                                                                   \
    {                                                                                                                  \
        [INTERVENTION_CONTEXT_ID] = {subject, FIELD_TEXT, true}, [INTERVENTION_TYPE] = {"type", FIELD_TEXT, true},     \
        [INTERVENTION_LEAD_AGENCY_ID] = {"lead_agency_id", FIELD_TEXT, true},                                          \
        [INTERVENTION_STARTED_ON] = {"started_on", FIELD_TEXT, true},                                                  \
        [INTERVENTION_ENDED_ON] = {"ended_on", FIELD_TEXT, false}, [INTERVENTION_STATUS] = {"status", FIELD_TEXT, true}, \
        [INTERVENTION_DESCRIPTION] = {"description", FIELD_TEXT, true},                                                \
        [INTERVENTION_OUTCOME] = {"outcome", FIELD_TEXT, false}, [INTERVENTION_SHARING] = {"sharing", FIELD_TEXT, true}, \
    }

static const struct record_field intervention_fields[INTERVENTION_FIELD_COUNT] = INTERVENTION_FIELDS("context_id");

/* The search key holds no free text: the start date and the kind. */
static const char *intervention_search_text(struct arena *arena, const char *const *values)
{
    return arena_printf(arena, "%s %s", values[INTERVENTION_STARTED_ON], values[INTERVENTION_TYPE]);
}

const struct record_kind intervention_kind = {
    .table = "interventions",
    .record_type = "intervention",
    .fields = intervention_fields,
    .field_count = INTERVENTION_FIELD_COUNT,
    .sharing_field = INTERVENTION_SHARING,
    .about_a_person = false,
    .person_field = -1,
    .search_text = intervention_search_text,
};

static const struct record_field person_intervention_fields[INTERVENTION_FIELD_COUNT] = INTERVENTION_FIELDS("person_id");

const struct record_kind person_intervention_kind = {
    .table = "person_interventions",
    .record_type = "person_intervention",
    .fields = person_intervention_fields,
    .field_count = INTERVENTION_FIELD_COUNT,
    .sharing_field = INTERVENTION_SHARING,
    .about_a_person = false,
    .person_field = INTERVENTION_CONTEXT_ID,
    .search_text = intervention_search_text,
};

bool intervention_subject_visible(struct domain_context *ctx, const struct record *r)
{
    return record_visible(ctx, &context_kind, r->values[INTERVENTION_CONTEXT_ID]);
}

bool person_intervention_subject_visible(struct domain_context *ctx, const struct record *r)
{
    return record_visible(ctx, &person_kind, r->values[INTERVENTION_CONTEXT_ID]);
}

static record_filter subject_filter(const struct record_kind *kind)
{
    return kind == &person_intervention_kind ? person_intervention_subject_visible : intervention_subject_visible;
}

enum domain_status intervention_create(struct domain_context *ctx, const struct record_kind *kind,
                                       const struct record_input *in, struct record *out)
{
    struct record candidate = {0};
    candidate.values[INTERVENTION_CONTEXT_ID] = in->values[INTERVENTION_CONTEXT_ID];
    if (!subject_filter(kind)(ctx, &candidate))
        return DOMAIN_NOT_FOUND;
    enum domain_status status = record_create(ctx, kind, in, out);
    return status == DOMAIN_OK ? record_finish(ctx, STORE_OK) : status;
}

enum domain_status intervention_read(struct domain_context *ctx, const char *id, struct record *out,
                                     const struct record_kind **kind)
{
    *kind = record_exists(ctx, &intervention_kind, id, NULL)          ? &intervention_kind
            : record_exists(ctx, &person_intervention_kind, id, NULL) ? &person_intervention_kind
                                                                 : NULL;
    return *kind != NULL ? record_read_naming(ctx, *kind, id, subject_filter(*kind), out) : DOMAIN_NOT_FOUND;
}

enum domain_status intervention_update(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                                       const struct record_input *in, struct record *out)
{
    struct record current;
    if (record_read_naming(ctx, kind, id, subject_filter(kind), &current) != DOMAIN_OK)
        return DOMAIN_NOT_FOUND;
    enum domain_status status = record_begin_write(ctx, kind, id, "update", out);
    if (status != DOMAIN_OK)
        return status;
    status = record_update_fields(ctx, kind, in, out);
    return record_finish(ctx, status == DOMAIN_OK ? STORE_OK : STORE_ERROR);
}

enum domain_status intervention_list(struct domain_context *ctx, const char *context_id, const char *cursor, int limit,
                                     struct record *out, int *count, const char **next)
{
    const struct store_value p[] = {store_text(context_id)};
    return record_list_newest(ctx, &intervention_kind, "r.context_id = ?", p, 1, intervention_subject_visible, cursor,
                              limit, out, count, next);
}

enum domain_status person_intervention_list(struct domain_context *ctx, const char *person_id, const char *cursor,
                                            int limit, struct record *out, int *count, const char **next)
{
    const struct store_value p[] = {store_text(person_id)};
    return record_list_newest(ctx, &person_intervention_kind, "r.person_id = ?", p, 1,
                              person_intervention_subject_visible, cursor, limit, out, count, next);
}
