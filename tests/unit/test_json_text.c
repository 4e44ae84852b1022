/* Unit tests for JSON text written straight into an arena: commas and
 * nesting, escaping of quotes, backslashes and control characters, UTF-8
 * passed through, numbers checked — each result read back by jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "util/arena.h"
#include "util/json_text.h"

static json_t *parsed(const struct json_text *t)
{
    json_error_t error;
    json_t *json = json_loadb(t->data, t->length, 0, &error);
    if (json == NULL)
        fail_msg("not JSON: %s (%s)", t->data, error.text);
    return json;
}

static void nesting_and_commas_make_valid_json(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct json_text t;
    json_text_init(&t, arena);
    json_text_object(&t);
    json_text_key(&t, "items");
    json_text_array(&t);
    for (int i = 0; i < 3; i++) {
        json_text_object(&t);
        json_text_member(&t, "name", "x");
        json_text_key(&t, "n");
        json_text_int(&t, i);
        json_text_key(&t, "empty");
        json_text_array(&t);
        json_text_end_array(&t);
        json_text_end_object(&t);
    }
    json_text_end_array(&t);
    json_text_key(&t, "done");
    json_text_bool(&t, true);
    json_text_member(&t, "missing", NULL);
    json_text_end_object(&t);
    assert_string_equal(t.data, "{\"items\":[{\"name\":\"x\",\"n\":0,\"empty\":[]},{\"name\":\"x\",\"n\":1,\"empty\":[]},"
                                "{\"name\":\"x\",\"n\":2,\"empty\":[]}],\"done\":true,\"missing\":null}");
    json_t *json = parsed(&t);
    assert_int_equal(json_array_size(json_object_get(json, "items")), 3);
    json_decref(json);
    arena_free(arena);
}

static void strings_are_escaped_and_utf8_passes(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct json_text t;
    const char *hostile = "a \"quoted\" \\ back\nslash\t\x01 Zoë Łukasz </script>";
    json_text_init(&t, arena);
    json_text_object(&t);
    json_text_member(&t, "text", hostile);
    json_text_end_object(&t);
    json_t *json = parsed(&t);
    assert_string_equal(json_string_value(json_object_get(json, "text")), hostile);
    json_decref(json);
    /* Every control byte, each written as \u00XX. */
    char controls[32];
    for (int c = 1; c < 32; c++)
        controls[c - 1] = (char)c;
    controls[31] = '\0';
    json_text_init(&t, arena);
    json_text_string(&t, controls);
    assert_null(strpbrk(t.data, controls));
    assert_non_null(strstr(t.data, "\\u001f"));
    json = json_loads(t.data, JSON_DECODE_ANY, NULL);
    assert_non_null(json);
    assert_string_equal(json_string_value(json), controls);
    json_decref(json);
    arena_free(arena);
}

static void numbers_are_checked_and_text_grows(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct json_text t;
    json_text_init(&t, arena);
    json_text_array(&t);
    json_text_number_text(&t, "54.5709");
    json_text_number_text(&t, "1e3");
    json_text_number_text(&t, "12; DROP");
    json_text_number_text(&t, NULL);
    for (int i = 0; i < 5000; i++)
        json_text_string(&t, "grow past the first block");
    json_text_end_array(&t);
    json_t *json = parsed(&t);
    assert_true(json_real_value(json_array_get(json, 0)) > 54.5);
    assert_true(json_is_null(json_array_get(json, 2)));
    assert_true(json_is_null(json_array_get(json, 3)));
    assert_int_equal(json_array_size(json), 5004);
    json_decref(json);
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nesting_and_commas_make_valid_json),
        cmocka_unit_test(strings_are_escaped_and_utf8_passes),
        cmocka_unit_test(numbers_are_checked_and_text_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
