/* /api/v1/concerns: concerns about a young person or a context from any
 * partner agency; the coordinator's triage list is ?status=new. */
#ifndef CSHUB_API_CONCERNS_H
#define CSHUB_API_CONCERNS_H

#include <jansson.h>

struct request;
struct record;
struct domain_context;
struct record_kind;

void api_concerns_create(struct request *req);
void api_concerns_show(struct request *req);
void api_concerns_update(struct request *req);
void api_concerns_list(struct request *req);

/* {"id", "name", ...} of a person ("date_of_birth") or context ("kind"),
 * if the caller may read it (audited); JSON null otherwise. */
json_t *subject_summary_json(struct domain_context *ctx, const struct record_kind *kind, const char *id);

/* A concern as JSON with "person" and "context": {"id","name",...} of what
 * it is about, or null where the caller may not see it (reads audited). */
json_t *concern_json_with_subjects(struct domain_context *ctx, const struct record *r);

#endif
