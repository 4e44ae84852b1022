/* One HTTP request as the handlers see it: its arena (which owns every
 * allocation made for it), the matched route and path parameters, the body
 * (raw and parsed), the database connection and who is asking. Created on
 * the first callback from libmicrohttpd, freed when the response is sent. */
#ifndef CSHUB_REQUEST_H
#define CSHUB_REQUEST_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define ROUTE_MAX_PARAMS 4

struct MHD_Connection;
struct MHD_Response;
struct arena;
struct server;
struct route;
struct store_conn;
struct session;

struct request {
    struct arena *arena;
    struct MHD_Connection *connection;
    struct server *server;
    const char *method;
    const char *path;
    const char *route_pattern; /* logged instead of the raw path */
    const struct route *route; /* NULL for static files */
    int param_count;
    const char *param_names[ROUTE_MAX_PARAMS];
    const char *param_values[ROUTE_MAX_PARAMS];
    char *body;
    size_t body_length;
    size_t body_capacity;
    bool body_too_large;
    json_t *json; /* parsed body, owned by the arena */
    unsigned status; /* 0 until a response is queued */
    struct timespec started;
    char client_address[64];
    struct store_conn *db; /* taken from the pool on first use */
    const char *user_id;   /* set once the caller is authenticated */
    struct session *session; /* the caller's session, for routes that need sign-in */
    struct response_header *extra_headers; /* added by respond_add_header() */
    /* Called once before a response under 400 is queued (the API layer
     * audits there what the response releases). */
    enum release_state (*before_release)(struct request *req);
    void *release; /* the API layer's, for before_release */
    /* A response held (its connection suspended) until the audit event of
     * what it releases is durable: http/response.c. */
    struct MHD_Response *held_response;
    unsigned held_status;
    bool release_failed;
    atomic_int release_wait; /* whether the commit or the hold came first */
};

enum release_state {
    RELEASE_REFUSED, /* nothing could be recorded: answer 503, releasing nothing */
    RELEASE_WRITTEN, /* recorded, or nothing to record: send the response */
    RELEASE_PENDING, /* being committed: hold the response until response_release_settled() */
};

/* True once the request has its answer, sent or held. */
bool request_answered(const struct request *req);

struct response_header {
    struct response_header *next;
    const char *name;
    const char *value;
};

/* The value of path parameter {name}, or NULL. */
const char *request_param(const struct request *req, const char *name);

/* A request header or query-string argument, or NULL. */
const char *request_header(const struct request *req, const char *name);
const char *request_query(const struct request *req, const char *name);

/* The request's database connection, taken from the pool on first call and
 * given back when the request ends. */
struct store_conn *request_db(struct request *req);

/* Hands a jansson value to the request's arena; returns it for chaining. */
json_t *request_own_json(struct request *req, json_t *value);

#endif
