/* Answering a domain operation that did not succeed, the same way for
 * every resource; and the common start of a list under a record
 * (/people/{id}/links, /contexts/{id}/chronology, ...). */
#ifndef CSHUB_API_OUTCOME_H
#define CSHUB_API_OUTCOME_H

#include <stdbool.h>

#include <jansson.h>

#include "domain/operation.h"

struct request;

/* Answers 404, 403, 409 or 503 for status; what names the resource ("person"). */
void respond_domain_failure(struct request *req, enum domain_status status, const char *what);

struct record;
struct record_kind;

/* Reads the record of kind named by the path's {id} (an audited read)
 * as the request's caller (ctx is filled); false after answering 404. */
bool read_path_subject(struct request *req, const struct record_kind *kind, struct domain_context *ctx,
                       struct record *subject);

/* Reads ?limit= and the record of kind named by the path's {id} (an
 * audited read); false after answering 400 or 404. */
bool read_list_subject(struct request *req, const struct record_kind *kind, struct domain_context *ctx, int *limit,
                       struct record *subject);

/* A list of records under a subject (a context's assessments, ...), and
 * one record as JSON. */
typedef enum domain_status (*subject_list_fn)(struct domain_context *ctx, const char *subject_id, const char *cursor,
                                              int limit, struct record *out, int *count, const char **next);
typedef json_t *(*record_json_fn)(struct domain_context *ctx, const struct record *r);

/* Answers GET .../{id}/<what>s: the subject of kind (404 if the caller may
 * not read it), then the page list gives, each record rendered by render. */
void respond_subject_list(struct request *req, const struct record_kind *subject_kind, subject_list_fn list,
                          record_json_fn render, const char *what);

#endif
