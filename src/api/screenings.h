/* /api/v1/screenings: screening a concern with the hub's risk tool (kept,
 * never changed), and /api/v1/screening-tool: the tool's configuration. */
#ifndef CSHUB_API_SCREENINGS_H
#define CSHUB_API_SCREENINGS_H

struct request;

void api_screenings_create(struct request *req);
void api_screenings_show(struct request *req);
void api_screenings_list(struct request *req);
void api_screening_tool_show(struct request *req);
void api_screening_tool_publish(struct request *req);

#endif
