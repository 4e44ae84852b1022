/* Unit tests for the store's group commit and shared read snapshots
 * (store/sqlite.c): many threads' transactions all committed, one's
 * failure undone alone, a second transaction on the same thread refused
 * rather than waited for, a commit's callback called once it is durable,
 * a write outside a transaction made durable through the writer, and a
 * request's snapshot that holds still until its own write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/arena.h"

struct fixture {
    char dir[64];
    char path[128];
    struct store *store;
    struct arena *arena;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/cshub-commit-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    char error[256];
    f->store = store_open(f->path, 4, error, sizeof error);
    if (f->store == NULL)
        return -1;
    struct store_conn *conn = store_acquire(f->store);
    enum store_status status =
        store_exec(conn, "CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, n INTEGER NOT NULL)",
                   NULL, 0, NULL);
    store_release(f->store, conn);
    f->arena = arena_new();
    *state = f;
    return status == STORE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->store);
    arena_free(f->arena);
    char command[160];
    snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
    int rc = system(command);
    free(f);
    return rc == 0 ? 0 : -1;
}

static int64_t count_rows(struct fixture *f, const char *where)
{
    struct store_conn *conn = store_connect(f->store);
    struct store_result r;
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) AS n FROM t WHERE %s", where);
    int64_t n = store_query(conn, f->arena, sql, NULL, 0, &r) == STORE_OK ? store_cell_int(&r, 0, "n") : -1;
    store_disconnect(conn);
    return n;
}

#define WRITERS 8
#define TRANSACTIONS 150

struct writer_run {
    struct store *store;
    int number;
    int committed, failed, rolled_back;
};

/* Every seventh transaction of each thread writes and is then rolled back. */
static void *write_many(void *context)
{
    struct writer_run *run = context;
    struct store_conn *conn = store_connect(run->store);
    for (int i = 0; conn != NULL && i < TRANSACTIONS; i++) {
        const struct store_value p[] = {store_int(run->number), store_int(i)};
        enum store_status status = store_begin(conn);
        if (status == STORE_OK)
            status = store_exec(conn, "INSERT INTO t (writer, n) VALUES (?, ?)", p, 2, NULL);
        if (status == STORE_OK && i % 7 == 3) {
            run->rolled_back += store_rollback(conn) == STORE_OK;
            continue;
        }
        if (status == STORE_OK)
            status = store_commit(conn);
        else if (store_in_transaction(conn))
            store_rollback(conn);
        run->committed += status == STORE_OK;
        run->failed += status != STORE_OK;
    }
    store_disconnect(conn);
    return NULL;
}

static void concurrent_transactions_all_commit_and_a_rollback_stays_alone(void **state)
{
    struct fixture *f = *state;
    pthread_t threads[WRITERS];
    struct writer_run runs[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        runs[i] = (struct writer_run){.store = f->store, .number = i};
        assert_int_equal(pthread_create(&threads[i], NULL, write_many, &runs[i]), 0);
    }
    int committed = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(runs[i].failed, 0);
        assert_int_equal(runs[i].rolled_back, TRANSACTIONS / 7 + (TRANSACTIONS % 7 > 3));
        committed += runs[i].committed;
    }
    assert_int_equal(committed, WRITERS * (TRANSACTIONS - runs[0].rolled_back));
    assert_int_equal(count_rows(f, "1 = 1"), committed);
    assert_int_equal(count_rows(f, "n % 7 = 3"), 0);
}

static void a_second_transaction_on_the_same_thread_is_refused(void **state)
{
    struct fixture *f = *state;
    struct store_conn *first = store_acquire(f->store), *second = store_acquire(f->store);
    assert_int_equal(store_begin(first), STORE_OK);
    assert_int_equal(store_begin(first), STORE_BUSY);
    assert_int_equal(store_begin(second), STORE_BUSY); /* it would wait for itself */
    const struct store_value p[] = {store_int(1), store_int(1)};
    assert_int_equal(store_exec(first, "INSERT INTO t (writer, n) VALUES (?, ?)", p, 2, NULL), STORE_OK);
    assert_int_equal(store_commit(first), STORE_OK);
    assert_int_equal(count_rows(f, "1 = 1"), 1);
    store_release(f->store, first);
    store_release(f->store, second);
}

struct callback_seen {
    struct fixture *f;
    atomic_int calls;
    enum store_status status;
    int64_t rows_when_called;
};

static void note_commit(void *data, enum store_status status)
{
    struct callback_seen *seen = data;
    seen->status = status;
    seen->rows_when_called = count_rows(seen->f, "writer = 9"); /* a connection of its own sees it */
    atomic_fetch_add(&seen->calls, 1);
}

static void a_commit_callback_comes_once_the_write_is_durable(void **state)
{
    struct fixture *f = *state;
    struct callback_seen seen = {.f = f};
    struct store_conn *conn = store_acquire(f->store);
    assert_int_equal(store_begin(conn), STORE_OK);
    const struct store_value p[] = {store_int(9), store_int(1)};
    assert_int_equal(store_exec(conn, "INSERT INTO t (writer, n) VALUES (?, ?)", p, 2, NULL), STORE_OK);
    assert_int_equal(store_commit_then(conn, f->arena, note_commit, &seen), STORE_OK);
    assert_false(store_in_transaction(conn));
    for (int waited = 0; atomic_load(&seen.calls) == 0 && waited < 5000; waited++)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    assert_int_equal(atomic_load(&seen.calls), 1);
    assert_int_equal(seen.status, STORE_OK);
    assert_int_equal(seen.rows_when_called, 1);
    assert_int_equal(store_commit_then(conn, f->arena, note_commit, &seen), STORE_ERROR); /* none open */
    store_release(f->store, conn);
}

static void a_snapshot_holds_still_until_its_own_write(void **state)
{
    struct fixture *f = *state;
    struct store_conn *reader = store_acquire(f->store), *other = store_acquire(f->store);
    store_share_snapshot(reader);
    struct store_result r;
    assert_int_equal(store_query(reader, f->arena, "SELECT count(*) AS n FROM t", NULL, 0, &r), STORE_OK);
    assert_int_equal(store_cell_int(&r, 0, "n"), 0);
    const struct store_value p[] = {store_int(2), store_int(1)};
    assert_int_equal(store_exec(other, "INSERT INTO t (writer, n) VALUES (?, ?)", p, 2, NULL), STORE_OK);
    assert_int_equal(store_query(reader, f->arena, "SELECT count(*) AS n FROM t", NULL, 0, &r), STORE_OK);
    assert_int_equal(store_cell_int(&r, 0, "n"), 0); /* the snapshot taken at the first read */
    assert_false(store_in_transaction(reader));
    int changes = 0;
    const struct store_value q[] = {store_int(3), store_int(1)};
    assert_int_equal(store_exec(reader, "INSERT INTO t (writer, n) VALUES (?, ?)", q, 2, &changes), STORE_OK);
    assert_int_equal(changes, 1);
    assert_int_equal(store_query(reader, f->arena, "SELECT count(*) AS n FROM t", NULL, 0, &r), STORE_OK);
    assert_int_equal(store_cell_int(&r, 0, "n"), 2); /* its own write ended the snapshot */
    store_release(f->store, reader);
    store_release(f->store, other);
    assert_int_equal(count_rows(f, "1 = 1"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(concurrent_transactions_all_commit_and_a_rollback_stays_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(a_second_transaction_on_the_same_thread_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(a_commit_callback_comes_once_the_write_is_durable, setup, teardown),
        cmocka_unit_test_setup_teardown(a_snapshot_holds_still_until_its_own_write, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
