/* The purpose of access over HTTP (issue 12, item 2; domain/access_purpose.h):
 *   /api/v1/access-purposes            the list (anyone signed in); add (admins)
 *   /api/v1/access-purposes/{code}     relabel, reorder, retire; delete one never stated
 *   /api/v1/access-purposes/choices    this session's choices; choose for a record
 *   /api/v1/access-purposes/agencies   which agencies require a purpose (admins)
 * and the gate every signed-in request passes (api/guard.c): a purpose an
 * API token states in the Cshub-Purpose header is checked, and opening a
 * person's record without a purpose where the caller's agency requires one
 * answers 428, naming the field `purpose` and listing the purposes. */
#ifndef CSHUB_API_ACCESS_PURPOSES_H
#define CSHUB_API_ACCESS_PURPOSES_H

#include <jansson.h>
#include <stdbool.h>

#define ACCESS_PURPOSE_HEADER "Cshub-Purpose"

struct request;
struct audit_release;
struct domain_context;

void api_access_purposes_list(struct request *req);
void api_access_purposes_create(struct request *req);
void api_access_purposes_update(struct request *req);
void api_access_purposes_delete(struct request *req);
void api_access_purpose_choices_list(struct request *req);
void api_access_purpose_choices_create(struct request *req);
void api_access_purpose_agencies_list(struct request *req);
void api_access_purpose_agencies_update(struct request *req);

/* For a signed-in request, after authentication: true when it may go on
 * to its handler; otherwise a response (400 for a bad Cshub-Purpose
 * header, 428 for a record opened without a purpose where one is
 * required, 503) has been queued. */
bool api_access_purpose_gate(struct request *req);

/* Tells release where the purposes of what the request releases come
 * from: the session's choices, or an API token's Cshub-Purpose header. */
void api_access_purpose_source(struct request *req, struct audit_release *release);

/* Adds "purpose" and "purpose_label" (null when none was stated) to each
 * of items, audit events each with a "seq", for the person person_id:
 * the purpose stated for them in that event. False when the log could
 * not be read (answer 503 then). */
bool api_access_purposes_annotate(struct domain_context *ctx, const char *person_id, json_t *items);

#endif
