/* Unit tests for route matching: literal and parameter segments, 404 versus
 * 405 with the Allow list, HEAD on GET routes, and hostile paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/router.h"

static void handler(struct request *req) { (void)req; }

static const struct route routes[] = {
    {"GET", "/healthz", handler, ROUTE_PUBLIC},
    {"GET", "/api/v1/people", handler, 0},
    {"POST", "/api/v1/people", handler, ROUTE_JSON_BODY},
    {"GET", "/api/v1/people/{id}", handler, 0},
    {"PATCH", "/api/v1/people/{id}", handler, ROUTE_JSON_BODY},
    {"GET", "/api/v1/people/{id}/links/{link}", handler, 0},
};
#define ROUTE_COUNT (sizeof routes / sizeof routes[0])

static void literal_path_matches(void **state)
{
    (void)state;
    struct route_match m;
    assert_int_equal(router_match(routes, ROUTE_COUNT, "GET", "/healthz", &m), ROUTE_FOUND);
    assert_ptr_equal(m.route, &routes[0]);
    assert_int_equal(m.param_count, 0);
}

static void parameters_are_captured(void **state)
{
    (void)state;
    struct route_match m;
    assert_int_equal(router_match(routes, ROUTE_COUNT, "GET", "/api/v1/people/abc123/links/x9", &m), ROUTE_FOUND);
    assert_ptr_equal(m.route, &routes[5]);
    assert_int_equal(m.param_count, 2);
    assert_string_equal(m.param_names[0], "id");
    assert_string_equal(m.param_values[0], "abc123");
    assert_string_equal(m.param_names[1], "link");
    assert_string_equal(m.param_values[1], "x9");
}

static void method_selects_route(void **state)
{
    (void)state;
    struct route_match m;
    assert_int_equal(router_match(routes, ROUTE_COUNT, "PATCH", "/api/v1/people/p1", &m), ROUTE_FOUND);
    assert_ptr_equal(m.route, &routes[4]);
    assert_string_equal(m.param_values[0], "p1");
    assert_int_equal(router_match(routes, ROUTE_COUNT, "HEAD", "/api/v1/people", &m), ROUTE_FOUND);
    assert_ptr_equal(m.route, &routes[1]);
}

static void wrong_method_lists_allowed(void **state)
{
    (void)state;
    struct route_match m;
    assert_int_equal(router_match(routes, ROUTE_COUNT, "DELETE", "/api/v1/people", &m),
                     ROUTE_METHOD_NOT_ALLOWED);
    assert_string_equal(m.allow, "GET, HEAD, POST");
    assert_int_equal(router_match(routes, ROUTE_COUNT, "POST", "/healthz", &m), ROUTE_METHOD_NOT_ALLOWED);
    assert_string_equal(m.allow, "GET, HEAD");
}

static void unknown_and_malformed_paths_are_not_found(void **state)
{
    (void)state;
    struct route_match m;
    const char *paths[] = {"/", "", "/api", "/api/v1/people/", "/api/v1/people//links/x",
                           "/api/v1/people/a/b", "/healthz/", "//healthz", "/api/v1/PEOPLE"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        assert_int_equal(router_match(routes, ROUTE_COUNT, "GET", paths[i], &m), ROUTE_NOT_FOUND);
}

static void oversized_parameter_is_not_found(void **state)
{
    (void)state;
    struct route_match m;
    char path[2048] = "/api/v1/people/";
    memset(path + strlen(path), 'a', 1500);
    assert_int_equal(router_match(routes, ROUTE_COUNT, "GET", path, &m), ROUTE_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(literal_path_matches),
        cmocka_unit_test(parameters_are_captured),
        cmocka_unit_test(method_selects_route),
        cmocka_unit_test(wrong_method_lists_allowed),
        cmocka_unit_test(unknown_and_malformed_paths_are_not_found),
        cmocka_unit_test(oversized_parameter_is_not_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
