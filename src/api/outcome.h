/* Answering a domain operation that did not succeed, the same way for
 * every resource. */
#ifndef CSHUB_API_OUTCOME_H
#define CSHUB_API_OUTCOME_H

#include "domain/operation.h"

struct request;

/* Answers 404, 403, 409 or 503 for status; what names the resource ("person"). */
void respond_domain_failure(struct request *req, enum domain_status status, const char *what);

#endif
