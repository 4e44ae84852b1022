/* Unit tests for the keyed audit chain and its anchor: appends (one, with
 * records, a batch in the caller's transaction, rolled back with it)
 * verify intact, index included; no key, no event; the checkpoints the
 * anchor writes match the chain, a new one after enough events, and
 * verify catches a truncated log; another key file is noticed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/audit_anchor.h"
#include "store/store.h"
#include "util/arena.h"

struct fixture {
    char dir[64];
    char db[128];
    char anchor[128];
    struct store *store;
    struct store_conn *conn;
    struct arena *arena;
};

static const unsigned char master_key[AUDIT_MASTER_KEY_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    strcpy(f->dir, "/tmp/cshub-audit-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
    snprintf(f->anchor, sizeof f->anchor, "%s/t.anchor", f->dir);
    char error[256];
    f->store = store_open(f->db, 1, error, sizeof error);
    if (f->store == NULL || store_migrate(f->store, NULL) != STORE_OK)
        return -1;
    f->conn = store_acquire(f->store);
    f->arena = arena_new();
    audit_set_key(master_key);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    audit_anchor_close();
    audit_forget_key();
    store_release(f->store, f->conn);
    store_close(f->store);
    arena_free(f->arena);
    char command[160];
    snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
    int rc = system(command);
    free(f);
    return rc == 0 ? 0 : -1;
}

static const struct audit_event sign_in = {.user_id = "u1", .agency_id = "a1", .action = "sign_in",
                                           .record_type = "user", .record_id = "u1", .client_address = "127.0.0.1"};
static const struct audit_record released[] = {{"person", "p1"}, {"context", "c1"}, {"link", "l1"}};

static void verify_intact(struct fixture *f, const char *anchor, int64_t events)
{
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->conn, anchor, &v), STORE_OK);
    if (!v.intact)
        fail_msg("not intact at %lld: %s", (long long)v.first_bad, v.problem);
    assert_int_equal(v.events, events);
    assert_int_equal(v.legacy_events, 0);
}

static void appends_verify_intact(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(audit_append(f->conn, f->arena, &sign_in), STORE_OK);
    struct audit_event view = {.user_id = "u1", .action = "read", .record_type = "person", .record_id = "p1"};
    assert_int_equal(audit_append_records(f->conn, f->arena, &view, released, 3), STORE_OK);
    assert_int_equal(store_begin(f->conn), STORE_OK);
    const struct audit_batch_item batch[] = {
        {.event = sign_in},
        {.event = view, .records = released, .record_count = 2},
        {.event = {.action = "sign_in_failed", .outcome = "denied", .client_address = "10.0.0.1"}},
    };
    assert_int_equal(audit_append_batch(f->conn, f->arena, batch, 3), STORE_OK);
    assert_int_equal(store_commit(f->conn), STORE_OK);
    verify_intact(f, NULL, 5);
    struct audit_head head;
    assert_int_equal(audit_read_head(f->conn, f->arena, &head), STORE_OK);
    assert_int_equal(head.seq, 5);
    bool done = false;
    while (!done)
        assert_int_equal(audit_index_step(f->conn, f->arena, &done), STORE_OK);
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->conn, NULL, &v), STORE_OK);
    assert_true(v.intact);
    assert_int_equal(v.index_entries, 4); /* p1 and c1, twice; links are not indexed */
}

static void a_batch_rolls_back_with_its_transaction(void **state)
{
    struct fixture *f = *state;
    const struct audit_batch_item batch[] = {{.event = sign_in}, {.event = sign_in}};
    assert_int_equal(store_begin(f->conn), STORE_OK);
    assert_int_equal(audit_append_batch(f->conn, f->arena, batch, 2), STORE_OK);
    assert_int_equal(store_rollback(f->conn), STORE_OK);
    assert_int_equal(audit_append_batch(f->conn, f->arena, batch, 0), STORE_OK);
    struct audit_head head;
    assert_int_equal(audit_read_head(f->conn, f->arena, &head), STORE_OK);
    assert_int_equal(head.seq, 0);
    verify_intact(f, NULL, 0);
}

static void no_key_no_event(void **state)
{
    struct fixture *f = *state;
    audit_forget_key();
    assert_int_equal(audit_append(f->conn, f->arena, &sign_in), STORE_ERROR);
    audit_set_key(master_key);
    assert_int_equal(audit_append(f->conn, f->arena, &sign_in), STORE_OK);
    audit_forget_key();
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->conn, NULL, &v), STORE_OK);
    assert_false(v.intact);
    assert_true(v.key_missing);
}

static void another_key_breaks_the_chain(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(audit_append(f->conn, f->arena, &sign_in), STORE_OK);
    bool matches = false;
    assert_int_equal(audit_head_matches_key(f->conn, f->arena, &matches), STORE_OK);
    assert_true(matches);
    unsigned char other[AUDIT_MASTER_KEY_BYTES] = {9};
    audit_set_key(other);
    assert_int_equal(audit_head_matches_key(f->conn, f->arena, &matches), STORE_OK);
    assert_false(matches);
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->conn, NULL, &v), STORE_OK);
    assert_false(v.intact);
    assert_int_equal(v.first_bad, 1);
    assert_non_null(strstr(v.problem, "MAC"));
}

static int count_lines(const char *path)
{
    FILE *in = fopen(path, "r");
    int lines = 0, c;
    while (in != NULL && (c = fgetc(in)) != EOF)
        lines += c == '\n';
    if (in != NULL)
        fclose(in);
    return lines;
}

static void anchors_follow_the_chain(void **state)
{
    struct fixture *f = *state;
    char error[256];
    assert_true(audit_anchor_open(f->anchor, false, error, sizeof error));
    assert_true(audit_anchor_checkpoint(f->conn, f->arena)); /* the first, at start: seq 0 */
    assert_true(audit_anchor_checkpoint(f->conn, f->arena)); /* nothing moved: nothing written */
    assert_int_equal(count_lines(f->anchor), 1);
    for (int i = 0; i < AUDIT_ANCHOR_EVERY_EVENTS - 1; i++)
        assert_int_equal(audit_append(f->conn, f->arena, &sign_in), STORE_OK);
    assert_true(audit_anchor_tick(f->conn, f->arena));
    assert_int_equal(count_lines(f->anchor), 1); /* not yet due */
    assert_int_equal(audit_append(f->conn, f->arena, &sign_in), STORE_OK);
    assert_true(audit_anchor_tick(f->conn, f->arena));
    assert_int_equal(count_lines(f->anchor), 2);
    verify_intact(f, f->anchor, AUDIT_ANCHOR_EVERY_EVENTS);
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->conn, f->anchor, &v), STORE_OK);
    assert_int_equal(v.checkpoints, 2);
    assert_int_equal(v.newest_checkpoint, AUDIT_ANCHOR_EVERY_EVENTS);
    /* The newest event removed behind the triggers' back. */
    assert_int_equal(store_exec(f->conn, "DROP TRIGGER audit_events_no_delete", NULL, 0, NULL), STORE_OK);
    assert_int_equal(store_exec(f->conn, "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)",
                                NULL, 0, NULL),
                     STORE_OK);
    assert_int_equal(audit_verify(f->conn, f->anchor, &v), STORE_OK);
    assert_false(v.intact);
    assert_int_equal(v.first_bad, AUDIT_ANCHOR_EVERY_EVENTS);
    assert_non_null(strstr(v.problem, "removed from the end"));
}

static void an_anchor_under_another_key_is_refused(void **state)
{
    struct fixture *f = *state;
    char error[256];
    assert_true(audit_anchor_open(f->anchor, false, error, sizeof error));
    assert_true(audit_anchor_checkpoint(f->conn, f->arena));
    unsigned char other[AUDIT_MASTER_KEY_BYTES] = {9};
    audit_set_key(other);
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->conn, f->anchor, &v), STORE_OK);
    assert_false(v.intact);
    assert_non_null(strstr(v.problem, "not signed by this key"));
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(appends_verify_intact, setup, teardown),
        cmocka_unit_test_setup_teardown(a_batch_rolls_back_with_its_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(no_key_no_event, setup, teardown),
        cmocka_unit_test_setup_teardown(another_key_breaks_the_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(anchors_follow_the_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(an_anchor_under_another_key_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
