/* The records one response releases; see release.h. A list in first-added
 * order with an open-addressing set of "type id" beside it, both growing
 * in the request's arena. */
#include "auth/release.h"

#include <string.h>

#include "auth/audit_writer.h"
#include "util/arena.h"

struct audit_release {
    struct arena *arena;
    struct audit_record *records;
    int count, capacity;
    int *slots; /* index + 1 into records, 0 for empty; slot_count a power of two */
    int slot_count;
};

struct audit_release *audit_release_new(struct arena *arena)
{
    struct audit_release *r = arena_alloc(arena, sizeof *r);
    r->arena = arena;
    return r;
}

static unsigned hash_of(const char *type, const char *id)
{
    unsigned h = 2166136261u; /* FNV-1a over "type id" */
    for (const char *p = type; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    h = (h ^ ' ') * 16777619u;
    for (const char *p = id; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

/* The slot holding type id, or the empty slot where it belongs. */
static int *slot_of(const struct audit_release *r, const char *type, const char *id)
{
    unsigned mask = (unsigned)r->slot_count - 1;
    for (unsigned i = hash_of(type, id) & mask;; i = (i + 1) & mask) {
        int *slot = &r->slots[i];
        if (*slot == 0)
            return slot;
        const struct audit_record *rec = &r->records[*slot - 1];
        if (strcmp(rec->type, type) == 0 && strcmp(rec->id, id) == 0)
            return slot;
    }
}

/* Doubles the list and the set (the set kept at most half full). */
static void grow(struct audit_release *r)
{
    int capacity = r->capacity ? r->capacity * 2 : 16;
    struct audit_record *records = arena_alloc(r->arena, sizeof *records * (size_t)capacity);
    if (r->count)
        memcpy(records, r->records, sizeof *records * (size_t)r->count);
    r->records = records;
    r->capacity = capacity;
    r->slot_count = capacity * 2;
    r->slots = arena_alloc(r->arena, sizeof *r->slots * (size_t)r->slot_count);
    for (int i = 0; i < r->count; i++)
        *slot_of(r, records[i].type, records[i].id) = i + 1;
}

static void add_one(struct audit_release *r, const char *type, const char *id)
{
    if (r->count == r->capacity)
        grow(r);
    int *slot = slot_of(r, type, id);
    if (*slot != 0)
        return;
    r->records[r->count] = (struct audit_record){arena_strdup(r->arena, type), arena_strdup(r->arena, id)};
    *slot = ++r->count;
}

void audit_release_add(struct audit_release *r, const char *type, const char *id, const char *person_id)
{
    if (r == NULL || type == NULL || id == NULL)
        return;
    add_one(r, type, id);
    if (person_id != NULL && !(strcmp(type, "person") == 0 && strcmp(id, person_id) == 0))
        add_one(r, "person", person_id);
}

int audit_release_count(const struct audit_release *r)
{
    return r != NULL ? r->count : 0;
}

enum store_status audit_release_write(struct store_conn *conn, struct arena *arena,
                                      const struct audit_release *r, struct audit_event event)
{
    if (audit_release_count(r) == 0)
        return STORE_OK;
    event.action = "read";
    event.outcome = "allowed";
    event.record_type = r->records[0].type;
    event.record_id = r->records[0].id;
    return audit_write_shared(conn, arena, &event, r->records, r->count);
}
