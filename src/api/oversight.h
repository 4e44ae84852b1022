/* Break-glass access, the alerts it raises, and "who has looked at this
 * record": the hub's oversight of access to children's records. */
#ifndef CSHUB_API_OVERSIGHT_H
#define CSHUB_API_OVERSIGHT_H

struct request;

void api_break_glass_create(struct request *req);
void api_alerts_list(struct request *req);
void api_people_audit(struct request *req);

#endif
