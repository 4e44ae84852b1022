/* The optional map tile server the hotspots page draws its plan on
 * (`cshub serve --map-tiles`): checking its URL template at start and
 * taking the origin the Content-Security-Policy's img-src must allow. */
#ifndef CSHUB_MAP_TILES_H
#define CSHUB_MAP_TILES_H

#include <stdbool.h>
#include <stddef.h>

/* Longest template and attribution accepted. */
#define MAP_TILES_MAX 512
#define MAP_ATTRIBUTION_MAX 300

/* Checks a tile URL template such as "https://tiles.example.org/{z}/{x}/{y}.png":
 * http or https, a host name, IPv4 or bracketed IPv6 address with an
 * optional port, then a path holding each of {z}, {x} and {y}, with no
 * other braces, no quote, space, semicolon, comma, backslash, angle
 * bracket, control or non-ASCII byte. On success writes the origin
 * ("scheme://host[:port]") into origin and returns true; otherwise writes
 * the reason into error. */
bool map_tiles_check(const char *template, char *origin, size_t origin_size, char *error,
                     size_t error_size);

/* Checks an attribution text: printable (UTF-8 allowed), no control bytes,
 * at most MAP_ATTRIBUTION_MAX bytes. Writes the reason into error. */
bool map_attribution_check(const char *text, char *error, size_t error_size);

#endif
