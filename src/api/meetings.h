/* HTTP handlers for MACE meetings and their agenda items. */
#ifndef CSHUB_API_MEETINGS_H
#define CSHUB_API_MEETINGS_H

struct request;

void api_meetings_list(struct request *req);
void api_meetings_create(struct request *req);
void api_meetings_show(struct request *req);
void api_meetings_update(struct request *req);
void api_meetings_close(struct request *req);
void api_meetings_build_agenda(struct request *req);
void api_meeting_items_create(struct request *req);
void api_meeting_items_update(struct request *req);
void api_meeting_items_delete(struct request *req);

#endif
