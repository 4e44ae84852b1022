/* Record ids to integers; see idmap.h. FNV-1a hashing, linear probing,
 * at most half full. */
#include "util/idmap.h"

#include <stdint.h>
#include <string.h>

#include "util/arena.h"

struct slot {
    const char *key;
    int value;
};

struct idmap {
    struct slot *slots;
    size_t mask; /* slots - 1, a power of two less one */
    size_t used, capacity;
};

static uint64_t hash(const char *key)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *c = (const unsigned char *)key; *c; c++)
        h = (h ^ *c) * 0x100000001b3ull;
    return h;
}

struct idmap *idmap_new(struct arena *arena, size_t capacity)
{
    struct idmap *map = arena_alloc(arena, sizeof *map);
    size_t slots = 16;
    while (slots < 2 * capacity)
        slots *= 2;
    map->slots = arena_alloc(arena, sizeof *map->slots * slots);
    map->mask = slots - 1;
    map->used = 0;
    map->capacity = capacity;
    return map;
}

static size_t find(const struct idmap *map, const char *key)
{
    size_t i = (size_t)hash(key) & map->mask;
    while (map->slots[i].key != NULL && strcmp(map->slots[i].key, key) != 0)
        i = (i + 1) & map->mask;
    return i;
}

bool idmap_put(struct idmap *map, const char *key, int value)
{
    if (map->used == map->capacity)
        return false;
    size_t i = find(map, key);
    if (map->slots[i].key != NULL)
        return false;
    map->slots[i] = (struct slot){key, value};
    map->used++;
    return true;
}

int idmap_get(const struct idmap *map, const char *key)
{
    const struct slot *s = &map->slots[find(map, key)];
    return s->key != NULL ? s->value : -1;
}
