/* /api/v1/action-plan and /api/v1/plan-actions: the partnership's action
 * plan for the cabinet's recommendations, their actions and the actions'
 * progress updates. */
#ifndef CSHUB_API_ACTION_PLAN_H
#define CSHUB_API_ACTION_PLAN_H

#include <jansson.h>

struct request;
struct action_plan;

void api_action_plan_show(struct request *req);
void api_plan_recommendations_create(struct request *req);
void api_plan_recommendations_show(struct request *req);
void api_plan_actions_create(struct request *req);
void api_plan_actions_update(struct request *req);
void api_plan_updates_create(struct request *req);

/* {"summary", "recommendations"} of plan — only those board_id monitors,
 * unless it is NULL — each recommendation with its actions (flagged). */
json_t *action_plan_json(struct request *req, const struct action_plan *plan, const char *board_id);

#endif
