/* Contexts: locations, peer groups, schools, online spaces and
 * neighbourhoods — a record (domain/record.h) with its own owning agency
 * and sharing level, read and written through the access policy. */
#ifndef CSHUB_CONTEXT_H
#define CSHUB_CONTEXT_H

#include "domain/record.h"

enum context_field {
    CONTEXT_KIND,
    CONTEXT_KIND_VERSION,
    CONTEXT_NAME,
    CONTEXT_LOCATION_KIND,
    CONTEXT_ADDRESS,
    CONTEXT_POSTCODE,
    CONTEXT_LATITUDE,
    CONTEXT_LONGITUDE,
    CONTEXT_PLATFORM,
    CONTEXT_DESCRIPTION,
    CONTEXT_SHARING,
    CONTEXT_FIELD_COUNT,
};

extern const struct record_kind context_kind;
extern const char *const location_kinds[];
extern const int location_kind_count;

#endif
