/* /api/v1/action-plan and /api/v1/plan-actions: the partnership's action
 * plan for the cabinet's recommendations, their actions and the actions'
 * progress updates. */
#ifndef CSHUB_API_ACTION_PLAN_H
#define CSHUB_API_ACTION_PLAN_H

struct request;

void api_action_plan_show(struct request *req);
void api_plan_recommendations_create(struct request *req);
void api_plan_recommendations_show(struct request *req);
void api_plan_actions_create(struct request *req);
void api_plan_actions_update(struct request *req);
void api_plan_updates_create(struct request *req);

#endif
