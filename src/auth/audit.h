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

struct audit_verdict {
    bool intact;
    int64_t events;     /* events checked */
    int64_t first_bad;  /* seq of the first bad event (0 when intact) */
    const char *problem;
};

/* Walks the whole log in order, recomputing every hash. */
enum store_status audit_verify(struct store_conn *conn, struct audit_verdict *verdict);

#endif
