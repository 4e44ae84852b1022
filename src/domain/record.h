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

/* Rows of kind matching "WHERE ..." (tail: a condition, then ORDER BY and
 * LIMIT, naming the table "r"), with no access check, into out (at most
 * max). For subjects that filter and audit what they release. */
enum store_status record_select(struct domain_context *ctx, const struct record_kind *kind, const char *tail,
                                const struct store_value *params, int param_count, struct record *out, int max,
                                int *rows);

/* As record_select, into as many records as there are rows, allocated in
 * the arena (tail should carry a LIMIT). */
enum store_status record_select_all(struct domain_context *ctx, const struct record_kind *kind, const char *tail,
                                    const struct store_value *params, int param_count, struct record **out,
                                    int *rows);

/* The records whose ids ids_json (a JSON array of ids) lists and for which
 * condition (on alias r, with params) holds, allocated in the arena: one
 * statement for any number of ids, so it stays prepared. */
enum store_status record_select_ids(struct domain_context *ctx, const struct record_kind *kind, const char *ids_json,
                                    const char *condition, const struct store_value *params, int param_count,
                                    struct record **out, int *rows);

/* Whether the caller may also see what a record names (the people and
 * contexts of a link or concern); no audit event. */
typedef bool (*record_filter)(struct domain_context *ctx, const struct record *r);

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

/* Audits each of records as read by the caller, in one transaction. */
enum domain_status record_audit_reads(struct domain_context *ctx, const struct record_kind *kind,
                                      const struct record *records, int count);

/* The access-policy view of record r, a record of kind. */
struct record_ref record_ref_of(const struct record_kind *kind, const struct record *r);

/* The access-policy view of a stored record; false when there is none. */
bool record_ref(struct domain_context *ctx, const struct record_kind *kind, const char *id, struct record_ref *out);

#endif
