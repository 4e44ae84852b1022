/* The backfill for many people at once (domain/duplicates_batch.c), and
 * the pieces it shares with domain/duplicates.c: a record as the matching
 * sees it and the statements that write keys and pairs. Internal to the
 * domain (and its tests). */
#ifndef CSHUB_DUPLICATES_BATCH_H
#define CSHUB_DUPLICATES_BATCH_H

#include "domain/duplicates.h"

/* At least this many people without keys: the backfill takes them all at
 * once, in memory, instead of a few at a time with a query each. */
#ifndef DUPLICATES_BATCH_THRESHOLD
#define DUPLICATES_BATCH_THRESHOLD 1000
#endif

/* Keys and pairs for every unmerged person without keys, in memory: keys
 * made and blocks formed once, candidates chosen by the rule of
 * duplicates_candidates() (sharing a key, same kind, the 200 sharing most
 * keys), each pair scored once on two threads, then written in short
 * transactions. *last_rowid: the rowid of the last person given keys (0:
 * none); *people: how many. */
enum store_status duplicates_backfill_all(struct store_conn *conn, struct arena *arena, int64_t *last_rowid,
                                          int *people);

struct match_person duplicates_match_view(const struct record *r);

/* "(?, ?), (?, ?), ..." : rows copies of row, comma separated. */
const char *duplicates_placeholders(struct arena *arena, int rows, const char *row);

/* Inserting rows keys (person_id, match_key), and inserting or rescoring
 * rows pairs (person_id, other_id, score, updated_at). */
const char *duplicates_insert_keys_sql(struct arena *arena, int rows);
const char *duplicates_upsert_pairs_sql(struct arena *arena, int rows);

#endif
