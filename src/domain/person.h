/* Young people and adults of concern: a record (domain/record.h) with a
 * person's fields, plus aliases. Every read and write goes through the
 * access policy and leaves an audit event. */
#ifndef CSHUB_PERSON_H
#define CSHUB_PERSON_H

#include <stdbool.h>

#include "domain/record.h"

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

extern const struct record_kind person_kind;

#define PERSON_MAX_ALIASES 10

struct person {
    struct record record;
    const char *aliases[PERSON_MAX_ALIASES];
    int alias_count;
};

struct person_input {
    struct record_input fields;
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

/* The record person id has been merged into, or NULL. */
const char *person_merged_into(struct domain_context *ctx, const char *id);

/* Changes a person; DOMAIN_CONFLICT when the record has been merged into another. */
enum domain_status person_update(struct domain_context *ctx, const char *id, const struct person_input *changes,
                                 struct person *out);

/* Records that user_id works with this person; needs write access to them. */
enum domain_status person_record_involvement(struct domain_context *ctx, const char *id, const char *user_id);

/* Up to limit people the caller may see whose name or an alias has words
 * starting with every word of query (case and accents ignored), by family
 * name, after cursor. Each one shown is audited as a read. *next is the
 * cursor for the following page, or NULL. */
enum domain_status person_search(struct domain_context *ctx, const char *query, const char *cursor, int limit,
                                 struct person *out, int *count, const char **next);

/* The access-policy view of a stored person; false when there is none. */
bool person_record_ref(struct domain_context *ctx, const char *id, struct record_ref *out);

#endif
