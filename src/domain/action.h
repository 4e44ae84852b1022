/* Actions: what an agency (and, when named, one of its people) agreed to
 * do, by when, about a young person, an adult of concern or a context —
 * usually at a MACE meeting — and how it ended (done or cancelled, with
 * notes). A record (domain/record.h) owned by the agency that must do it,
 * so that its people may update it; about a person, it is a record about
 * that person. An open action past its due date is overdue: its agency
 * sees it flagged, and the hub's coordinators are told once (an alert),
 * unless the action is its agency's alone. */
#ifndef CSHUB_ACTION_H
#define CSHUB_ACTION_H

#include "domain/operation.h"
#include "domain/record.h"

enum action_field {
    ACTION_MEETING_ID,
    ACTION_ITEM_ID,
    ACTION_PERSON_ID,
    ACTION_CONTEXT_ID,
    ACTION_DESCRIPTION,
    ACTION_ASSIGNEE_USER_ID,
    ACTION_DUE_ON,
    ACTION_STATUS,
    ACTION_COMPLETION_NOTES,
    ACTION_COMPLETED_ON,
    ACTION_SHARING,
    ACTION_FIELD_COUNT,
};

extern const struct record_kind action_kind;
extern const char *const action_statuses[];
extern const int action_status_count;

/* Creates an action owned by owner_agency_id; its person, context,
 * meeting and item must be ones the caller may see (else
 * DOMAIN_NOT_FOUND), and the meeting (if any) open (else DOMAIN_CONFLICT).
 * The person given an action about a young person is recorded as working
 * with them. An action is shown to those who may read it and what it
 * names — and always to the agency given it. */
enum domain_status action_create(struct domain_context *ctx, const struct record_input *in, const char *owner_agency_id,
                                 struct record *out);

/* Whether the caller may see what action r names (or its agency was given it). */
bool action_visible(struct domain_context *ctx, const struct record *r);

/* Whether action id exists and the caller may read it and what it names
 * (no audit event: nothing is released). */
bool action_readable(struct domain_context *ctx, const char *id);

enum domain_status action_read(struct domain_context *ctx, const char *id, struct record *out);

/* Changes an action (its status, notes, due date, assignee); completing
 * it sets completed_on to today; a new assignee is recorded as working
 * with the young person it is about. */
enum domain_status action_update(struct domain_context *ctx, const char *id, const struct record_input *in,
                                 struct record *out);

struct action_filter {
    const char *assignee_user_id; /* "my actions" */
    const char *owner_agency_id;  /* "my agency's actions" */
    const char *person_id, *context_id, *meeting_id;
    const char *status;
    bool overdue_only;
};

/* Actions the caller may see (with what they are about), newest first. */
enum domain_status action_list(struct domain_context *ctx, const struct action_filter *filter, const char *cursor,
                               int limit, struct record *out, int *count, const char **next);

#define ACTIONS_PER_MEETING_MAX 10000

/* Every action given at meeting meeting_id that the caller may see, newest
 * first (at most ACTIONS_PER_MEETING_MAX), decided and audited as
 * action_list does; unlike paging through action_list, a run of actions
 * the caller may not see never ends the list early. *out is arena memory. */
enum domain_status action_list_of_meeting(struct domain_context *ctx, const char *meeting_id, struct record **out,
                                          int *count);

/* Whether an action is overdue today: open and past its due date. */
bool action_is_overdue(const struct record *action, const char *today);

/* Housekeeping: raises one alert for each open action that has become
 * overdue (for its owner and the coordinators); *done when none is left. */
enum store_status actions_flag_overdue(struct store_conn *conn, struct arena *arena, bool *done);

#endif
