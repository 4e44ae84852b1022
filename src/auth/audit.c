/* The hash-chained audit log; see audit.h. An event's hash is BLAKE2b-256
 * over its sequence number, its fields (each length-prefixed, so no two
 * different events serialise alike), for an event releasing many records
 * the digest of their list, and the previous event's hash. */
#include "auth/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "util/log.h"

#define HASH_BYTES 32
#define HASH_HEX (HASH_BYTES * 2 + 1)
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define FIELD_COUNT 9

static void hash_field(crypto_generichash_state *state, const char *value)
{
    /* NULL and "" must differ: a NULL is length 0xFFFFFFFF. */
    uint32_t len = value ? (uint32_t)strlen(value) : UINT32_MAX;
    unsigned char prefix[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
                               (unsigned char)(len >> 8), (unsigned char)len};
    crypto_generichash_update(state, prefix, sizeof prefix);
    if (value != NULL)
        crypto_generichash_update(state, (const unsigned char *)value, strlen(value));
}

/* fields: at, user_id, agency_id, action, outcome, record_type, record_id, reason, client_address */
static void event_hash(int64_t seq, const char *const fields[FIELD_COUNT], const char *records_digest,
                       const char *prev_hash, char out[HASH_HEX])
{
    crypto_generichash_state state;
    crypto_generichash_init(&state, NULL, 0, HASH_BYTES);
    char seq_text[24];
    snprintf(seq_text, sizeof seq_text, "%lld", (long long)seq);
    hash_field(&state, seq_text);
    for (int i = 0; i < FIELD_COUNT; i++)
        hash_field(&state, fields[i]);
    if (records_digest != NULL) /* absent from single-record events, whose hashes predate it */
        hash_field(&state, records_digest);
    hash_field(&state, prev_hash);
    unsigned char digest[HASH_BYTES];
    crypto_generichash_final(&state, digest, sizeof digest);
    sodium_bin2hex(out, HASH_HEX, digest, sizeof digest);
}

/* The digest of a list of records: each type and id, length-prefixed. */
struct records_digest {
    crypto_generichash_state state;
};

static void digest_begin(struct records_digest *d)
{
    crypto_generichash_init(&d->state, NULL, 0, HASH_BYTES);
}

static void digest_add(struct records_digest *d, const char *type, const char *id)
{
    hash_field(&d->state, type);
    hash_field(&d->state, id);
}

static void digest_end(struct records_digest *d, char out[HASH_HEX])
{
    unsigned char digest[HASH_BYTES];
    crypto_generichash_final(&d->state, digest, sizeof digest);
    sodium_bin2hex(out, HASH_HEX, digest, sizeof digest);
}

/* The records as stored with the event: "\ntype id" for each, so that
 * "\nperson ID\n"-style searches (instr) find a record exactly. */
static char *packed_records(struct arena *arena, const struct audit_record *records, int count)
{
    size_t size = 2;
    for (int i = 0; i < count; i++)
        size += strlen(records[i].type) + strlen(records[i].id) + 2;
    char *text = arena_alloc(arena, size), *at = text;
    for (int i = 0; i < count; i++) {
        size_t type = strlen(records[i].type), id = strlen(records[i].id);
        *at++ = '\n';
        memcpy(at, records[i].type, type);
        at[type] = ' ';
        memcpy(at + type + 1, records[i].id, id);
        at += type + 1 + id;
    }
    memcpy(at, "\n", 2);
    return text;
}

/* Calls each(context, type, id) for every record of a packed list; type
 * and id point into a copy in the arena. False when the list is malformed. */
static bool each_packed(struct arena *arena, const char *packed,
                        bool (*each)(void *context, const char *type, const char *id), void *context)
{
    char *copy = arena_strdup(arena, packed), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *space = strchr(line, ' ');
        if (space == NULL)
            return false;
        *space = '\0';
        if (!each(context, line, space + 1))
            return false;
    }
    return true;
}

static enum store_status append_in_transaction(struct store_conn *conn, struct arena *arena,
                                               const struct audit_event *e, const struct audit_record *records,
                                               int count)
{
    struct store_result last;
    enum store_status status = store_query(conn, arena,
                                           "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
                                           NULL, 0, &last);
    if (status != STORE_OK)
        return status;
    int64_t seq = last.rows ? store_cell_int(&last, 0, "seq") + 1 : 1;
    const char *prev = last.rows ? store_cell_text(&last, 0, "hash") : GENESIS_HASH;
    char at[40];
    log_format_time(at, sizeof at);
    const char *outcome = e->outcome ? e->outcome : "allowed";
    const char *fields[FIELD_COUNT] = {at, e->user_id, e->agency_id, e->action, outcome,
                                       e->record_type, e->record_id, e->reason, e->client_address};
    char digest[HASH_HEX];
    const char *packed = records != NULL ? packed_records(arena, records, count) : NULL;
    if (records != NULL) {
        struct records_digest d;
        digest_begin(&d);
        for (int i = 0; i < count; i++)
            digest_add(&d, records[i].type, records[i].id);
        digest_end(&d, digest);
    }
    char hash[HASH_HEX];
    event_hash(seq, fields, records ? digest : NULL, prev, hash);
    const struct store_value params[] = {
        store_int(seq), store_text(at), store_text(e->user_id), store_text(e->agency_id),
        store_text(e->action), store_text(outcome), store_text(e->record_type), store_text(e->record_id), store_text(e->reason),
        store_text(e->client_address), store_text(prev), store_text(hash), store_text(records ? digest : NULL),
        store_text(packed),
    };
    return store_exec(conn,
                      "INSERT INTO audit_events (seq, at, user_id, agency_id, action, outcome, record_type, "
                      "record_id, reason, client_address, prev_hash, hash, records_digest, records) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      params, 14, NULL);
}

static enum store_status append(struct store_conn *conn, struct arena *arena, const struct audit_event *e,
                                const struct audit_record *records, int count)
{
    if (store_in_transaction(conn))
        return append_in_transaction(conn, arena, e, records, count);
    enum store_status status = store_begin(conn);
    if (status == STORE_OK)
        status = append_in_transaction(conn, arena, e, records, count);
    if (status == STORE_OK)
        return store_commit(conn);
    store_rollback(conn);
    log_event("audit_error", json_pack("{s:s,s:i}", "action", e->action, "status", (int)status));
    return status;
}

enum store_status audit_append(struct store_conn *conn, struct arena *arena, const struct audit_event *e)
{
    return append(conn, arena, e, NULL, 0);
}

enum store_status audit_append_records(struct store_conn *conn, struct arena *arena, const struct audit_event *e,
                                       const struct audit_record *records, int count)
{
    return append(conn, arena, e, records, count);
}

struct verify_state {
    struct store_conn *conn;
    struct audit_verdict *verdict;
    int64_t expected_seq;
    char prev_hash[HASH_HEX];
};

static bool fail(struct verify_state *s, int64_t seq, const char *problem)
{
    s->verdict->intact = false;
    s->verdict->first_bad = seq;
    s->verdict->problem = problem;
    return false;
}

static bool digest_row(void *context, const struct store_value *row, int columns)
{
    (void)columns;
    digest_add(context, store_value_text(&row[0]), store_value_text(&row[1]));
    return true;
}

static bool digest_packed(void *context, const char *type, const char *id)
{
    digest_add(context, type, id);
    return true;
}

/* The digest of the records event seq lists, as stored now: packed with
 * the event, or (events from before packing) rows of audit_event_records. */
static bool stored_records_digest(struct store_conn *conn, struct arena *arena, int64_t seq, const char *packed,
                                  char out[HASH_HEX])
{
    struct records_digest d;
    digest_begin(&d);
    const struct store_value p[] = {store_int(seq)};
    bool ok = packed != NULL ? each_packed(arena, packed, digest_packed, &d)
                             : store_each(conn,
                                          "SELECT record_type, record_id FROM audit_event_records WHERE event_seq = ? "
                                          "ORDER BY position",
                                          p, 1, digest_row, &d) == STORE_OK;
    digest_end(&d, out);
    return ok;
}

/* Row: seq, at, user_id, agency_id, action, outcome, record_type, record_id,
 * reason, client_address, prev_hash, hash, records_digest, records. */
static bool verify_row(void *context, const struct store_value *row, int columns)
{
    struct verify_state *s = context;
    (void)columns;
    int64_t seq = row[0].type == STORE_INT ? row[0].integer : -1;
    if (seq != s->expected_seq)
        return fail(s, seq, seq > s->expected_seq ? "an event before this one is missing"
                                                  : "events are out of order");
    const char *fields[FIELD_COUNT];
    for (int i = 0; i < FIELD_COUNT; i++)
        fields[i] = store_value_text(&row[i + 1]);
    const char *stored_prev = store_value_text(&row[FIELD_COUNT + 1]);
    const char *stored_hash = store_value_text(&row[FIELD_COUNT + 2]);
    if (stored_prev == NULL || strcmp(stored_prev, s->prev_hash) != 0)
        return fail(s, seq, "does not follow the event before it (an event was removed, added or moved)");
    const char *records_digest = store_value_text(&row[FIELD_COUNT + 3]);
    char listed[HASH_HEX];
    struct arena *arena = arena_new();
    bool listed_ok = records_digest == NULL ||
                     (stored_records_digest(s->conn, arena, seq, store_value_text(&row[FIELD_COUNT + 4]), listed) &&
                      strcmp(listed, records_digest) == 0);
    arena_free(arena);
    if (!listed_ok)
        return fail(s, seq, "the records it lists do not match its digest (a listed record was changed)");
    char computed[HASH_HEX];
    event_hash(seq, fields, records_digest, s->prev_hash, computed);
    if (stored_hash == NULL || strcmp(stored_hash, computed) != 0)
        return fail(s, seq, "its content does not match its hash (the event was edited)");
    memcpy(s->prev_hash, computed, HASH_HEX);
    s->expected_seq++;
    s->verdict->events++;
    return true;
}

enum store_status audit_verify(struct store_conn *conn, struct audit_verdict *verdict)
{
    memset(verdict, 0, sizeof *verdict);
    verdict->intact = true;
    struct verify_state state = {.conn = conn, .verdict = verdict, .expected_seq = 1};
    memcpy(state.prev_hash, GENESIS_HASH, HASH_HEX);
    return store_each(conn,
                      "SELECT seq, at, user_id, agency_id, action, outcome, record_type, record_id, reason, "
                      "client_address, prev_hash, hash, records_digest, records FROM audit_events ORDER BY seq",
                      NULL, 0, verify_row, &state);
}

/* ---- the index of records released ----------------------------------- */

#define INDEX_EVENTS_PER_STEP 1 /* small steps: the write lock is held briefly */
#define INDEX_STEP_OFFSET "0"    /* INDEX_EVENTS_PER_STEP - 1, as SQL */

struct index_target {
    struct store_conn *conn;
    int64_t seq;
    enum store_status status;
};

/* Indexes one record of a packed list (links are not indexed: nobody asks
 * who has looked at a link). */
static bool index_packed(void *context, const char *type, const char *id)
{
    struct index_target *t = context;
    if (strcmp(type, "link") == 0)
        return true;
    const struct store_value p[] = {store_text(type), store_text(id), store_int(t->seq)};
    t->status = store_exec(t->conn,
                           "INSERT INTO audit_record_reads (record_type, record_id, event_seq) VALUES (?, ?, ?) "
                           "ON CONFLICT DO NOTHING",
                           p, 3, NULL);
    return t->status == STORE_OK;
}

/* Indexes the records of events (from, to]: packed with the event, or
 * rows of audit_event_records for events from before packing. */
static enum store_status index_events(struct store_conn *conn, struct arena *arena, int64_t from, int64_t to)
{
    const struct store_value range[] = {store_int(from), store_int(to)};
    enum store_status status = store_exec(conn,
                                          "INSERT INTO audit_record_reads (record_type, record_id, event_seq) "
                                          "SELECT record_type, record_id, event_seq FROM audit_event_records "
                                          "WHERE event_seq > ? AND event_seq <= ? AND record_type <> 'link' "
                                          "ON CONFLICT DO NOTHING",
                                          range, 2, NULL);
    struct store_result packed;
    if (status == STORE_OK)
        status = store_query(conn, arena,
                             "SELECT seq, records FROM audit_events WHERE seq > ? AND seq <= ? AND records IS NOT NULL",
                             range, 2, &packed);
    for (int i = 0; status == STORE_OK && i < packed.rows; i++) {
        struct index_target t = {.conn = conn, .seq = store_cell_int(&packed, i, "seq"), .status = STORE_OK};
        if (!each_packed(arena, store_cell_text(&packed, i, "records"), index_packed, &t))
            status = t.status == STORE_OK ? STORE_ERROR : t.status;
    }
    return status;
}

enum store_status audit_index_pending(struct store_conn *conn, struct arena *arena, bool *pending)
{
    struct store_result r;
    enum store_status status = store_query(
        conn, arena,
        "SELECT (SELECT coalesce(max(seq), 0) FROM audit_events) > p.last_seq AS pending FROM audit_index_progress p "
        "WHERE p.id = 1",
        NULL, 0, &r);
    *pending = status == STORE_OK && r.rows == 1 && store_cell_int(&r, 0, "pending") != 0;
    return status;
}

enum store_status audit_index_step(struct store_conn *conn, struct arena *arena, bool *done)
{
    *done = true;
    enum store_status status = store_begin(conn);
    struct store_result r;
    if (status == STORE_OK)
        /* Up to INDEX_EVENTS_PER_STEP events that released records (and
         * every event between, which released none), or to the newest. */
        status = store_query(conn, arena,
                             "SELECT p.last_seq, (SELECT coalesce(max(seq), 0) FROM audit_events) AS newest, "
                             "(SELECT e.seq FROM audit_events e WHERE e.seq > p.last_seq AND e.records_digest IS NOT NULL "
                             "ORDER BY e.seq LIMIT 1 OFFSET " INDEX_STEP_OFFSET ") AS step_end "
                             "FROM audit_index_progress p WHERE p.id = 1",
                             NULL, 0, &r);
    if (status == STORE_OK && r.rows == 1) {
        int64_t from = store_cell_int(&r, 0, "last_seq"), newest = store_cell_int(&r, 0, "newest");
        int64_t step_end = store_cell_int(&r, 0, "step_end");
        int64_t to = step_end > from ? step_end : newest;
        *done = to == newest;
        const struct store_value progress[] = {store_int(to)};
        status = index_events(conn, arena, from, to);
        if (status == STORE_OK)
            status = store_exec(conn, "UPDATE audit_index_progress SET last_seq = ? WHERE id = 1", progress, 1, NULL);
    }
    if (status == STORE_OK)
        return store_commit(conn);
    store_rollback(conn);
    return status;
}
