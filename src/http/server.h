/* The HTTP server: libmicrohttpd with its internal thread pool and epoll,
 * request bodies bounded, routing to API handlers or static files, one JSON
 * log line per request, and a graceful stop on SIGTERM or SIGINT. */
#ifndef CSHUB_SERVER_H
#define CSHUB_SERVER_H

#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

struct store;
struct route;

struct server_options {
    const char *listen;   /* "ADDR:PORT"; port 0 lets the kernel choose */
    const char *web_root; /* folder of the browser client */
    unsigned threads;
    size_t max_body;      /* bytes; larger bodies get 413 */
    unsigned shutdown_grace_seconds;
    long session_idle_seconds;
    long session_lifetime_seconds;
    bool secure_cookies; /* add Secure: served over TLS or behind a TLS proxy */
    bool trust_proxy;    /* take the client address from the proxy's X-Forwarded-For */
    const char *map_tiles;        /* tile URL template for the hotspots plan, or NULL */
    const char *map_tiles_origin; /* its "scheme://host[:port]", allowed in img-src; NULL without */
    const char *map_attribution;  /* text the tile provider asks to be shown, or NULL */
};

struct server {
    struct server_options options;
    struct store *store;
    const struct route *routes;
    size_t route_count;
    char web_root_real[PATH_MAX];
};

/* Parses "127.0.0.1:8080" or "[::1]:8080" into a socket address. Returns
 * false (and a reason) on anything else. */
struct sockaddr_storage;
bool server_parse_listen(const char *listen, struct sockaddr_storage *address, char *error,
                         size_t error_size);

/* Whether no request is being served in this process and none has ended
 * in the last quiet_ms: background work that takes the database's write
 * lock waits for such a moment, so requests do not wait for it. */
bool server_quiet(int64_t quiet_ms);

/* Serves until SIGTERM or SIGINT, then stops accepting, lets requests in
 * flight finish (up to the grace period) and returns 0; returns 1 if the
 * server could not start. The caller keeps ownership of store. */
int server_run(const struct server_options *options, struct store *store);

#endif
