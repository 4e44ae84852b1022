/* /api/v1/definitions: the partnership's shared, versioned definitions. */
#ifndef CSHUB_API_DEFINITIONS_H
#define CSHUB_API_DEFINITIONS_H

struct request;

void api_definitions_list(struct request *req);
void api_definitions_create(struct request *req);
void api_definitions_show(struct request *req);
void api_definitions_publish(struct request *req);
void api_definitions_adopt(struct request *req);

#endif
