/* Rendering query results as JSON, and the paged-list answer
 * {"items": [...], "next_cursor": ...} every list uses. */
#ifndef CSHUB_RENDER_H
#define CSHUB_RENDER_H

#include <jansson.h>

#include "store/store.h"

/* Every row as a JSON object keyed by column name (text, number or null). */
json_t *render_rows(const struct store_result *result);

/* Trims result to limit rows (the query asked for limit + 1) and returns
 * the "column" value of the last row kept when more rows exist, else NULL. */
const char *render_next_cursor(struct store_result *result, int limit, const char *column);

struct record_kind;
struct record;

/* A record as JSON: id, owner_agency_id, created_at, updated_at and every
 * field (numbers as numbers, unrecorded as null). */
json_t *record_json(const struct record_kind *kind, const struct record *record);

/* The paged-list answer: {"items": [record_json of each], "next_cursor"}. */
json_t *record_page_json(const struct record_kind *kind, const struct record *records, int count, const char *next);

#endif
