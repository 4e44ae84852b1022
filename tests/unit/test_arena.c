/* Unit tests for the per-request arena: alignment, zeroing, large blocks,
 * string helpers and deferred cleanups running exactly once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/arena.h"

static void allocations_are_aligned_and_zeroed(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    for (size_t size = 1; size < 100; size += 7) {
        unsigned char *p = arena_alloc(arena, size);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, size);
    }
    arena_free(arena);
}

static void large_allocations_survive_later_small_ones(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    char *big = arena_alloc(arena, 1 << 20);
    memset(big, 'x', 1 << 20);
    for (int i = 0; i < 5000; i++)
        arena_alloc(arena, 64);
    assert_int_equal(big[0], 'x');
    assert_int_equal(big[(1 << 20) - 1], 'x');
    assert_true(arena_used(arena) >= (1u << 20) + 5000u * 64u);
    arena_free(arena);
}

static void string_helpers_copy(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    assert_string_equal(arena_strdup(arena, "hub"), "hub");
    assert_null(arena_strdup(arena, NULL));
    assert_string_equal(arena_strndup(arena, "contextual", 7), "context");
    assert_string_equal(arena_printf(arena, "%s-%d", "mace", 2), "mace-2");
    arena_free(arena);
}

static int cleanup_calls;
static int cleanup_order[3];

static void join_and_numbers_need_no_printf(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    assert_string_equal(arena_join(arena, "Zoë", " ", "Łukasz"), "Zoë Łukasz");
    assert_string_equal(arena_join(arena, "", ":", ""), ":");
    assert_string_equal(arena_int_text(arena, 0), "0");
    assert_string_equal(arena_int_text(arena, 1234567890123LL), "1234567890123");
    assert_string_equal(arena_int_text(arena, -42), "-42");
    assert_string_equal(arena_int_text(arena, INT64_MIN), "-9223372036854775808");
    assert_string_equal(arena_int_text(arena, INT64_MAX), "9223372036854775807");
    arena_free(arena);
}

static void record_cleanup(void *object)
{
    cleanup_order[cleanup_calls++] = *(int *)object;
}

static void deferred_cleanups_run_newest_first_once(void **state)
{
    (void)state;
    static int first = 1, second = 2, third = 3;
    cleanup_calls = 0;
    struct arena *arena = arena_new();
    arena_defer(arena, record_cleanup, &first);
    arena_defer(arena, record_cleanup, &second);
    arena_defer(arena, record_cleanup, &third);
    assert_int_equal(cleanup_calls, 0);
    arena_free(arena);
    assert_int_equal(cleanup_calls, 3);
    assert_int_equal(cleanup_order[0], 3);
    assert_int_equal(cleanup_order[2], 1);
    arena_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(allocations_are_aligned_and_zeroed),
        cmocka_unit_test(large_allocations_survive_later_small_ones),
        cmocka_unit_test(string_helpers_copy),
        cmocka_unit_test(join_and_numbers_need_no_printf),
        cmocka_unit_test(deferred_cleanups_run_newest_first_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
