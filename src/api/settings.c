/* GET /api/v1/settings: {"map_tiles", "map_attribution"}, each a string
 * or null (no tile server configured: the hotspots plan is drawn without
 * a map). Holds nothing about the records. */
#include "api/settings.h"

#include "http/request.h"
#include "http/response.h"
#include "http/server.h"

/* A JSON string, or null for NULL or "". */
static json_t *string_or_null(const char *text)
{
    return text != NULL && text[0] != '\0' ? json_string(text) : json_null();
}

void api_settings_show(struct request *req)
{
    const struct server_options *options = &req->server->options;
    respond_json(req, 200, json_pack("{s:o,s:o}", "map_tiles", string_or_null(options->map_tiles),
                                     "map_attribution", string_or_null(options->map_attribution)));
}
