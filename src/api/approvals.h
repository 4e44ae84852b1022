/* /api/v1/approvals: the requests for accounts that read children's
 * records (domain/account_approval.h) — listed for approvers and admins,
 * approved or refused (with a reason) by a second person — and
 * /api/v1/account/setup, where the person sets their first password with
 * the one-time code the approver handed them. */
#ifndef CSHUB_API_APPROVALS_H
#define CSHUB_API_APPROVALS_H

struct request;

void api_approvals_list(struct request *req);
void api_approvals_approve(struct request *req);
void api_approvals_refuse(struct request *req);
void api_account_setup(struct request *req);

#endif
