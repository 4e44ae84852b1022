/* Unit tests for matching person records across agencies: Soundex and
 * Jaro-Winkler against published values, short forms of names, the
 * reasons given, blocking keys that bring variants together, and a
 * labelled set of variant records — the same young person as different
 * agencies write them, and different young people who look alike
 * (siblings, twins, common names) — scored, with precision and recall
 * printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/matching.h"
#include "util/arena.h"

static void soundex_is(const char *name, const char *expected)
{
    char code[5];
    match_soundex(name, code);
    assert_string_equal(code, expected);
}

static void soundex_codes_are_the_published_ones(void **state)
{
    (void)state;
    soundex_is("Robert", "R163");
    soundex_is("Rupert", "R163");
    soundex_is("Rubin", "R150");
    soundex_is("Ashcraft", "A261");
    soundex_is("Tymczak", "T522");
    soundex_is("Pfister", "P236");
    soundex_is("Smith", "S530");
    soundex_is("Smyth", "S530");
}

static void jaro_winkler_matches_the_published_examples(void **state)
{
    (void)state;
    assert_true(match_jaro_winkler("martha", "marhta") > 0.960 && match_jaro_winkler("martha", "marhta") < 0.962);
    assert_true(match_jaro_winkler("dwayne", "duane") > 0.839 && match_jaro_winkler("dwayne", "duane") < 0.841);
    assert_true(match_jaro_winkler("dixon", "dicksonx") > 0.812 && match_jaro_winkler("dixon", "dicksonx") < 0.814);
    assert_true(match_jaro_winkler("same", "same") == 1.0);
    assert_true(match_jaro_winkler("abc", "xyz") == 0.0);
}

static void short_forms_are_known_both_ways(void **state)
{
    (void)state;
    assert_true(match_nickname("tom", "thomas"));
    assert_true(match_nickname("thomas", "tom"));
    assert_true(match_nickname("alfie", "alfred"));
    assert_false(match_nickname("tom", "timothy"));
}

static struct match_person person(const char *given, const char *family, const char *dob, const char *postcode,
                                  const char *school)
{
    return (struct match_person){.given_name = given, .family_name = family, .date_of_birth = dob,
                                 .postcode = postcode, .school = school};
}

static bool has_reason(const struct match_result *r, const char *reason)
{
    for (int i = 0; i < r->reason_count; i++)
        if (strcmp(r->reasons[i], reason) == 0)
            return true;
    return false;
}

static void the_issue_example_matches_with_its_reasons(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct match_person police = person("Kayleigh", "Smyth", "2009-07-03", "TS18 1AU", NULL);
    struct match_person school = person("Kayley", "Smith", "2009-03-07", "ts181au", "Larkfield Academy");
    struct match_result r;
    match_score(arena, &police, &school, &r);
    assert_true(r.score >= MATCH_LIKELY);
    assert_true(has_reason(&r, "first names are spelt alike"));
    assert_true(has_reason(&r, "family names are spelt alike"));
    assert_true(has_reason(&r, "day and month of birth swapped"));
    assert_true(has_reason(&r, "same postcode"));
    struct match_person twin = person("Kieran", "Smyth", "2009-07-03", "TS18 1AU", NULL);
    match_score(arena, &police, &twin, &r);
    assert_true(r.score < MATCH_POSSIBLE);
    assert_true(has_reason(&r, "first names differ"));
    struct match_person swapped = person("Smyth", "Kayleigh", "2009-07-03", NULL, NULL);
    match_score(arena, &police, &swapped, &r);
    assert_true(has_reason(&r, "first and last names swapped"));
    assert_true(r.score >= MATCH_LIKELY);
    arena_free(arena);
}

static bool share_a_key(struct arena *arena, const struct match_person *a, const struct match_person *b)
{
    const char *ka[MATCH_KEYS_MAX], *kb[MATCH_KEYS_MAX];
    int na = match_keys(arena, a, ka), nb = match_keys(arena, b, kb);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (strcmp(ka[i], kb[j]) == 0)
                return true;
    return false;
}

/* ---- the labelled set ----------------------------------------------------- */

struct labelled {
    struct match_person a, b;
    bool same;
};

static const struct match_person bases[] = {
    {"Kayleigh", "Smyth", "2009-07-03", "KV4 6TA", "Larkfield Academy", NULL, NULL, NULL, NULL},
    {"Thomas", "Bairstow", "2010-02-11", "KV2 4HP", "Brackenmoor High School", "9990001234", NULL, NULL, NULL},
    {"Jayden", "Okafor", "2011-09-30", "KV5 3NP", "St Aldric's Catholic College", NULL, NULL, NULL, NULL},
    {"Zoë", "Dąbrowski", "2008-12-05", "KV1 4OT", "Kestrel Vale College", NULL, NULL, NULL, NULL},
    {"Alfred", "Hebblethwaite", "2012-04-08", "KV3 1MR", "Larkfield Academy", NULL, NULL, NULL, NULL},
    {"Siân", "Kirkleatham", "2010-10-10", "KV6 2SK", "Brackenmoor High School", NULL, NULL, NULL, NULL},
    {"Mohammed", "Rahman", "2009-05-21", "KV4 3FC", "Kestrel Vale Pupil Referral Unit", NULL, NULL, NULL, NULL},
    {"Chloé", "Fothergill", "2011-01-17", "KV2 3LA", "Larkfield Academy", NULL, NULL, NULL, NULL},
    {"Liam", "Achebe-Lowe", "2010-06-02", "KV5 1RP", "St Aldric's Catholic College", NULL, NULL, NULL, NULL},
    {"Rebecca", "Ullathorne", "2009-11-12", "KV1 2SR", "Kestrel Vale College", NULL, NULL, NULL, NULL},
    {"Oísín", "Marske", "2012-08-04", "KV3 5SA", "Fernhill Primary School", NULL, NULL, NULL, NULL},
    {"Daniel", "Varley", "2008-03-09", "KV6 2BH", "Brackenmoor High School", NULL, NULL, NULL, NULL},
};
#define BASES (sizeof bases / sizeof bases[0])

/* Ways one agency writes a young person another agency knows. */
static int same_person_variants(const struct match_person *b, struct labelled *out, char (*text)[40])
{
    int n = 0;
    /* a letter doubled or dropped in the family name, day and month swapped */
    snprintf(text[0], 40, "%.*s%s", 2, b->family_name, b->family_name + 1);
    struct match_person v = *b;
    v.family_name = text[0];
    if (b->date_of_birth[8] <= '1' && b->date_of_birth[9] <= '2' && strncmp(b->date_of_birth + 5, b->date_of_birth + 8, 2) != 0) {
        snprintf(text[1], 40, "%.4s-%.2s-%.2s", b->date_of_birth, b->date_of_birth + 8, b->date_of_birth + 5);
        v.date_of_birth = text[1];
    }
    v.school = NULL;
    out[n++] = (struct labelled){*b, v, true};
    /* first and last names swapped */
    v = *b;
    v.given_name = b->family_name;
    v.family_name = b->given_name;
    v.postcode = NULL;
    out[n++] = (struct labelled){*b, v, true};
    /* a typing error in the date of birth, the rest the same */
    v = *b;
    snprintf(text[2], 40, "%s", b->date_of_birth);
    text[2][9] = text[2][9] == '9' ? '8' : (char)(text[2][9] + 1);
    v.date_of_birth = text[2];
    out[n++] = (struct labelled){*b, v, true};
    /* moved house and school since */
    v = *b;
    v.postcode = "KV9 9ZZ";
    v.school = "Another School";
    out[n++] = (struct labelled){*b, v, true};
    /* accents and case lost, no date of birth known */
    v = *b;
    v.date_of_birth = NULL;
    out[n++] = (struct labelled){*b, v, true};
    return n;
}

/* Young people who look alike but are not the same. */
static int different_person_variants(const struct match_person *b, const struct match_person *other,
                                     struct labelled *out, char (*text)[40])
{
    int n = 0;
    /* a sibling: same family, home and school, another name and birthday */
    struct match_person v = *b;
    v.given_name = strcmp(b->given_name, "Jessica") ? "Jessica" : "Harvey";
    snprintf(text[0], 40, "%d%s", b->date_of_birth[3] == '9' ? 2007 : 2013, b->date_of_birth + 4);
    v.date_of_birth = text[0];
    out[n++] = (struct labelled){*b, v, false};
    /* a twin: everything the same but the first name */
    v = *b;
    v.given_name = strcmp(b->given_name, "Tyrese") ? "Tyrese" : "Callum";
    out[n++] = (struct labelled){*b, v, false};
    /* someone else born the same day */
    v = *other;
    v.date_of_birth = b->date_of_birth;
    out[n++] = (struct labelled){*b, v, false};
    /* the same first name and school, another family */
    v = *other;
    v.given_name = b->given_name;
    v.school = b->school;
    out[n++] = (struct labelled){*b, v, false};
    return n;
}

static void the_labelled_set_is_matched_with_high_precision_and_recall(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct labelled pairs[BASES * 9];
    char text[BASES * 9][3][40];
    int count = 0;
    for (size_t i = 0; i < BASES; i++) {
        count += same_person_variants(&bases[i], pairs + count, text[count]);
        count += different_person_variants(&bases[i], &bases[(i + 5) % BASES], pairs + count, text[count]);
    }
    int thresholds[] = {MATCH_POSSIBLE, MATCH_LIKELY};
    for (int t = 0; t < 2; t++) {
        int true_positive = 0, false_positive = 0, false_negative = 0, blocked = 0, same = 0;
        for (int i = 0; i < count; i++) {
            struct match_result r;
            match_score(arena, &pairs[i].a, &pairs[i].b, &r);
            bool matched = r.score >= thresholds[t];
            true_positive += matched && pairs[i].same;
            false_positive += matched && !pairs[i].same;
            false_negative += !matched && pairs[i].same;
            same += pairs[i].same;
            blocked += pairs[i].same && share_a_key(arena, &pairs[i].a, &pairs[i].b);
        }
        double precision = true_positive + false_positive ? (double)true_positive / (true_positive + false_positive) : 1;
        double recall = (double)true_positive / (true_positive + false_negative);
        printf("# matching, score >= %d: %d pairs (%d the same young person); precision %.3f, recall %.3f; "
               "blocking keys bring together %d of %d\n",
               thresholds[t], count, same, precision, recall, blocked, same);
        assert_true(precision >= 0.95);
        assert_true(recall >= (t == 0 ? 0.95 : 0.80));
        assert_int_equal(blocked, same);
    }
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(soundex_codes_are_the_published_ones),
        cmocka_unit_test(jaro_winkler_matches_the_published_examples),
        cmocka_unit_test(short_forms_are_known_both_ways),
        cmocka_unit_test(the_issue_example_matches_with_its_reasons),
        cmocka_unit_test(the_labelled_set_is_matched_with_high_precision_and_recall),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
