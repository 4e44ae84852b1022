/* The storage interface: the only door to the database. Domain code speaks
 * portable SQL with "?" placeholders through these calls and never learns
 * which engine answers; everything engine-specific (pragmas, pooling,
 * migrations) lives in store/. A PostgreSQL backend implements this same
 * header. Results are copied into the caller's arena, so nothing returned
 * here needs freeing. */
#ifndef CSHUB_STORE_H
#define CSHUB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct store;      /* a pool of connections to one database */
struct store_conn; /* one connection, used by one thread at a time */

enum store_status {
    STORE_OK = 0,
    STORE_ERROR,      /* anything unexpected: logged by the store */
    STORE_CONSTRAINT, /* a unique, foreign-key or check constraint refused the write */
    STORE_BUSY,       /* the database stayed locked past the busy timeout */
    STORE_FULL,       /* the disk is full */
};

enum store_type { STORE_NULL = 0, STORE_INT, STORE_REAL, STORE_TEXT };

struct store_value {
    enum store_type type;
    int64_t integer;
    double real;
    const char *text; /* STORE_TEXT: NUL-terminated, len bytes */
    size_t len;
};

/* Parameter constructors: STORE_TEXT_P(NULL) binds SQL NULL. */
struct store_value store_text(const char *text);
struct store_value store_int(int64_t value);
struct store_value store_real(double value);
struct store_value store_null(void);

struct store_result {
    int rows;
    int columns;
    const char **names;         /* columns entries */
    struct store_value *values; /* rows * columns, row-major */
};

/* The value at (row, column); the column is named to keep callers readable. */
const struct store_value *store_cell(const struct store_result *result, int row, const char *column);
const char *store_cell_text(const struct store_result *result, int row, const char *column);
/* The value's text, or NULL when it is not text. */
const char *store_value_text(const struct store_value *value);
int64_t store_cell_int(const struct store_result *result, int row, const char *column);

/* Opens (creating if needed) the database at path with pool_size
 * connections. On failure returns NULL and writes a reason to error. */
struct store *store_open(const char *path, unsigned pool_size, char *error, size_t error_size);

/* Closes every connection; the database is left consistent (WAL checkpointed). */
void store_close(struct store *store);

/* From now on the store's checkpoints (moving the write-ahead log into the
 * database file, with an fsync) wait until quiet() says requests leave a
 * moment, or the log has grown long. */
void store_checkpoint_when_quiet(struct store *store, bool (*quiet)(void));

/* Takes a connection from the pool, waiting if all are in use. */
struct store_conn *store_acquire(struct store *store);
void store_release(struct store *store, struct store_conn *conn);

/* A connection of its own, outside the pool, for a background thread: its
 * reads never take the connection a request was about to use (SQLite
 * drops a connection's cached pages whenever another connection has
 * written since). NULL when it cannot be opened; closed with
 * store_disconnect. */
struct store_conn *store_connect(struct store *store);
void store_disconnect(struct store_conn *conn);

/* From now until store_release, conn's reads outside a transaction share
 * one snapshot of the database, taken at the first of them: a request's
 * reads agree with each other and open a read transaction once.
 * store_begin ends the snapshot, so what conn reads after its own
 * transaction includes it. */
void store_share_snapshot(struct store_conn *conn);

/* Rolls back (and logs) a transaction that a failed path left open on
 * conn; store_release does this for the pool's connections, a holder of
 * its own connection calls it after each piece of work. */
void store_close_work(struct store_conn *conn);

/* Applies every migration newer than the database's schema version, each in
 * its own transaction. *applied (may be NULL) receives how many ran. */
enum store_status store_migrate(struct store *store, int *applied);

/* The highest migration applied to this database (0 for an empty one). */
enum store_status store_schema_version(struct store_conn *conn, int *version);

/* Runs one statement that returns no rows; *changes (may be NULL) gets the
 * number of rows written. */
enum store_status store_exec(struct store_conn *conn, const char *sql,
                             const struct store_value *params, int param_count, int *changes);

/* Runs one statement and copies every row into arena memory. */
enum store_status store_query(struct store_conn *conn, struct arena *arena, const char *sql,
                              const struct store_value *params, int param_count,
                              struct store_result *result);

/* Runs one statement and calls on_row for each row without materialising
 * them; on_row returns false to stop early. Values are valid during the call only. */
typedef bool (*store_row_fn)(void *context, const struct store_value *row, int columns);
enum store_status store_each(struct store_conn *conn, const char *sql,
                             const struct store_value *params, int param_count,
                             store_row_fn on_row, void *context);

/* store_begin takes the write lock at once, so a transaction that reads
 * then writes cannot interleave with another writer; until it ends, the
 * connection's statements see what it wrote. store_commit returns once
 * the transaction is durable (transactions committing at the same time
 * share one sync of the disk). A second store_begin before the first
 * ends is refused (STORE_BUSY), on any connection of the same thread. */
enum store_status store_begin(struct store_conn *conn);
bool store_in_transaction(struct store_conn *conn);
enum store_status store_commit(struct store_conn *conn);
enum store_status store_rollback(struct store_conn *conn);

/* Ends the transaction as store_commit does without waiting for the disk:
 * then(data, status) is called once it is durable, or its commit failed,
 * on the store's commit thread or on the thread whose failure ended the
 * batch (it must be quick and must not begin a transaction). STORE_OK when then will be called; any other status: the
 * transaction was rolled back and then will not be called. The wait is
 * kept in arena, which must outlive the call of then. */
typedef void (*store_committed_fn)(void *data, enum store_status status);
enum store_status store_commit_then(struct store_conn *conn, struct arena *arena, store_committed_fn then,
                                    void *data);

/* Checks the database file's structure (PRAGMA integrity_check or the
 * engine's equivalent). */
enum store_status store_check_integrity(struct store_conn *conn);

#endif
