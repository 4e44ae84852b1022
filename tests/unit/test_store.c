/* Unit tests for the SQLite store: migrations applied once and recorded,
 * parameter binding (including hostile text), constraint errors mapped,
 * rows copied into the arena, transactions rolled back, integrity check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/agency.h"
#include "store/migrations.h"
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
    strcpy(f->dir, "/tmp/cshub-store-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    char error[256];
    f->store = store_open(f->path, 2, error, sizeof error);
    if (f->store == NULL || store_migrate(f->store, NULL) != STORE_OK)
        return -1;
    f->arena = arena_new();
    *state = f;
    return 0;
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

static void migrations_apply_once_and_are_recorded(void **state)
{
    struct fixture *f = *state;
    int applied = -1;
    assert_int_equal(store_migrate(f->store, &applied), STORE_OK);
    assert_int_equal(applied, 0);
    struct store_conn *conn = store_acquire(f->store);
    int version = 0;
    assert_int_equal(store_schema_version(conn, &version), STORE_OK);
    assert_int_equal(version, store_migrations[store_migration_count - 1].version);
    struct store_result r;
    assert_int_equal(store_query(conn, f->arena, "SELECT count(*) AS n FROM schema_migrations", NULL, 0, &r), STORE_OK);
    assert_int_equal(store_cell_int(&r, 0, "n"), store_migration_count);
    store_release(f->store, conn);
}

static void hostile_text_is_stored_verbatim(void **state)
{
    struct fixture *f = *state;
    struct store_conn *conn = store_acquire(f->store);
    const char *name = "Robert'); DROP TABLE agencies;--";
    const char *id = NULL;
    assert_int_equal(agency_create(conn, f->arena, name, "police", &id), STORE_OK);
    assert_non_null(id);
    struct store_result r;
    const struct store_value p[] = {store_text(id)};
    assert_int_equal(store_query(conn, f->arena, "SELECT name, kind FROM agencies WHERE id = ?", p, 1, &r), STORE_OK);
    assert_int_equal(r.rows, 1);
    assert_string_equal(store_cell_text(&r, 0, "name"), name);
    assert_string_equal(store_cell_text(&r, 0, "kind"), "police");
    assert_null(store_cell_text(&r, 0, "no_such_column"));
    store_release(f->store, conn);
}

static void constraints_are_reported(void **state)
{
    struct fixture *f = *state;
    struct store_conn *conn = store_acquire(f->store);
    assert_int_equal(agency_create(conn, f->arena, "Larkfield Academy", "education", NULL), STORE_OK);
    assert_int_equal(agency_create(conn, f->arena, "Larkfield Academy", "education", NULL), STORE_CONSTRAINT);
    assert_int_equal(agency_create(conn, f->arena, "Another", "not-a-kind", NULL), STORE_CONSTRAINT);
    store_release(f->store, conn);
}

static void wrong_parameter_count_is_an_error(void **state)
{
    struct fixture *f = *state;
    struct store_conn *conn = store_acquire(f->store);
    const struct store_value p[] = {store_text("a")};
    assert_int_equal(store_exec(conn, "SELECT ?, ?", p, 1, NULL), STORE_ERROR);
    store_release(f->store, conn);
}

static void rollback_discards_writes(void **state)
{
    struct fixture *f = *state;
    struct store_conn *conn = store_acquire(f->store);
    assert_int_equal(store_begin(conn), STORE_OK);
    assert_int_equal(agency_create(conn, f->arena, "Temporary", "other", NULL), STORE_OK);
    assert_int_equal(store_rollback(conn), STORE_OK);
    struct store_result r;
    assert_int_equal(store_query(conn, f->arena, "SELECT count(*) AS n FROM agencies WHERE name = 'Temporary'", NULL, 0, &r), STORE_OK);
    assert_int_equal(store_cell_int(&r, 0, "n"), 0);
    assert_int_equal(store_check_integrity(conn), STORE_OK);
    store_release(f->store, conn);
}

static void empty_result_has_column_names(void **state)
{
    struct fixture *f = *state;
    struct store_conn *conn = store_acquire(f->store);
    struct store_result r;
    assert_int_equal(store_query(conn, f->arena, "SELECT id, name FROM agencies WHERE 0", NULL, 0, &r), STORE_OK);
    assert_int_equal(r.rows, 0);
    assert_int_equal(r.columns, 2);
    assert_string_equal(r.names[1], "name");
    store_release(f->store, conn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(migrations_apply_once_and_are_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(hostile_text_is_stored_verbatim, setup, teardown),
        cmocka_unit_test_setup_teardown(constraints_are_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_parameter_count_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(rollback_discards_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_result_has_column_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
