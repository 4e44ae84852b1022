/* Unit tests for pseudonyms (auth/pseudonym.c) and what a pseudonymised
 * node shows (domain/pseudonymised.c): the same id gives the same
 * pseudonym under one key and another under another key; the text has
 * one strict form; 100,000 ids give 100,000 pseudonyms; the construction
 * is the one documented (crypto_kdf subkey, keyed BLAKE2b); age bands
 * and classes follow their rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/pseudonym.h"
#include "domain/pseudonymised.h"

#define MANY 100000

static const char *const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const char *const some_id = "3f2a9c0d4e5b6a7980716253443526a1";

static void use_key(unsigned char fill)
{
    unsigned char master[PSEUDONYM_MASTER_KEY_BYTES];
    for (size_t i = 0; i < sizeof master; i++)
        master[i] = (unsigned char)(fill + i);
    pseudonym_set_key(master);
}

static int set_up(void **state)
{
    (void)state;
    use_key(1);
    return 0;
}

/* The form: prefix, then three groups of four Crockford characters. */
static void assert_well_formed(const char *text, const char *prefix)
{
    assert_int_equal(strlen(text), PSEUDONYM_TEXT_LENGTH);
    assert_memory_equal(text, prefix, 2);
    for (int i = 2; i < PSEUDONYM_TEXT_LENGTH; i++) {
        if (i == 2 || i == 7 || i == 12)
            assert_int_equal(text[i], '-');
        else
            assert_non_null(strchr(crockford, text[i]));
    }
}

static void the_same_id_gives_the_same_pseudonym(void **state)
{
    (void)state;
    char first[PSEUDONYM_TEXT_SIZE], again[PSEUDONYM_TEXT_SIZE];
    assert_true(pseudonym_of(PSEUDONYM_YOUNG_PERSON, some_id, first));
    assert_true(pseudonym_of(PSEUDONYM_YOUNG_PERSON, some_id, again));
    assert_string_equal(first, again);
    assert_well_formed(first, "YP");
    enum pseudonym_class class;
    uint64_t code;
    assert_true(pseudonym_parse(first, &class, &code));
    assert_int_equal(class, PSEUDONYM_YOUNG_PERSON);
    assert_true(code == pseudonym_code(some_id));
    assert_true(code < (UINT64_C(1) << PSEUDONYM_CODE_BITS));
}

static void each_class_has_its_prefix_and_the_same_code(void **state)
{
    (void)state;
    static const char *const prefixes[] = {"YP", "AC", "PL", "PG", "CX"};
    char young[PSEUDONYM_TEXT_SIZE];
    assert_true(pseudonym_of(PSEUDONYM_YOUNG_PERSON, some_id, young));
    for (int c = 0; c < PSEUDONYM_CLASS_COUNT; c++) {
        char text[PSEUDONYM_TEXT_SIZE];
        assert_true(pseudonym_of((enum pseudonym_class)c, some_id, text));
        assert_well_formed(text, prefixes[c]);
        assert_string_equal(text + 2, young + 2);
        assert_string_equal(pseudonym_prefix((enum pseudonym_class)c), prefixes[c]);
    }
    assert_null(pseudonym_prefix(PSEUDONYM_CLASS_COUNT));
}

static void another_key_gives_another_pseudonym(void **state)
{
    (void)state;
    char first[PSEUDONYM_TEXT_SIZE], other[PSEUDONYM_TEXT_SIZE], back[PSEUDONYM_TEXT_SIZE];
    assert_true(pseudonym_of(PSEUDONYM_ADULT, some_id, first));
    use_key(2);
    assert_true(pseudonym_of(PSEUDONYM_ADULT, some_id, other));
    assert_string_not_equal(first, other);
    use_key(1);
    assert_true(pseudonym_of(PSEUDONYM_ADULT, some_id, back));
    assert_string_equal(first, back);
}

static void the_construction_is_the_documented_one(void **state)
{
    (void)state;
    unsigned char master[PSEUDONYM_MASTER_KEY_BYTES], subkey[32], digest[8];
    for (size_t i = 0; i < sizeof master; i++)
        master[i] = (unsigned char)(1 + i);
    assert_int_equal(crypto_kdf_derive_from_key(subkey, sizeof subkey, 1, "pseudony", master), 0);
    crypto_generichash(digest, sizeof digest, (const unsigned char *)some_id, strlen(some_id), subkey, sizeof subkey);
    uint64_t expected = 0;
    for (size_t i = 0; i < sizeof digest; i++)
        expected = expected << 8 | digest[i];
    assert_true(pseudonym_code(some_id) == expected >> 4);
    /* Not the master key itself: a pseudonym says nothing of the key that seals secrets. */
    crypto_generichash(digest, sizeof digest, (const unsigned char *)some_id, strlen(some_id), master, sizeof master);
    uint64_t with_master = 0;
    for (size_t i = 0; i < sizeof digest; i++)
        with_master = with_master << 8 | digest[i];
    assert_true(pseudonym_code(some_id) != with_master >> 4);
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* At 60 bits, 100,000 ids collide with a probability of about 4 in 10^9. */
static void many_ids_give_as_many_pseudonyms(void **state)
{
    (void)state;
    uint64_t *codes = malloc(sizeof *codes * MANY);
    assert_non_null(codes);
    char id[33];
    for (int i = 0; i < MANY; i++) {
        snprintf(id, sizeof id, "%016llx%016llx", (unsigned long long)i * 0x9e3779b97f4a7c15ull,
                 (unsigned long long)i);
        codes[i] = pseudonym_code(id);
    }
    qsort(codes, MANY, sizeof *codes, by_value);
    int same = 0;
    for (int i = 1; i < MANY; i++)
        same += codes[i] == codes[i - 1];
    free(codes);
    assert_int_equal(same, 0);
}

static void only_the_exact_form_is_read(void **state)
{
    (void)state;
    char good[PSEUDONYM_TEXT_SIZE];
    assert_true(pseudonym_of(PSEUDONYM_DWELLING, some_id, good));
    enum pseudonym_class class;
    uint64_t code;
    assert_true(pseudonym_parse(good, &class, &code));
    assert_int_equal(class, PSEUDONYM_DWELLING);
    static const char *const bad[] = {
        "", "YP", "YP-0000-0000-000", "YP-0000-0000-00000", "YP-0000-0000-0000-", "yp-0000-0000-0000",
        "YP-abcd-0000-0000", "YP-000I-0000-0000", "YP-000L-0000-0000", "YP-000O-0000-0000", "YP-000U-0000-0000",
        "XX-0000-0000-0000", "YP_0000-0000-0000", "YP-0000_0000-0000", "YP-00000000-0000-", " YP-0000-0000-000",
        "YP-0000-0000-000 ", "YP-0000-0000-00%", "../../etc/passwd", "YP-0000-0000-00\n0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(pseudonym_parse(bad[i], &class, &code));
    assert_false(pseudonym_parse(NULL, &class, &code));
    char embedded[] = "YP-0000-0000-0000";
    embedded[8] = '\0';
    assert_false(pseudonym_parse(embedded, &class, &code));
    assert_true(pseudonym_parse("AC-ZZZZ-ZZZZ-ZZZZ", &class, &code));
    assert_true(code == (UINT64_C(1) << PSEUDONYM_CODE_BITS) - 1);
    assert_true(pseudonym_parse("CX-0000-0000-0001", &class, &code));
    assert_true(code == 1 && class == PSEUDONYM_CONTEXT);
}

static void without_a_key_there_is_no_pseudonym(void **state)
{
    (void)state;
    char text[PSEUDONYM_TEXT_SIZE];
    pseudonym_forget_key();
    assert_false(pseudonym_ready());
    assert_false(pseudonym_of(PSEUDONYM_YOUNG_PERSON, some_id, text));
    assert_true(pseudonym_code(some_id) == 0);
    use_key(1);
    assert_true(pseudonym_ready());
}

static void the_key_file_must_be_the_servers(void **state)
{
    (void)state;
    char path[] = "/tmp/cshub-pseudonym-key-XXXXXX", error[256];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unsigned char master[PSEUDONYM_MASTER_KEY_BYTES];
    for (size_t i = 0; i < sizeof master; i++)
        master[i] = (unsigned char)(1 + i);
    assert_int_equal(write(fd, master, sizeof master), (ssize_t)sizeof master);
    close(fd);
    char from_file[PSEUDONYM_TEXT_SIZE], from_key[PSEUDONYM_TEXT_SIZE];
    assert_true(pseudonym_load_key(path, error, sizeof error));
    assert_true(pseudonym_of(PSEUDONYM_YOUNG_PERSON, some_id, from_file));
    use_key(1);
    assert_true(pseudonym_of(PSEUDONYM_YOUNG_PERSON, some_id, from_key));
    assert_string_equal(from_file, from_key);
    chmod(path, 0644);
    assert_false(pseudonym_load_key(path, error, sizeof error));
    assert_non_null(strstr(error, "may be read by others"));
    assert_false(pseudonym_ready());
    unlink(path);
    assert_false(pseudonym_load_key(path, error, sizeof error));
    use_key(1);
}

static void age_bands_follow_the_birthday(void **state)
{
    (void)state;
    const char *dob = "2010-06-15";
    assert_string_equal(pseudonymised_age_band(dob, NULL, "2020-06-14"), "under 10");
    assert_string_equal(pseudonymised_age_band(dob, NULL, "2020-06-15"), "10 to 13");
    assert_string_equal(pseudonymised_age_band(dob, NULL, "2024-06-14"), "10 to 13");
    assert_string_equal(pseudonymised_age_band(dob, NULL, "2024-06-15"), "14 to 15");
    assert_string_equal(pseudonymised_age_band(dob, NULL, "2026-06-15"), "16 to 17");
    assert_string_equal(pseudonymised_age_band(dob, NULL, "2028-06-14"), "16 to 17");
    assert_string_equal(pseudonymised_age_band(dob, NULL, "2028-06-15"), "18 and over");
    assert_string_equal(pseudonymised_age_band(dob, "40", "2020-06-15"), "10 to 13"); /* the date wins */
    assert_string_equal(pseudonymised_age_band(NULL, "12", "2020-06-15"), "10 to 13");
    assert_string_equal(pseudonymised_age_band(NULL, "9", "2020-06-15"), "under 10");
    assert_string_equal(pseudonymised_age_band(NULL, "35", "2020-06-15"), "18 and over");
    assert_string_equal(pseudonymised_age_band(NULL, NULL, "2020-06-15"), "not known");
    assert_string_equal(pseudonymised_age_band(NULL, "twelve", "2020-06-15"), "not known");
    assert_string_equal(pseudonymised_age_band(NULL, "-1", "2020-06-15"), "not known");
    assert_string_equal(pseudonymised_age_band("2030-01-01", NULL, "2020-06-15"), "not known");
    assert_string_equal(pseudonymised_age_band("15/06/2010", NULL, "2020-06-15"), "not known");
}

static void dwellings_and_peer_groups_are_pseudonymised(void **state)
{
    (void)state;
    assert_int_equal(pseudonymised_class("person", "young_person", NULL), PSEUDONYM_YOUNG_PERSON);
    assert_int_equal(pseudonymised_class("person", "adult_of_concern", NULL), PSEUDONYM_ADULT);
    assert_int_equal(pseudonymised_class("context", "location", "house"), PSEUDONYM_DWELLING);
    assert_int_equal(pseudonymised_class("context", "location", "park"), PSEUDONYM_CONTEXT);
    assert_int_equal(pseudonymised_class("context", "location", NULL), PSEUDONYM_CONTEXT);
    assert_int_equal(pseudonymised_class("context", "peer_group", NULL), PSEUDONYM_PEER_GROUP);
    assert_int_equal(pseudonymised_class("context", "school", NULL), PSEUDONYM_CONTEXT);
    assert_int_equal(pseudonymised_class("context", "online_space", NULL), PSEUDONYM_CONTEXT);
    assert_int_equal(pseudonymised_class("context", "neighbourhood", NULL), PSEUDONYM_CONTEXT);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(the_same_id_gives_the_same_pseudonym, set_up),
        cmocka_unit_test_setup(each_class_has_its_prefix_and_the_same_code, set_up),
        cmocka_unit_test_setup(another_key_gives_another_pseudonym, set_up),
        cmocka_unit_test_setup(the_construction_is_the_documented_one, set_up),
        cmocka_unit_test_setup(many_ids_give_as_many_pseudonyms, set_up),
        cmocka_unit_test_setup(only_the_exact_form_is_read, set_up),
        cmocka_unit_test_setup(without_a_key_there_is_no_pseudonym, set_up),
        cmocka_unit_test_setup(the_key_file_must_be_the_servers, set_up),
        cmocka_unit_test_setup(age_bands_follow_the_birthday, set_up),
        cmocka_unit_test_setup(dwellings_and_peer_groups_are_pseudonymised, set_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
