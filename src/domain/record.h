/* What people and contexts have in common: a table of fields, an owning
 * agency and a sharing level, a folded search key, and reads and writes
 * that go through the access policy and the audit log. A subject describes
 * itself once (struct record_kind); this module does the storage, the
 * access checks and the search for it. */
#ifndef CSHUB_RECORD_H
#define CSHUB_RECORD_H

#include <stdbool.h>

#include "domain/operation.h"

/* FIELD_JSON: a JSON document stored as text and rendered as JSON (lists of
 * definition codes with their versions). */
enum field_type { FIELD_TEXT, FIELD_INTEGER, FIELD_REAL, FIELD_JSON };

struct record_field {
    const char *name; /* the JSON name and the column */
    enum field_type type;
    bool required;    /* on create, and never cleared */
};

#define RECORD_MAX_FIELDS 24

struct record;

struct record_kind {
    const char *table;       /* "people" */
    const char *record_type; /* "person", as audited */
    const struct record_field *fields;
    int field_count;
    int sharing_field;       /* index of the "sharing" field */
    bool about_a_person;     /* the record is a person: involvement with it counts */
    int person_field;        /* or: index of the field naming the person it concerns; -1 for none */
    /* An SQL condition on "r" true of records still in use (people: not
     * merged into another record); NULL when every record is. Search
     * leaves the others out, and nothing new may name them. */
    const char *live;
    /* The text folded into the search key (and the list order). */
    const char *(*search_text)(struct arena *arena, const char *const *values);
    /* When not NULL: called by record_create inside its write transaction,
     * after the access check and before the insert, to complete the new
     * record from what that transaction sees (an agenda item's position);
     * anything but DOMAIN_OK ends the transaction and is returned. */
    enum domain_status (*before_insert)(struct domain_context *ctx, struct record *r);
};

struct record {
    const char *id;
    const char *owner_agency_id;
    const char *created_at;
    const char *updated_at;
    const char *values[RECORD_MAX_FIELDS]; /* NULL when not recorded; numbers as decimal text */
};

/* What to set: a field changes only when present (to NULL: cleared). */
struct record_input {
    bool present[RECORD_MAX_FIELDS];
    const char *values[RECORD_MAX_FIELDS];
};

/* Creates a record owned by the caller's agency (audited). On DOMAIN_OK
 * the transaction stays open, for the caller to add to and end with
 * record_finish(); otherwise it is over. */
enum domain_status record_create(struct domain_context *ctx, const struct record_kind *kind,
                                 const struct record_input *in, struct record *out);

/* As record_create, owned by another agency (an action given to the agency
 * that must do it); the policy decides whether the caller may. */
enum domain_status record_create_owned(struct domain_context *ctx, const struct record_kind *kind,
                                       const struct record_input *in, const char *owner_agency_id, struct record *out);

/* As record_create_owned, inside the caller's open transaction: anything
 * but DOMAIN_OK leaves the transaction to the caller to end (a refusal
 * has written its audit event in it). */
enum domain_status record_add(struct domain_context *ctx, const struct record_kind *kind, const struct record_input *in,
                              const char *owner_agency_id, struct record *out);

/* Reads a record if the policy allows (audited); 404-like otherwise. */
enum domain_status record_read(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                               struct record *out);

/* Opens a transaction and checks the caller may change record id (audited
 * as action). On DOMAIN_OK the transaction stays open for the caller to
 * write in and finish with record_finish(). */
enum domain_status record_begin_write(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                                      const char *action, struct record *out);
enum domain_status record_update_fields(struct domain_context *ctx, const struct record_kind *kind,
                                        const struct record_input *in, struct record *record);
/* Commits (when status is STORE_OK; else rolls back) and then tells the
 * network index of what the transaction wrote, in order, before another
 * transaction's commit may do the same. */
enum domain_status record_finish(struct domain_context *ctx, enum store_status status);

/* Has record_finish call action(data) (data in the request's arena) once
 * the open transaction commits, in order with the records written. */
void record_after_commit(struct domain_context *ctx, void (*action)(void *data), void *data);

/* Search (see person_search); extra_match, when not NULL, is an SQL
 * condition with one "?" for the LIKE pattern that also counts as a match
 * (e.g. on aliases); it may name the record as "r". */
enum domain_status record_search(struct domain_context *ctx, const struct record_kind *kind, const char *query,
                                 const char *extra_match, const char *cursor, int limit, struct record *out,
                                 int *count, const char **next);

/* Rows of kind for which condition holds (SQL naming the table "r", with
 * param_count "?") and that the caller may read — the policy's SQL filter,
 * the same decision as record_read's (tests/unit/test_access_agreement.c)
 * — in order_by's order ("ORDER BY ...", or NULL), at most limit (0: all),
 * allocated in the arena. Nothing is audited: the caller audits what it
 * shows (record_audit_reads), not what it considered. */
enum store_status record_select_readable(struct domain_context *ctx, const struct record_kind *kind,
                                         const char *condition, const struct store_value *params, int param_count,
                                         const char *order_by, int limit, struct record **out, int *rows);

/* The records whose ids ids_json (a JSON array of ids) lists that the
 * caller may read: one statement for any number of ids. Not audited. */
enum store_status record_select_ids_readable(struct domain_context *ctx, const struct record_kind *kind,
                                             const char *ids_json, struct record **out, int *rows);

/* The live records whose ids ids_json lists that are shared with the
 * hub, whoever owns them: only for the pseudonymised picture
 * (domain/pseudonymised.c), which releases no one's identity. */
enum store_status record_select_ids_shared(struct domain_context *ctx, const struct record_kind *kind,
                                           const char *ids_json, struct record **out, int *rows);

/* People for the hub's own matching (domain/duplicates.c and the batch
 * that keys them), whoever may read them: candidate duplicates are found
 * among every record, and what a reader is shown of them is filtered by
 * the reader's access. Released to no one as read here. */
enum store_status record_select_for_matching(struct domain_context *ctx, const char *condition,
                                             const struct store_value *params, int param_count, const char *order_by,
                                             int limit, struct record **out, int *rows);

/* Whether the caller may also see what a record names (the people and
 * contexts of a link or concern); no audit event. */
typedef bool (*record_filter)(struct domain_context *ctx, const struct record *r);

/* Reads record id as record_read does when what it names (also_visible:
 * the people and contexts of a link, the subject of a concern or a
 * screening) is visible to the caller too. A record the caller may not
 * read for either reason is refused as a denied read, audited, and
 * answers DOMAIN_NOT_FOUND, as one that does not exist. */
enum domain_status record_read_naming(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                                      record_filter also_visible, struct record *out);

/* Up to limit records of kind matching condition (SQL naming the table
 * "r", with param_count "?"; NULL for all), newest first, that the caller
 * may read and that pass also_visible (when not NULL), after cursor (a
 * record id). Each shown is audited as read. *next: the following cursor
 * (the last shown) or NULL on a short page. */
enum domain_status record_list_newest(struct domain_context *ctx, const struct record_kind *kind,
                                      const char *condition, const struct store_value *params, int param_count,
                                      record_filter also_visible, const char *cursor, int limit, struct record *out,
                                      int *count, const char **next);

/* True when the caller could read record id and it is live (no audit
 * event: nothing is released). */
bool record_visible(struct domain_context *ctx, const struct record_kind *kind, const char *id);

/* Whether a record id of kind is stored for which condition (SQL naming
 * the table "r"; NULL for none) holds, whoever may read it: nothing about
 * it is released. */
bool record_exists(struct domain_context *ctx, const struct record_kind *kind, const char *id, const char *condition);

/* Record id (live or merged away) when the caller may read it, with no
 * audit event: for deciding what to show, which the caller then audits. */
bool record_peek(struct domain_context *ctx, const struct record_kind *kind, const char *id, struct record *out);

/* In the caller's open transaction: loads record id and checks the caller
 * may change it (audited as action). DOMAIN_FORBIDDEN when they may read
 * but not change it, DOMAIN_NOT_FOUND when they may not even read it. */
enum domain_status record_check_write(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                                      const char *action, struct record *out);

/* As record_visible, and what the record names is visible too. */
bool record_visible_naming(struct domain_context *ctx, const struct record_kind *kind, const char *id,
                           record_filter also_visible);

/* Audits records as read by the caller: gathered into what the response
 * releases, or one event listing them all; a refusal is an event of its
 * own and releases nothing. Takes no write lock of its own. */
enum domain_status record_audit_reads(struct domain_context *ctx, const struct record_kind *kind,
                                      const struct record *records, int count);

/* The access-policy view of record r, a record of kind. */
struct record_ref record_ref_of(const struct record_kind *kind, const struct record *r);

/* The access-policy view of a stored record; false when there is none. */
bool record_ref(struct domain_context *ctx, const struct record_kind *kind, const char *id, struct record_ref *out);

#endif
