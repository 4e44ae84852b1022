/* HTTP handlers for duplicate records of a person: the duplicates queue,
 * setting a pair aside, merging and undoing a merge. */
#ifndef CSHUB_API_MERGES_H
#define CSHUB_API_MERGES_H

#include <jansson.h>

#include "domain/matching.h"
#include "domain/merge.h"

struct request;

void api_duplicates_queue(struct request *req);
void api_duplicates_set_aside(struct request *req);
void api_merges_create(struct request *req);
void api_merges_show(struct request *req);
void api_merges_undo(struct request *req);

/* JSON shared with the people handlers. */
json_t *match_reasons_json(const struct match_result *match);
json_t *merge_json(const struct person_merge *m);

#endif
