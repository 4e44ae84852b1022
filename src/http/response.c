/* Response construction with the security headers; see response.h. */
#include "http/response.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/map_tiles.h"
#include "http/request.h"
#include "util/arena.h"
#include "util/log.h"

/* The policy as it has always been; a tile server's origin goes after "data:". */
#define CSP_HEAD "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
#define CSP_TAIL                                                                                  \
    "; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "                 \
    "form-action 'self'; frame-ancestors 'none'"

/* Written once by response_configure_csp before the server starts, read
 * by every worker thread afterwards. */
static char content_security_policy[sizeof(CSP_HEAD CSP_TAIL) + MAP_TILES_MAX + 1] = CSP_HEAD CSP_TAIL;

void response_configure_csp(const char *image_origin)
{
    snprintf(content_security_policy, sizeof content_security_policy, "%s%s%s%s", CSP_HEAD,
             image_origin != NULL ? " " : "", image_origin != NULL ? image_origin : "", CSP_TAIL);
}

const char *response_content_security_policy(void)
{
    return content_security_policy;
}

static void add_security_headers(struct MHD_Response *response, bool is_api)
{
    MHD_add_response_header(response, "Content-Security-Policy", content_security_policy);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(response, "X-Frame-Options", "DENY");
    MHD_add_response_header(response, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(response, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(response, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    MHD_add_response_header(response, "Cache-Control", is_api ? "no-store" : "no-cache");
}

static void refuse_release(struct request *req)
{
    respond_error(req, 503, "unavailable",
                  "the audit log could not record what this answer releases, so nothing was released", NULL);
}

/* Sends response with status and releases it. Logs (without request
 * details) if libmicrohttpd refuses it. */
static void send_now(struct request *req, unsigned status, struct MHD_Response *response)
{
    for (struct response_header *h = req->extra_headers; h != NULL; h = h->next)
        MHD_add_response_header(response, h->name, h->value);
    if (MHD_queue_response(req->connection, status, response) == MHD_YES)
        req->status = status;
    else
        log_message("response_error", "could not queue response");
    MHD_destroy_response(response);
}

static atomic_int held_responses;
static atomic_int resuming;      /* commit callbacks inside MHD_resume_connection */
static atomic_bool stop_holding; /* the server is stopping: no connection is suspended any more */

enum { RELEASE_WAITING, RELEASE_HELD, RELEASE_SETTLED }; /* request.release_wait */

/* Keeps response, its connection suspended, until the audit event of what
 * it releases is durable: the worker thread meanwhile serves others. The
 * commit may have ended already (then the connection is resumed at once):
 * a connection is never resumed before it is suspended. */
static void hold(struct request *req, unsigned status, struct MHD_Response *response)
{
    req->held_response = response;
    req->held_status = status;
    atomic_fetch_add(&held_responses, 1); /* before stop_holding is read: see response_stop_holding */
    if (atomic_load(&stop_holding)) {
        /* The daemon may be gone before a resumption: wait here instead. */
        while (atomic_load(&req->release_wait) != RELEASE_SETTLED)
            nanosleep(&(struct timespec){.tv_nsec = 1000 * 1000}, NULL);
        response_send_held(req);
        return;
    }
    MHD_suspend_connection(req->connection);
    int waiting = RELEASE_WAITING;
    if (!atomic_compare_exchange_strong(&req->release_wait, &waiting, RELEASE_HELD))
        MHD_resume_connection(req->connection);
}

/* Queues response with status (the response is released here), once what
 * it releases is recorded in the audit log. */
static void queue(struct request *req, unsigned status, struct MHD_Response *response, bool is_api)
{
    if (response == NULL) {
        log_message("response_error", "could not create response");
        return;
    }
    add_security_headers(response, is_api);
    enum release_state (*before_release)(struct request *) = req->before_release;
    req->before_release = NULL; /* once, and not for the answer below */
    enum release_state release = status < 400 && before_release != NULL ? before_release(req) : RELEASE_WRITTEN;
    if (release == RELEASE_REFUSED) {
        MHD_destroy_response(response);
        refuse_release(req);
    } else if (release == RELEASE_PENDING) {
        hold(req, status, response);
    } else {
        send_now(req, status, response);
    }
}

void response_release_settled(void *data, enum store_status status)
{
    struct request *req = data;
    req->release_failed = status != STORE_OK;
    atomic_fetch_add(&resuming, 1); /* the daemon stays until this call has left it */
    struct MHD_Connection *connection = req->connection;
    if (atomic_exchange(&req->release_wait, RELEASE_SETTLED) == RELEASE_HELD)
        MHD_resume_connection(connection);
    atomic_fetch_sub(&resuming, 1);
}

void response_send_held(struct request *req)
{
    struct MHD_Response *response = req->held_response;
    req->held_response = NULL;
    atomic_fetch_sub(&held_responses, 1);
    if (req->release_failed) {
        MHD_destroy_response(response);
        refuse_release(req);
    } else {
        send_now(req, req->held_status, response);
    }
}

void response_drop_held(struct request *req)
{
    if (req->held_response == NULL)
        return;
    MHD_destroy_response(req->held_response);
    req->held_response = NULL;
    atomic_fetch_sub(&held_responses, 1);
}

void response_stop_holding(void)
{
    atomic_store(&stop_holding, true);
}

bool response_holding(void)
{
    return atomic_load(&held_responses) > 0 || atomic_load(&resuming) > 0;
}

void respond_add_header(struct request *req, const char *name, const char *value)
{
    struct response_header *h = arena_alloc(req->arena, sizeof *h);
    h->name = arena_strdup(req->arena, name);
    h->value = arena_strdup(req->arena, value);
    h->next = req->extra_headers;
    req->extra_headers = h;
}

void respond_json_text(struct request *req, unsigned status, const char *text, size_t length)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(length, (void *)text, MHD_RESPMEM_PERSISTENT); /* the arena outlives it */
    if (response != NULL)
        MHD_add_response_header(response, "Content-Type", "application/json");
    queue(req, status, response, true);
}

void respond_bytes(struct request *req, unsigned status, const void *bytes, size_t length, const char *content_type)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(length, (void *)bytes, MHD_RESPMEM_PERSISTENT); /* the arena outlives it */
    if (response != NULL)
        MHD_add_response_header(response, "Content-Type", content_type);
    queue(req, status, response, true);
}

void respond_json(struct request *req, unsigned status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(body);
    if (text == NULL)
        text = strdup("{\"error\":{\"code\":\"internal\",\"message\":\"could not encode response\"}}");
    size_t len = strlen(text);
    char *copy = arena_strndup(req->arena, text, len);
    free(text);
    struct MHD_Response *response = MHD_create_response_from_buffer(len, copy, MHD_RESPMEM_PERSISTENT);
    if (response != NULL)
        MHD_add_response_header(response, "Content-Type", "application/json");
    queue(req, status, response, true);
}

void respond_error(struct request *req, unsigned status, const char *code, const char *message,
                   const char *field)
{
    json_t *error = json_pack("{s:s,s:s}", "code", code, "message", message);
    if (field != NULL)
        json_object_set_new(error, "field", json_string(field));
    respond_json(req, status, json_pack("{s:o}", "error", error));
}

void respond_no_content(struct request *req)
{
    queue(req, 204, MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT), true);
}

void respond_file(struct request *req, unsigned status, int fd, uint64_t size, const char *content_type)
{
    struct MHD_Response *response = MHD_create_response_from_fd64(size, fd);
    if (response == NULL) {
        close(fd);
        respond_error(req, 500, "internal", "could not read file", NULL);
        return;
    }
    MHD_add_response_header(response, "Content-Type", content_type);
    queue(req, status, response, false);
}
