/* Route-table matching with {param} segments; see router.h. */
#include "http/router.h"

#include <stdbool.h>
#include <string.h>

/* "." or "..": never a parameter's value, so no path with dot segments
 * reaches a handler (found by fuzz/fuzz_router.c). */
static bool is_dot_segment(const char *segment, size_t length)
{
    return (length == 1 || length == 2) && segment[0] == '.' && segment[length - 1] == '.';
}

/* Compares one pattern with a path segment by segment, capturing {params}
 * into match->storage. Returns false on any mismatch or overflow. */
static bool pattern_matches(const char *pattern, const char *path, struct route_match *match)
{
    size_t used = 0;
    match->param_count = 0;
    while (*pattern == '/' && *path == '/') {
        pattern++;
        path++;
        size_t pattern_len = strcspn(pattern, "/");
        size_t path_len = strcspn(path, "/");
        if (pattern_len > 2 && pattern[0] == '{' && pattern[pattern_len - 1] == '}') {
            if (path_len == 0 || is_dot_segment(path, path_len) || match->param_count == 4 ||
                used + path_len + pattern_len > sizeof match->storage)
                return false;
            char *name = match->storage + used;
            memcpy(name, pattern + 1, pattern_len - 2);
            name[pattern_len - 2] = '\0';
            used += pattern_len - 1;
            char *value = match->storage + used;
            memcpy(value, path, path_len);
            value[path_len] = '\0';
            used += path_len + 1;
            match->param_names[match->param_count] = name;
            match->param_values[match->param_count] = value;
            match->param_count++;
        } else if (pattern_len != path_len || memcmp(pattern, path, path_len) != 0) {
            return false;
        }
        pattern += pattern_len;
        path += path_len;
    }
    return *pattern == '\0' && *path == '\0';
}

static void append_allowed(char *allow, size_t size, const char *method)
{
    if (strstr(allow, method) != NULL)
        return;
    size_t len = strlen(allow);
    size_t need = strlen(method) + (len ? 2 : 0);
    if (len + need + 1 > size)
        return;
    if (len)
        strcat(allow, ", ");
    strcat(allow, method);
}

enum route_outcome router_match(const struct route *routes, size_t count, const char *method,
                                const char *path, struct route_match *match)
{
    bool path_known = false;
    match->route = NULL;
    match->allow[0] = '\0';
    bool head = strcmp(method, "HEAD") == 0;
    for (size_t i = 0; i < count; i++) {
        struct route_match attempt;
        if (!pattern_matches(routes[i].pattern, path, &attempt))
            continue;
        path_known = true;
        append_allowed(match->allow, sizeof match->allow, routes[i].method);
        if (strcmp(routes[i].method, "GET") == 0)
            append_allowed(match->allow, sizeof match->allow, "HEAD");
        bool method_ok = strcmp(routes[i].method, method) == 0 ||
                         (head && strcmp(routes[i].method, "GET") == 0);
        if (method_ok && match->route == NULL) {
            char allow[sizeof match->allow];
            memcpy(allow, match->allow, sizeof allow);
            *match = attempt;
            memcpy(match->allow, allow, sizeof allow);
            /* param pointers must follow the copied storage */
            for (int p = 0; p < match->param_count; p++) {
                match->param_names[p] = match->storage + (attempt.param_names[p] - attempt.storage);
                match->param_values[p] = match->storage + (attempt.param_values[p] - attempt.storage);
            }
            match->route = &routes[i];
        }
    }
    if (match->route != NULL)
        return ROUTE_FOUND;
    return path_known ? ROUTE_METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND;
}
