/* What one response releases: every record read to answer it and, for
 * each, the young person it is about, gathered while the request is
 * handled (auth/access.c adds each allowed read) and written as one audit
 * event just before the response leaves (api/guard.c), so that an answer
 * is one event naming everything it showed, and a person's audit view
 * counts every read of anything about them. */
#ifndef CSHUB_RELEASE_H
#define CSHUB_RELEASE_H

#include "auth/audit.h"

struct arena;
struct audit_release;

struct audit_release *audit_release_new(struct arena *arena);

/* Adds a record read (once however often it is added) and, when
 * person_id is another record's, the young person it is about. */
void audit_release_add(struct audit_release *release, const char *type, const char *id, const char *person_id);

int audit_release_count(const struct audit_release *release);

/* Where the purposes of access (issue 12) of the people released come
 * from: the choices made in the signed-in session whose token hash is
 * session_hash (access_purpose_choices), or the purpose an API token
 * stated with the request (token_purpose, a code the API layer checked),
 * which then stands for every person released. Both NULL: none. */
void audit_release_set_purpose_source(struct audit_release *release, const char *session_hash,
                                      const char *token_purpose);

/* Appends one event, event's fields with the first record added as its
 * record, listing every record released, with the purpose stated for
 * each person released (event.purposes, from the source set above). */
/* Outside a transaction it does not wait for the disk: see
 * audit_append_records_then for then, data and *pending. */
enum store_status audit_release_write_then(struct store_conn *conn, struct arena *arena,
                                           const struct audit_release *release, struct audit_event event,
                                           store_committed_fn then, void *data, bool *pending);

#endif
