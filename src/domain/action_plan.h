/* The partnership's action plan (recommendations 1 and 8 of the cabinet
 * decision): the recommendations, each owned by an agency or a board and
 * monitored by a partnership board; the actions under each, owned by an
 * agency, with a due date and a status; and each action's progress
 * updates (red, amber or green), an append-only history whose latest
 * update gives the action its current rating. Partnership business with no
 * personal data about children: reading needs the capability to read the
 * action plan, adding to it the capability to update it, each attempt
 * audited (auth/access.c). */
#ifndef CSHUB_ACTION_PLAN_H
#define CSHUB_ACTION_PLAN_H

#include <stdbool.h>

#include "domain/operation.h"

/* The plan is small; these bounds keep every answer whole. */
#define PLAN_RECOMMENDATIONS_MAX 50 /* recommendations in the plan */
#define PLAN_ACTIONS_MAX 25         /* actions under one recommendation */
#define PLAN_UPDATES_MAX 200        /* progress updates of one action (fifty years of quarterly ones) */
#define PLAN_LATE_AFTER_DAYS 90     /* an open action's update is late after this many days */

extern const char *const plan_action_statuses[]; /* not_started, in_progress, done */
extern const int plan_action_status_count;
extern const char *const plan_ratings[]; /* red, amber, green */
extern const int plan_rating_count;

struct plan_recommendation_input {
    int number; /* 1 to 99, unique in the plan */
    const char *title, *text;
    const char *owner_agency_id, *owner_board_id; /* exactly one */
    const char *board_id;                         /* the board that monitors it */
};

/* An action's fields; for a change, NULL leaves a field as it is. */
struct plan_action_input {
    const char *description, *owner_agency_id, *due_on, *status;
};

struct plan_update_input {
    const char *written_on, *progress, *evidence, *rag; /* evidence may be NULL */
};

/* Rows of actions carry: id, recommendation_id, description,
 * owner_agency_id, owner_agency_name, due_on, status, created_by,
 * created_at, updated_at, rag (the latest update's, or NULL),
 * last_update_on (or NULL) and update_count. Rows of recommendations:
 * id, number, title, text, owner_agency_id, owner_board_id, owner_name,
 * board_id, board_name, created_by, created_at. Rows of updates: id,
 * action_id, sequence, written_on, progress, evidence, rag, recorded_by,
 * created_at, newest first (by written_on, then the order recorded). */
struct action_plan {
    struct store_result recommendations; /* by number */
    struct store_result actions;         /* by recommendation, then due date */
};

struct plan_recommendation_detail {
    struct store_result recommendation; /* one row */
    struct store_result actions;        /* by due date */
    struct store_result updates;        /* of every action, newest first */
};

struct plan_action_detail {
    struct store_result action;  /* one row */
    struct store_result updates; /* newest first */
};

/* The whole plan, audited as one read of "action_plan". DOMAIN_FORBIDDEN
 * when the caller may not read it. */
enum domain_status action_plan_read(struct domain_context *ctx, struct action_plan *out);

/* The whole plan with no access check and no audit: for a caller that has
 * checked and audited the read it answers (a board report). */
enum domain_status action_plan_load(struct domain_context *ctx, struct action_plan *out);

/* One recommendation with its actions and their whole history, audited as
 * a read. DOMAIN_NOT_FOUND when there is none or the caller may not read
 * the plan. */
enum domain_status plan_recommendation_read(struct domain_context *ctx, const char *id,
                                            struct plan_recommendation_detail *out);

/* Adds a recommendation (the caller must be able to update the plan);
 * *out gets it as stored. DOMAIN_CONFLICT when its number is taken,
 * DOMAIN_FULL past PLAN_RECOMMENDATIONS_MAX. */
enum domain_status plan_recommendation_create(struct domain_context *ctx, const struct plan_recommendation_input *in,
                                              struct plan_recommendation_detail *out);

/* Adds an action (every field of in given; status NULL means not_started)
 * under recommendation_id. DOMAIN_NOT_FOUND when there is no such
 * recommendation, DOMAIN_FORBIDDEN when the caller may read the plan but
 * not change it, DOMAIN_FULL past PLAN_ACTIONS_MAX. */
enum domain_status plan_action_create(struct domain_context *ctx, const char *recommendation_id,
                                      const struct plan_action_input *in, struct plan_action_detail *out);

/* Changes the fields of action id that in gives. As plan_action_create. */
enum domain_status plan_action_update(struct domain_context *ctx, const char *id, const struct plan_action_input *in,
                                      struct plan_action_detail *out);

/* Appends a progress update to action id. As plan_action_create;
 * DOMAIN_FULL past PLAN_UPDATES_MAX. Updates are never changed or removed. */
enum domain_status plan_update_create(struct domain_context *ctx, const char *action_id,
                                      const struct plan_update_input *in, struct plan_action_detail *out);

struct plan_flags {
    bool overdue;     /* not done and past its due date */
    bool update_late; /* not done, and its latest update (or, with none, its creation) is
                       * more than PLAN_LATE_AFTER_DAYS before today */
};

/* The flags of row of a result of actions, on today ("YYYY-MM-DD"). */
struct plan_flags plan_action_flags(struct arena *arena, const struct store_result *actions, int row,
                                    const char *today);

#endif
