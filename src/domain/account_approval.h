/* No one widens their own reach: an account entering a role that reads
 * children's records (by the access policy: practitioner, coordinator) —
 * created, or moved into such a role or into another agency — is only
 * asked for by an admin and takes effect when a second person of the hub
 * with the oversight capability (a coordinator, in a session, never the
 * one who asked nor the account itself) approves it. On approval the
 * account starts with no usable password and no second factor; a one-time
 * set-up code, shown once to the approver to hand over, lets the person set
 * their own. Each request, approval and refusal is audited and raises an
 * alert the coordinators review, as break-glass does. */
#ifndef CSHUB_ACCOUNT_APPROVAL_H
#define CSHUB_ACCOUNT_APPROVAL_H

#include <stdint.h>

#include "domain/operation.h"
#include "store/store.h"

/* Alerts raised by changes of reach (kinds as stored in alerts.kind). */
#define ALERT_ACCOUNT_REQUESTED "account_requested"
#define ALERT_ACCOUNT_APPROVED "account_approved"
#define ALERT_ACCOUNT_REFUSED "account_refused"
#define ALERT_TOKEN_CREATED "api_token_created"
#define ALERT_SECOND_FACTOR_RULE "second_factor_rule_changed"

/* How long a set-up code may be used. */
#define ACCOUNT_SETUP_SECONDS (7 * 24 * 60 * 60)

/* Raises an alert of kind for the coordinators' oversight list; user_id is
 * who did it (NULL when unknown), reason what happened, without any
 * child's details. Joins the caller's transaction, if any. */
enum store_status account_alert_raise(struct store_conn *conn, const char *kind, const char *user_id,
                                      const char *record_type, const char *record_id, const char *reason);

/* What an admin asks for: a new account (user_id NULL; email, name) or a
 * move of user_id (name, previous_role, previous_agency_id as it is now). */
struct approval_request {
    const char *user_id;
    const char *email;
    const char *name;
    const char *role;
    const char *agency_id;
    const char *previous_role;
    const char *previous_agency_id;
};

/* Records request as pending, audited, with its alert. The caller has
 * checked the capability to manage users. DOMAIN_CONFLICT when the email
 * is taken (by a user or another pending request) or the user already has
 * a change pending. */
enum domain_status approval_request(struct domain_context *ctx, const struct approval_request *request,
                                    const char **id_out);

/* What a decision gives back. */
struct approval_outcome {
    const char *user_id;    /* the account, once approved */
    const char *setup_code; /* shown once, to the approver */
    const char *setup_expires_at;
    const char *why;        /* for a refusal of the decision */
};

/* Approves pending request id as the caller: applies it, issues the
 * set-up code, audits and alerts. DOMAIN_NOT_FOUND (no such request),
 * DOMAIN_FORBIDDEN (not an approver, an API token, the one who asked, or
 * the account itself), DOMAIN_CONFLICT (decided already, the email taken
 * meanwhile, or the account changed since the request). */
enum domain_status approval_approve(struct domain_context *ctx, const char *id, struct approval_outcome *out);

/* Refuses pending request id with reason, under the same rules. */
enum domain_status approval_refuse(struct domain_context *ctx, const char *id, const char *reason,
                                   struct approval_outcome *out);

/* Whether the caller may see requests: approvers and admins (audited as a
 * read of "account_approvals"). */
bool approval_may_list(struct domain_context *ctx);

/* Requests with status (NULL: any) newest first, after the cursor
 * (requested_at, id; NULL for the first page), at most limit rows; or the
 * one with id (id not NULL). Rows name the people and agencies. */
enum store_status approval_rows(struct domain_context *ctx, const char *id, const char *status,
                                const char *after_time, const char *after_id, int limit, struct store_result *out);

/* Sets the password of the account with email from its set-up code (once,
 * before it expires), audited. DOMAIN_NOT_FOUND when the email and code do
 * not match a live code. */
enum domain_status account_setup_complete(struct store_conn *conn, struct arena *arena, const char *email,
                                          const char *code, const char *password_hash, const char *client_address);

#endif
