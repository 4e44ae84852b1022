/* The audit log's one door. Every sign-in (success and failure), sign-out,
 * read, create, update, delete, export and break-glass is appended here as
 * an event chained by hash to the one before; nothing else writes the
 * table, and nothing can change or remove an event without
 * audit_verify() noticing. */
#ifndef CSHUB_AUDIT_H
#define CSHUB_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

struct audit_event {
    const char *user_id;        /* NULL for an unknown caller (failed sign-in) */
    const char *agency_id;
    const char *action;         /* sign_in, sign_in_failed, sign_out, read, create, ... */
    const char *outcome;        /* "allowed" (the default when NULL) or "denied" */
    const char *record_type;    /* "person", "session", ...; NULL when none */
    const char *record_id;
    const char *reason;         /* break-glass or other stated reason; NULL when none */
    const char *client_address;
};

/* Appends event; the caller's transaction (if any) makes it atomic with
 * the change it records. Returns what the store said. */
enum store_status audit_append(struct store_conn *conn, struct arena *arena, const struct audit_event *event);

/* One record released by an event that releases many. */
struct audit_record {
    const char *type; /* "person", "context", "link", ... */
    const char *id;
};

/* Appends one event releasing records[0..count) at once (a network view):
 * event's record_type and record_id say what was asked for; the records
 * are listed in event order, covered by the event's hash (migration 0013). */
enum store_status audit_append_records(struct store_conn *conn, struct arena *arena, const struct audit_event *event,
                                       const struct audit_record *records, int count);

/* Whether the index has events still to take (*pending), read without
 * the write lock. */
enum store_status audit_index_pending(struct store_conn *conn, struct arena *arena, bool *pending);

/* Takes the index of records released by such events (who has looked at
 * a person or context, links apart) one small step towards the newest
 * event; *done when it has reached it. Run in the background. */
enum store_status audit_index_step(struct store_conn *conn, struct arena *arena, bool *done);

struct audit_verdict {
    bool intact;
    int64_t events;     /* events checked */
    int64_t first_bad;  /* seq of the first bad event (0 when intact) */
    const char *problem;
};

/* Walks the whole log in order, recomputing every hash. */
enum store_status audit_verify(struct store_conn *conn, struct audit_verdict *verdict);

#endif
