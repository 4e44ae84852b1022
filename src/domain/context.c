/* The context record kind; see context.h. */
#include "domain/context.h"

#include "util/arena.h"

const char *const location_kinds[] = {"park",  "takeaway", "transport_hub", "shop",   "house",
                                      "street", "school_grounds", "leisure", "other"};
const int location_kind_count = sizeof location_kinds / sizeof location_kinds[0];

static const struct record_field context_fields[CONTEXT_FIELD_COUNT] = {
    [CONTEXT_KIND] = {"kind", FIELD_TEXT, true},
    [CONTEXT_KIND_VERSION] = {"kind_version", FIELD_INTEGER, false}, /* set from the definitions */
    [CONTEXT_NAME] = {"name", FIELD_TEXT, true},
    [CONTEXT_LOCATION_KIND] = {"location_kind", FIELD_TEXT, false},
    [CONTEXT_ADDRESS] = {"address", FIELD_TEXT, false},
    [CONTEXT_POSTCODE] = {"postcode", FIELD_TEXT, false},
    [CONTEXT_LATITUDE] = {"latitude", FIELD_REAL, false},
    [CONTEXT_LONGITUDE] = {"longitude", FIELD_REAL, false},
    [CONTEXT_PLATFORM] = {"platform", FIELD_TEXT, false},
    [CONTEXT_DESCRIPTION] = {"description", FIELD_TEXT, false},
    [CONTEXT_SHARING] = {"sharing", FIELD_TEXT, true},
};

static const char *context_search_text(struct arena *arena, const char *const *values)
{
    return arena_printf(arena, "%s %s", values[CONTEXT_NAME],
                        values[CONTEXT_POSTCODE] ? values[CONTEXT_POSTCODE] : "");
}

const struct record_kind context_kind = {
    .table = "contexts",
    .record_type = "context",
    .fields = context_fields,
    .field_count = CONTEXT_FIELD_COUNT,
    .sharing_field = CONTEXT_SHARING,
    .about_a_person = false,
    .person_field = -1,
    .search_text = context_search_text,
};
