/* GET /healthz: liveness and database reachability, without sign-in. */
#ifndef CSHUB_API_HEALTH_H
#define CSHUB_API_HEALTH_H

struct request;

void api_healthz(struct request *req);

#endif
