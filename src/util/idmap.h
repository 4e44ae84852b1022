/* A map from record ids (text) to small integers, for turning a table of
 * rows into the vertex numbers of a graph. Open addressing, sized once;
 * all memory (and the keys, which are not copied) belongs to the arena. */
#ifndef CSHUB_IDMAP_H
#define CSHUB_IDMAP_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct idmap;

/* A map for up to capacity keys. */
struct idmap *idmap_new(struct arena *arena, size_t capacity);

/* Adds key -> value; false when the map is full or key is there already. */
bool idmap_put(struct idmap *map, const char *key, int value);

/* The value of key, or -1. */
int idmap_get(const struct idmap *map, const char *key);

#endif
