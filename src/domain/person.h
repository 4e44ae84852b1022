/* Young people and adults of concern. Every read and write goes through
 * the access policy (auth/access.h) and leaves an audit event. */
#ifndef CSHUB_PERSON_H
#define CSHUB_PERSON_H

#include <stdbool.h>

#include "domain/context.h"

struct person {
    const char *id;
    const char *kind; /* young_person, adult_of_concern */
    const char *given_name;
    const char *family_name;
    const char *date_of_birth; /* YYYY-MM-DD or NULL */
    const char *owner_agency_id;
    const char *sharing; /* agency, hub, restricted */
    const char *created_at;
    const char *updated_at;
};

/* Fields to set; NULL leaves a field as it is (on create, kind, names and
 * sharing are required and checked by the caller). */
struct person_input {
    const char *kind;
    const char *given_name;
    const char *family_name;
    const char *date_of_birth;
    const char *sharing;
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

/* The access-policy view of a stored person (for other subjects that hang
 * off a person). Returns false when there is no such person. */
bool person_record_ref(struct domain_context *ctx, const char *id, struct record_ref *out);

#endif
