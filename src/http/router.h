/* Maps a method and a path to a handler through a table of route patterns
 * such as "/api/v1/people/{id}", capturing path parameters. A path that
 * matches a pattern under another method yields "method not allowed" and the
 * methods that are. */
#ifndef CSHUB_ROUTER_H
#define CSHUB_ROUTER_H

#include <stddef.h>

struct request;

typedef void (*route_handler)(struct request *req);

enum route_flags {
    ROUTE_PUBLIC = 1u << 0,    /* answers without sign-in */
    ROUTE_JSON_BODY = 1u << 1, /* expects an application/json body */
    ROUTE_ENROLMENT = 1u << 2, /* open to a user who must still set up the second factor */
};

struct route {
    const char *method;
    const char *pattern;
    route_handler handler;
    unsigned flags;
};

enum route_outcome { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED };

struct route_match {
    const struct route *route;
    int param_count;
    const char *param_names[4];
    const char *param_values[4]; /* point into caller-provided storage */
    char allow[96];              /* for ROUTE_METHOD_NOT_ALLOWED: "GET, HEAD" */
    char storage[512];           /* copies of the captured segments */
};

/* Matches method and path against routes[0..count). HEAD matches GET routes. */
enum route_outcome router_match(const struct route *routes, size_t count, const char *method,
                                const char *path, struct route_match *match);

#endif
