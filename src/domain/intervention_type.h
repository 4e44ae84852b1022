/* The kinds of contextual intervention (detached youth work, licensing
 * action, CCTV, capable guardians, school sessions, ...): a configurable
 * list, read by anyone signed in and changed only by those who may manage
 * definitions (administrators), each change audited. A kind is relabelled
 * or retired, never deleted: a retired kind stays on the interventions
 * recorded with it but cannot be chosen for new ones. Not personal data. */
#ifndef CSHUB_INTERVENTION_TYPE_H
#define CSHUB_INTERVENTION_TYPE_H

#include <stdbool.h>

#include "domain/operation.h"

/* Every kind (retired ones too when include_retired), by sort order and
 * label: columns code, label, description, sort_order, retired_at. */
enum store_status intervention_type_list(struct domain_context *ctx, bool include_retired, struct store_result *out);

/* One kind by code, as a one-row result; false when there is none. */
bool intervention_type_find(struct domain_context *ctx, const char *code, struct store_result *out);

/* True when code names a kind that may be chosen now (not retired) for
 * what applies_to names ("context" or "young_person"). */
bool intervention_type_usable(struct domain_context *ctx, const char *code, const char *applies_to);

/* What to change in a kind: a field changes only when it is set. */
struct intervention_type_change {
    const char *label;       /* NULL: unchanged */
    const char *description; /* NULL: unchanged */
    int sort_order;          /* -1: unchanged */
    int retired;             /* -1: unchanged; 0: back in use; 1: retired */
};

/* Adds a kind (DOMAIN_CONFLICT when the code exists; DOMAIN_FORBIDDEN
 * for a caller who may not manage definitions). sort_order -1: after the
 * last. */
enum domain_status intervention_type_create(struct domain_context *ctx, const char *code, const char *label,
                                            const char *description, int sort_order, const char *applies_to);

/* Changes the kind code (DOMAIN_NOT_FOUND when there is none). */
enum domain_status intervention_type_update(struct domain_context *ctx, const char *code,
                                            const struct intervention_type_change *change);

#endif
