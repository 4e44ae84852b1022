/* Checkpoints of the audit chain's head kept outside the database: the
 * server appends "this event was the newest, with this hash" lines to an
 * append-only anchor file (and, if asked, the system journal), each
 * signed with an Ed25519 key pair derived from the server's key file, at
 * start, every ANCHOR_EVERY_EVENTS events or ANCHOR_EVERY_SECONDS seconds
 * when the log has moved, and at shutdown. `cshub audit verify` reads the
 * file back: events removed from the end of the log, or a chain rewritten
 * after a checkpoint, no longer match it. */
#ifndef CSHUB_AUDIT_ANCHOR_H
#define CSHUB_AUDIT_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/audit.h"
#include "store/store.h"

struct arena;

#define AUDIT_ANCHOR_EVERY_EVENTS 100
#define AUDIT_ANCHOR_EVERY_SECONDS 60

/* Derives the signing key pair (set by audit_set_key). */
void audit_anchor_set_key(const unsigned char master[AUDIT_MASTER_KEY_BYTES]);
void audit_anchor_forget_key(void);

/* Opens path for appending (made if missing, readable by its owner only);
 * with to_syslog each checkpoint's seq and hash also go to syslog(3).
 * False, with the reason in error, when it cannot. */
bool audit_anchor_open(const char *path, bool to_syslog, char *error, size_t error_size);

/* Appends a checkpoint of the head now (the first since opening always;
 * later ones only when the head has moved). False when it could not be
 * written (logged). */
bool audit_anchor_checkpoint(struct store_conn *conn, struct arena *arena);

/* Appends a checkpoint when the head has moved ANCHOR_EVERY_EVENTS events,
 * or moved at all ANCHOR_EVERY_SECONDS after the last; for the
 * housekeeping thread. */
bool audit_anchor_tick(struct store_conn *conn, struct arena *arena);

/* Closes the file (after a last checkpoint by the caller). */
void audit_anchor_close(void);

struct audit_checkpoint {
    int64_t seq;
    char hash[AUDIT_HASH_HEX];
    int64_t legacy_through;
    char at[32];
    int line;
};

struct audit_anchor_file {
    struct audit_checkpoint *checkpoints; /* in the file's order; arena memory */
    int count;
};

/* Reads every checkpoint of path, checking each signature and that seq
 * and time never go backwards; false, with the reason in problem (and the
 * checkpoint's seq in *bad_seq when one is to blame), when the file is
 * missing, unreadable, malformed, forged or reordered. An unfinished last
 * line (a write cut short) is ignored. */
bool audit_anchor_read(const char *path, struct arena *arena, struct audit_anchor_file *file, int64_t *bad_seq,
                       char *problem, size_t problem_size);

#endif
