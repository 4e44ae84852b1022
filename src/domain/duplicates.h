/* Finding records of the same young person held by different agencies:
 * each person's blocking keys (domain/matching.h) kept in
 * person_match_keys, the scored pairs of people who could be one person
 * kept in person_match_pairs (both written with the person), the candidate
 * duplicates of one person, the hub's duplicates queue, and a
 * coordinator's "these are different people". What is released is only
 * what the reader may see, and audited. */
#ifndef CSHUB_DUPLICATES_H
#define CSHUB_DUPLICATES_H

#include <stdint.h>

#include "domain/matching.h"
#include "domain/operation.h"
#include "domain/record.h"

struct store_conn;

/* Writes the keys of person r (replacing any) and rescores its pairs, in
 * the open transaction. */
enum store_status duplicates_save_keys(struct domain_context *ctx, const struct record *r);

/* Gives keys and pairs to the people who have no keys among the next
 * limit people after rowid *after (0 to begin), and moves *after on;
 * *done once every person has been looked at. One pass at start is
 * enough: every person written since has its keys written with it. When
 * it begins (*after 0) with at least DUPLICATES_BATCH_THRESHOLD (1,000)
 * people without keys — after an upgrade or an import — it takes them all
 * at once in memory (domain/duplicates_batch.h), whatever limit, and the
 * next calls go on from there person by person. */
enum store_status duplicates_backfill(struct store_conn *conn, struct arena *arena, int limit, int64_t *after,
                                     bool *done);

struct duplicate {
    struct record person;
    struct match_result match;
};

#define DUPLICATES_MAX 20
#define DUPLICATE_CANDIDATES_MAX 200 /* sharing a key, most keys shared first */

/* The people of r's kind (young person, adult), other than r and not
 * merged, sharing a blocking key with r, scored and kept when at least
 * MATCH_POSSIBLE, best first (no access check: for keeping pairs, and for
 * the benchmark). */
enum store_status duplicates_candidates(struct domain_context *ctx, const struct record *r, struct duplicate **out,
                                        int *count);

/* The person (read, audited; DOMAIN_NOT_FOUND if the caller may not) and
 * up to DUPLICATES_MAX candidates scoring at least MATCH_POSSIBLE that no
 * coordinator has set aside, best first, each audited as read. */
enum domain_status duplicates_of(struct domain_context *ctx, const char *person_id, struct record *person,
                                 struct duplicate *out, int *count);

/* One entry of the duplicates queue: two people, the score and reasons. */
struct duplicate_pair {
    struct record person, other;
    struct match_result match;
};

/* The queue: pairs scoring at least min_score, both unmerged and readable
 * by the caller, not set aside, best first; up to limit after cursor (an
 * opaque "score.person.other" from a previous page). Every person shown
 * is audited as read. *next: the following cursor or NULL. */
enum domain_status duplicates_queue(struct domain_context *ctx, int min_score, const char *cursor, int limit,
                                    struct duplicate_pair *out, int *count, const char **next);

/* Whether text (NULL: none) is a cursor of the queue. */
bool duplicates_cursor_valid(const char *text);

/* A coordinator's decision that two people are not the same young person:
 * the pair leaves the queue. Needs the merge capability and write access
 * to both (audited); DOMAIN_NOT_FOUND when they are not a scored pair. */
enum domain_status duplicates_set_aside(struct domain_context *ctx, const char *person_id, const char *other_id);

#endif
