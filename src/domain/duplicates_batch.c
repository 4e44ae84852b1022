/* The backfill for many people at once; see duplicates_batch.h. Person by
 * person, the backfill runs a query for each person's candidates: fine for
 * a few, a minute for 100,000 (after an upgrade or an import). Here the
 * people without keys are read in one pass, with the people already keyed
 * who share a key with them; keys are made once, blocks (key -> people)
 * formed in a hash map, each person's candidates chosen as the person by
 * person pass chooses them (among those keyed before: each pair is scored
 * once, by the later of the two), scored on two threads, and keys and
 * pairs written a few thousand rows to a transaction, so that requests
 * waiting for the write lock wait briefly. */
#include "domain/duplicates_batch.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/person.h"
#include "util/arena.h"
#include "util/clock.h"

#define THREADS 2
#define ROWS_PER_STATEMENT 250    /* 1,000 values at most */
#define ROWS_PER_TRANSACTION 5000 /* a few milliseconds of the write lock */
#define IDS_PER_QUERY 500

struct batch_person {
    const char *id, *kind;
    int kind_code; /* the same for the same kind; -1: none (a partner merged or gone) */
    struct match_prepared prepared;
    int key_ids[MATCH_KEYS_MAX], key_count;
    const char *keys[MATCH_KEYS_MAX]; /* to write; people without keys only */
};

struct scored_pair {
    int a, b, score;
};

struct pair_list {
    struct scored_pair *pairs;
    size_t count, size;
};

/* Open addressing: key text -> key id. */
struct key_map {
    const char **keys;
    int *ids;
    size_t mask;
    int count;
};

struct batch {
    struct batch_person *people;
    int count, unkeyed; /* people [0, unkeyed) have no keys; the rest are keyed partners */
    struct key_map map;
    int *block_start, *members; /* people of key id k: members[block_start[k] .. block_start[k + 1]) */
    struct pair_list pairs[THREADS];
};

/* ---- the key map ------------------------------------------------------- */

static uint64_t hash_text(const char *text)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        h = (h ^ *c) * 1099511628211ull;
    return h;
}

static void key_map_init(struct arena *arena, struct key_map *m, size_t capacity)
{
    size_t size = 16;
    while (size < 2 * capacity)
        size *= 2;
    *m = (struct key_map){.keys = arena_alloc(arena, sizeof *m->keys * size),
                          .ids = arena_alloc(arena, sizeof *m->ids * size), .mask = size - 1};
}

/* The id of key; added when add (else -1 when absent). */
static int key_id(struct key_map *m, const char *key, bool add)
{
    size_t at = (size_t)hash_text(key) & m->mask;
    while (m->keys[at] != NULL && strcmp(m->keys[at], key) != 0)
        at = (at + 1) & m->mask;
    if (m->keys[at] == NULL && !add)
        return -1;
    if (m->keys[at] == NULL) {
        m->keys[at] = key;
        m->ids[at] = m->count++;
    }
    return m->ids[at];
}

/* ---- two threads ------------------------------------------------------- */

struct worker {
    struct batch *batch;
    int first; /* people first, first + THREADS, ... */
    struct arena *arena;
    void (*work)(struct worker *w, int person);
    int *counts, *touched; /* candidates: keys shared, per person; the people touched */
    uint64_t *order;       /* keys not shared, person: for the 200 sharing most */
};

static void *run_worker(void *context)
{
    struct worker *w = context;
    for (int i = w->first; i < w->batch->unkeyed; i += THREADS)
        w->work(w, i);
    return NULL;
}

/* Starts work on every person without keys on THREADS threads; false
 * for a thread that could not start (its share is then done here). */
static void start_all(struct worker workers[THREADS], void (*work)(struct worker *w, int person),
                      pthread_t threads[THREADS], bool started[THREADS])
{
    for (int t = 0; t < THREADS; t++) {
        workers[t].work = work;
        started[t] = pthread_create(&threads[t], NULL, run_worker, &workers[t]) == 0;
        if (!started[t])
            run_worker(&workers[t]);
    }
}

static void join_all(pthread_t threads[THREADS], const bool started[THREADS])
{
    for (int t = 0; t < THREADS; t++)
        if (started[t])
            pthread_join(threads[t], NULL);
}

static void on_all(struct worker workers[THREADS], void (*work)(struct worker *w, int person))
{
    pthread_t threads[THREADS];
    bool started[THREADS];
    start_all(workers, work, threads, started);
    join_all(threads, started);
}

/* ---- reading the people ------------------------------------------------ */

static void take_record(struct arena *arena, const struct record *r, struct batch_person *out)
{
    struct match_person p = duplicates_match_view(r);
    out->id = r->id;
    out->kind = r->values[PERSON_KIND];
    match_prepare(arena, &p, &out->prepared);
}

static void make_keys(struct worker *w, int i)
{
    struct batch_person *p = &w->batch->people[i];
    p->key_count = match_keys_prepared(w->arena, &p->prepared, p->keys);
}

static enum store_status read_unkeyed(struct store_conn *conn, struct arena *arena, struct batch *b,
                                      struct record **records)
{
    struct domain_context ctx = {.conn = conn, .arena = arena};
    enum store_status status = record_select_for_matching(&ctx,
                                                          "r.merged_into IS NULL AND NOT EXISTS "
                                                          "(SELECT 1 FROM person_match_keys k WHERE k.person_id = r.id)",
                                                          NULL, 0, "ORDER BY r.rowid", 0, records, &b->unkeyed);
    b->count = b->unkeyed;
    return status;
}

/* ---- the people already keyed who share a key -------------------------- */

struct partner_key {
    const char *id;
    int key;
};

struct partner_keys {
    struct batch *batch;
    struct arena *arena;
    struct partner_key *rows;
    size_t count, size;
};

static bool take_partner_key(void *context, const struct store_value *row, int columns)
{
    struct partner_keys *p = context;
    (void)columns;
    int key = row[1].text ? key_id(&p->batch->map, row[1].text, false) : -1;
    if (key < 0 || row[0].text == NULL)
        return true;
    if (p->count == p->size) {
        p->size = p->size ? 2 * p->size : 1024;
        struct partner_key *grown = realloc(p->rows, sizeof *grown * p->size);
        if (grown == NULL)
            return false;
        p->rows = grown;
    }
    p->rows[p->count++] = (struct partner_key){arena_strdup(p->arena, row[0].text), key};
    return true;
}

static int by_partner_id(const void *a, const void *b)
{
    return strcmp(((const struct partner_key *)a)->id, ((const struct partner_key *)b)->id);
}

static int by_person_id(const void *a, const void *b)
{
    return strcmp(((const struct batch_person *)a)->id, ((const struct batch_person *)b)->id);
}

/* The distinct ids of the sorted keys as people (no fields yet). */
static void partners_from_keys(struct batch *b, const struct partner_keys *p)
{
    for (size_t i = 0; i < p->count; i++) {
        if (i == 0 || strcmp(p->rows[i].id, p->rows[i - 1].id) != 0)
            b->people[b->count++] = (struct batch_person){.id = p->rows[i].id};
        struct batch_person *partner = &b->people[b->count - 1];
        if (partner->key_count < MATCH_KEYS_MAX)
            partner->key_ids[partner->key_count++] = p->rows[i].key;
    }
}

/* Fills the partners' fields, IDS_PER_QUERY at a time; a partner merged
 * or gone keeps no fields (kind NULL) and is never a candidate. */
static enum store_status read_partners(struct store_conn *conn, struct arena *arena, struct batch *b)
{
    struct domain_context ctx = {.conn = conn, .arena = arena};
    struct batch_person *partners = b->people + b->unkeyed;
    int count = b->count - b->unkeyed;
    enum store_status status = STORE_OK;
    for (int from = 0; status == STORE_OK && from < count; from += IDS_PER_QUERY) {
        int n = count - from < IDS_PER_QUERY ? count - from : IDS_PER_QUERY, rows = 0;
        struct store_value *ids = arena_alloc(arena, sizeof *ids * (size_t)n);
        for (int i = 0; i < n; i++)
            ids[i] = store_text(partners[from + i].id);
        struct record *found;
        status = record_select_for_matching(&ctx,
                                            arena_printf(arena, "r.id IN (%s) AND r.merged_into IS NULL",
                                                         duplicates_placeholders(arena, n, "?")),
                                            ids, n, NULL, 0, &found, &rows);
        for (int i = 0; status == STORE_OK && i < rows; i++) {
            struct batch_person key = {.id = found[i].id};
            struct batch_person *p = bsearch(&key, partners, (size_t)count, sizeof *partners, by_person_id);
            if (p != NULL)
                take_record(arena, &found[i], p);
        }
    }
    return status;
}

static enum store_status read_partners_of(struct store_conn *conn, struct arena *arena, struct batch *b)
{
    struct partner_keys p = {.batch = b, .arena = arena};
    enum store_status status = store_each(conn, "SELECT person_id, match_key FROM person_match_keys", NULL, 0,
                                          take_partner_key, &p);
    if (status == STORE_OK && p.count > 0) {
        qsort(p.rows, p.count, sizeof *p.rows, by_partner_id);
        struct batch_person *all = arena_alloc(arena, sizeof *all * ((size_t)b->count + p.count));
        memcpy(all, b->people, sizeof *all * (size_t)b->count);
        b->people = all;
        partners_from_keys(b, &p);
        status = read_partners(conn, arena, b);
    }
    free(p.rows);
    return status;
}

/* Kinds as small numbers, compared without strcmp for every pair. */
static void code_kinds(struct batch *b)
{
    const char *kinds[16];
    int known = 0;
    for (int i = 0; i < b->count; i++) {
        struct batch_person *p = &b->people[i];
        p->kind_code = -1;
        for (int k = 0; p->kind != NULL && k < known && p->kind_code < 0; k++)
            if (strcmp(kinds[k], p->kind) == 0)
                p->kind_code = k;
        if (p->kind != NULL && p->kind_code < 0 && known < 16) {
            kinds[known] = p->kind;
            p->kind_code = known++;
        }
    }
}

/* ---- blocks ------------------------------------------------------------ */

static void map_keys(struct arena *arena, struct batch *b)
{
    size_t total = 0;
    for (int i = 0; i < b->unkeyed; i++)
        total += (size_t)b->people[i].key_count;
    key_map_init(arena, &b->map, total);
    for (int i = 0; i < b->unkeyed; i++)
        for (int k = 0; k < b->people[i].key_count; k++)
            b->people[i].key_ids[k] = key_id(&b->map, b->people[i].keys[k], true);
}

static void form_blocks(struct arena *arena, struct batch *b)
{
    int keys = b->map.count;
    b->block_start = arena_alloc(arena, sizeof *b->block_start * (size_t)(keys + 1));
    for (int i = 0; i < b->count; i++)
        for (int k = 0; k < b->people[i].key_count; k++)
            b->block_start[b->people[i].key_ids[k] + 1]++;
    for (int k = 0; k < keys; k++)
        b->block_start[k + 1] += b->block_start[k];
    int *filled = arena_alloc(arena, sizeof *filled * (size_t)(keys + 1));
    b->members = arena_alloc(arena, sizeof *b->members * (size_t)(b->block_start[keys] + 1));
    for (int i = 0; i < b->count; i++)
        for (int k = 0; k < b->people[i].key_count; k++) {
            int key = b->people[i].key_ids[k];
            b->members[b->block_start[key] + filled[key]++] = i;
        }
}

/* ---- candidates and scores ------------------------------------------- */

static int ascending_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The DUPLICATE_CANDIDATES_MAX first of w->order (most keys shared, then
 * the first read), into the first places of touched. */
static void keep_most_shared(struct worker *w, int n)
{
    qsort(w->order, (size_t)n, sizeof *w->order, ascending_u64);
    for (int i = 0; i < DUPLICATE_CANDIDATES_MAX; i++)
        w->touched[i] = (int)(w->order[i] & 0xffffffffu);
}

/* Whether other could be among i's candidates: of the same kind, and
 * either keyed before (a partner) or before i in the one pass — as person
 * by person, where a person meets those given keys before them, so that
 * each pair is scored once, by the later of the two. */
static bool may_pair(const struct batch *b, int i, int other)
{
    int kind = b->people[other].kind_code;
    return (other < i || other >= b->unkeyed) && kind >= 0 && kind == b->people[i].kind_code;
}

/* As duplicates_candidates(): into w->touched, how many. */
static int choose_candidates(struct worker *w, int i)
{
    const struct batch *b = w->batch;
    const struct batch_person *p = &b->people[i];
    int n = 0;
    for (int k = 0; k < p->key_count; k++)
        for (int m = b->block_start[p->key_ids[k]]; m < b->block_start[p->key_ids[k] + 1]; m++) {
            int other = b->members[m];
            if (may_pair(b, i, other) && w->counts[other]++ == 0)
                w->touched[n++] = other;
        }
    for (int t = 0; t < n && n > DUPLICATE_CANDIDATES_MAX; t++)
        w->order[t] = (uint64_t)(MATCH_KEYS_MAX - w->counts[w->touched[t]]) << 32 | (uint32_t)w->touched[t];
    for (int t = 0; t < n; t++)
        w->counts[w->touched[t]] = 0;
    if (n > DUPLICATE_CANDIDATES_MAX)
        keep_most_shared(w, n);
    return n < DUPLICATE_CANDIDATES_MAX ? n : DUPLICATE_CANDIDATES_MAX;
}

static void add_pair(struct pair_list *list, int a, int b, int score)
{
    if (list->count == list->size) {
        list->size = list->size ? 2 * list->size : 4096;
        struct scored_pair *grown = realloc(list->pairs, sizeof *grown * list->size);
        if (grown == NULL)
            abort(); /* as arena_alloc does when memory is exhausted */
        list->pairs = grown;
    }
    list->pairs[list->count++] = (struct scored_pair){a, b, score};
}

static void match_one(struct worker *w, int i)
{
    const struct batch *b = w->batch;
    int n = choose_candidates(w, i);
    for (int c = 0; c < n; c++) {
        int other = w->touched[c];
        struct match_result r;
        match_score_prepared(&b->people[i].prepared, &b->people[other].prepared, &r);
        if (r.score >= MATCH_POSSIBLE)
            add_pair(&w->batch->pairs[w->first], i, other, r.score);
    }
}

/* ---- writing ----------------------------------------------------------- */

struct writer {
    struct store_conn *conn;
    struct arena *arena;
    struct store_value *values;
    int rows, columns, in_transaction;
    const char *(*sql)(struct arena *arena, int rows);
    enum store_status status;
};

static void flush_rows(struct writer *w)
{
    if (w->rows == 0 || w->status != STORE_OK)
        return;
    if (w->in_transaction == 0)
        w->status = store_begin(w->conn);
    if (w->status == STORE_OK)
        w->status = store_exec(w->conn, w->sql(w->arena, w->rows), w->values, w->rows * w->columns, NULL);
    w->in_transaction += w->rows;
    w->rows = 0;
    if (w->status == STORE_OK && w->in_transaction >= ROWS_PER_TRANSACTION) {
        w->status = store_commit(w->conn);
        w->in_transaction = 0;
    }
}

static void finish_writing(struct writer *w)
{
    flush_rows(w);
    if (w->in_transaction > 0 && w->status == STORE_OK)
        w->status = store_commit(w->conn);
    else if (w->in_transaction > 0)
        store_rollback(w->conn);
    w->in_transaction = 0;
}

static void add_row(struct writer *w, const struct store_value *row)
{
    memcpy(&w->values[w->rows++ * w->columns], row, sizeof *row * (size_t)w->columns);
    if (w->rows == ROWS_PER_STATEMENT)
        flush_rows(w);
}

static enum store_status write_keys(struct store_conn *conn, struct arena *arena, const struct batch *b)
{
    struct writer w = {.conn = conn, .arena = arena, .columns = 2, .sql = duplicates_insert_keys_sql};
    w.values = arena_alloc(arena, sizeof *w.values * 2 * ROWS_PER_STATEMENT);
    for (int i = 0; i < b->unkeyed && w.status == STORE_OK; i++)
        for (int k = 0; k < b->people[i].key_count; k++)
            add_row(&w, (const struct store_value[]){store_text(b->people[i].id), store_text(b->people[i].keys[k])});
    finish_writing(&w);
    return w.status;
}

static enum store_status write_pairs(struct store_conn *conn, struct arena *arena, const struct batch *b)
{
    struct writer w = {.conn = conn, .arena = arena, .columns = 4, .sql = duplicates_upsert_pairs_sql};
    w.values = arena_alloc(arena, sizeof *w.values * 4 * ROWS_PER_STATEMENT);
    const char *now = clock_now_text(arena);
    for (int t = 0; t < THREADS; t++)
        for (size_t i = 0; i < b->pairs[t].count && w.status == STORE_OK; i++) {
            const struct scored_pair *p = &b->pairs[t].pairs[i];
            const char *x = b->people[p->a].id, *y = b->people[p->b].id;
            bool first = strcmp(x, y) < 0;
            add_row(&w, (const struct store_value[]){store_text(first ? x : y), store_text(first ? y : x),
                                                     store_int(p->score), store_text(now)});
        }
    finish_writing(&w);
    return w.status;
}

/* ---- the whole ---------------------------------------------------------- */

static void start_workers(struct batch *b, struct worker workers[THREADS])
{
    for (int t = 0; t < THREADS; t++)
        workers[t] = (struct worker){.batch = b, .first = t, .arena = arena_new()};
}

/* Once every person is known: counters for choosing candidates. */
static void give_counters(const struct batch *b, struct worker workers[THREADS])
{
    for (int t = 0; t < THREADS; t++) {
        workers[t].counts = arena_alloc(workers[t].arena, sizeof(int) * (size_t)(b->count + 1));
        workers[t].touched = arena_alloc(workers[t].arena, sizeof(int) * (size_t)(b->count + 1));
        workers[t].order = arena_alloc(workers[t].arena, sizeof(uint64_t) * (size_t)(b->count + 1));
    }
}

static void stop_workers(struct batch *b, struct worker workers[THREADS])
{
    for (int t = 0; t < THREADS; t++) {
        arena_free(workers[t].arena);
        free(b->pairs[t].pairs);
    }
}

static enum store_status last_rowid_of(struct store_conn *conn, struct arena *arena, const struct batch *b,
                                       int64_t *last_rowid)
{
    const struct store_value last[] = {store_text(b->people[b->unkeyed - 1].id)};
    struct store_result position;
    enum store_status status =
        store_query(conn, arena, "SELECT rowid AS n FROM people WHERE id = ?", last, 1, &position);
    if (status == STORE_OK && position.rows == 1)
        *last_rowid = store_cell_int(&position, 0, "n");
    return status;
}

enum store_status duplicates_backfill_all(struct store_conn *conn, struct arena *arena, int64_t *last_rowid,
                                          int *people)
{
    struct batch b = {0};
    struct record *records;
    *last_rowid = 0;
    *people = 0;
    enum store_status status = read_unkeyed(conn, arena, &b, &records);
    if (status != STORE_OK || b.unkeyed == 0)
        return status;
    b.people = arena_alloc(arena, sizeof *b.people * (size_t)b.unkeyed);
    struct worker workers[THREADS];
    for (int i = 0; i < b.unkeyed; i++)
        take_record(arena, &records[i], &b.people[i]);
    start_workers(&b, workers);
    on_all(workers, make_keys);
    map_keys(arena, &b);
    status = read_partners_of(conn, arena, &b);
    if (status == STORE_OK) {
        code_kinds(&b);
        form_blocks(arena, &b);
        give_counters(&b, workers);
        /* The keys are written while the two threads match. */
        pthread_t threads[THREADS];
        bool started[THREADS];
        start_all(workers, match_one, threads, started);
        status = write_keys(conn, arena, &b);
        join_all(threads, started);
    }
    if (status == STORE_OK)
        status = write_pairs(conn, arena, &b);
    if (status == STORE_OK)
        status = last_rowid_of(conn, arena, &b, last_rowid);
    *people = status == STORE_OK ? b.unkeyed : 0;
    stop_workers(&b, workers);
    return status;
}
