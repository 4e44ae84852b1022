/* The API route table; see routes.h. */
#include "api/routes.h"

#include "api/account.h"
#include "api/health.h"
#include "api/session.h"

const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, ROUTE_PUBLIC},
    {"POST", "/api/v1/session", api_session_create, ROUTE_PUBLIC | ROUTE_JSON_BODY},
    {"GET", "/api/v1/session", api_session_show, 0},
    {"DELETE", "/api/v1/session", api_session_delete, 0},
    {"POST", "/api/v1/account/password", api_account_change_password, ROUTE_JSON_BODY},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
