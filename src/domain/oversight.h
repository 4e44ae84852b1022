/* What the hub's oversight reads: the alerts raised for the coordinators
 * (domain/account_approval.h raises them) and the audit trail of one young
 * person's record. Rows name the staff involved, never a child; the
 * handlers check the caller may read the audit log before asking. */
#ifndef CSHUB_OVERSIGHT_H
#define CSHUB_OVERSIGHT_H

#include <stdint.h>

#include "domain/operation.h"

/* Alerts newest first, after the one created at after_time with id
 * after_id (both NULL for the first page), at most limit rows. Columns id,
 * kind, created_at, record_type, record_id, reason, user_id, user_name,
 * agency_name. */
enum store_status oversight_alerts(struct domain_context *ctx, const char *after_time, const char *after_id,
                                   int limit, struct store_result *out);

/* The audit events about person_id, or releasing them among others (a
 * network view, through the audit log's index and the events it has not
 * reached yet), newest first, with sequence number below before_seq, at
 * most limit rows. Columns seq, at, action, outcome, reason, user_id,
 * user_name, agency_name. */
enum store_status oversight_person_events(struct domain_context *ctx, const char *person_id, int64_t before_seq,
                                          int limit, struct store_result *out);

#endif
