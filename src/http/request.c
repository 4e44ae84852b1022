/* Accessors over a request: path parameters, headers, query arguments, the
 * pooled database connection and arena-owned JSON; see request.h. */
#include "http/request.h"

#include <microhttpd.h>
#include <string.h>

#include "http/server.h"
#include "store/store.h"
#include "util/arena.h"

const char *request_param(const struct request *req, const char *name)
{
    for (int i = 0; i < req->param_count; i++) {
        if (strcmp(req->param_names[i], name) == 0)
            return req->param_values[i];
    }
    return NULL;
}

const char *request_header(const struct request *req, const char *name)
{
    return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

const char *request_query(const struct request *req, const char *name)
{
    return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

struct store_conn *request_db(struct request *req)
{
    if (req->db == NULL) {
        req->db = store_acquire(req->server->store);
        store_share_snapshot(req->db);
    }
    return req->db;
}

static void release_json(void *value)
{
    json_decref(value);
}

json_t *request_own_json(struct request *req, json_t *value)
{
    if (value != NULL)
        arena_defer(req->arena, release_json, value);
    return value;
}

bool request_answered(const struct request *req)
{
    return req->status != 0 || req->held_response != NULL;
}
