/* Checking the map tile server's URL template and attribution; see map_tiles.h. */
#include "http/map_tiles.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool fail(char *error, size_t error_size, const char *reason)
{
    snprintf(error, error_size, "%s", reason);
    return false;
}

/* Length of "https://" or "http://" at the start of url; 0 for anything else. */
static size_t scheme_length(const char *url)
{
    if (strncmp(url, "https://", 8) == 0)
        return 8;
    if (strncmp(url, "http://", 7) == 0)
        return 7;
    return 0;
}

/* A host name or IPv4 address: letters, digits, dots and hyphens. */
static bool host_name_ok(const char *host, size_t len)
{
    if (len == 0 || host[0] == '.' || host[0] == '-')
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)host[i]) && host[i] != '.' && host[i] != '-')
            return false;
    return true;
}

/* "[" IPv6 "]": hex digits, colons and dots between the brackets. */
static bool host_ipv6_ok(const char *host, size_t len)
{
    if (len < 3 || host[0] != '[' || host[len - 1] != ']')
        return false;
    for (size_t i = 1; i + 1 < len; i++)
        if (!isxdigit((unsigned char)host[i]) && host[i] != ':' && host[i] != '.')
            return false;
    return true;
}

/* ":" and a port from 1 to 65535, or nothing. */
static bool port_ok(const char *port, size_t len)
{
    if (len == 0)
        return true;
    if (port[0] != ':' || len < 2 || len > 6)
        return false;
    unsigned long value = 0;
    for (size_t i = 1; i < len; i++) {
        if (!isdigit((unsigned char)port[i]))
            return false;
        value = value * 10 + (unsigned long)(port[i] - '0');
    }
    return value >= 1 && value <= 65535;
}

/* host[:port], the part between "//" and the path. */
static bool authority_ok(const char *authority, size_t len)
{
    size_t host_len = len;
    if (authority[0] == '[') {
        const char *close = memchr(authority, ']', len);
        if (close == NULL)
            return false;
        host_len = (size_t)(close - authority) + 1;
        return host_ipv6_ok(authority, host_len) && port_ok(authority + host_len, len - host_len);
    }
    const char *colon = memchr(authority, ':', len);
    if (colon != NULL)
        host_len = (size_t)(colon - authority);
    return host_name_ok(authority, host_len) && port_ok(authority + host_len, len - host_len);
}

/* A byte that may stand in the template's path outside the placeholders. */
static bool path_byte_ok(unsigned char c)
{
    return c > 0x20 && c < 0x7f && strchr("\"';,\\<>`{}", c) == NULL;
}

/* Walks the path: every byte allowed, every brace part of {z}, {x} or {y},
 * each of which must appear. */
static bool path_ok(const char *path, char *error, size_t error_size)
{
    bool seen[3] = {false, false, false};
    static const char names[] = "zxy";
    for (const char *p = path; *p != '\0'; p++) {
        if (*p == '{') {
            const char *which = p[1] != '\0' ? strchr(names, p[1]) : NULL;
            if (which == NULL || p[2] != '}')
                return fail(error, error_size, "may hold no placeholder but {z}, {x} and {y}");
            seen[which - names] = true;
            p += 2;
        } else if (!path_byte_ok((unsigned char)*p)) {
            return fail(error, error_size, "may hold no space, quote, semicolon, comma, backslash or control character");
        }
    }
    if (!seen[0] || !seen[1] || !seen[2])
        return fail(error, error_size, "must hold {z}, {x} and {y}");
    return true;
}

bool map_tiles_check(const char *template, char *origin, size_t origin_size, char *error,
                     size_t error_size)
{
    size_t scheme = scheme_length(template);
    if (scheme == 0)
        return fail(error, error_size, "must start with https:// or http://");
    if (strlen(template) > MAP_TILES_MAX)
        return fail(error, error_size, "is too long");
    const char *authority = template + scheme;
    const char *path = strchr(authority, '/');
    if (path == NULL || !authority_ok(authority, (size_t)(path - authority)))
        return fail(error, error_size, "must name a host (and port) followed by a path");
    if (!path_ok(path, error, error_size))
        return false;
    size_t len = (size_t)(path - template);
    if (len >= origin_size)
        return fail(error, error_size, "is too long");
    for (size_t i = 0; i < len; i++)
        origin[i] = (char)tolower((unsigned char)template[i]);
    origin[len] = '\0';
    return true;
}

bool map_attribution_check(const char *text, char *error, size_t error_size)
{
    if (strlen(text) > MAP_ATTRIBUTION_MAX)
        return fail(error, error_size, "is too long");
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
        if (*p < 0x20 || *p == 0x7f)
            return fail(error, error_size, "may hold no control character");
    return true;
}
