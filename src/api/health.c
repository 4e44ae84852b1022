/* GET /healthz: answers 200 {"status":"ok",...} when the database answers,
 * 503 otherwise. Reveals nothing about the records held. */
#include "api/health.h"

#include "http/request.h"
#include "http/response.h"
#include "store/store.h"
#include "util/version.h"

void api_healthz(struct request *req)
{
    int schema_version = 0;
    if (store_schema_version(request_db(req), &schema_version) != STORE_OK) {
        respond_json(req, 503, json_pack("{s:s}", "status", "unavailable"));
        return;
    }
    respond_json(req, 200, json_pack("{s:s,s:s,s:i}", "status", "ok", "version", CSHUB_VERSION,
                                     "schema_version", schema_version));
}
