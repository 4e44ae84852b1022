/* Finding records of the same young person held by different agencies:
 * each person's blocking keys (domain/matching.h) kept in
 * person_match_keys, and the candidate duplicates of a person — those the
 * reader may see that share a key, scored, with the reasons. */
#ifndef CSHUB_DUPLICATES_H
#define CSHUB_DUPLICATES_H

#include "domain/matching.h"
#include "domain/operation.h"
#include "domain/record.h"

struct store_conn;

/* Writes the keys of person r (replacing any), in the open transaction. */
enum store_status duplicates_save_keys(struct domain_context *ctx, const struct record *r);

/* Gives keys to people who have none, up to limit of them; *done when
 * none are left. */
enum store_status duplicates_backfill(struct store_conn *conn, struct arena *arena, int limit, bool *done);

struct duplicate {
    struct record person;
    struct match_result match;
};

#define DUPLICATES_MAX 20

/* The person (read, audited; DOMAIN_NOT_FOUND if the caller may not) and
 * up to DUPLICATES_MAX candidates scoring at least MATCH_POSSIBLE, best
 * first, each audited as read. */
enum domain_status duplicates_of(struct domain_context *ctx, const char *person_id, struct record *person,
                                 struct duplicate *out, int *count);

#endif
