/* The SQLite backend of the storage interface (store.h): a fixed pool of
 * connections in WAL mode with foreign keys on and a busy timeout, one
 * writer connection whose group commit makes many requests' transactions
 * durable with one sync, the migration runner, and row copying into the
 * caller's arena. */
#include "store/store.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store/migrations.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/ticker.h"

#define BUSY_TIMEOUT_MS 5000

/* Each connection keeps its most recently used prepared statements: the
 * same SQL (the same shape of query, values bound apart) comes back on
 * every request, and preparing a query with the access policy's filters
 * costs more than running it. */
#define STATEMENT_CACHE_SIZE 96
#define STATEMENT_CACHE_MAX_SQL 8192 /* longer SQL is prepared each time */
#define STATEMENT_CACHE_MAX_PARAMETERS 64 /* more: SQL made for one list's length (IN (?, ?, ...)), not kept */

struct cached_statement {
    char *sql;
    uint64_t hash;
    sqlite3_stmt *stmt;
    uint64_t last_used;
    bool busy; /* being stepped: a nested use of the same SQL prepares its own */
};

struct store_conn {
    sqlite3 *db;
    struct cached_statement cache[STATEMENT_CACHE_SIZE];
    uint64_t uses;
    struct store *store;
    /* During a transaction: the store's writer connection, which every
     * statement of this connection's holder then runs on. */
    struct store_conn *borrowed;
    bool share_snapshot; /* store_share_snapshot */
    bool snapshot_open;  /* a read transaction begun for it */
};

/* A transaction released into the open batch, waiting for its commit. */
struct commit_wait {
    enum store_status status;
    bool done;
    store_committed_fn then; /* NULL: a thread sleeps until done */
    void *data;
    struct commit_wait *next;
};

#define BATCH_MAX 512       /* transactions in one commit at most */
#define BATCH_WAIT_US 2000 /* longest a commit waits for queued writers */

/* Group commit. Every transaction runs on this one connection, each as a
 * savepoint of one open SQLite transaction, one holder at a time; a
 * thread of its own commits that transaction (one sync of the log) as
 * soon as no holder and no queued writer is left, or when the batch is
 * full or old, and only then tells each transaction's holder. A failed
 * transaction is undone alone (ROLLBACK TO its savepoint); a failed
 * commit fails every transaction of its batch. */
struct writer {
    struct store_conn conn;
    pthread_mutex_t lock;
    pthread_cond_t free_cond;   /* the connection may be taken */
    pthread_cond_t commit_cond; /* the committer has something to look at */
    pthread_cond_t done_cond;   /* a batch was committed */
    bool held, committing, commit_wanted, batch_open, stopping;
    pthread_t holder;
    int queued;                   /* threads waiting to take the connection */
    int members;                  /* transactions in the open batch */
    struct timespec first_member; /* when the batch's first was released */
    struct commit_wait *batch;
    pthread_t thread;
};

struct store {
    pthread_mutex_t lock;
    pthread_cond_t available;
    unsigned size;
    unsigned free_count;
    struct store_conn *conns;
    struct store_conn **free_stack;
    /* Moving the write-ahead log into the database file (a checkpoint, with
     * its fsync) happens on a thread of its own, every second, not inside
     * whichever request happened to commit the thousandth page. */
    sqlite3 *checkpoint_db;
    struct ticker *checkpointer;
    /* With a server: checkpoint only when it is quiet (its fsync can stall
     * a request's commit behind the file system's journal), unless the log
     * has grown past WAL_FRAMES_BUSY. */
    _Atomic(bool (*)(void)) quiet;
    char *path; /* for store_connect */
    atomic_int wal_frames; /* in the log after the latest commit */
    struct writer writer;
};

/* With store_share_snapshot: opens the read transaction that conn's
 * reads share (SQLite takes the snapshot at its first read). */
static void open_snapshot(struct store_conn *conn)
{
    if (conn->share_snapshot && !conn->snapshot_open && conn->borrowed == NULL &&
        sqlite3_get_autocommit(conn->db) != 0)
        conn->snapshot_open = sqlite3_exec(conn->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void end_snapshot(struct store_conn *conn)
{
    if (conn->snapshot_open)
        sqlite3_exec(conn->db, "COMMIT", NULL, NULL, NULL);
    conn->snapshot_open = false;
}

void store_share_snapshot(struct store_conn *conn)
{
    conn->share_snapshot = true;
}

/* The connection conn's statements run on: the writer's during a transaction. */
static struct store_conn *active(struct store_conn *conn)
{
    return conn->borrowed != NULL ? conn->borrowed : conn;
}

struct store_value store_text(const char *text)
{
    if (text == NULL)
        return store_null();
    return (struct store_value){.type = STORE_TEXT, .text = text, .len = strlen(text)};
}

struct store_value store_int(int64_t value)
{
    return (struct store_value){.type = STORE_INT, .integer = value};
}

struct store_value store_real(double value)
{
    return (struct store_value){.type = STORE_REAL, .real = value};
}

struct store_value store_null(void)
{
    return (struct store_value){.type = STORE_NULL};
}

static enum store_status status_from_sqlite(int code)
{
    switch (code & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return STORE_OK;
    case SQLITE_CONSTRAINT:
        return STORE_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return STORE_BUSY;
    case SQLITE_FULL:
        return STORE_FULL;
    default:
        return STORE_ERROR;
    }
}

/* Logs an engine error by code and message only: SQLite messages name
 * tables and columns, never bound values. */
static enum store_status report(sqlite3 *db, int code, const char *during)
{
    enum store_status status = status_from_sqlite(code);
    if (status == STORE_ERROR || status == STORE_FULL || status == STORE_BUSY) {
        log_event("store_error", json_pack("{s:s,s:i,s:s}", "during", during, "code", code,
                                           "message", db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
    }
    return status;
}

#define BUSY_POLL_US 200

/* While another connection holds the write lock: poll every 200 µs (the
 * built-in timeout sleeps in steps of up to 100 ms, so a request would wait
 * far longer than the lock is held), for BUSY_TIMEOUT_MS in all. */
static int wait_briefly(void *context, int attempts)
{
    (void)context;
    if ((long)attempts * BUSY_POLL_US >= (long)BUSY_TIMEOUT_MS * 1000)
        return 0;
    nanosleep(&(struct timespec){.tv_nsec = BUSY_POLL_US * 1000}, NULL);
    return 1;
}

static int configure_connection(sqlite3 *db)
{
    static const char *const pragmas =
        "PRAGMA journal_mode=WAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA synchronous=FULL;" /* an acknowledged write survives a power cut */
        "PRAGMA trusted_schema=OFF;"
        /* No memory map: every request writes (its audit event), and
         * SQLite unmaps a connection's whole map, as it drops its cached
         * pages, whenever another connection has written, so each request
         * paid an munmap (with the other cores' TLBs flushed), an mmap and
         * a page fault for every page it touched: half its CPU time under
         * load (docs/performance.md). Plain reads of pages the system
         * already caches cost less. More pages kept within a request: a
         * network view touches hundreds of index pages of a large database. */
        "PRAGMA mmap_size=0;"
        "PRAGMA cache_size=-32768;"
        "PRAGMA wal_autocheckpoint=0;";
    int rc = sqlite3_busy_handler(db, wait_briefly, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, pragmas, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    return rc;
}

static void forget_statements(struct store_conn *conn)
{
    for (int i = 0; i < STATEMENT_CACHE_SIZE; i++) {
        sqlite3_finalize(conn->cache[i].stmt);
        free(conn->cache[i].sql);
        conn->cache[i] = (struct cached_statement){0};
    }
}

static void close_connections(struct store *store, unsigned count)
{
    for (unsigned i = count; i-- > 0;) {
        forget_statements(&store->conns[i]);
        sqlite3_close(store->conns[i].db);
    }
}

static bool start_writer(struct store *store, char *error, size_t error_size);
static void stop_writer(struct writer *w);

#define WAL_FRAMES_MAX 25000 /* about 100 MB of 4 KB pages */
#define WAL_FRAMES_BUSY 16000 /* about 64 MB: checkpointed even while requests keep coming */

/* sqlite3_wal_hook: after each commit, how long the log is. */
static int note_wal_frames(void *context, sqlite3 *db, const char *name, int frames)
{
    (void)db;
    (void)name;
    struct store *store = context;
    atomic_store(&store->wal_frames, frames);
    return SQLITE_OK;
}

void store_checkpoint_when_quiet(struct store *store, bool (*quiet)(void))
{
    atomic_store(&store->quiet, quiet);
}

/* Moves the log into the database file; when a server is busy and the log
 * is still short, not now (true: look again after the ticker's pause). */
static bool checkpoint(void *context)
{
    struct store *store = context;
    bool (*quiet)(void) = atomic_load(&store->quiet);
    if (quiet != NULL && !quiet() && atomic_load(&store->wal_frames) < WAL_FRAMES_BUSY)
        return atomic_load(&store->wal_frames) > 0;
    int log_frames = 0, done_frames = 0;
    sqlite3_wal_checkpoint_v2(store->checkpoint_db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &done_frames);
    if (done_frames == log_frames)
        atomic_store(&store->wal_frames, 0); /* the next commit starts the log over */
    /* A log that readers keep from being reset would grow without end:
     * past WAL_FRAMES_MAX, wait for them once so it starts over. */
    if (log_frames > WAL_FRAMES_MAX)
        sqlite3_wal_checkpoint_v2(store->checkpoint_db, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
    return false;
}

static sqlite3 *open_connection(const char *path, char *error, size_t error_size)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                                            SQLITE_OPEN_EXRESCODE,
                             NULL);
    if (rc == SQLITE_OK)
        rc = configure_connection(db);
    if (rc == SQLITE_OK)
        return db;
    snprintf(error, error_size, "cannot open database %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return NULL;
}

struct store_conn *store_connect(struct store *store)
{
    char error[200];
    struct store_conn *conn = calloc(1, sizeof *conn);
    if (conn != NULL) {
        conn->db = open_connection(store->path, error, sizeof error);
        conn->store = store;
    }
    if (conn == NULL || conn->db == NULL) {
        log_message("store_error", conn != NULL ? error : "out of memory");
        free(conn);
        return NULL;
    }
    sqlite3_wal_hook(conn->db, note_wal_frames, store);
    return conn;
}

void store_disconnect(struct store_conn *conn)
{
    if (conn == NULL)
        return;
    forget_statements(conn);
    sqlite3_close(conn->db);
    free(conn);
}

static bool start_checkpointer(struct store *store, const char *path, char *error, size_t error_size)
{
    store->checkpoint_db = open_connection(path, error, error_size);
    if (store->checkpoint_db == NULL)
        return false;
    store->checkpointer = ticker_start(checkpoint, store);
    if (store->checkpointer != NULL)
        return true;
    snprintf(error, error_size, "cannot start the checkpoint thread");
    sqlite3_close(store->checkpoint_db);
    return false;
}

static void stop_checkpointer(struct store *store)
{
    ticker_stop(store->checkpointer);
    sqlite3_close(store->checkpoint_db);
}

struct store *store_open(const char *path, unsigned pool_size, char *error, size_t error_size)
{
    if (pool_size == 0)
        pool_size = 1;
    struct store *store = calloc(1, sizeof *store);
    if (store == NULL) {
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    store->conns = calloc(pool_size, sizeof *store->conns);
    store->free_stack = calloc(pool_size, sizeof *store->free_stack);
    store->path = strdup(path);
    if (store->conns == NULL || store->free_stack == NULL || store->path == NULL) {
        snprintf(error, error_size, "out of memory");
        goto err;
    }
    unsigned opened = 0;
    for (; opened < pool_size; opened++) {
        sqlite3 *db = open_connection(path, error, error_size);
        if (db == NULL) {
            close_connections(store, opened);
            goto err;
        }
        store->conns[opened].db = db;
        store->conns[opened].store = store;
        store->free_stack[opened] = &store->conns[opened];
        sqlite3_wal_hook(db, note_wal_frames, store);
    }
    if (!start_checkpointer(store, path, error, error_size)) {
        close_connections(store, opened);
        goto err;
    }
    if (!start_writer(store, error, error_size)) {
        stop_checkpointer(store);
        close_connections(store, opened);
        goto err;
    }
    store->size = store->free_count = pool_size;
    pthread_mutex_init(&store->lock, NULL);
    pthread_cond_init(&store->available, NULL);
    return store;
err:
    free(store->conns);
    free(store->free_stack);
    free(store->path);
    free(store);
    return NULL;
}

void store_close(struct store *store)
{
    if (store == NULL)
        return;
    stop_writer(&store->writer); /* commits what waits */
    stop_checkpointer(store);
    close_connections(store, store->size);
    pthread_mutex_destroy(&store->lock);
    pthread_cond_destroy(&store->available);
    free(store->conns);
    free(store->free_stack);
    free(store->path);
    free(store);
}

struct store_conn *store_acquire(struct store *store)
{
    pthread_mutex_lock(&store->lock);
    while (store->free_count == 0)
        pthread_cond_wait(&store->available, &store->lock);
    struct store_conn *conn = store->free_stack[--store->free_count];
    pthread_mutex_unlock(&store->lock);
    return conn;
}

void store_close_work(struct store_conn *conn)
{
    if (conn->borrowed != NULL) {
        log_message("store_error", "a transaction was left open; rolled back");
        store_rollback(conn);
    } else if (conn->snapshot_open) {
        end_snapshot(conn);
    } else if (sqlite3_get_autocommit(conn->db) == 0) {
        log_message("store_error", "a transaction was left open; rolled back");
        sqlite3_exec(conn->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

void store_release(struct store *store, struct store_conn *conn)
{
    if (conn == NULL)
        return;
    store_close_work(conn); /* never hand an open transaction to the next request */
    conn->share_snapshot = false;
    pthread_mutex_lock(&store->lock);
    store->free_stack[store->free_count++] = conn;
    pthread_cond_signal(&store->available);
    pthread_mutex_unlock(&store->lock);
}

static int bind_params(sqlite3_stmt *stmt, const struct store_value *params, int count)
{
    int rc = SQLITE_OK;
    for (int i = 0; i < count && rc == SQLITE_OK; i++) {
        const struct store_value *p = &params[i];
        switch (p->type) {
        case STORE_NULL:
            rc = sqlite3_bind_null(stmt, i + 1);
            break;
        case STORE_INT:
            rc = sqlite3_bind_int64(stmt, i + 1, p->integer);
            break;
        case STORE_REAL:
            rc = sqlite3_bind_double(stmt, i + 1, p->real);
            break;
        case STORE_TEXT:
            rc = sqlite3_bind_text(stmt, i + 1, p->text, (int)p->len, SQLITE_STATIC);
            break;
        }
    }
    return rc;
}

static uint64_t sql_hash(const char *sql)
{
    uint64_t hash = 1469598103934665603ull; /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)sql; *c; c++)
        hash = (hash ^ *c) * 1099511628211ull;
    return hash;
}

static int parameter_marks(const char *sql)
{
    int marks = 0;
    for (const char *c = strchr(sql, '?'); c != NULL; c = strchr(c + 1, '?'))
        marks++;
    return marks;
}

/* The cached statement for sql, marked busy; NULL when it is not cached
 * (nor can be: too long, or already being stepped) and *stmt was
 * prepared afresh, to be finalized by the caller. */
static struct cached_statement *statement_for(struct store_conn *conn, const char *sql, sqlite3_stmt **stmt, int *rc)
{
    uint64_t hash = sql_hash(sql);
    struct cached_statement *oldest = &conn->cache[0];
    for (int i = 0; i < STATEMENT_CACHE_SIZE; i++) {
        struct cached_statement *c = &conn->cache[i];
        if (c->sql != NULL && c->hash == hash && strcmp(c->sql, sql) == 0) {
            if (c->busy)
                break;
            c->busy = true;
            c->last_used = ++conn->uses;
            *stmt = c->stmt;
            *rc = SQLITE_OK;
            return c;
        }
        if (c->last_used < oldest->last_used)
            oldest = c;
    }
    bool keep = strlen(sql) <= STATEMENT_CACHE_MAX_SQL && parameter_marks(sql) <= STATEMENT_CACHE_MAX_PARAMETERS &&
                !oldest->busy;
    *rc = sqlite3_prepare_v3(conn->db, sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, stmt, NULL);
    if (*rc != SQLITE_OK || !keep)
        return NULL;
    char *copy = strdup(sql);
    if (copy == NULL)
        return NULL;
    sqlite3_finalize(oldest->stmt);
    free(oldest->sql);
    *oldest = (struct cached_statement){.sql = copy, .hash = hash, .stmt = *stmt, .last_used = ++conn->uses, .busy = true};
    return oldest;
}

/* Ends a use of a statement from statement_for(). */
static void statement_done(struct cached_statement *cached, sqlite3_stmt *stmt)
{
    if (cached == NULL) {
        sqlite3_finalize(stmt);
        return;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    cached->busy = false;
}

/* Prepares sql (or takes it from the cache), checking the caller bound
 * exactly as many values as it has placeholders. */
static int prepare(struct store_conn *conn, const char *sql, const struct store_value *params, int count,
                   sqlite3_stmt **stmt, struct cached_statement **cached)
{
    int rc;
    *cached = statement_for(conn, sql, stmt, &rc);
    if (rc != SQLITE_OK)
        return rc;
    if (sqlite3_bind_parameter_count(*stmt) != count) {
        log_event("store_error", json_pack("{s:s,s:i,s:i}", "message", "parameter count mismatch",
                                           "expected", sqlite3_bind_parameter_count(*stmt),
                                           "given", count));
        statement_done(*cached, *stmt);
        *stmt = NULL;
        *cached = NULL;
        return SQLITE_MISUSE;
    }
    return bind_params(*stmt, params, count);
}

static void read_column(sqlite3_stmt *stmt, int column, struct store_value *out)
{
    switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
        *out = store_int(sqlite3_column_int64(stmt, column));
        break;
    case SQLITE_FLOAT:
        *out = store_real(sqlite3_column_double(stmt, column));
        break;
    case SQLITE_NULL:
        *out = store_null();
        break;
    default:
        out->type = STORE_TEXT;
        out->text = (const char *)sqlite3_column_text(stmt, column);
        out->len = (size_t)sqlite3_column_bytes(stmt, column);
        break;
    }
}

/* Steps a prepared statement, calling on_row (when not NULL) for each row. */
static int step_rows(sqlite3_stmt *stmt, store_row_fn on_row, void *context)
{
    int columns = sqlite3_column_count(stmt);
    struct store_value *row = calloc((size_t)columns + 1, sizeof *row);
    if (row == NULL)
        return SQLITE_NOMEM;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int c = 0; c < columns; c++)
            read_column(stmt, c, &row[c]);
        if (on_row != NULL && !on_row(context, row, columns)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    free(row);
    return rc;
}

/* Runs sql on conn as it is, *changes (may be NULL) the rows it wrote. */
static enum store_status each_row(struct store_conn *conn, const char *sql, const struct store_value *params,
                                  int param_count, store_row_fn on_row, void *context, int *changes)
{
    sqlite3_stmt *stmt = NULL;
    struct cached_statement *cached = NULL;
    int rc = prepare(conn, sql, params, param_count, &stmt, &cached);
    if (rc == SQLITE_OK)
        rc = step_rows(stmt, on_row, context);
    enum store_status status = rc == SQLITE_DONE ? STORE_OK : report(conn->db, rc, "query");
    if (changes != NULL)
        *changes = status == STORE_OK ? sqlite3_changes(conn->db) : 0;
    if (stmt != NULL)
        statement_done(cached, stmt);
    return status;
}

/* A statement of the store's own (transaction control), run as it is. */
static enum store_status run(struct store_conn *conn, const char *sql)
{
    return each_row(conn, sql, NULL, 0, NULL, NULL, NULL);
}

/* Whether sql, outside any transaction of conn's, writes: then it is a
 * transaction of its own, through the writer like every other write. */
static bool writes_alone(struct store_conn *conn, const char *sql)
{
    if (conn->borrowed != NULL || conn->store == NULL || strncasecmp(sql, "SELECT", 6) == 0 ||
        (sqlite3_get_autocommit(conn->db) == 0 && !conn->snapshot_open))
        return false;
    sqlite3_stmt *stmt = NULL;
    int rc;
    struct cached_statement *cached = statement_for(conn, sql, &stmt, &rc);
    bool writes = rc == SQLITE_OK && !sqlite3_stmt_readonly(stmt);
    if (stmt != NULL)
        statement_done(cached, stmt);
    return writes;
}

static enum store_status each_in_transaction(struct store_conn *conn, const char *sql,
                                             const struct store_value *params, int param_count, store_row_fn on_row,
                                             void *context, int *changes)
{
    if (!writes_alone(conn, sql)) {
        open_snapshot(conn);
        return each_row(active(conn), sql, params, param_count, on_row, context, changes);
    }
    enum store_status status = store_begin(conn);
    if (status == STORE_OK)
        status = each_row(active(conn), sql, params, param_count, on_row, context, changes);
    if (status == STORE_OK)
        return store_commit(conn);
    if (store_in_transaction(conn))
        store_rollback(conn);
    return status;
}

enum store_status store_each(struct store_conn *conn, const char *sql,
                             const struct store_value *params, int param_count,
                             store_row_fn on_row, void *context)
{
    return each_in_transaction(conn, sql, params, param_count, on_row, context, NULL);
}

enum store_status store_exec(struct store_conn *conn, const char *sql,
                             const struct store_value *params, int param_count, int *changes)
{
    return each_in_transaction(conn, sql, params, param_count, NULL, NULL, changes);
}

struct collector {
    struct arena *arena;
    struct store_result *result;
    int capacity;
};

static bool collect_row(void *context, const struct store_value *row, int columns)
{
    struct collector *c = context;
    struct store_result *r = c->result;
    if (r->rows == c->capacity) {
        int grown = c->capacity ? c->capacity * 2 : 16;
        struct store_value *values = arena_alloc(c->arena, sizeof *values * (size_t)grown * (size_t)columns);
        if (r->values != NULL)
            memcpy(values, r->values, sizeof *values * (size_t)r->rows * (size_t)columns);
        r->values = values;
        c->capacity = grown;
    }
    struct store_value *out = &r->values[(size_t)r->rows * (size_t)columns];
    for (int i = 0; i < columns; i++) {
        out[i] = row[i];
        if (row[i].type == STORE_TEXT)
            out[i].text = arena_strndup(c->arena, row[i].text, row[i].len);
    }
    r->rows++;
    return true;
}

enum store_status store_query(struct store_conn *conn, struct arena *arena, const char *sql,
                              const struct store_value *params, int param_count,
                              struct store_result *result)
{
    open_snapshot(conn);
    conn = active(conn);
    memset(result, 0, sizeof *result);
    sqlite3_stmt *stmt = NULL;
    struct cached_statement *cached = NULL;
    int rc = prepare(conn, sql, params, param_count, &stmt, &cached);
    if (rc == SQLITE_OK) {
        /* Column names from the statement, so they exist even for zero rows. */
        result->columns = sqlite3_column_count(stmt);
        result->names = arena_alloc(arena, sizeof *result->names * (size_t)(result->columns + 1));
        for (int c = 0; c < result->columns; c++)
            result->names[c] = arena_strdup(arena, sqlite3_column_name(stmt, c));
        struct collector collector = {.arena = arena, .result = result};
        rc = step_rows(stmt, collect_row, &collector);
    }
    enum store_status status = rc == SQLITE_DONE ? STORE_OK : report(conn->db, rc, "query");
    if (stmt != NULL)
        statement_done(cached, stmt);
    return status;
}

const struct store_value *store_cell(const struct store_result *result, int row, const char *column)
{
    static const struct store_value null_value = {.type = STORE_NULL};
    if (row < 0 || row >= result->rows)
        return &null_value;
    for (int c = 0; c < result->columns; c++) {
        if (strcmp(result->names[c], column) == 0)
            return &result->values[(size_t)row * (size_t)result->columns + (size_t)c];
    }
    return &null_value;
}

const char *store_value_text(const struct store_value *value)
{
    return value->type == STORE_TEXT ? value->text : NULL;
}

const char *store_cell_text(const struct store_result *result, int row, const char *column)
{
    return store_value_text(store_cell(result, row, column));
}

int64_t store_cell_int(const struct store_result *result, int row, const char *column)
{
    const struct store_value *v = store_cell(result, row, column);
    return v->type == STORE_INT ? v->integer : 0;
}

/* ---- transactions: the writer's group commit ----------------------------- */



/* Waits for the writer connection; refuses a thread that holds it already
 * (it would wait for itself). */
static enum store_status take_writer(struct writer *w)
{
    pthread_mutex_lock(&w->lock);
    if (w->held && pthread_equal(w->holder, pthread_self())) {
        pthread_mutex_unlock(&w->lock);
        log_message("store_error", "a transaction was begun inside another");
        return STORE_BUSY;
    }
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += BUSY_TIMEOUT_MS / 1000;
    w->queued++;
    int waited = 0;
    while ((w->held || w->committing || w->commit_wanted) && waited == 0)
        waited = pthread_cond_timedwait(&w->free_cond, &w->lock, &deadline);
    w->queued--;
    if (w->held || w->committing || w->commit_wanted) {
        pthread_cond_signal(&w->free_cond); /* pass on a wake-up this thread may have taken */
        pthread_mutex_unlock(&w->lock);
        log_message("store_error", "the writer stayed busy past the busy timeout");
        return STORE_BUSY;
    }
    w->held = true;
    w->holder = pthread_self();
    pthread_mutex_unlock(&w->lock);
    return STORE_OK;
}

/* Tells each transaction of batch (a list taken off the writer) how its
 * commit went. Called and returns with w->lock held; the callbacks run
 * without it. */
static void finish_batch(struct writer *w, struct commit_wait *batch, enum store_status status)
{
    struct commit_wait *callbacks = NULL;
    while (batch != NULL) {
        struct commit_wait *wait = batch;
        batch = wait->next; /* read first: a sleeper's wait is gone once done */
        wait->status = status;
        if (wait->then != NULL) {
            wait->next = callbacks;
            callbacks = wait;
        } else {
            wait->done = true;
        }
    }
    pthread_cond_broadcast(&w->done_cond);
    pthread_mutex_unlock(&w->lock);
    while (callbacks != NULL) {
        struct commit_wait *wait = callbacks;
        callbacks = wait->next;
        wait->then(wait->data, status);
    }
    pthread_mutex_lock(&w->lock);
}

/* Called by the holder when a failed statement may have ended the open
 * SQLite transaction (SQLite rolls it back itself on some I/O errors) or
 * when its own work was the batch's only work: then the batch is over,
 * and the transactions already released into it are told they failed. */
static void close_batch_if_over(struct writer *w)
{
    pthread_mutex_lock(&w->lock);
    if (!w->batch_open) {
        pthread_mutex_unlock(&w->lock);
        return;
    }
    bool rolled_back = sqlite3_get_autocommit(w->conn.db) != 0;
    if (rolled_back || w->members == 0) {
        if (!rolled_back)
            run(&w->conn, "ROLLBACK"); /* nothing of anyone's in it: let other processes write */
        w->batch_open = false;
        struct commit_wait *batch = w->batch;
        w->batch = NULL;
        w->members = 0;
        finish_batch(w, batch, STORE_ERROR);
    }
    pthread_mutex_unlock(&w->lock);
}

/* Gives the writer connection back; wait (when not NULL) joins the batch. */
static void hand_back(struct writer *w, struct commit_wait *wait)
{
    pthread_mutex_lock(&w->lock);
    if (wait != NULL) {
        if (w->members++ == 0)
            clock_gettime(CLOCK_MONOTONIC, &w->first_member);
        wait->next = w->batch;
        w->batch = wait;
    }
    w->held = false;
    pthread_cond_signal(&w->free_cond);
    pthread_cond_signal(&w->commit_cond);
    pthread_mutex_unlock(&w->lock);
}

enum store_status store_begin(struct store_conn *conn)
{
    if (conn->borrowed != NULL) {
        log_message("store_error", "a transaction was begun inside another");
        return STORE_BUSY;
    }
    end_snapshot(conn); /* what conn reads after the transaction includes it */
    struct writer *w = &conn->store->writer;
    enum store_status status = take_writer(w);
    if (status != STORE_OK)
        return status;
    if (!w->batch_open) {
        status = run(&w->conn, "BEGIN IMMEDIATE");
        pthread_mutex_lock(&w->lock);
        w->batch_open = status == STORE_OK;
        pthread_mutex_unlock(&w->lock);
    }
    if (status == STORE_OK)
        status = run(&w->conn, "SAVEPOINT work");
    if (status != STORE_OK) {
        close_batch_if_over(w);
        hand_back(w, NULL);
        return status;
    }
    conn->borrowed = &w->conn;
    return STORE_OK;
}

bool store_in_transaction(struct store_conn *conn)
{
    return conn->borrowed != NULL || (sqlite3_get_autocommit(conn->db) == 0 && !conn->snapshot_open);
}

/* Ends conn's savepoint: kept in the batch (RELEASE) or undone. */
static enum store_status end_savepoint(struct store_conn *conn, bool keep, struct commit_wait *wait)
{
    struct writer *w = &conn->store->writer;
    conn->borrowed = NULL;
    enum store_status status = keep ? run(&w->conn, "RELEASE work") : STORE_ERROR;
    if (status != STORE_OK) {
        enum store_status undone = run(&w->conn, "ROLLBACK TO work");
        if (undone == STORE_OK)
            undone = run(&w->conn, "RELEASE work");
        if (!keep)
            status = undone;
        if (undone != STORE_OK && sqlite3_get_autocommit(w->conn.db) == 0)
            run(&w->conn, "ROLLBACK"); /* cannot undo one alone: the whole batch fails */
        close_batch_if_over(w);
        wait = NULL;
    }
    hand_back(w, wait);
    return status;
}

enum store_status store_commit(struct store_conn *conn)
{
    if (conn->borrowed == NULL)
        return run(conn, "COMMIT"); /* a read transaction of conn's own */
    struct writer *w = &conn->store->writer;
    struct commit_wait wait = {0};
    enum store_status status = end_savepoint(conn, true, &wait);
    if (status != STORE_OK)
        return status;
    pthread_mutex_lock(&w->lock);
    while (!wait.done)
        pthread_cond_wait(&w->done_cond, &w->lock);
    pthread_mutex_unlock(&w->lock);
    return wait.status;
}

enum store_status store_commit_then(struct store_conn *conn, struct arena *arena, store_committed_fn then,
                                    void *data)
{
    if (conn->borrowed == NULL)
        return STORE_ERROR;
    struct commit_wait *wait = arena_alloc(arena, sizeof *wait);
    *wait = (struct commit_wait){.then = then, .data = data};
    return end_savepoint(conn, true, wait);
}

enum store_status store_rollback(struct store_conn *conn)
{
    if (conn->borrowed == NULL) /* a read transaction of conn's own, if any */
        return sqlite3_get_autocommit(conn->db) != 0 ? STORE_OK : run(conn, "ROLLBACK");
    return end_savepoint(conn, false, NULL);
}

static void deadline_after(const struct timespec *from, long microseconds, struct timespec *deadline)
{
    *deadline = *from;
    deadline->tv_nsec += microseconds * 1000;
    deadline->tv_sec += deadline->tv_nsec / 1000000000;
    deadline->tv_nsec %= 1000000000;
}

/* Lets writers already queued add to the batch, within its limits. */
static void gather(struct writer *w)
{
    struct timespec deadline;
    deadline_after(&w->first_member, BATCH_WAIT_US, &deadline);
    while ((w->held || w->queued > 0) && w->members < BATCH_MAX && !w->stopping &&
           pthread_cond_timedwait(&w->commit_cond, &w->lock, &deadline) == 0)
        ;
}

/* The commit thread: each batch committed (one sync), then its
 * transactions told. */
static void *commit_batches(void *context)
{
    struct writer *w = context;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->members == 0 && !w->stopping)
            pthread_cond_wait(&w->commit_cond, &w->lock);
        if (w->members == 0)
            break;
        gather(w);
        w->commit_wanted = true;
        while (w->held)
            pthread_cond_wait(&w->commit_cond, &w->lock);
        w->commit_wanted = false;
        if (w->members == 0) { /* its holder ended the batch (close_batch_if_over) */
            pthread_cond_signal(&w->free_cond);
            continue;
        }
        w->committing = true;
        struct commit_wait *batch = w->batch;
        w->batch = NULL;
        w->members = 0;
        pthread_mutex_unlock(&w->lock);
        enum store_status status = run(&w->conn, "COMMIT");
        if (status != STORE_OK && sqlite3_get_autocommit(w->conn.db) == 0)
            run(&w->conn, "ROLLBACK");
        pthread_mutex_lock(&w->lock);
        w->batch_open = false;
        w->committing = false;
        pthread_cond_signal(&w->free_cond);
        finish_batch(w, batch, status);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static bool start_writer(struct store *store, char *error, size_t error_size)
{
    struct writer *w = &store->writer;
    w->conn.db = open_connection(store->path, error, error_size);
    if (w->conn.db == NULL)
        return false;
    w->conn.store = store;
    sqlite3_wal_hook(w->conn.db, note_wal_frames, store);
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->free_cond, &monotonic);
    pthread_cond_init(&w->commit_cond, &monotonic);
    pthread_cond_init(&w->done_cond, NULL);
    pthread_condattr_destroy(&monotonic);
    sigset_t all, before; /* signals go to the threads that wait for them, never to this one */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &before);
    bool started = pthread_create(&w->thread, NULL, commit_batches, w) == 0;
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    if (started)
        return true;
    snprintf(error, error_size, "cannot start the commit thread");
    sqlite3_close(w->conn.db);
    return false;
}

static void stop_writer(struct writer *w)
{
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->commit_cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    forget_statements(&w->conn);
    sqlite3_close(w->conn.db);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->free_cond);
    pthread_cond_destroy(&w->commit_cond);
    pthread_cond_destroy(&w->done_cond);
}

enum store_status store_schema_version(struct store_conn *conn, int *version)
{
    *version = 0;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(active(conn)->db, "SELECT max(version) FROM schema_migrations", -1, &stmt, NULL);
    if (rc != SQLITE_OK) {
        /* No ledger yet: an empty database. */
        sqlite3_finalize(stmt);
        return STORE_OK;
    }
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        *version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW ? STORE_OK : report(active(conn)->db, rc, "schema_version");
}

static enum store_status apply_migration(struct store_conn *conn, const struct store_migration *m)
{
    enum store_status status = store_begin(conn);
    if (status != STORE_OK)
        return status;
    int rc = sqlite3_exec(active(conn)->db, m->sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        status = report(active(conn)->db, rc, m->name);
        goto err;
    }
    const struct store_value params[] = {store_int(m->version), store_text(m->name)};
    status = store_exec(conn,
                        "INSERT INTO schema_migrations (version, name, applied_at) "
                        "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                        params, 2, NULL);
    if (status != STORE_OK)
        goto err;
    status = store_commit(conn);
    if (status == STORE_OK)
        log_event("migrated", json_pack("{s:i,s:s}", "version", m->version, "name", m->name));
    return status;
err:
    store_rollback(conn);
    return status;
}

enum store_status store_migrate(struct store *store, int *applied)
{
    int count = 0;
    struct store_conn *conn = store_acquire(store);
    enum store_status status = store_exec(conn,
                                          "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                          " version INTEGER PRIMARY KEY,"
                                          " name TEXT NOT NULL,"
                                          " applied_at TEXT NOT NULL)",
                                          NULL, 0, NULL);
    /* Every migration not yet recorded, in order: one merged from a branch
     * with a number below the newest applied is applied too. */
    for (int i = 0; status == STORE_OK && i < store_migration_count; i++) {
        const struct store_value version[] = {store_int(store_migrations[i].version)};
        struct arena *arena = arena_new();
        struct store_result recorded;
        status = store_query(conn, arena, "SELECT 1 FROM schema_migrations WHERE version = ?", version, 1, &recorded);
        bool applied_before = status == STORE_OK && recorded.rows > 0;
        arena_free(arena);
        if (status != STORE_OK || applied_before)
            continue;
        status = apply_migration(conn, &store_migrations[i]);
        if (status == STORE_OK)
            count++;
    }
    store_release(store, conn);
    if (applied != NULL)
        *applied = count;
    return status;
}

enum store_status store_check_integrity(struct store_conn *conn)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(active(conn)->db, "PRAGMA integrity_check", -1, &stmt, NULL);
    bool ok = false;
    if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        ok = strcmp((const char *)sqlite3_column_text(stmt, 0), "ok") == 0;
    sqlite3_finalize(stmt);
    return ok ? STORE_OK : STORE_ERROR;
}
