/* The chained audit log; see audit.h.
 *
 * An event's hash (chain_version 1, every event since migration 0028) is a
 * keyed BLAKE2b-256 MAC, under a key derived from the server's key file,
 * over a version tag and every column of the event — seq, time, user,
 * agency, action, outcome, record type and id, reason, client address,
 * the digest and the list of the records it released (each NULL or not),
 * and the previous event's hash — each length-prefixed, so no two
 * different events serialise alike — and, after them, the purposes of
 * access stated for the records it released (migration 0031) when there
 * are any: an event without purposes serialises exactly as before 0031,
 * so older events verify unchanged, and one with purposes has one field
 * more, so a purpose cannot be added, removed or changed without the MAC
 * changing. Events written before 0028
 * (chain_version 0, up to audit_chain.legacy_through) keep the unkeyed
 * BLAKE2b-256 of before and are verified the old way. */
#include "auth/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit_anchor.h"
#include "auth/key_file.h"
#include "util/arena.h"
#include "util/log.h"

#define HASH_BYTES 32
#define HASH_HEX AUDIT_HASH_HEX
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define FIELD_COUNT 9
#define KEYED_TAG "cshub audit event v1"
#define KDF_CONTEXT "auditmac" /* crypto_kdf_CONTEXTBYTES: eight characters */
#define KDF_SUBKEY_ID 1
#define KEYED_SCHEMA_VERSION 28 /* migration 0028_audit_keyed */
#define PURPOSES_SCHEMA_VERSION 31 /* migration 0031_access_purposes */

_Static_assert(sizeof KDF_CONTEXT - 1 == crypto_kdf_CONTEXTBYTES, "a crypto_kdf context is eight characters");
_Static_assert(crypto_kdf_KEYBYTES == AUDIT_MASTER_KEY_BYTES, "the key file holds a crypto_kdf key");
_Static_assert(sizeof GENESIS_HASH == HASH_HEX, "the genesis hash is a hash");

/* Set once at start, before any thread; read only afterwards. */
static unsigned char mac_key[crypto_generichash_KEYBYTES];
static bool have_key;

/* ---- the key ----------------------------------------------------------- */

void audit_set_key(const unsigned char master[AUDIT_MASTER_KEY_BYTES])
{
    have_key = crypto_kdf_derive_from_key(mac_key, sizeof mac_key, KDF_SUBKEY_ID, KDF_CONTEXT, master) == 0;
    audit_anchor_set_key(master);
}

void audit_forget_key(void)
{
    sodium_memzero(mac_key, sizeof mac_key);
    have_key = false;
    audit_anchor_forget_key();
}

bool audit_key_ready(void)
{
    return have_key;
}

/* Reads the 32 bytes of the key file into master, as pseudonym_load_key
 * does; false with the reason in error. */
bool audit_load_key(const char *path, char *error, size_t error_size)
{
    unsigned char master[AUDIT_MASTER_KEY_BYTES];
    bool loaded = key_file_read(path, master, error, error_size);
    if (loaded)
        audit_set_key(master);
    else
        audit_forget_key();
    sodium_memzero(master, sizeof master);
    return loaded && have_key;
}

/* ---- hashing ----------------------------------------------------------- */

/* An event as chained: fields are at, user_id, agency_id, action, outcome,
 * record_type, record_id, reason, client_address. */
struct chained_event {
    int64_t seq;
    const char *fields[FIELD_COUNT];
    const char *records_digest; /* NULL for an event that lists no records */
    const char *records;        /* the packed list, or NULL */
    const char *prev_hash;
    const char *purposes;       /* the purposes stated, or NULL (always NULL before 0031) */
};

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

static void hash_seq(crypto_generichash_state *state, int64_t seq)
{
    char seq_text[24];
    snprintf(seq_text, sizeof seq_text, "%lld", (long long)seq);
    hash_field(state, seq_text);
}

static void finish_hex(crypto_generichash_state *state, char out[HASH_HEX])
{
    unsigned char digest[HASH_BYTES];
    crypto_generichash_final(state, digest, sizeof digest);
    sodium_bin2hex(out, HASH_HEX, digest, sizeof digest);
}

/* The unkeyed hash of events from before migration 0028 (the records
 * list itself was covered only through its digest, when there was one). */
static void legacy_hash(const struct chained_event *e, char out[HASH_HEX])
{
    crypto_generichash_state state;
    crypto_generichash_init(&state, NULL, 0, HASH_BYTES);
    hash_seq(&state, e->seq);
    for (int i = 0; i < FIELD_COUNT; i++)
        hash_field(&state, e->fields[i]);
    if (e->records_digest != NULL)
        hash_field(&state, e->records_digest);
    hash_field(&state, e->prev_hash);
    finish_hex(&state, out);
}

/* The keyed MAC of every event since: all its columns, NULL or not. */
static void keyed_mac(const struct chained_event *e, char out[HASH_HEX])
{
    crypto_generichash_state state;
    crypto_generichash_init(&state, mac_key, sizeof mac_key, HASH_BYTES);
    hash_field(&state, KEYED_TAG);
    hash_seq(&state, e->seq);
    for (int i = 0; i < FIELD_COUNT; i++)
        hash_field(&state, e->fields[i]);
    hash_field(&state, e->records_digest);
    hash_field(&state, e->records);
    hash_field(&state, e->prev_hash);
    if (e->purposes != NULL) /* a field more only when stated: see the top */
        hash_field(&state, e->purposes);
    finish_hex(&state, out);
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

static void digest_of(const struct audit_record *records, int count, char out[HASH_HEX])
{
    struct records_digest d;
    digest_begin(&d);
    for (int i = 0; i < count; i++)
        digest_add(&d, records[i].type, records[i].id);
    finish_hex(&d.state, out);
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

/* ---- appending --------------------------------------------------------- */

enum store_status audit_read_head(struct store_conn *conn, struct arena *arena, struct audit_head *head)
{
    struct store_result last, chain;
    enum store_status status =
        store_query(conn, arena, "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1", NULL, 0, &last);
    if (status == STORE_OK)
        status = store_query(conn, arena, "SELECT legacy_through FROM audit_chain WHERE id = 1", NULL, 0, &chain);
    if (status != STORE_OK)
        return status;
    const char *hash = last.rows ? store_cell_text(&last, 0, "hash") : GENESIS_HASH;
    if (hash == NULL || strlen(hash) != HASH_HEX - 1)
        return STORE_ERROR;
    head->seq = last.rows ? store_cell_int(&last, 0, "seq") : 0;
    memcpy(head->hash, hash, HASH_HEX);
    head->legacy_through = chain.rows ? store_cell_int(&chain, 0, "legacy_through") : 0;
    return STORE_OK;
}

/* Chains item after the event head names, inserts it, and moves head on. */
static enum store_status insert_event(struct store_conn *conn, struct arena *arena, struct audit_head *head,
                                      const struct audit_batch_item *item)
{
    const struct audit_event *e = &item->event;
    char at[40], digest[HASH_HEX], hash[HASH_HEX];
    log_format_time(at, sizeof at);
    const char *outcome = e->outcome ? e->outcome : "allowed";
    bool listed = item->records != NULL;
    if (listed)
        digest_of(item->records, item->record_count, digest);
    struct chained_event chained = {
        .seq = head->seq + 1,
        .fields = {at, e->user_id, e->agency_id, e->action, outcome, e->record_type, e->record_id, e->reason,
                   e->client_address},
        .records_digest = listed ? digest : NULL,
        .records = listed ? packed_records(arena, item->records, item->record_count) : NULL,
        .prev_hash = head->hash,
        .purposes = listed ? e->purposes : NULL,
    };
    keyed_mac(&chained, hash);
    const struct store_value params[] = {
        store_int(chained.seq), store_text(at), store_text(e->user_id), store_text(e->agency_id),
        store_text(e->action), store_text(outcome), store_text(e->record_type), store_text(e->record_id),
        store_text(e->reason), store_text(e->client_address), store_text(head->hash), store_text(hash),
        store_text(chained.records_digest), store_text(chained.records), store_text(chained.purposes),
    };
    enum store_status status =
        store_exec(conn,
                   "INSERT INTO audit_events (seq, at, user_id, agency_id, action, outcome, record_type, record_id, "
                   "reason, client_address, prev_hash, hash, records_digest, records, purposes, chain_version) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                   params, 15, NULL);
    if (status == STORE_OK) {
        head->seq = chained.seq;
        memcpy(head->hash, hash, HASH_HEX);
    }
    return status;
}

static enum store_status append_in_transaction(struct store_conn *conn, struct arena *arena,
                                               const struct audit_batch_item *items, int count)
{
    struct audit_head head;
    enum store_status status = audit_read_head(conn, arena, &head);
    for (int i = 0; status == STORE_OK && i < count; i++)
        status = insert_event(conn, arena, &head, &items[i]);
    return status;
}

/* How an append outside a transaction ends: NULL waits for the disk;
 * otherwise the commit's outcome goes to then (store_commit_then). */
struct after_commit {
    store_committed_fn then;
    void *data;
    bool pending; /* set when then will be called */
};

static enum store_status append(struct store_conn *conn, struct arena *arena, const struct audit_batch_item *items,
                                int count, struct after_commit *after)
{
    if (!have_key) {
        log_event("audit_error", json_pack("{s:s,s:s}", "action", count > 0 ? items[0].event.action : "",
                                           "reason", "no key: the audit chain cannot be extended"));
        return STORE_ERROR;
    }
    if (store_in_transaction(conn))
        return append_in_transaction(conn, arena, items, count);
    enum store_status status = store_begin(conn);
    if (status == STORE_OK)
        status = append_in_transaction(conn, arena, items, count);
    if (status == STORE_OK && after == NULL)
        return store_commit(conn);
    if (status == STORE_OK) {
        status = store_commit_then(conn, arena, after->then, after->data);
        after->pending = status == STORE_OK;
        return status;
    }
    store_rollback(conn);
    log_event("audit_error", json_pack("{s:s,s:i}", "action", count > 0 ? items[0].event.action : "", "status",
                                       (int)status));
    return status;
}

enum store_status audit_append(struct store_conn *conn, struct arena *arena, const struct audit_event *e)
{
    const struct audit_batch_item item = {.event = *e};
    return append(conn, arena, &item, 1, NULL);
}

enum store_status audit_append_records(struct store_conn *conn, struct arena *arena, const struct audit_event *e,
                                       const struct audit_record *records, int count)
{
    const struct audit_batch_item item = {.event = *e, .records = records, .record_count = count};
    return append(conn, arena, &item, 1, NULL);
}

enum store_status audit_append_records_then(struct store_conn *conn, struct arena *arena, const struct audit_event *e,
                                            const struct audit_record *records, int count, store_committed_fn then,
                                            void *data, bool *pending)
{
    const struct audit_batch_item item = {.event = *e, .records = records, .record_count = count};
    struct after_commit after = {.then = then, .data = data};
    enum store_status status = append(conn, arena, &item, 1, &after);
    *pending = after.pending;
    return status;
}

enum store_status audit_append_batch(struct store_conn *conn, struct arena *arena,
                                     const struct audit_batch_item *items, int count)
{
    return count > 0 ? append(conn, arena, items, count, NULL) : STORE_OK;
}

/* ---- verifying --------------------------------------------------------- */

#define EVENT_COLUMNS                                                                                           \
    "seq, at, user_id, agency_id, action, outcome, record_type, record_id, reason, client_address, prev_hash, " \
    "hash, records_digest, records"
enum {
    COL_SEQ,
    COL_FIELDS,
    COL_PREV = COL_FIELDS + FIELD_COUNT,
    COL_HASH,
    COL_DIGEST,
    COL_RECORDS,
    COL_VERSION,
    COL_PURPOSES,
};

struct verify_state {
    struct store_conn *conn;
    struct audit_verdict *verdict;
    int64_t expected_seq;
    int64_t legacy_through;
    bool has_purposes; /* the schema has audit_events.purposes (0031) */
    char prev_hash[HASH_HEX];
    const struct audit_anchor_file *anchors;
    int next_checkpoint;
};

static bool fail(struct audit_verdict *verdict, int64_t seq, const char *problem)
{
    verdict->intact = false;
    verdict->first_bad = seq;
    if (problem != verdict->problem) /* some are written there first */
        snprintf(verdict->problem, sizeof verdict->problem, "%s", problem);
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
static bool stored_records_digest(struct store_conn *conn, int64_t seq, const char *packed, char out[HASH_HEX])
{
    struct records_digest d;
    digest_begin(&d);
    struct arena *arena = arena_new();
    const struct store_value p[] = {store_int(seq)};
    bool ok = packed != NULL ? each_packed(arena, packed, digest_packed, &d)
                             : store_each(conn,
                                          "SELECT record_type, record_id FROM audit_event_records WHERE event_seq = ? "
                                          "ORDER BY position",
                                          p, 1, digest_row, &d) == STORE_OK;
    arena_free(arena);
    finish_hex(&d.state, out);
    return ok;
}

/* Why the records e lists do not agree with its digest, or NULL. */
static const char *records_problem(struct store_conn *conn, const struct chained_event *e, bool keyed)
{
    if (e->records_digest == NULL)
        return e->records == NULL ? NULL : "lists records its hash does not cover (a list was added to it)";
    if (keyed && e->records == NULL)
        return "lost the list of records it released";
    char listed[HASH_HEX];
    if (!stored_records_digest(conn, e->seq, e->records, listed) || strcmp(listed, e->records_digest) != 0)
        return "the records it lists do not match its digest (a listed record was changed)";
    return NULL;
}

/* Why the purposes e states do not fit the records it lists, or NULL:
 * each line "\ntype id code" must name a record of its list. */
static const char *purposes_problem(const struct chained_event *e)
{
    if (e->purposes == NULL)
        return NULL;
    if (e->records == NULL)
        return "states purposes of access for records it does not list";
    const char *line = e->purposes;
    while (line[0] == '\n' && line[1] != '\0') {
        const char *end = strchr(line + 1, '\n'), *code = end ? memrchr(line, ' ', (size_t)(end - line)) : NULL;
        if (code == NULL || code == line)
            return "its purposes of access are malformed";
        size_t record = (size_t)(code - line); /* "\ntype id" */
        bool found = false;
        for (const char *at = strstr(e->records, "\n"); at != NULL && !found; at = strstr(at + 1, "\n"))
            found = strncmp(at, line, record) == 0 && at[record] == '\n';
        if (!found)
            return "states a purpose of access for a record it does not list";
        line = end;
    }
    return strcmp(line, "\n") == 0 ? NULL : "its purposes of access are malformed";
}

/* Compares the checkpoints of the anchor file at seq with hash; false
 * (after failing the verdict) on the first that disagrees. */
static bool check_checkpoints(struct verify_state *s, int64_t seq, const char *hash)
{
    const struct audit_anchor_file *a = s->anchors;
    for (; a != NULL && s->next_checkpoint < a->count && a->checkpoints[s->next_checkpoint].seq == seq;
         s->next_checkpoint++) {
        const struct audit_checkpoint *cp = &a->checkpoints[s->next_checkpoint];
        if (cp->legacy_through != s->legacy_through) {
            snprintf(s->verdict->problem, sizeof s->verdict->problem,
                     "the checkpoint of %s says unkeyed events end at event %lld, the database says %lld "
                     "(the transition to keyed events was moved)",
                     cp->at, (long long)cp->legacy_through, (long long)s->legacy_through);
            return fail(s->verdict, seq, s->verdict->problem);
        }
        if (strcmp(cp->hash, hash) != 0) {
            snprintf(s->verdict->problem, sizeof s->verdict->problem,
                     "does not match the checkpoint of %s (line %d of the anchor file): the log was rewritten",
                     cp->at, cp->line);
            return fail(s->verdict, seq, s->verdict->problem);
        }
        s->verdict->checkpoints++;
        s->verdict->newest_checkpoint = seq;
    }
    return true;
}

/* Reads a row into e (its strings valid during the call). */
static void row_event(const struct store_value *row, struct chained_event *e)
{
    e->seq = row[COL_SEQ].type == STORE_INT ? row[COL_SEQ].integer : -1;
    for (int i = 0; i < FIELD_COUNT; i++)
        e->fields[i] = store_value_text(&row[COL_FIELDS + i]);
    e->prev_hash = store_value_text(&row[COL_PREV]);
    e->records_digest = store_value_text(&row[COL_DIGEST]);
    e->records = store_value_text(&row[COL_RECORDS]);
    e->purposes = store_value_text(&row[COL_PURPOSES]);
}

/* Whether the row's chain version is the one its place asks for. */
static bool check_version(struct verify_state *s, int64_t seq, const struct store_value *version, bool *keyed)
{
    int64_t v = version->type == STORE_INT ? version->integer : -1;
    *keyed = seq > s->legacy_through;
    if (v == (*keyed ? 1 : 0))
        return true;
    return fail(s->verdict, seq,
                *keyed ? "is marked unkeyed but comes after the keyed chain began (a forged or rewritten event)"
                       : "is marked keyed but comes before the keyed chain began");
}

static bool verify_row(void *context, const struct store_value *row, int columns)
{
    struct verify_state *s = context;
    (void)columns;
    struct chained_event e;
    row_event(row, &e);
    bool keyed = false;
    if (e.seq != s->expected_seq)
        return fail(s->verdict, e.seq, e.seq > s->expected_seq ? "an event before this one is missing"
                                                               : "events are out of order");
    if (!check_version(s, e.seq, &row[COL_VERSION], &keyed))
        return false;
    if (e.prev_hash == NULL || strcmp(e.prev_hash, s->prev_hash) != 0)
        return fail(s->verdict, e.seq, "does not follow the event before it (an event was removed, added or moved)");
    const char *records = records_problem(s->conn, &e, keyed);
    if (records == NULL && !keyed && e.purposes != NULL) /* no unkeyed hash covers them: they came later */
        records = "states purposes of access, which no event before the keyed chain can";
    if (records == NULL)
        records = purposes_problem(&e);
    if (records != NULL)
        return fail(s->verdict, e.seq, records);
    if (keyed && !have_key) {
        s->verdict->key_missing = true;
        return fail(s->verdict, e.seq, "keyed events cannot be verified without the server's key file");
    }
    char computed[HASH_HEX];
    (keyed ? keyed_mac : legacy_hash)(&e, computed);
    const char *stored = store_value_text(&row[COL_HASH]);
    if (stored == NULL || strcmp(stored, computed) != 0)
        return fail(s->verdict, e.seq, keyed ? "its MAC does not match its content (the event was edited, or the "
                                               "key file is not the one the log was written with)"
                                             : "its content does not match its hash (the event was edited)");
    if (!check_checkpoints(s, e.seq, computed))
        return false;
    memcpy(s->prev_hash, computed, HASH_HEX);
    s->expected_seq++;
    s->verdict->events++;
    s->verdict->legacy_events += keyed ? 0 : 1;
    return true;
}

/* The last unkeyed event: everything for a database from before keying. */
static enum store_status read_legacy_through(struct store_conn *conn, struct arena *arena, int64_t *legacy_through)
{
    int version = 0;
    enum store_status status = store_schema_version(conn, &version);
    *legacy_through = INT64_MAX;
    if (status != STORE_OK || version < KEYED_SCHEMA_VERSION)
        return status;
    struct store_result r;
    status = store_query(conn, arena, "SELECT legacy_through FROM audit_chain WHERE id = 1", NULL, 0, &r);
    if (status == STORE_OK && r.rows != 1)
        return STORE_ERROR;
    if (status == STORE_OK)
        *legacy_through = store_cell_int(&r, 0, "legacy_through");
    return status;
}

/* Walks every event in order. */
static enum store_status walk_chain(struct verify_state *s)
{
    if (!check_checkpoints(s, 0, GENESIS_HASH))
        return STORE_OK;
    const char *sql =
        s->legacy_through == INT64_MAX
            ? "SELECT " EVENT_COLUMNS ", 0 AS chain_version, NULL AS purposes FROM audit_events ORDER BY seq"
        : !s->has_purposes ? "SELECT " EVENT_COLUMNS ", chain_version, NULL AS purposes FROM audit_events ORDER BY seq"
                           : "SELECT " EVENT_COLUMNS ", chain_version, purposes FROM audit_events ORDER BY seq";
    return store_each(s->conn, sql, NULL, 0, verify_row, s);
}

/* Checkpoints beyond the newest event: events removed from the end. */
static void check_truncation(struct verify_state *s)
{
    const struct audit_anchor_file *a = s->anchors;
    if (!s->verdict->intact || a == NULL || s->next_checkpoint >= a->count)
        return;
    const struct audit_checkpoint *cp = &a->checkpoints[s->next_checkpoint];
    snprintf(s->verdict->problem, sizeof s->verdict->problem,
             "the log ends at event %lld, but the checkpoint of %s (line %d of the anchor file) recorded it: "
             "events were removed from the end",
             (long long)(s->expected_seq - 1), cp->at, cp->line);
    fail(s->verdict, cp->seq, s->verdict->problem);
}

/* Rows of audit_event_records that no event's hash covers: only unkeyed
 * events with a digest and no packed list own any. */
static enum store_status check_orphan_records(struct store_conn *conn, struct arena *arena,
                                              struct audit_verdict *verdict)
{
    struct store_result r;
    enum store_status status =
        store_query(conn, arena,
                    "SELECT r.event_seq FROM audit_event_records r LEFT JOIN audit_events e ON e.seq = r.event_seq "
                    "WHERE e.seq IS NULL OR e.records_digest IS NULL OR e.records IS NOT NULL "
                    "ORDER BY r.event_seq LIMIT 1",
                    NULL, 0, &r);
    if (status == STORE_OK && r.rows > 0)
        fail(verdict, store_cell_int(&r, 0, "event_seq"),
             "has records attached to it that its hash does not cover (a released record was added)");
    return status;
}

/* ---- checking the index of records released against the chain ---------- */

struct expected_target {
    struct store_conn *conn;
    int64_t seq;
    enum store_status status;
};

/* The records an event's packed list released that the index takes
 * (links are not indexed: nobody asks who has looked at a link). */
static bool expect_packed(void *context, const char *type, const char *id)
{
    struct expected_target *t = context;
    if (strcmp(type, "link") == 0)
        return true;
    const struct store_value p[] = {store_text(type), store_text(id), store_int(t->seq)};
    t->status = store_exec(t->conn,
                           "INSERT OR IGNORE INTO temp.audit_expected_reads (record_type, record_id, event_seq) "
                           "VALUES (?, ?, ?)",
                           p, 3, NULL);
    return t->status == STORE_OK;
}

static bool expect_event(void *context, const struct store_value *row, int columns)
{
    struct expected_target *t = context;
    (void)columns;
    t->seq = row[0].integer;
    struct arena *arena = arena_new();
    bool ok = each_packed(arena, store_value_text(&row[1]), expect_packed, t);
    arena_free(arena);
    if (!ok && t->status == STORE_OK)
        t->status = STORE_ERROR;
    return ok;
}

/* Rebuilds the index from the (verified) chain in a temporary table. */
static enum store_status build_expected_index(struct store_conn *conn)
{
    enum store_status status =
        store_exec(conn,
                   "CREATE TEMP TABLE IF NOT EXISTS audit_expected_reads (record_type TEXT NOT NULL, "
                   "record_id TEXT NOT NULL, event_seq INTEGER NOT NULL, "
                   "PRIMARY KEY (record_type, record_id, event_seq)) WITHOUT ROWID",
                   NULL, 0, NULL);
    if (status == STORE_OK)
        status = store_exec(conn, "DELETE FROM temp.audit_expected_reads", NULL, 0, NULL);
    if (status == STORE_OK)
        status = store_exec(conn,
                            "INSERT OR IGNORE INTO temp.audit_expected_reads (record_type, record_id, event_seq) "
                            "SELECT record_type, record_id, event_seq FROM audit_event_records WHERE record_type <> 'link'",
                            NULL, 0, NULL);
    struct expected_target t = {.conn = conn, .status = STORE_OK};
    if (status == STORE_OK)
        status = store_each(conn,
                            "SELECT seq, records FROM audit_events WHERE records_digest IS NOT NULL "
                            "AND records IS NOT NULL ORDER BY seq",
                            NULL, 0, expect_event, &t);
    return status == STORE_OK ? t.status : status;
}

/* The first disagreement between the stored index and the one rebuilt. */
static enum store_status compare_index(struct store_conn *conn, struct arena *arena, struct audit_verdict *verdict)
{
    struct store_result r;
    enum store_status status = store_query(
        conn, arena,
        "SELECT (SELECT last_seq FROM audit_index_progress WHERE id = 1) AS progress, "
        "(SELECT coalesce(max(seq), 0) FROM audit_events) AS newest, "
        "(SELECT count(*) FROM audit_record_reads) AS entries, "
        "(SELECT min(event_seq) FROM audit_record_reads WHERE event_seq > "
        "  (SELECT last_seq FROM audit_index_progress WHERE id = 1)) AS beyond, "
        "(SELECT min(s.event_seq) FROM audit_record_reads s WHERE NOT EXISTS (SELECT 1 FROM temp.audit_expected_reads x "
        "  WHERE x.record_type = s.record_type AND x.record_id = s.record_id AND x.event_seq = s.event_seq)) AS unsupported, "
        "(SELECT min(x.event_seq) FROM temp.audit_expected_reads x WHERE x.event_seq <= "
        "  (SELECT last_seq FROM audit_index_progress WHERE id = 1) AND NOT EXISTS (SELECT 1 FROM audit_record_reads s "
        "  WHERE s.record_type = x.record_type AND s.record_id = x.record_id AND s.event_seq = x.event_seq)) AS missing",
        NULL, 0, &r);
    if (status != STORE_OK || r.rows != 1)
        return status == STORE_OK ? STORE_ERROR : status;
    verdict->index_entries = store_cell_int(&r, 0, "entries");
    int64_t progress = store_cell_int(&r, 0, "progress"), newest = store_cell_int(&r, 0, "newest");
    if (store_cell(&r, 0, "unsupported")->type == STORE_INT)
        fail(verdict, store_cell_int(&r, 0, "unsupported"),
             "the index of records released (who has looked at a record) lists a record against this event that "
             "the event did not release (an index entry was added or changed)");
    else if (store_cell(&r, 0, "missing")->type == STORE_INT)
        fail(verdict, store_cell_int(&r, 0, "missing"),
             "released records that are missing from the index of records released (an index entry was removed)");
    else if (progress > newest)
        fail(verdict, progress, "the index of records released claims to have reached an event beyond the newest "
                                "(events were removed from the end)");
    else if (store_cell(&r, 0, "beyond")->type == STORE_INT)
        fail(verdict, store_cell_int(&r, 0, "beyond"),
             "the index of records released holds entries beyond its progress mark (the mark was moved back)");
    return STORE_OK;
}

static enum store_status check_index(struct store_conn *conn, struct arena *arena, struct audit_verdict *verdict)
{
    enum store_status status = build_expected_index(conn);
    if (status == STORE_OK)
        status = compare_index(conn, arena, verdict);
    store_exec(conn, "DROP TABLE IF EXISTS temp.audit_expected_reads", NULL, 0, NULL);
    return status;
}

/* Reads the anchor file into *anchors (NULL when none is asked for);
 * false after failing the verdict. */
static bool read_anchors(const char *anchor_path, struct arena *arena, struct audit_anchor_file *file,
                         const struct audit_anchor_file **anchors, struct audit_verdict *verdict)
{
    *anchors = NULL;
    if (anchor_path == NULL)
        return true;
    int64_t bad_seq = 0;
    if (!audit_anchor_read(anchor_path, arena, file, &bad_seq, verdict->problem, sizeof verdict->problem)) {
        verdict->key_missing = !have_key;
        return fail(verdict, bad_seq, verdict->problem);
    }
    verdict->anchored = true;
    *anchors = file;
    return true;
}

static enum store_status verify_all(struct store_conn *conn, struct arena *arena, const char *anchor_path,
                                    struct audit_verdict *verdict)
{
    struct audit_anchor_file file;
    struct verify_state state = {.conn = conn, .verdict = verdict, .expected_seq = 1};
    memcpy(state.prev_hash, GENESIS_HASH, HASH_HEX);
    int version = 0;
    enum store_status status = read_legacy_through(conn, arena, &state.legacy_through);
    if (status == STORE_OK)
        status = store_schema_version(conn, &version);
    state.has_purposes = version >= PURPOSES_SCHEMA_VERSION;
    if (status != STORE_OK || !read_anchors(anchor_path, arena, &file, &state.anchors, verdict))
        return status;
    status = walk_chain(&state);
    check_truncation(&state);
    if (status == STORE_OK && verdict->intact)
        status = check_orphan_records(conn, arena, verdict);
    if (status == STORE_OK && verdict->intact)
        status = check_index(conn, arena, verdict);
    return status;
}

enum store_status audit_verify(struct store_conn *conn, const char *anchor_path, struct audit_verdict *verdict)
{
    memset(verdict, 0, sizeof *verdict);
    verdict->intact = true;
    /* One read transaction: one snapshot, though the server writes on. */
    enum store_status status = store_exec(conn, "BEGIN", NULL, 0, NULL);
    struct arena *arena = arena_new();
    if (status == STORE_OK)
        status = verify_all(conn, arena, anchor_path, verdict);
    arena_free(arena);
    if (store_in_transaction(conn))
        store_rollback(conn);
    return status;
}

enum store_status audit_head_matches_key(struct store_conn *conn, struct arena *arena, bool *matches)
{
    struct store_result r;
    *matches = true;
    enum store_status status = store_query(conn, arena,
                                           "SELECT " EVENT_COLUMNS ", chain_version, purposes FROM audit_events "
                                           "ORDER BY seq DESC LIMIT 1",
                                           NULL, 0, &r);
    if (status != STORE_OK || r.rows == 0 || store_cell_int(&r, 0, "chain_version") != 1)
        return status;
    struct chained_event e;
    row_event(&r.values[0], &e);
    char computed[HASH_HEX];
    keyed_mac(&e, computed);
    const char *stored = store_cell_text(&r, 0, "hash");
    *matches = have_key && stored != NULL && strcmp(stored, computed) == 0;
    return STORE_OK;
}

/* ---- the index of records released ----------------------------------- */

#define INDEX_EVENTS_PER_STEP 64 /* a few milliseconds of the writer's time a step */
#define INDEX_STEP_OFFSET "63"    /* INDEX_EVENTS_PER_STEP - 1, as SQL */

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

/* Indexes the records of events (from, to] whose hash covers a list:
 * packed with the event, or rows of audit_event_records for events from
 * before packing. */
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
                             "SELECT seq, records FROM audit_events WHERE seq > ? AND seq <= ? "
                             "AND records_digest IS NOT NULL AND records IS NOT NULL",
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
