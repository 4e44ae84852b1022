/* GET /api/v1/settings: what the browser client needs to know of the
 * server's configuration (the map tile server), for any signed-in user. */
#ifndef CSHUB_API_SETTINGS_H
#define CSHUB_API_SETTINGS_H

struct request;

void api_settings_show(struct request *req);

#endif
