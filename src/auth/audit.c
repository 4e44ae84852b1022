/* The hash-chained audit log; see audit.h. An event's hash is BLAKE2b-256
 * over its sequence number, its fields (each length-prefixed, so no two
 * different events serialise alike) and the previous event's hash. */
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
static void event_hash(int64_t seq, const char *const fields[FIELD_COUNT], const char *prev_hash,
                       char out[HASH_HEX])
{
    crypto_generichash_state state;
    crypto_generichash_init(&state, NULL, 0, HASH_BYTES);
    char seq_text[24];
    snprintf(seq_text, sizeof seq_text, "%lld", (long long)seq);
    hash_field(&state, seq_text);
    for (int i = 0; i < FIELD_COUNT; i++)
        hash_field(&state, fields[i]);
    hash_field(&state, prev_hash);
    unsigned char digest[HASH_BYTES];
    crypto_generichash_final(&state, digest, sizeof digest);
    sodium_bin2hex(out, HASH_HEX, digest, sizeof digest);
}

static enum store_status append_in_transaction(struct store_conn *conn, struct arena *arena,
                                               const struct audit_event *e)
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
    char hash[HASH_HEX];
    event_hash(seq, fields, prev, hash);
    const struct store_value params[] = {
        store_int(seq), store_text(at), store_text(e->user_id), store_text(e->agency_id),
        store_text(e->action), store_text(outcome), store_text(e->record_type), store_text(e->record_id), store_text(e->reason),
        store_text(e->client_address), store_text(prev), store_text(hash),
    };
    return store_exec(conn,
                      "INSERT INTO audit_events (seq, at, user_id, agency_id, action, outcome, record_type, "
                      "record_id, reason, client_address, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      params, 12, NULL);
}

enum store_status audit_append(struct store_conn *conn, struct arena *arena, const struct audit_event *e)
{
    if (store_in_transaction(conn))
        return append_in_transaction(conn, arena, e);
    enum store_status status = store_begin(conn);
    if (status == STORE_OK)
        status = append_in_transaction(conn, arena, e);
    if (status == STORE_OK)
        return store_commit(conn);
    store_rollback(conn);
    log_event("audit_error", json_pack("{s:s,s:i}", "action", e->action, "status", (int)status));
    return status;
}

struct verify_state {
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

/* Row: seq, at, user_id, agency_id, action, outcome, record_type, record_id,
 * reason, client_address, prev_hash, hash. */
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
    char computed[HASH_HEX];
    event_hash(seq, fields, s->prev_hash, computed);
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
    struct verify_state state = {.verdict = verdict, .expected_seq = 1};
    memcpy(state.prev_hash, GENESIS_HASH, HASH_HEX);
    return store_each(conn,
                      "SELECT seq, at, user_id, agency_id, action, outcome, record_type, record_id, reason, "
                      "client_address, prev_hash, hash FROM audit_events ORDER BY seq",
                      NULL, 0, verify_row, &state);
}
