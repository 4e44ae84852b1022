/* /api/v1/session: sign in (POST), who am I (GET), sign out (DELETE). */
#ifndef CSHUB_API_SESSION_H
#define CSHUB_API_SESSION_H

struct request;

void api_session_create(struct request *req);
void api_session_show(struct request *req);
void api_session_delete(struct request *req);

#endif
