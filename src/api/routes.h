/* The table of every API route: method, pattern, handler and whether it
 * answers without sign-in or takes a JSON body. One place to read what the
 * server exposes; docs/openapi.yaml describes the same routes. */
#ifndef CSHUB_ROUTES_H
#define CSHUB_ROUTES_H

#include <stddef.h>

#include "http/router.h"

extern const struct route api_routes[];
extern const size_t api_route_count;

#endif
