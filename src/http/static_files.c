/* Static file serving for the browser client; see static_files.h. */
#include "http/static_files.h"

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/request.h"
#include "http/response.h"

#define MAX_URL_PATH 1024

/* True when every segment of path is an ordinary, visible name. */
static bool path_is_clean(const char *path)
{
    if (path[0] != '/' || strlen(path) > MAX_URL_PATH)
        return false;
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if (*c < 0x20 || *c == 0x7f || *c == '\\' || *c == ':')
            return false;
    }
    const char *segment = path + 1;
    while (*segment) {
        size_t len = strcspn(segment, "/");
        bool last = segment[len] == '\0';
        if (len == 0 && !last)
            return false; /* "//" */
        if (len > 0 && segment[0] == '.')
            return false; /* ".", "..", ".git", ".env" */
        segment += len + (last ? 0 : 1);
    }
    return true;
}

enum static_resolution static_resolve(const char *web_root_real, const char *url_path, char *out,
                                      size_t out_size)
{
    if (!path_is_clean(url_path))
        return STATIC_BAD_PATH;
    const char *last_slash = strrchr(url_path, '/');
    const char *suffix = "";
    if (last_slash[1] == '\0')
        suffix = "index.html";
    else if (strchr(last_slash, '.') == NULL)
        suffix = ".html";
    char candidate[PATH_MAX];
    int n = snprintf(candidate, sizeof candidate, "%s%s%s", web_root_real, url_path, suffix);
    if (n < 0 || (size_t)n >= sizeof candidate)
        return STATIC_BAD_PATH;
    char resolved[PATH_MAX];
    if (realpath(candidate, resolved) == NULL)
        return STATIC_NOT_FOUND;
    size_t root_len = strlen(web_root_real);
    if (strncmp(resolved, web_root_real, root_len) != 0 || resolved[root_len] != '/')
        return STATIC_NOT_FOUND; /* a symlink that leads outside */
    if (strlen(resolved) >= out_size)
        return STATIC_BAD_PATH;
    strcpy(out, resolved);
    return STATIC_OK;
}

const char *static_content_type(const char *file_name)
{
    static const struct {
        const char *extension;
        const char *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".gz", "application/gzip"},
        {".yaml", "application/yaml"},
        {".webmanifest", "application/manifest+json"},
    };
    const char *dot = strrchr(file_name, '.');
    if (dot != NULL && strchr(dot, '/') == NULL) {
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
            if (strcasecmp(dot, types[i].extension) == 0)
                return types[i].type;
        }
    }
    return "application/octet-stream";
}

/* Opens a resolved path as a regular file, refusing a last-moment symlink. */
static int open_regular_file(const char *path, uint64_t *size)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

/* Browsers asking for a page get the styled 404 page; anything else the JSON error. */
static void respond_not_found(struct request *req, const char *web_root_real)
{
    const char *accept = request_header(req, "Accept");
    if (accept != NULL && strstr(accept, "text/html") != NULL) {
        char path[PATH_MAX];
        uint64_t size;
        int fd = -1;
        if (static_resolve(web_root_real, "/404.html", path, sizeof path) == STATIC_OK)
            fd = open_regular_file(path, &size);
        if (fd >= 0) {
            respond_file(req, 404, fd, size, "text/html; charset=utf-8");
            return;
        }
    }
    respond_error(req, 404, "not_found", "no such page or resource", NULL);
}

void static_serve(struct request *req, const char *web_root_real)
{
    char path[PATH_MAX];
    uint64_t size = 0;
    int fd = -1;
    if (static_resolve(web_root_real, req->path, path, sizeof path) == STATIC_OK)
        fd = open_regular_file(path, &size);
    if (fd < 0) {
        respond_not_found(req, web_root_real);
        return;
    }
    respond_file(req, 200, fd, size, static_content_type(path));
}
