/* /api/v1/boards: the configured partnership boards. */
#ifndef CSHUB_API_BOARDS_H
#define CSHUB_API_BOARDS_H

struct request;

void api_boards_list(struct request *req);

#endif
