/* The records one response releases; see release.h. A list in first-added
 * order with an open-addressing set of "type id" beside it, both growing
 * in the request's arena. */
#include "auth/release.h"

#include <stdio.h>
#include <string.h>

#include "util/arena.h"

struct audit_release {
    struct arena *arena;
    struct audit_record *records;
    int count, capacity;
    int *slots; /* index + 1 into records, 0 for empty; slot_count a power of two */
    int slot_count;
    const char *session_hash;  /* purposes chosen in this session, or NULL */
    const char *token_purpose; /* the purpose an API token stated, or NULL */
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

void audit_release_set_purpose_source(struct audit_release *r, const char *session_hash, const char *token_purpose)
{
    if (r == NULL)
        return;
    r->session_hash = session_hash ? arena_strdup(r->arena, session_hash) : NULL;
    r->token_purpose = token_purpose ? arena_strdup(r->arena, token_purpose) : NULL;
}

/* Sets purposes[i] for each person released that the session chose a
 * purpose for (one indexed read of the session's choices). */
static enum store_status session_purposes(struct store_conn *conn, struct arena *arena,
                                          const struct audit_release *r, const char **purposes)
{
    const struct store_value p[] = {store_text(r->session_hash)};
    struct store_result chosen;
    enum store_status status = store_query(conn, arena,
                                           "SELECT record_type, record_id, purpose FROM access_purpose_choices "
                                           "WHERE session_hash = ?",
                                           p, 1, &chosen);
    for (int i = 0; status == STORE_OK && i < chosen.rows; i++) {
        const char *type = store_cell_text(&chosen, i, "record_type"), *id = store_cell_text(&chosen, i, "record_id");
        int slot = type && id ? *slot_of(r, type, id) : 0;
        if (slot != 0)
            purposes[slot - 1] = store_cell_text(&chosen, i, "purpose");
    }
    return status;
}

/* The purposes stated for the people released, as "\ntype id code"
 * lines in the order released; *out NULL when none was stated. */
static enum store_status purposes_text(struct store_conn *conn, struct arena *arena, const struct audit_release *r,
                                       const char **out)
{
    *out = NULL;
    if (r->session_hash == NULL && r->token_purpose == NULL)
        return STORE_OK;
    const char **purposes = arena_alloc(arena, sizeof *purposes * (size_t)r->count);
    for (int i = 0; i < r->count; i++)
        purposes[i] = strcmp(r->records[i].type, "person") == 0 ? r->token_purpose : NULL;
    enum store_status status = r->session_hash ? session_purposes(conn, arena, r, purposes) : STORE_OK;
    size_t size = 0;
    for (int i = 0; i < r->count; i++)
        if (purposes[i] != NULL)
            size += strlen(r->records[i].type) + strlen(r->records[i].id) + strlen(purposes[i]) + 3;
    if (status != STORE_OK || size == 0)
        return status;
    char *text = arena_alloc(arena, size + 2), *at = text;
    for (int i = 0; i < r->count; i++)
        if (purposes[i] != NULL)
            at += sprintf(at, "\n%s %s %s", r->records[i].type, r->records[i].id, purposes[i]);
    memcpy(at, "\n", 2);
    *out = text;
    return STORE_OK;
}

enum store_status audit_release_write_then(struct store_conn *conn, struct arena *arena,
                                           const struct audit_release *r, struct audit_event event,
                                           store_committed_fn then, void *data, bool *pending)
{
    *pending = false;
    if (audit_release_count(r) == 0)
        return STORE_OK;
    enum store_status status = purposes_text(conn, arena, r, &event.purposes);
    if (status != STORE_OK)
        return status;
    event.action = "read";
    event.outcome = "allowed";
    event.record_type = r->records[0].type;
    event.record_id = r->records[0].id;
    return audit_append_records_then(conn, arena, &event, r->records, r->count, then, data, pending);
}
