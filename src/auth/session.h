/* Signed-in sessions: a random token given to the browser in a cookie and
 * kept in the database only as a hash, with a CSRF token, an idle timeout
 * and an absolute lifetime. A session knows who its user is and nothing
 * they could prove it with: no password hash and no second-factor secret
 * (a handler that must check one reads it at that moment, domain/user.h). */
#ifndef CSHUB_SESSION_H
#define CSHUB_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

#define SESSION_COOKIE "cshub_session"

struct session_limits {
    int64_t idle_seconds;     /* ends after this long without a request */
    int64_t lifetime_seconds; /* ends this long after sign-in, whatever happens */
};

/* Who is signed in, as every request needs it: identity and reach, never
 * a secret. For an API token (auth/tokens.h) id is the token's id, name
 * its name and email "". */
struct session_user {
    const char *id;
    const char *email;
    const char *name;
    const char *role;
    const char *agency_id;
    const char *agency_name;
    bool second_factor_enabled;  /* the user has switched the second factor on */
    bool second_factor_required; /* members of the user's role must use it */
};

struct session {
    const char *token_hash; /* NULL for an API token */
    const char *csrf_token; /* NULL for an API token */
    struct session_user user;
};

/* Starts a session for user_id at time now; returns the token for the
 * cookie and sets *csrf_out. NULL when the database refuses. */
const char *session_start(struct store_conn *conn, struct arena *arena, const char *user_id, int64_t now,
                          const char **csrf_out);

/* Finds the live session for token at time now, with its user (one query
 * that reads no secret), and refreshes its idle timer. Expired sessions and
 * those of disabled users are deleted and not found. */
bool session_find(struct store_conn *conn, struct arena *arena, const char *token, int64_t now,
                  const struct session_limits *limits, struct session *out);

/* Ends one session (by its token hash). */
enum store_status session_end(struct store_conn *conn, const char *token_hash);

/* Ends every session of a user (disabled, or password changed). */
enum store_status session_end_all_for_user(struct store_conn *conn, const char *user_id);

#endif
