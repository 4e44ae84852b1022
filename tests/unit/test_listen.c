/* Unit tests for parsing --listen ADDR:PORT and identifier generation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "http/server.h"
#include "util/ids.h"

static void good_addresses_parse(void **state)
{
    (void)state;
    struct sockaddr_storage a;
    char error[160];
    assert_true(server_parse_listen("127.0.0.1:8080", &a, error, sizeof error));
    assert_int_equal(a.ss_family, AF_INET);
    assert_int_equal(ntohs(((struct sockaddr_in *)&a)->sin_port), 8080);
    assert_true(server_parse_listen("[::1]:0", &a, error, sizeof error));
    assert_int_equal(a.ss_family, AF_INET6);
}

static void bad_addresses_are_refused(void **state)
{
    (void)state;
    struct sockaddr_storage a;
    char error[160];
    const char *bad[] = {"", "8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:-1",
                         "localhost:80", "127.0.0.1:80x", ":80", "[::1:80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        error[0] = '\0';
        assert_false(server_parse_listen(bad[i], &a, error, sizeof error));
        assert_true(strlen(error) > 0);
    }
}

static void ids_are_random_hex(void **state)
{
    (void)state;
    char a[ID_TEXT_LEN + 1], b[ID_TEXT_LEN + 1];
    id_generate(a);
    id_generate(b);
    assert_true(id_is_valid(a));
    assert_true(id_is_valid(b));
    assert_string_not_equal(a, b);
    assert_false(id_is_valid("1"));
    assert_false(id_is_valid("0123456789ABCDEF0123456789abcdef"));
    assert_false(id_is_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_addresses_parse),
        cmocka_unit_test(bad_addresses_are_refused),
        cmocka_unit_test(ids_are_random_hex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
