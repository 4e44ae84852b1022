/* Answering a domain operation that did not succeed, the same way for
 * every resource; and the common start of a list under a record
 * (/people/{id}/links, /contexts/{id}/chronology, ...). */
#ifndef CSHUB_API_OUTCOME_H
#define CSHUB_API_OUTCOME_H

#include <stdbool.h>

#include "domain/operation.h"

struct request;

/* Answers 404, 403, 409 or 503 for status; what names the resource ("person"). */
void respond_domain_failure(struct request *req, enum domain_status status, const char *what);

struct record;
struct record_kind;

/* Reads ?limit= and the record of kind named by the path's {id} (an
 * audited read); false after answering 400 or 404. */
bool read_list_subject(struct request *req, const struct record_kind *kind, struct domain_context *ctx, int *limit,
                       struct record *subject);

#endif
