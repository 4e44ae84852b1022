/* Merging two records of the same young person, and undoing it. The kept
 * record takes the other's links, concerns, screenings, disruption,
 * actions and MACE agenda items, aliases (and its name as an alias) and
 * involvements; the merged record stays, marked as
 * merged into the kept one and left out of lists, search, the network and
 * the duplicates queue. Everything moved is written down, so that undoing
 * moves exactly that back. Needs the "merge records" capability and write
 * access to both records; every step is audited on both. */
#ifndef CSHUB_MERGE_H
#define CSHUB_MERGE_H

#include <stdbool.h>

#include "domain/operation.h"

#define MERGE_FILLED_MAX 16

struct person_merge {
    const char *id;
    const char *kept_id;
    const char *merged_id;
    const char *reason;
    const char *merged_by;
    const char *merged_at;
    const char *undone_by; /* NULL until undone */
    const char *undone_at;
    int links, concerns, screenings, aliases, involvements; /* what was moved */
    int disruptions, actions; /* actions: with the MACE agenda items and interventions */
    const char *filled[MERGE_FILLED_MAX]; /* the kept record's fields taken from the merged one */
    int filled_count;
};

/* Why a merge or undo was refused (400 or 409), with the field it is about. */
struct merge_problem {
    int status;
    const char *field;
    const char *message;
};

/* Merges merged_id into kept_id. On a refusal that is not about access,
 * answers DOMAIN_CONFLICT with *problem filled in. */
enum domain_status merge_people(struct domain_context *ctx, const char *kept_id, const char *merged_id,
                                const char *reason, struct person_merge *out, struct merge_problem *problem);

/* Undoes merge merge_id (DOMAIN_CONFLICT with *problem when it is undone
 * already, or the kept record has since been merged itself). */
enum domain_status merge_undo(struct domain_context *ctx, const char *merge_id, struct person_merge *out,
                              struct merge_problem *problem);

/* A merge, when the caller may read both records (audited). */
enum domain_status merge_read(struct domain_context *ctx, const char *merge_id, struct person_merge *out);

#define MERGE_HISTORY_MAX 20

/* For a person already read by the caller: whether it is merged into
 * another record, that record (NULL when none, or when the caller may not
 * see it) and the merges it took part in whose other record the caller
 * may also see, newest first. The other records named are audited as read. */
void merge_history(struct domain_context *ctx, const char *person_id, bool *merged, const char **merged_into,
                   struct person_merge *out, int *count);

#endif
