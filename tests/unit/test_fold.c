/* Unit tests for search folding: case, accents, apostrophes, punctuation,
 * non-Latin text and broken UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/fold.h"

static void folds(const char *in, const char *expected)
{
    struct arena *arena = arena_new();
    assert_string_equal(fold_for_search(arena, in), expected);
    arena_free(arena);
}

static void case_and_accents_fold_away(void **state)
{
    (void)state;
    folds("Kayleigh SMYTH", "kayleigh smyth");
    folds("Zoë Nuñez-Ó Súilleabháin", "zoe nunez o suilleabhain");
    folds("Łukasz Wiśniewski", "lukasz wisniewski");
    folds("Ægir Þórsson", "aegir thorsson");
    folds("Straße", "strasse");
}

static void apostrophes_vanish_and_punctuation_separates(void **state)
{
    (void)state;
    folds("O'Brien", "obrien");
    folds("O\xe2\x80\x99" "Brien", "obrien");
    folds("  Smith--Jones ,  Jr. ", "smith jones jr");
    folds("", "");
    folds(NULL, "");
}

static void other_scripts_and_broken_bytes_separate_words(void **state)
{
    (void)state;
    folds("Ali \xd8\xb9\xd9\x84\xd9\x8a Khan", "ali khan");
    folds("abc\xff\xfe" "def", "abc def");
    folds("a\xc3", "a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(case_and_accents_fold_away),
        cmocka_unit_test(apostrophes_vanish_and_punctuation_separates),
        cmocka_unit_test(other_scripts_and_broken_bytes_separate_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
