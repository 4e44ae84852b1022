/* The access policy: the one place that answers "may this caller do this
 * to this record, and why". It is declared as tables, not as checks spread
 * through handlers: one for personal records (role x the caller's relation
 * to the record x its sharing level -> read, write), one of the same shape
 * for contexts, one for
 * capabilities that concern no child (managing agencies, users, tokens,
 * reading the audit log, ...), and one for seeing the names of an
 * agency's staff. `cshub policy` prints them all. */
#ifndef CSHUB_POLICY_H
#define CSHUB_POLICY_H

#include <stdbool.h>
#include <stdio.h>

enum role { ROLE_ADMIN, ROLE_COORDINATOR, ROLE_PRACTITIONER, ROLE_ANALYST, ROLE_BOARD_VIEWER, ROLE_COUNT };

enum sharing {
    SHARING_AGENCY,     /* the owning agency only */
    SHARING_HUB,        /* shared with the hub */
    SHARING_RESTRICTED, /* e.g. police intelligence: owning agency and coordinators only */
    SHARING_COUNT,
};

/* How the caller stands to a record. */
enum relation {
    RELATION_OWN_AGENCY,     /* the record belongs to the caller's agency */
    RELATION_INVOLVED,       /* another agency's record about a young person the caller works with */
    RELATION_OTHER_AGENCY,   /* another agency's record, no recorded involvement */
    RELATION_COUNT,
};

enum access { ACCESS_READ, ACCESS_WRITE, ACCESS_COUNT };

/* Which table decides: personal records (people, and links, concerns and
 * screenings about them) or contexts (places, groups, online spaces). */
enum record_class { RECORD_PERSONAL, RECORD_CONTEXT, RECORD_CLASS_COUNT };

enum capability {
    CAPABILITY_MANAGE_AGENCIES,
    CAPABILITY_MANAGE_USERS,
    CAPABILITY_MANAGE_TOKENS,
    CAPABILITY_READ_AUDIT,      /* who has looked at a record; break-glass alerts */
    CAPABILITY_CREATE_RECORDS,  /* people, contexts, concerns */
    CAPABILITY_BREAK_GLASS,
    CAPABILITY_MANAGE_DEFINITIONS, /* publish definitions, the screening tool, agencies' adoption;
                                    * keep the kinds of intervention */
    CAPABILITY_SCREEN_CONCERNS, /* screen concerns with the risk tool */
    CAPABILITY_MERGE_RECORDS,   /* merge duplicate records of a person, undo a merge, set a pair aside */
    CAPABILITY_RUN_MEETINGS,    /* MACE meetings: create, build the agenda, record attendance, close */
    CAPABILITY_READ_OUTCOMES,   /* the outcome measures and dashboards: counts, never a child */
    CAPABILITY_READ_ACTION_PLAN,   /* the partnership's action plan for the recommendations */
    CAPABILITY_MANAGE_ACTION_PLAN, /* add actions to the plan and record progress */
    CAPABILITY_READ_BOARD_REPORTS, /* the partnership boards' quarterly reports */
    CAPABILITY_ANALYSE_PSEUDONYMISED, /* networks and hotspots with people shown by pseudonym */
    CAPABILITY_COUNT,
};

struct policy_decision {
    bool allowed;
    const char *why; /* the rule that decided, for the audit log and the answer */
};

/* Names as stored and shown ("coordinator", "hub", ...); NULL/-1 if unknown. */
const char *role_name(enum role role);
int role_from_name(const char *name);
const char *sharing_name(enum sharing sharing);
int sharing_from_name(const char *name);
const char *relation_name(enum relation relation);
const char *capability_name(enum capability capability);

/* The decision for a record of class. break_glass: the caller holds a
 * live break-glass grant for this very record. */
struct policy_decision policy_decide(enum record_class class, enum role role, enum relation relation,
                                     enum sharing sharing, enum access access, bool break_glass);

/* The decision for a capability that concerns no particular child. */
struct policy_decision policy_may(enum role role, enum capability capability);

/* Whether role may see the names of an agency's active users: its own
 * agency (own_agency) or another. */
struct policy_decision policy_may_list_staff(enum role role, bool own_agency);

/* Prints the tables (for `cshub policy` and docs/security.md). */
void policy_print(FILE *out);

#endif
