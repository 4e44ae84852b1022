/* The staff of a partner agency as others may see them: the ids and names
 * of its active users who work with cases, so that whoever gives or passes
 * on an action can choose who is to do it. Who may see which agency's staff is the access
 * policy's staff-list table (auth/policy.c); every look is audited. */
#ifndef CSHUB_STAFF_H
#define CSHUB_STAFF_H

#include <stdbool.h>

#include "domain/operation.h"

struct staff_member {
    const char *id;
    const char *name;
};

/* Whether a user of role may be given an action: those who work with
 * cases (coordinators and practitioners), not admins, analysts or board
 * members, who see no child's record. */
bool staff_may_do_actions(const char *role);

/* Up to limit active users of agency_id who may be given actions, by name (then id), after cursor
 * (the id of the last one of the previous page; NULL for the first), when
 * the caller may see them (audited, allowed or denied). *next: the cursor
 * of the following page, or NULL on the last. DOMAIN_NOT_FOUND when there
 * is no such agency (audited too), DOMAIN_FORBIDDEN when the policy refuses,
 * DOMAIN_CONFLICT when cursor names no one on the list. */
enum domain_status staff_list(struct domain_context *ctx, const char *agency_id, const char *cursor, int limit,
                              struct staff_member *out, int *count, const char **next);

#endif
