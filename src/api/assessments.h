/* Context assessments: /api/v1/contexts/{id}/assessments (record one,
 * list the history) and /api/v1/assessment-forms (the questions for each
 * kind of context). */
#ifndef CSHUB_API_ASSESSMENTS_H
#define CSHUB_API_ASSESSMENTS_H

struct request;

void api_assessment_forms(struct request *req);
void api_assessments_create(struct request *req);
void api_assessments_list(struct request *req);

#endif
