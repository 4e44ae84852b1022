/* Building and queueing responses. Every response, errors included, leaves
 * through here so it carries the security headers; API responses are never
 * cached. A handler queues exactly one response. */
#ifndef CSHUB_RESPONSE_H
#define CSHUB_RESPONSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct request;
struct MHD_Response;

/* Sends body (stolen) as application/json with the given status. */
void respond_json(struct request *req, unsigned status, json_t *body);

/* Sends JSON text already written (util/json_text.h) in the request's arena. */
void respond_json_text(struct request *req, unsigned status, const char *text, size_t length);

/* Sends length bytes (in the request's arena) as content_type, as an API
 * response (not cached). */
void respond_bytes(struct request *req, unsigned status, const void *bytes, size_t length, const char *content_type);

/* Sends {"error":{"code","message","field"?}}; field may be NULL. */
void respond_error(struct request *req, unsigned status, const char *code, const char *message,
                   const char *field);

/* Sends 204 No Content. */
void respond_no_content(struct request *req);

/* Sends size bytes of an open file (the response takes the descriptor). */
void respond_file(struct request *req, unsigned status, int fd, uint64_t size, const char *content_type);

/* Adds a header to the response about to be queued by the next respond_*
 * call; used for Set-Cookie, Allow and Location. */
void respond_add_header(struct request *req, const char *name, const char *value);

/* Builds, once at start and before any request, the Content-Security-Policy
 * every response carries: img-src also allows image_origin (a map tile
 * server's "scheme://host[:port]", at most MAP_TILES_MAX bytes) unless it
 * is NULL. */
void response_configure_csp(const char *image_origin);

/* The Content-Security-Policy every response carries. */
const char *response_content_security_policy(void);

/* A store_committed_fn for a request whose response is held (data: the
 * request): the audit event's commit has ended with status; the
 * connection is resumed and the server sends the response, or 503 when
 * the event could not be made durable. Any thread. */
void response_release_settled(void *data, enum store_status status);

/* On the connection's resumption: sends the held response (or the 503). */
void response_send_held(struct request *req);

/* When the connection ended before the held response could be sent (the
 * client went away): frees it. */
void response_drop_held(struct request *req);

/* From now on no response is held (the server is stopping): one whose
 * audit event is being committed waits on its worker thread instead. */
void response_stop_holding(void);

/* Whether a response is held, or a commit is resuming one: the server
 * does not stop the daemon while so. */
bool response_holding(void);

#endif
