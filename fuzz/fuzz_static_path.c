/* Fuzzes static path resolution (src/http/static_files.c) against a
 * scratch web root (scratch_web_root.h): ordinary pages, a folder, a
 * hidden file, and symlinks leading inside and outside the root. Properties
 * checked besides "no crash":
 *  - a resolved path is the real path of an existing file strictly inside
 *    the web root (never the root itself, never through a link outside);
 *  - a URL path with a dot segment, hidden name, backslash, colon, control
 *    byte or empty segment never resolves;
 *  - every file name has a content type. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "http/static_files.h"
#include "scratch_web_root.h"

/* The refusals path_is_clean() promises, checked independently. */
static bool looks_unsafe(const char *path)
{
    if (path[0] != '/' || strstr(path, "//") != NULL || strstr(path, "/.") != NULL)
        return true;
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if (*c < 0x20 || *c == 0x7f || *c == '\\' || *c == ':')
            return true;
    }
    return false;
}

static void check_resolved(const char *web_root, const char *url_path, const char *resolved)
{
    size_t root_length = strlen(web_root);
    FUZZ_CHECK(strncmp(resolved, web_root, root_length) == 0 && resolved[root_length] == '/',
               "resolved outside the web root");
    char again[PATH_MAX];
    FUZZ_CHECK(realpath(resolved, again) != NULL && strcmp(again, resolved) == 0,
               "resolved path is not a real path");
    FUZZ_CHECK(strstr(resolved, "/secret.html") == NULL, "a symlink led outside");
    FUZZ_CHECK(!looks_unsafe(url_path), "an unsafe URL path resolved");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *web_root = scratch_web_root();
    char *url_path = fuzz_string(data, size);
    char resolved[PATH_MAX];
    if (static_resolve(web_root, url_path, resolved, sizeof resolved) == STATIC_OK)
        check_resolved(web_root, url_path, resolved);
    FUZZ_CHECK(static_content_type(url_path) != NULL, "no content type");
    char small[16];
    if (static_resolve(web_root, url_path, small, sizeof small) == STATIC_OK)
        FUZZ_CHECK(strlen(small) < sizeof small, "overflowed a small buffer");
    free(url_path);
    return 0;
}
