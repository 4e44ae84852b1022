/* The gate in front of every route that needs sign-in: finds the caller's
 * session from its cookie (401 without one) and, for state-changing
 * methods, checks the X-CSRF-Token header against it (403 without it). */
#ifndef CSHUB_API_GUARD_H
#define CSHUB_API_GUARD_H

#include <stdbool.h>
#include <stdint.h>

struct request;

/* True when the request may go on to its handler; otherwise a response
 * has been queued. */
bool api_guard(struct request *req);

struct domain_context;

/* Fills ctx with the request's database, arena and signed-in caller. */
void api_context(struct request *req, struct domain_context *ctx);

/* Seconds since the epoch, the clock sessions are measured by. */
int64_t api_now(void);

#endif
