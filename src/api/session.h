/* /api/v1/session: sign in (POST), who am I (GET), sign out (DELETE). */
#ifndef CSHUB_API_SESSION_H
#define CSHUB_API_SESSION_H

struct request;
struct session_user;

void api_session_create(struct request *req);
void api_session_show(struct request *req);
void api_session_delete(struct request *req);

/* Starts a session for user, sets its cookie and answers status with the
 * user and the CSRF token. */
void api_session_start(struct request *req, const struct session_user *user, unsigned status);

#endif
