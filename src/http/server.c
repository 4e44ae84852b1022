/* libmicrohttpd integration: request lifecycle, body limits, dispatch,
 * request logging and graceful shutdown; see server.h. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/guard.h"
#include "api/routes.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "http/static_files.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"

/* Past this many times the limit a body is no longer read: one without
 * Content-Length has its connection dropped, one that declares such a
 * length is answered 413 at once. Below it, a body over the limit is read,
 * thrown away and answered 413. */
#define DISCARD_LIMIT_FACTOR 4

bool server_parse_listen(const char *listen, struct sockaddr_storage *address, char *error,
                         size_t error_size)
{
    char host[128];
    const char *port;
    const char *colon = strrchr(listen, ':');
    if (colon == NULL || colon[1] == '\0') {
        snprintf(error, error_size, "must be ADDRESS:PORT, for example 127.0.0.1:8080");
        return false;
    }
    size_t host_len = (size_t)(colon - listen);
    if (host_len >= 2 && listen[0] == '[' && listen[host_len - 1] == ']') {
        listen++;
        host_len -= 2;
    }
    if (host_len == 0 || host_len >= sizeof host) {
        snprintf(error, error_size, "must be ADDRESS:PORT, for example 127.0.0.1:8080");
        return false;
    }
    memcpy(host, listen, host_len);
    host[host_len] = '\0';
    port = colon + 1;
    char *end;
    long port_number = strtol(port, &end, 10);
    if (*end != '\0' || port_number < 0 || port_number > 65535) {
        snprintf(error, error_size, "port must be a number from 0 to 65535");
        return false;
    }
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM};
    struct addrinfo *found = NULL;
    if (getaddrinfo(host, port, &hints, &found) != 0 || found == NULL) {
        snprintf(error, error_size, "address must be a numeric IPv4 or IPv6 address");
        return false;
    }
    memset(address, 0, sizeof *address);
    memcpy(address, found->ai_addr, found->ai_addrlen);
    freeaddrinfo(found);
    return true;
}

/* ---- request lifecycle ------------------------------------------------ */

static double elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) * 1e3 + (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

/* The last address in X-Forwarded-For: the one the trusted proxy itself
 * saw (earlier entries are whatever the client claimed). */
static bool forwarded_address(struct request *req)
{
    const char *header = request_header(req, "X-Forwarded-For");
    if (header == NULL)
        return false;
    const char *last = strrchr(header, ',');
    last = last ? last + 1 : header;
    last += strspn(last, " ");
    size_t length = strcspn(last, " ");
    if (length == 0 || length >= sizeof req->client_address ||
        strspn(last, "0123456789abcdefABCDEF:.") < length)
        return false;
    memcpy(req->client_address, last, length);
    req->client_address[length] = '\0';
    return true;
}

static void record_client_address(struct request *req)
{
    if (req->server->options.trust_proxy && forwarded_address(req))
        return;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(req->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL)
        return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, req->client_address,
                  sizeof req->client_address);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, req->client_address,
                  sizeof req->client_address);
}

/* This process's requests, for server_quiet(). */
static atomic_int requests_being_served;
static _Atomic int64_t last_request_end_ms;

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

bool server_quiet(int64_t quiet_ms)
{
    return atomic_load(&requests_being_served) == 0 && monotonic_ms() - atomic_load(&last_request_end_ms) >= quiet_ms;
}

static struct request *request_begin(struct server *server, struct MHD_Connection *connection,
                                     const char *url, const char *method)
{
    struct arena *arena = arena_new();
    struct request *req = arena_alloc(arena, sizeof *req);
    req->arena = arena;
    req->connection = connection;
    req->server = server;
    req->method = arena_strdup(arena, method);
    req->path = arena_strdup(arena, url);
    req->route_pattern = "unmatched";
    clock_gettime(CLOCK_MONOTONIC, &req->started);
    record_client_address(req);
    atomic_fetch_add(&requests_being_served, 1);
    return req;
}

/* Called by libmicrohttpd once the response has been sent (or the
 * connection died): logs the request and frees everything it owned. */
static void request_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                              enum MHD_RequestTerminationCode code)
{
    (void)connection;
    struct server *server = cls;
    struct request *req = *con_cls;
    if (req == NULL)
        return;
    json_t *fields = json_pack("{s:s,s:s,s:i,s:f}", "method", req->method, "route", req->route_pattern,
                               "status", (int)req->status, "duration_ms", elapsed_ms(&req->started));
    if (req->user_id != NULL)
        json_object_set_new(fields, "user", json_string(req->user_id));
    if (code != MHD_REQUEST_TERMINATED_COMPLETED_OK)
        json_object_set_new(fields, "terminated", json_integer(code));
    log_event("request", fields);
    response_drop_held(req);
    store_release(server->store, req->db);
    arena_free(req->arena);
    *con_cls = NULL;
    atomic_store(&last_request_end_ms, monotonic_ms());
    atomic_fetch_sub(&requests_being_served, 1);
}

/* ---- checks made before the body is read ------------------------------ */

static bool is_json_content_type(const char *value)
{
    if (value == NULL)
        return false;
    size_t len = strlen("application/json");
    return strncasecmp(value, "application/json", len) == 0 &&
           (value[len] == '\0' || value[len] == ';' || value[len] == ' ');
}

static bool declares_body(const struct request *req)
{
    const char *length = request_header(req, "Content-Length");
    return (length != NULL && strcmp(length, "0") != 0) || request_header(req, "Transfer-Encoding") != NULL;
}

static bool is_api_path(const char *path)
{
    return strcmp(path, "/healthz") == 0 || strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

/* How a declared Content-Length stands against the limit. */
enum declared_length { DECLARED_FITS, DECLARED_OVER_LIMIT, DECLARED_ABSURD };

static enum declared_length declared_length(const struct request *req)
{
    const char *length = request_header(req, "Content-Length");
    if (length == NULL)
        return DECLARED_FITS;
    char *end;
    errno = 0;
    unsigned long long declared = strtoull(length, &end, 10);
    size_t max = req->server->options.max_body;
    if (errno != 0 || *end != '\0' || declared > (unsigned long long)max * DISCARD_LIMIT_FACTOR)
        return DECLARED_ABSURD;
    return declared > max ? DECLARED_OVER_LIMIT : DECLARED_FITS;
}

/* Refuses a declared body over the limit. One a little over it is read
 * and thrown away first, and answered 413 once it has all arrived
 * (dispatch_to_handler): answering and closing while the client is still
 * sending makes its system reset the connection, and the client never sees
 * the answer. One far over it is answered at once and the connection
 * closed. Returns true when a response has been queued. */
static bool refuse_declared_oversize(struct request *req)
{
    switch (declared_length(req)) {
    case DECLARED_FITS:
        return false;
    case DECLARED_OVER_LIMIT:
        req->body_too_large = true;
        return false;
    case DECLARED_ABSURD:
        break;
    }
    respond_error(req, 413, "body_too_large", "request body is larger than the server accepts", NULL);
    return true;
}

/* Matches the route and refuses what can be refused before reading the
 * body: unknown path, wrong method, wrong media type, declared oversize. */
static void check_before_body(struct request *req)
{
    struct server *server = req->server;
    if (!is_api_path(req->path)) {
        req->route_pattern = "static";
        if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
            respond_add_header(req, "Allow", "GET, HEAD");
            respond_error(req, 405, "method_not_allowed", "this resource only answers GET and HEAD", NULL);
        } else {
            refuse_declared_oversize(req);
        }
        return;
    }
    struct route_match match;
    enum route_outcome outcome =
        router_match(server->routes, server->route_count, req->method, req->path, &match);
    if (outcome == ROUTE_NOT_FOUND) {
        respond_error(req, 404, "not_found", "no such page or resource", NULL);
        return;
    }
    if (outcome == ROUTE_METHOD_NOT_ALLOWED) {
        respond_add_header(req, "Allow", match.allow);
        respond_error(req, 405, "method_not_allowed",
                      arena_printf(req->arena, "this resource answers %s", match.allow), NULL);
        return;
    }
    req->route = match.route;
    req->route_pattern = match.route->pattern;
    req->param_count = match.param_count;
    for (int i = 0; i < match.param_count; i++) {
        req->param_names[i] = arena_strdup(req->arena, match.param_names[i]);
        req->param_values[i] = arena_strdup(req->arena, match.param_values[i]);
    }
    if (refuse_declared_oversize(req))
        return;
    if (!req->body_too_large && (match.route->flags & ROUTE_JSON_BODY) && declares_body(req) &&
        !is_json_content_type(request_header(req, "Content-Type"))) {
        respond_error(req, 415, "unsupported_media_type", "request body must be application/json",
                      NULL);
    }
}

/* Makes room for size more bytes of body: the declared Content-Length
 * (already checked against the limit) is allocated at once; a chunked body
 * grows by doubling. Never past the limit. */
static void reserve_body(struct request *req, size_t size)
{
    size_t needed = req->body_length + size + 1;
    if (needed <= req->body_capacity)
        return;
    size_t capacity = req->body_capacity ? req->body_capacity * 2 : 4096;
    const char *declared = request_header(req, "Content-Length");
    if (req->body_capacity == 0 && declared != NULL)
        capacity = (size_t)strtoull(declared, NULL, 10) + 1;
    if (capacity < needed)
        capacity = needed;
    char *grown = arena_alloc(req->arena, capacity);
    if (req->body_length)
        memcpy(grown, req->body, req->body_length);
    req->body = grown;
    req->body_capacity = capacity;
}

/* Appends a chunk of body; past the limit the rest is counted, not kept. */
static enum MHD_Result receive_body(struct request *req, const char *data, size_t *size)
{
    size_t max = req->server->options.max_body;
    size_t chunk = *size;
    *size = 0;
    if (req->body_too_large || req->body_length + chunk > max) {
        req->body_too_large = true;
        req->body_length += chunk;
        /* A body without a declared length that keeps coming is cut off. */
        return req->body_length > max * DISCARD_LIMIT_FACTOR ? MHD_NO : MHD_YES;
    }
    reserve_body(req, chunk);
    memcpy(req->body + req->body_length, data, chunk);
    req->body_length += chunk;
    return MHD_YES;
}

/* Parses the JSON body for routes that take one; answers 400 when it is
 * missing or malformed. Returns false when a response has been queued. */
static bool parse_json_body(struct request *req)
{
    if (!(req->route->flags & ROUTE_JSON_BODY))
        return true;
    if (req->body_length == 0) {
        respond_error(req, 400, "body_required", "request body must be a JSON object", NULL);
        return false;
    }
    json_error_t error;
    json_t *value = json_loadb(req->body, req->body_length, JSON_REJECT_DUPLICATES, &error);
    if (value == NULL) {
        respond_error(req, 400, "malformed_json",
                      arena_printf(req->arena, "request body is not valid JSON: %s at line %d, column %d",
                                   error.text, error.line, error.column),
                      NULL);
        return false;
    }
    req->json = request_own_json(req, value);
    if (!json_is_object(value)) {
        respond_error(req, 400, "malformed_json", "request body must be a JSON object", NULL);
        return false;
    }
    return true;
}

/* Gives the database connection back as soon as the response is queued
 * (results live in the arena), so a client that reads its answers slowly
 * cannot hold the pool. */
static void release_database(struct request *req)
{
    store_release(req->server->store, req->db);
    req->db = NULL;
}

static void dispatch_to_handler(struct request *req)
{
    if (req->body_too_large) {
        respond_error(req, 413, "body_too_large", "request body is larger than the server accepts", NULL);
        return;
    }
    if (req->route == NULL) {
        static_serve(req, req->server->web_root_real);
        return;
    }
    if (!(req->route->flags & ROUTE_PUBLIC) && !api_guard(req))
        return;
    if (!parse_json_body(req))
        return;
    req->route->handler(req);
    if (!request_answered(req)) {
        log_event("handler_error", json_pack("{s:s}", "route", req->route_pattern));
        respond_error(req, 500, "internal", "the server could not complete the request", NULL);
    }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct request *req = *con_cls;
    if (req == NULL) {
        req = request_begin(cls, connection, url, method);
        *con_cls = req;
        check_before_body(req);
        return MHD_YES;
    }
    if (req->held_response != NULL) { /* resumed: what it releases is recorded */
        response_send_held(req);
        return req->status != 0 ? MHD_YES : MHD_NO; /* never the handler twice */
    }
    if (*upload_data_size != 0) {
        if (req->status != 0) {
            *upload_data_size = 0;
            return MHD_YES;
        }
        return receive_body(req, upload_data, upload_data_size);
    }
    if (!request_answered(req)) {
        dispatch_to_handler(req);
        release_database(req);
    }
    return request_answered(req) ? MHD_YES : MHD_NO;
}

/* ---- start and stop --------------------------------------------------- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes a path or query value in place, except %00: a NUL would
 * silently cut the string short ("/index.html%00.css"), so it stays as the
 * three characters and matches nothing. */
static size_t unescape_url(void *cls, struct MHD_Connection *connection, char *text)
{
    (void)cls;
    (void)connection;
    char *out = text;
    for (const char *in = text; *in; in++) {
        int high = in[0] == '%' ? hex_value(in[1]) : -1;
        int low = high >= 0 ? hex_value(in[2]) : -1;
        if (low >= 0 && (high | low) != 0) {
            *out++ = (char)(high * 16 + low);
            in += 2;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
    return (size_t)(out - text);
}

static void mhd_log(void *cls, const char *format, va_list args)
{
    (void)cls;
    char message[512];
    vsnprintf(message, sizeof message, format, args);
    message[strcspn(message, "\n")] = '\0';
    log_message("http_library", message);
}

/* A socket listening on address, non-blocking for the thread pool, or -1
 * with the reason in error. Bound here rather than by libmicrohttpd, so
 * that a port in use is reported as such (the library says "Failed to bind
 * to port 0" when given an address). */
static int listen_on(const struct sockaddr_storage *address, const char *listen_text, char *error, size_t size)
{
    socklen_t length = address->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    int fd = socket(address->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int on = 1;
    if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
        bind(fd, (const struct sockaddr *)address, length) == 0 && listen(fd, SOMAXCONN) == 0)
        return fd;
    int failure = errno;
    if (fd >= 0)
        close(fd);
    if (failure == EADDRINUSE)
        snprintf(error, size, "%s is already in use: stop what listens there, or choose another address "
                              "with --listen or CSHUB_LISTEN", listen_text);
    else if (failure == EACCES)
        snprintf(error, size, "%s needs privileges (ports below 1024 do): choose another with --listen", listen_text);
    else
        snprintf(error, size, "cannot listen on %s: %s", listen_text, strerror(failure));
    return -1;
}

/* The port socket fd listens on (the one chosen when 0 was asked for). */
static int port_of(int fd)
{
    struct sockaddr_storage bound;
    socklen_t length = sizeof bound;
    if (getsockname(fd, (struct sockaddr *)&bound, &length) != 0)
        return 0;
    return ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                             : ((struct sockaddr_in *)&bound)->sin_port);
}

static struct MHD_Daemon *start_daemon(struct server *server, int listen_fd, int family)
{
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    if (family == AF_INET6)
        flags |= MHD_USE_IPv6;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, server,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)listen_fd,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape_url, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, server->options.threads,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, server,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_CONNECTION_LIMIT, 1000u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_END);
}

/* Blocks the stop signals in every thread (the pool inherits the mask) so
 * that the main thread alone receives them through sigwait(). */
static void block_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    pthread_sigmask(SIG_BLOCK, set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static void wait_for_requests_in_flight(struct server *server)
{
    struct timespec pause = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
    long waited_ms = 0;
    long limit_ms = (long)server->options.shutdown_grace_seconds * 1000;
    while (atomic_load(&requests_being_served) > 0 && waited_ms < limit_ms) {
        nanosleep(&pause, NULL);
        waited_ms += 10;
    }
    /* A held response's connection is resumed by the store's commit
     * thread, which must not find the daemon gone: every commit ends. */
    while (response_holding())
        nanosleep(&pause, NULL);
}

int server_run(const struct server_options *options, struct store *store)
{
    struct server *server = calloc(1, sizeof *server);
    int exit_code = 1;
    char error[160];
    struct sockaddr_storage address;
    server->options = *options;
    server->store = store;
    server->routes = api_routes;
    server->route_count = api_route_count;
    response_configure_csp(options->map_tiles_origin);
    if (realpath(options->web_root, server->web_root_real) == NULL) {
        log_event("start_failed", json_pack("{s:s,s:s}", "reason", "web root not found", "web", options->web_root));
        goto done;
    }
    if (!server_parse_listen(options->listen, &address, error, sizeof error)) {
        log_event("start_failed", json_pack("{s:s}", "reason", error));
        goto done;
    }
    int listen_fd = listen_on(&address, options->listen, error, sizeof error);
    if (listen_fd < 0) {
        log_event("start_failed", json_pack("{s:s,s:s}", "reason", error, "listen", options->listen));
        goto done;
    }
    sigset_t stop_signals;
    block_stop_signals(&stop_signals);
    struct MHD_Daemon *daemon = start_daemon(server, listen_fd, address.ss_family);
    if (daemon == NULL) {
        close(listen_fd);
        log_event("start_failed", json_pack("{s:s,s:s}", "reason", "the HTTP server could not start", "listen",
                                            options->listen));
        goto done;
    }
    log_event("listening", json_pack("{s:s,s:i,s:i}", "listen", options->listen, "port", port_of(listen_fd),
                                     "threads", (int)options->threads));
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    log_event("stopping", json_pack("{s:s,s:i}", "signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT",
                                    "in_flight", atomic_load(&requests_being_served)));
    response_stop_holding();
    MHD_socket listener = MHD_quiesce_daemon(daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    wait_for_requests_in_flight(server);
    MHD_stop_daemon(daemon);
    log_event("stopped", NULL);
    exit_code = 0;
done:
    free(server);
    return exit_code;
}
