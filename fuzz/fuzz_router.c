/* Fuzzes the API router (src/http/router.c) with "METHOD PATH" inputs
 * against the real route table and a table that stresses parameter
 * capture. Properties checked besides "no crash":
 *  - a found route answers the method (HEAD finds GET routes), and putting
 *    its captured parameters back into its pattern gives the path again;
 *  - a captured parameter is never empty, never holds '/', and is never a
 *    "." or ".." segment, so no path with dot segments reaches a handler;
 *  - "method not allowed" lists the allowed methods, never the one asked;
 *  - HEAD and GET agree on whether a path is found. */
#include <stdbool.h>
#include <string.h>

#include "api/routes.h"
#include "fuzz.h"
#include "http/router.h"

static void no_handler(struct request *req)
{
    (void)req;
}

/* Four parameters, long names and a literal tail: the limits of route_match's storage. */
static const struct route stress_routes[] = {
    {"GET", "/{a}/{b}/{c}/{d}", no_handler, 0},
    {"PUT", "/{a}/{b}/{c}/{d}", no_handler, 0},
    {"POST", "/x/{a_parameter_name_long_enough_to_use_a_good_part_of_the_storage_of_a_match}/y", no_handler, 0},
    {"DELETE", "/{first}/fixed/{second}", no_handler, 0},
    {"GET", "/", no_handler, 0},
};

static bool is_dot_segment(const char *segment, size_t length)
{
    return (length == 1 && segment[0] == '.') || (length == 2 && segment[0] == '.' && segment[1] == '.');
}

/* True when path has a "." or ".." segment. */
static bool has_dot_segment(const char *path)
{
    for (const char *s = path; *s;) {
        s += *s == '/';
        size_t length = strcspn(s, "/");
        if (is_dot_segment(s, length))
            return true;
        s += length;
    }
    return false;
}

/* Writes pattern with each {name} replaced by the captured value. */
static void rebuild_path(const char *pattern, const struct route_match *match, char *out, size_t size)
{
    size_t used = 0;
    for (const char *p = pattern; *p && used + 1 < size;) {
        const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
        if (close == NULL) {
            out[used++] = *p++;
            continue;
        }
        const char *value = "";
        for (int i = 0; i < match->param_count; i++) {
            if (strlen(match->param_names[i]) == (size_t)(close - p - 1) &&
                strncmp(match->param_names[i], p + 1, (size_t)(close - p - 1)) == 0)
                value = match->param_values[i];
        }
        size_t n = strlen(value);
        if (used + n >= size)
            n = size - used - 1;
        memcpy(out + used, value, n);
        used += n;
        p = close + 1;
    }
    out[used] = '\0';
}

/* True when method is one of the comma-separated names in allow. */
static bool allow_lists(const char *allow, const char *method)
{
    size_t length = strlen(method);
    for (const char *a = allow; *a;) {
        size_t n = strcspn(a, ",");
        if (n == length && strncmp(a, method, n) == 0)
            return true;
        a += n;
        a += strspn(a, ", ");
    }
    return false;
}

static void check_found(const char *method, const char *path, const struct route_match *match)
{
    const struct route *route = match->route;
    FUZZ_CHECK(strcmp(route->method, method) == 0 ||
                   (strcmp(method, "HEAD") == 0 && strcmp(route->method, "GET") == 0),
               "found route answers another method");
    for (int i = 0; i < match->param_count; i++) {
        const char *value = match->param_values[i];
        FUZZ_CHECK(value[0] != '\0', "empty parameter");
        FUZZ_CHECK(strchr(value, '/') == NULL, "parameter holds a slash");
        FUZZ_CHECK(!is_dot_segment(value, strlen(value)), "parameter is a dot segment");
    }
    FUZZ_CHECK(!has_dot_segment(path), "a path with a dot segment was routed");
    char rebuilt[2048];
    rebuild_path(route->pattern, match, rebuilt, sizeof rebuilt);
    FUZZ_CHECK(strcmp(rebuilt, path) == 0, "parameters put back do not give the path");
}

static enum route_outcome match_and_check(const struct route *routes, size_t count, const char *method,
                                          const char *path)
{
    struct route_match match;
    enum route_outcome outcome = router_match(routes, count, method, path, &match);
    if (outcome == ROUTE_FOUND) {
        check_found(method, path, &match);
    } else if (outcome == ROUTE_METHOD_NOT_ALLOWED) {
        FUZZ_CHECK(match.allow[0] != '\0', "405 without allowed methods");
        FUZZ_CHECK(!allow_lists(match.allow, method), "405 lists the method asked");
    } else {
        FUZZ_CHECK(match.route == NULL, "not found but a route set");
    }
    return outcome;
}

static void check_table(const struct route *routes, size_t count, const char *method, const char *path)
{
    enum route_outcome outcome = match_and_check(routes, count, method, path);
    if (strcmp(method, "GET") == 0) {
        enum route_outcome head = match_and_check(routes, count, "HEAD", path);
        FUZZ_CHECK((outcome == ROUTE_FOUND) == (head == ROUTE_FOUND), "HEAD and GET disagree");
    }
}

/* Input: "METHOD PATH" (a path alone is a GET). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    char *space = strchr(text, ' ');
    const char *method = "GET";
    const char *path = text;
    if (space != NULL) {
        *space = '\0';
        method = text;
        path = space + 1;
    }
    check_table(api_routes, api_route_count, method, path);
    check_table(stress_routes, sizeof stress_routes / sizeof stress_routes[0], method, path);
    free(text);
    return 0;
}
