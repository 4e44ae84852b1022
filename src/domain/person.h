/* Young people and adults of concern. Every read and write goes through
 * the access policy (auth/access.h) and leaves an audit event. A person's
 * fields are one table (person_fields) that storage, the API and the JSON
 * all follow, so a field is added in one place. */
#ifndef CSHUB_PERSON_H
#define CSHUB_PERSON_H

#include <stdbool.h>

#include "domain/context.h"

enum person_field {
    PERSON_KIND,
    PERSON_GIVEN_NAME,
    PERSON_FAMILY_NAME,
    PERSON_DATE_OF_BIRTH,
    PERSON_ESTIMATED_AGE,
    PERSON_SEX,
    PERSON_ETHNICITY,
    PERSON_ADDRESS,
    PERSON_POSTCODE,
    PERSON_SCHOOL,
    PERSON_NHS_NUMBER,
    PERSON_UNIQUE_PUPIL_NUMBER,
    PERSON_POLICE_REFERENCE,
    PERSON_COUNCIL_CASE_NUMBER,
    PERSON_SHARING,
    PERSON_FIELD_COUNT,
};

struct person_field_info {
    const char *name; /* the JSON name and the column */
    bool integer;     /* stored as a number */
    bool required;    /* on create */
};

extern const struct person_field_info person_fields[PERSON_FIELD_COUNT];

#define PERSON_MAX_ALIASES 10

struct person {
    const char *id;
    const char *owner_agency_id;
    const char *created_at;
    const char *updated_at;
    const char *values[PERSON_FIELD_COUNT]; /* NULL when not recorded; numbers as decimal text */
    const char *aliases[PERSON_MAX_ALIASES];
    int alias_count;
};

/* What to set: a field is changed only when present (to NULL: cleared). */
struct person_input {
    bool present[PERSON_FIELD_COUNT];
    const char *values[PERSON_FIELD_COUNT];
    bool aliases_present;
    const char *aliases[PERSON_MAX_ALIASES];
    int alias_count;
};

extern const char *const person_kinds[];
extern const int person_kind_count;

/* Creates a person owned by the caller's agency and records the caller's
 * involvement with them. */
enum domain_status person_create(struct domain_context *ctx, const struct person_input *input, struct person *out);

enum domain_status person_read(struct domain_context *ctx, const char *id, struct person *out);

enum domain_status person_update(struct domain_context *ctx, const char *id, const struct person_input *changes,
                                 struct person *out);

/* Records that user_id works with this person; needs write access to them. */
enum domain_status person_record_involvement(struct domain_context *ctx, const char *id, const char *user_id);

/* Up to limit people the caller may see whose name or alias contains every
 * word of query (case and accents ignored), by family and given name, after
 * cursor (a person id). Each one shown is audited as a read ("search").
 * *next is the cursor for the following page, or NULL. */
enum domain_status person_search(struct domain_context *ctx, const char *query, const char *cursor, int limit,
                                 struct person *out, int *count, const char **next);

/* The access-policy view of a stored person (for other subjects that hang
 * off a person). Returns false when there is no such person. */
bool person_record_ref(struct domain_context *ctx, const char *id, struct record_ref *out);

#endif
