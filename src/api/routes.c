/* The API route table; see routes.h. */
#include "api/routes.h"

#include "api/health.h"

const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, ROUTE_PUBLIC},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
