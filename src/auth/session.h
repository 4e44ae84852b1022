/* Signed-in sessions: a random token given to the browser in a cookie and
 * kept in the database only as a hash, with a CSRF token, an idle timeout
 * and an absolute lifetime. */
#ifndef CSHUB_SESSION_H
#define CSHUB_SESSION_H

#include <stdint.h>

#include "domain/user.h"

struct arena;

#define SESSION_COOKIE "cshub_session"

struct session_limits {
    int64_t idle_seconds;     /* ends after this long without a request */
    int64_t lifetime_seconds; /* ends this long after sign-in, whatever happens */
};

struct session {
    const char *token_hash;
    const char *csrf_token;
    struct user user;
};

/* Starts a session for user_id at time now; returns the token for the
 * cookie and sets *csrf_out. NULL when the database refuses. */
const char *session_start(struct store_conn *conn, struct arena *arena, const char *user_id, int64_t now,
                          const char **csrf_out);

/* Finds the live session for token at time now and refreshes its idle
 * timer. Expired sessions and those of disabled users are deleted and not found. */
bool session_find(struct store_conn *conn, struct arena *arena, const char *token, int64_t now,
                  const struct session_limits *limits, struct session *out);

/* Ends one session (by its token hash). */
enum store_status session_end(struct store_conn *conn, const char *token_hash);

/* Ends every session of a user (disabled, or password changed). */
enum store_status session_end_all_for_user(struct store_conn *conn, const char *user_id);

#endif
