/* Unit tests for static path resolution: clean URLs, content types, and
 * every way out of the web root refused (dot segments, hidden files,
 * backslashes, control bytes, symlinks to outside). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/static_files.h"

static char root[PATH_MAX];
static char outside[PATH_MAX];
static char base[64];

static void write_file(const char *dir, const char *name)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("x", f);
    fclose(f);
}

static int make_tree(void **state)
{
    (void)state;
    strcpy(base, "/tmp/cshub-static-XXXXXX");
    assert_non_null(mkdtemp(base));
    char web[PATH_MAX];
    snprintf(web, sizeof web, "%s/web", base);
    snprintf(outside, sizeof outside, "%s/secret", base);
    mkdir(web, 0700);
    mkdir(outside, 0700);
    assert_non_null(realpath(web, root));
    char sub[PATH_MAX * 2];
    snprintf(sub, sizeof sub, "%s/css", root);
    mkdir(sub, 0700);
    write_file(root, "index.html");
    write_file(root, "sign-in.html");
    write_file(root, ".env");
    write_file(sub, "app.css");
    write_file(outside, "passwords.txt");
    char link[PATH_MAX * 2];
    snprintf(link, sizeof link, "%s/escape", root);
    assert_int_equal(symlink(outside, link), 0);
    snprintf(link, sizeof link, "%s/inside.html", root);
    assert_int_equal(symlink("index.html", link), 0);
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    char command[PATH_MAX * 2];
    snprintf(command, sizeof command, "rm -rf '%s'", base);
    return system(command) == 0 ? 0 : -1;
}

static enum static_resolution resolve(const char *url, char *out)
{
    return static_resolve(root, url, out, PATH_MAX);
}

static void clean_urls_map_to_files(void **state)
{
    (void)state;
    char out[PATH_MAX], expected[PATH_MAX * 2];
    assert_int_equal(resolve("/", out), STATIC_OK);
    snprintf(expected, sizeof expected, "%s/index.html", root);
    assert_string_equal(out, expected);
    assert_int_equal(resolve("/sign-in", out), STATIC_OK);
    snprintf(expected, sizeof expected, "%s/sign-in.html", root);
    assert_string_equal(out, expected);
    assert_int_equal(resolve("/css/app.css", out), STATIC_OK);
    assert_int_equal(resolve("/inside.html", out), STATIC_OK);
}

static void missing_files_are_not_found(void **state)
{
    (void)state;
    char out[PATH_MAX];
    assert_int_equal(resolve("/nope.html", out), STATIC_NOT_FOUND);
    assert_int_equal(resolve("/css/", out), STATIC_NOT_FOUND);
}

static void ways_out_are_refused(void **state)
{
    (void)state;
    char out[PATH_MAX];
    const char *bad[] = {
        "/../secret/passwords.txt", "/css/../../secret/passwords.txt", "/..", "/.", "/./index.html",
        "/.env", "/css/..", "/css\\..\\..\\secret", "//etc/passwd", "etc/passwd", "/index.html\n",
        "/a\x01b", "/C:/windows", "/css//app.css",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(resolve(bad[i], out), STATIC_BAD_PATH);
    /* A symlink leading outside resolves, but outside the root: refused. */
    assert_int_equal(resolve("/escape/passwords.txt", out), STATIC_NOT_FOUND);
    char long_path[4096];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    assert_int_equal(resolve(long_path, out), STATIC_BAD_PATH);
}

static void content_types_by_extension(void **state)
{
    (void)state;
    assert_string_equal(static_content_type("/w/index.html"), "text/html; charset=utf-8");
    assert_string_equal(static_content_type("/w/app.CSS"), "text/css; charset=utf-8");
    assert_string_equal(static_content_type("/w/app.js"), "text/javascript; charset=utf-8");
    assert_string_equal(static_content_type("/w/f.woff2"), "font/woff2");
    assert_string_equal(static_content_type("/w/source/cshub-source.tar.gz"), "application/gzip");
    assert_string_equal(static_content_type("/w/x.unknown"), "application/octet-stream");
    assert_string_equal(static_content_type("/w.d/noext"), "application/octet-stream");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_urls_map_to_files),
        cmocka_unit_test(missing_files_are_not_found),
        cmocka_unit_test(ways_out_are_refused),
        cmocka_unit_test(content_types_by_extension),
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
