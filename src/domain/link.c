/* Links; see link.h. */
#include "domain/link.h"

#include <string.h>

#include "domain/context.h"
#include "domain/person.h"
#include "util/arena.h"

const char *const link_confidences[] = {"confirmed", "reported", "intelligence"};
const int link_confidence_count = sizeof link_confidences / sizeof link_confidences[0];

static const struct record_field link_fields[LINK_FIELD_COUNT] = {
    [LINK_TYPE] = {"link_type", FIELD_TEXT, true},
    [LINK_TYPE_VERSION] = {"link_type_version", FIELD_INTEGER, false}, /* set from the definitions */
    [LINK_PERSON_ID] = {"person_id", FIELD_TEXT, true},
    [LINK_TO_PERSON_ID] = {"to_person_id", FIELD_TEXT, false},
    [LINK_TO_CONTEXT_ID] = {"to_context_id", FIELD_TEXT, false},
    [LINK_FIRST_SEEN] = {"first_seen", FIELD_TEXT, false},
    [LINK_LAST_SEEN] = {"last_seen", FIELD_TEXT, false},
    [LINK_CONFIDENCE] = {"confidence", FIELD_TEXT, true},
    [LINK_NOTES] = {"notes", FIELD_TEXT, false},
    [LINK_SHARING] = {"sharing", FIELD_TEXT, true},
    [LINK_SOURCE_CONCERN_ID] = {"source_concern_id", FIELD_TEXT, false},
};

static const char *link_search_text(struct arena *arena, const char *const *values)
{
    return arena_strdup(arena, values[LINK_TYPE]);
}

const struct record_kind link_kind = {
    .table = "links",
    .record_type = "link",
    .fields = link_fields,
    .field_count = LINK_FIELD_COUNT,
    .sharing_field = LINK_SHARING,
    .about_a_person = false,
    .person_field = LINK_PERSON_ID,
    .search_text = link_search_text,
};

/* Both ends exist and the caller may read them. */
static bool ends_visible(struct domain_context *ctx, const char *const *values)
{
    if (!record_visible(ctx, &person_kind, values[LINK_PERSON_ID]))
        return false;
    if (values[LINK_TO_PERSON_ID] != NULL)
        return record_visible(ctx, &person_kind, values[LINK_TO_PERSON_ID]);
    return values[LINK_TO_CONTEXT_ID] != NULL && record_visible(ctx, &context_kind, values[LINK_TO_CONTEXT_ID]);
}

enum domain_status link_create(struct domain_context *ctx, const struct record_input *in, struct record *out)
{
    if (!ends_visible(ctx, in->values))
        return DOMAIN_NOT_FOUND;
    enum domain_status status = record_create(ctx, &link_kind, in, out);
    return status == DOMAIN_OK ? record_finish(ctx, STORE_OK) : status;
}

enum domain_status link_read(struct domain_context *ctx, const char *id, struct record *out)
{
    return record_read_naming(ctx, &link_kind, id, link_ends_visible, out);
}

bool link_ends_visible(struct domain_context *ctx, const struct record *r)
{
    return ends_visible(ctx, r->values);
}

enum domain_status link_list_for(struct domain_context *ctx, const char *subject_id, const char *cursor, int limit,
                                 struct record *out, int *count, const char **next)
{
    const struct store_value p[] = {store_text(subject_id), store_text(subject_id), store_text(subject_id)};
    return record_list_newest(ctx, &link_kind, "r.person_id = ? OR r.to_person_id = ? OR r.to_context_id = ?", p, 3,
                              link_ends_visible, cursor, limit, out, count, next);
}
