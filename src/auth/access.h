/* Access decisions bound to the database: works out how the caller stands
 * to a record (own agency, involved, other agency; live break-glass grant),
 * asks the policy tables, and writes the audit event for the attempt,
 * allowed or denied. Domain code calls these before touching personal data;
 * nothing else reads or writes it. */
#ifndef CSHUB_ACCESS_H
#define CSHUB_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/policy.h"
#include "store/store.h"

struct arena;

/* Who is asking, and from where. */
struct caller {
    const char *user_id;
    const char *agency_id;
    enum role role;
    const char *client_address;
    int64_t now; /* seconds since the epoch */
    bool is_token; /* a partner system's API token, not a person: user_id is the token's id */
    /* Reads only records shared with the hub, whatever else the role may
     * read and without break-glass: the view of the evidence the agenda
     * puts before the whole panel (domain/agenda.c). */
    bool hub_shared_only;
    /* Where allowed reads are gathered to be audited as one event when
     * the response leaves (auth/release.h); NULL to audit each read at
     * once (the command line, background work). */
    struct audit_release *release;
};

/* The record being touched, as the policy needs to see it. */
struct record_ref {
    const char *type;            /* "person" */
    const char *id;
    const char *owner_agency_id;
    enum sharing sharing;
    const char *person_id;       /* the young person it concerns, for involvement */
};

/* How a caller stands to a record: its own agency's, another agency's
 * about a young person the caller is involved with, or another agency's.
 * The one definition: the single-record check, the many-record check and
 * the network index call it, and the SQL filter is built from the same
 * rules (tests/unit/test_access_agreement.c shows all four agree). */
enum relation access_relation(bool owned_by_callers_agency, bool caller_involved_with_person);

/* Which policy table a record type follows. */
enum record_class access_record_class(const char *record_type);

/* Decides access to record and audits the attempt as action ("read",
 * "create", "update", "delete", "export"). Returns the decision; a failure
 * to audit is a denial (no record is touched without its audit event). */
struct policy_decision access_record(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                     enum access access, const char *action, const struct record_ref *record);

/* The same decision without an audit event, only to shape an answer (for
 * instance 403 rather than 404 for a record the caller may read but not
 * change). Never use it to release data. */
struct policy_decision access_peek(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                   enum access access, const struct record_ref *record);

/* Decides a capability and audits it (when action is not NULL) against
 * record_type/record_id. */
struct policy_decision access_capability(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                         enum capability capability, const char *action,
                                         const char *record_type, const char *record_id);

/* Decides whether the caller may see the names of agency_id's active
 * users (the staff-list table: its own agency or another) and audits it
 * as a read of "agency_staff" agency_id. */
struct policy_decision access_staff_list(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                         const char *agency_id);

/* Grants the caller break-glass read access to one record for
 * duration_seconds, audits it with the reason and raises an alert for the
 * coordinators. The caller checks the record exists first. */
enum store_status access_break_glass(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                     const char *record_type, const char *record_id, const char *reason,
                                     int64_t duration_seconds, int64_t *expires_at);

/* An SQL condition true of the rows of one table that the caller may read:
 * the policy tables (and live break-glass grants) turned into a WHERE
 * clause, for analyses over many rows where deciding row by row would not
 * scale. It is derived from policy_decide(), cell by cell, so the tables
 * stay the only place that decides; every row released must still be
 * audited (record_audit_reads). */
#define READABLE_FILTER_MAX_PARAMS 24
struct readable_filter {
    const char *sql; /* names the table as the alias given */
    struct store_value params[READABLE_FILTER_MAX_PARAMS];
    int param_count;
};

/* Whether break-glass grants count for the caller: its role has the
 * capability and it is not reading as hub_shared_only. */
bool access_may_break_glass(const struct caller *caller);

/* The same tables for deciding in memory: levels[relation] has bit
 * (1 << sharing) set where the caller may read a record of class. */
void access_readable_levels(const struct caller *caller, enum record_class class, unsigned levels[RELATION_COUNT]);

/* alias: the table's name in the query; record_type: as audited ("person",
 * "context", "link"); person_column: the column naming the young person a
 * row concerns ("id" for people; NULL for contexts, which concern no one). */
void access_readable_filter(struct arena *arena, const struct caller *caller, enum record_class class,
                            const char *alias, const char *record_type, const char *person_column,
                            struct readable_filter *out);

/* Decides reading records[0..count) at once — each by the policy tables,
 * as access_record() would, with the caller's involvements and
 * break-glass grants read once — and, when every one is allowed, appends
 * one audit event (action, about about_type/about_id: what was asked
 * for; about_id NULL for a list, which is about no one record) listing
 * them all. When any is refused, nothing may be released: one denied
 * event (about what was asked for, or for a list the record refused) is
 * audited in a transaction of its own and the decision is the refusal. */
struct policy_decision access_records(struct store_conn *conn, struct arena *arena, const struct caller *caller,
                                      const char *action, const char *about_type, const char *about_id,
                                      const struct record_ref *records, int count);

/* Audits a refused attempt (action on record_type record_id) that another
 * rule refused after the policy tables allowed it: an action about a young
 * person the caller may not see, say. */
void access_refused(struct store_conn *conn, struct arena *arena, const struct caller *caller, const char *action,
                    const char *record_type, const char *record_id, const char *why);

/* Records that user_id works with the young person person_id. */
enum store_status access_record_involvement(struct store_conn *conn, struct arena *arena, const char *user_id,
                                            const char *person_id, const char *recorded_by);

#endif
