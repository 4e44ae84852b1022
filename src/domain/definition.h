/* The shared definitions (recommendation 2): terms in categories
 * (exploitation types, context types, link types, indicators, adverse
 * childhood experiences), each with numbered versions and each partner
 * agency's adoption of a version. Not personal data. */
#ifndef CSHUB_DEFINITION_H
#define CSHUB_DEFINITION_H

#include <stdbool.h>

#include "domain/operation.h"

extern const char *const definition_categories[];
extern const int definition_category_count;
extern const char *const indicator_groups[];
extern const int indicator_group_count;

/* Terms (optionally of one category) with their current version, ordered
 * by category and code, after cursor (a term id): limit + 1 rows at most,
 * so the caller can tell whether there is more. */
enum store_status definition_list(struct domain_context *ctx, const char *category, const char *cursor, int limit,
                                  struct store_result *out);

struct definition_detail {
    struct store_result term;      /* one row: the term and its current version */
    struct store_result versions;  /* every version, newest first */
    struct store_result adoptions; /* every agency, with adopted_on (NULL if not) for the current version */
};

/* One term in full. False when there is no such term. */
bool definition_show(struct domain_context *ctx, const char *id, struct definition_detail *out);

/* Publishes a new version of term id; *version gets its number. */
enum domain_status definition_publish(struct domain_context *ctx, const char *id, const char *label,
                                      const char *text, const char *adopted_on, int *version);

/* Records that agency_id adopted version of term id on adopted_on. */
enum domain_status definition_record_adoption(struct domain_context *ctx, const char *id, int version,
                                              const char *agency_id, const char *adopted_on);

/* Creates a new term with its first version; *id gets its id. */
enum domain_status definition_create(struct domain_context *ctx, const char *category, const char *code,
                                     const char *indicator_group, const char *cin_code, const char *label,
                                     const char *text, const char *adopted_on, const char **id);

/* The current version of the term with this category and code, or 0. For
 * coding records: a record keeps the version it was coded with. */
int definition_current_version(struct domain_context *ctx, const char *category, const char *code,
                               const char **term_id);

/* Codes a list of codes of category as the JSON text
 * [{"code":"...","version":N},...] with each term's current version.
 * DOMAIN_NOT_FOUND when one is not a code of category (*unknown names it). */
enum domain_status definition_code_list(struct domain_context *ctx, const char *category, const char *const *codes,
                                        int count, const char **json_out, const char **unknown);

#endif
