/* The audit log's one door. Every sign-in (success and failure), sign-out,
 * read, create, update, delete, export and break-glass is appended here as
 * an event chained to the one before by a keyed MAC (a key derived from
 * the server's key file); nothing else writes the table, and nothing can
 * change, remove or reorder an event without audit_verify() noticing —
 * removal of the newest events through the signed checkpoints of the
 * chain's head kept outside the database (auth/audit_anchor.h). */
#ifndef CSHUB_AUDIT_H
#define CSHUB_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

#define AUDIT_MASTER_KEY_BYTES 32 /* the server's key file: a crypto_kdf key */
#define AUDIT_HASH_HEX 65         /* a chain hash as hex, with its terminator */

struct audit_event {
    const char *user_id;        /* NULL for an unknown caller (failed sign-in) */
    const char *agency_id;
    const char *action;         /* sign_in, sign_in_failed, sign_out, read, create, ... */
    const char *outcome;        /* "allowed" (the default when NULL) or "denied" */
    const char *record_type;    /* "person", "session", ...; NULL when none */
    const char *record_id;
    const char *reason;         /* break-glass or other stated reason; NULL when none */
    const char *client_address;
    /* The purpose of access stated for records the event releases (issue
     * 12): "\ntype id code" lines ending "\n", in the order the records are
     * listed; NULL when none was stated. Covered by the event's MAC. */
    const char *purposes;
};

/* Derives the chain's MAC key and the checkpoints' signing key from the
 * server's key; set once at start, before any thread. */
void audit_set_key(const unsigned char master[AUDIT_MASTER_KEY_BYTES]);
void audit_forget_key(void);
bool audit_key_ready(void);

/* Reads the server's key file (32 bytes, readable by its owner only, as
 * totp_load_key and pseudonym_load_key read it) and sets the keys; false,
 * with the reason in error, when it cannot. */
bool audit_load_key(const char *path, char *error, size_t error_size);

/* Appends event; the caller's transaction (if any) makes it atomic with
 * the change it records. Fails (STORE_ERROR) when no key is set: an
 * event that could not be chained is not written. Returns what the store
 * said. */
enum store_status audit_append(struct store_conn *conn, struct arena *arena, const struct audit_event *event);

/* One record released by an event that releases many. */
struct audit_record {
    const char *type; /* "person", "context", "link", ... */
    const char *id;
};

/* Appends one event releasing records[0..count) at once (a network view):
 * event's record_type and record_id say what was asked for; the records
 * are listed in event order, covered by the event's MAC. */
enum store_status audit_append_records(struct store_conn *conn, struct arena *arena, const struct audit_event *event,
                                       const struct audit_record *records, int count);

/* As audit_append_records, but outside a transaction without waiting for
 * the disk: *pending is then true, and then(data, status) is called once
 * the event is durable or its commit failed (store_commit_then; the wait
 * is kept in arena). Otherwise (in a transaction, or failed at once)
 * *pending is false and the status returned is final. */
enum store_status audit_append_records_then(struct store_conn *conn, struct arena *arena,
                                            const struct audit_event *event, const struct audit_record *records,
                                            int count, store_committed_fn then, void *data, bool *pending);

/* One event of a batch, with the records it released (records NULL for
 * an event that lists none, as audit_append). */
struct audit_batch_item {
    struct audit_event event;
    const struct audit_record *records;
    int record_count;
};

/* Appends items[0..count) in order, in the caller's transaction (or one of
 * its own), reading the chain's head once: for group commit. */
enum store_status audit_append_batch(struct store_conn *conn, struct arena *arena,
                                     const struct audit_batch_item *items, int count);

/* The chain's head: the newest event's seq and hash (0 and the genesis
 * hash for an empty log) and the last unkeyed event (migration 0028). */
struct audit_head {
    int64_t seq;
    char hash[AUDIT_HASH_HEX];
    int64_t legacy_through;
};
enum store_status audit_read_head(struct store_conn *conn, struct arena *arena, struct audit_head *head);

/* Whether the newest event's MAC verifies under the key set (*matches;
 * true for an empty or all-unkeyed log): false when the server started
 * with a key file that is not the one the chain was written with. */
enum store_status audit_head_matches_key(struct store_conn *conn, struct arena *arena, bool *matches);

/* Whether the index has events still to take (*pending), read without
 * the write lock. */
enum store_status audit_index_pending(struct store_conn *conn, struct arena *arena, bool *pending);

/* Takes the index of records released by such events (who has looked at
 * a person or context, links apart) one small step towards the newest
 * event; *done when it has reached it. Run in the background. */
enum store_status audit_index_step(struct store_conn *conn, struct arena *arena, bool *done);

struct audit_verdict {
    bool intact;           /* everything checked agrees */
    bool key_missing;      /* keyed events exist and no key was set: not verified */
    int64_t events;        /* events verified (before the first bad one) */
    int64_t legacy_events; /* of them, unkeyed ones from before migration 0028 */
    int64_t first_bad;     /* seq of the first bad event (0 when none is named) */
    char problem[256];
    bool anchored;         /* an anchor file was checked */
    int64_t checkpoints;   /* checkpoints that matched the chain */
    int64_t newest_checkpoint; /* seq of the newest of them */
    int64_t index_entries; /* entries of the index checked against the chain */
};

/* Walks the whole log in order in one snapshot, recomputing every hash
 * and MAC; checks the records each event lists, every checkpoint of the
 * anchor file at anchor_path (NULL: none) and the index of records
 * released against the chain. */
enum store_status audit_verify(struct store_conn *conn, const char *anchor_path, struct audit_verdict *verdict);

#endif
