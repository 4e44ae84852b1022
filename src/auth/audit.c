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

#define RECORD_ROWS_PER_INSERT 100

static enum store_status insert_records(struct store_conn *conn, int64_t seq, const struct audit_record *records,
                                        int count)
{
    enum store_status status = STORE_OK;
    for (int first = 0; status == STORE_OK && first < count; first += RECORD_ROWS_PER_INSERT) {
        int n = count - first < RECORD_ROWS_PER_INSERT ? count - first : RECORD_ROWS_PER_INSERT;
        struct store_value params[RECORD_ROWS_PER_INSERT * 4];
        char sql[64 + RECORD_ROWS_PER_INSERT * 16] = "INSERT INTO audit_event_records VALUES ";
        for (int i = 0; i < n; i++) {
            strcat(sql, i ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)");
            params[4 * i] = store_int(seq);
            params[4 * i + 1] = store_int(first + i);
            params[4 * i + 2] = store_text(records[first + i].type);
            params[4 * i + 3] = store_text(records[first + i].id);
        }
        status = store_exec(conn, sql, params, 4 * n, NULL);
    }
    return status;
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
    };
    status = store_exec(conn,
                        "INSERT INTO audit_events (seq, at, user_id, agency_id, action, outcome, record_type, "
                        "record_id, reason, client_address, prev_hash, hash, records_digest) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        params, 13, NULL);
    return status == STORE_OK && records != NULL ? insert_records(conn, seq, records, count) : status;
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

static const char *text_or_null(const struct store_value *v)
{
    return v->type == STORE_TEXT ? v->text : NULL;
}

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
    digest_add(context, text_or_null(&row[0]), text_or_null(&row[1]));
    return true;
}

/* The digest of the records event seq lists, as stored now. */
static bool stored_records_digest(struct store_conn *conn, int64_t seq, char out[HASH_HEX])
{
    struct records_digest d;
    digest_begin(&d);
    const struct store_value p[] = {store_int(seq)};
    if (store_each(conn, "SELECT record_type, record_id FROM audit_event_records WHERE event_seq = ? ORDER BY position",
                   p, 1, digest_row, &d) != STORE_OK)
        return false;
    digest_end(&d, out);
    return true;
}

/* Row: seq, at, user_id, agency_id, action, outcome, record_type, record_id,
 * reason, client_address, prev_hash, hash, records_digest. */
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
        fields[i] = text_or_null(&row[i + 1]);
    const char *stored_prev = text_or_null(&row[FIELD_COUNT + 1]);
    const char *stored_hash = text_or_null(&row[FIELD_COUNT + 2]);
    if (stored_prev == NULL || strcmp(stored_prev, s->prev_hash) != 0)
        return fail(s, seq, "does not follow the event before it (an event was removed, added or moved)");
    const char *records_digest = text_or_null(&row[FIELD_COUNT + 3]);
    char listed[HASH_HEX];
    if (records_digest != NULL &&
        (!stored_records_digest(s->conn, seq, listed) || strcmp(listed, records_digest) != 0))
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
                      "client_address, prev_hash, hash, records_digest FROM audit_events ORDER BY seq",
                      NULL, 0, verify_row, &state);
}

/* ---- the index of records released ----------------------------------- */

#define INDEX_EVENTS_PER_STEP 2 /* small steps: the write lock is held briefly */

enum store_status audit_index_step(struct store_conn *conn, struct arena *arena, bool *done)
{
    *done = true;
    enum store_status status = store_begin(conn);
    struct store_result r;
    if (status == STORE_OK)
        status = store_query(conn, arena,
                             "SELECT p.last_seq, (SELECT coalesce(max(seq), 0) FROM audit_events) AS newest "
                             "FROM audit_index_progress p WHERE p.id = 1",
                             NULL, 0, &r);
    if (status == STORE_OK && r.rows == 1) {
        int64_t from = store_cell_int(&r, 0, "last_seq"), newest = store_cell_int(&r, 0, "newest");
        int64_t to = newest - from > INDEX_EVENTS_PER_STEP ? from + INDEX_EVENTS_PER_STEP : newest;
        *done = to == newest;
        const struct store_value range[] = {store_int(from), store_int(to)};
        const struct store_value progress[] = {store_int(to)};
        status = store_exec(conn,
                            "INSERT INTO audit_record_reads (record_type, record_id, event_seq) "
                            "SELECT record_type, record_id, event_seq FROM audit_event_records "
                            "WHERE event_seq > ? AND event_seq <= ? AND record_type <> 'link' ON CONFLICT DO NOTHING",
                            range, 2, NULL);
        if (status == STORE_OK)
            status = store_exec(conn, "UPDATE audit_index_progress SET last_seq = ? WHERE id = 1", progress, 1, NULL);
    }
    if (status == STORE_OK)
        return store_commit(conn);
    store_rollback(conn);
    return status;
}
