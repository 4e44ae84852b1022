/* Unit tests for the map tile server's URL template (what is accepted, its
 * origin, what is refused) and the Content-Security-Policy built from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/map_tiles.h"
#include "http/response.h"

static const char default_policy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

static void good_templates_give_their_origin(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"},
        {"http://127.0.0.1:8099/tiles/{z}/{x}/{y}.png?key=abc&style=light", "http://127.0.0.1:8099"},
        {"https://[::1]:443/{y}/{x}/{z}", "https://[::1]:443"},
        {"https://Tiles.Example.ORG/a-b_c~d/{z}/{x}/{y}@2x.png", "https://tiles.example.org"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char origin[MAP_TILES_MAX + 1], error[120];
        assert_true(map_tiles_check(cases[i][0], origin, sizeof origin, error, sizeof error));
        assert_string_equal(origin, cases[i][1]);
    }
}

static void bad_templates_are_refused(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "", "tiles.example.org/{z}/{x}/{y}", "ftp://t.example/{z}/{x}/{y}", "javascript:alert(1)//{z}{x}{y}",
        "https://t.example/{z}/{x}.png", "https://t.example", "https:///{z}/{x}/{y}",
        "https://t.example/{z}/{x}/{y} 'unsafe-inline'", "https://t.example/{z}/{x}/{y};script-src *",
        "https://t.example/\"{z}/{x}/{y}", "https://t.example/{z}/{x}/{y}/{s}", "https://t.example/{z}/{x}/{y",
        "https://user@t.example/{z}/{x}/{y}", "https://t.example:0/{z}/{x}/{y}", "https://t.example:/{z}/{x}/{y}",
        "https://t.example:65536/{z}/{x}/{y}", "https://[::1/{z}/{x}/{y}", "https://*.example/{z}/{x}/{y}",
        "https://t.example/{z}/{x}/{y},x", "https://t.example/{z}/{x}/{y}\n", "https://t.example/\xc3\xa9/{z}/{x}/{y}",
        "https://-t.example/{z}/{x}/{y}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char origin[MAP_TILES_MAX + 1], error[120] = "";
        assert_false(map_tiles_check(cases[i], origin, sizeof origin, error, sizeof error));
        assert_true(strlen(error) > 0);
    }
    char long_template[MAP_TILES_MAX + 40] = "https://t.example/{z}/{x}/{y}/";
    memset(long_template + strlen(long_template), 'a', MAP_TILES_MAX);
    long_template[sizeof long_template - 1] = '\0';
    char origin[MAP_TILES_MAX + 1], error[120];
    assert_false(map_tiles_check(long_template, origin, sizeof origin, error, sizeof error));
}

static void attribution_is_printable_text(void **state)
{
    (void)state;
    char error[120];
    assert_true(map_attribution_check("\xc2\xa9 Example contributors", error, sizeof error));
    assert_false(map_attribution_check("two\nlines", error, sizeof error));
    char long_text[MAP_ATTRIBUTION_MAX + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_false(map_attribution_check(long_text, error, sizeof error));
}

static void the_policy_allows_the_tile_origin_in_img_src_only(void **state)
{
    (void)state;
    assert_string_equal(response_content_security_policy(), default_policy);
    response_configure_csp("https://tiles.example.org");
    assert_string_equal(response_content_security_policy(),
                        "default-src 'self'; script-src 'self'; style-src 'self'; "
                        "img-src 'self' data: https://tiles.example.org; "
                        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                        "form-action 'self'; frame-ancestors 'none'");
    response_configure_csp(NULL);
    assert_string_equal(response_content_security_policy(), default_policy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_templates_give_their_origin),
        cmocka_unit_test(bad_templates_are_refused),
        cmocka_unit_test(attribution_is_printable_text),
        cmocka_unit_test(the_policy_allows_the_tile_origin_in_img_src_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
