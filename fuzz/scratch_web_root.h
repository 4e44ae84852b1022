/* A scratch web root for the harnesses that serve static files, made once
 * per process under /tmp and removed at exit:
 *   web/index.html, sign-in.html, 404.html, css/app.css, .env (hidden)
 *   web/home.html -> index.html          (a symlink inside: allowed)
 *   web/escape.html -> ../secret.html    (a symlink outside: refused)
 *   web/up -> ..   web/etc -> /etc       (folders outside: refused)
 *   secret.html                           (outside the root) */
#ifndef CSHUB_FUZZ_SCRATCH_WEB_ROOT_H
#define CSHUB_FUZZ_SCRATCH_WEB_ROOT_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char scratch_base[PATH_MAX];
static char scratch_root[PATH_MAX];

static void scratch_write(const char *folder, const char *name, const char *content)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *file = fopen(path, "w");
    FUZZ_CHECK(file != NULL, "cannot write the scratch web root");
    fputs(content, file);
    fclose(file);
}

static void scratch_link(const char *target, const char *name)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", scratch_root, name);
    FUZZ_CHECK(symlink(target, path) == 0, "cannot make a symlink");
}

static void scratch_remove(void)
{
    char command[PATH_MAX + 16];
    snprintf(command, sizeof command, "rm -rf '%s'", scratch_base);
    if (system(command) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", scratch_base);
}

static void scratch_make(void)
{
    snprintf(scratch_base, sizeof scratch_base, "/tmp/cshub-fuzz-web-XXXXXX");
    FUZZ_CHECK(mkdtemp(scratch_base) != NULL, "cannot make a scratch folder");
    atexit(scratch_remove);
    char web[PATH_MAX + 8], css[PATH_MAX + 8];
    snprintf(web, sizeof web, "%s/web", scratch_base);
    FUZZ_CHECK(mkdir(web, 0700) == 0 && realpath(web, scratch_root) != NULL, "cannot make the web root");
    snprintf(css, sizeof css, "%s/css", scratch_root);
    FUZZ_CHECK(mkdir(css, 0700) == 0, "cannot make a folder");
    scratch_write(scratch_root, "index.html", "home");
    scratch_write(scratch_root, "sign-in.html", "sign in");
    scratch_write(scratch_root, "404.html", "not found");
    scratch_write(scratch_root, "css/app.css", "body{}");
    scratch_write(scratch_root, ".env", "SECRET=1");
    scratch_write(scratch_base, "secret.html", "outside the root");
    scratch_link("index.html", "home.html");
    scratch_link("../secret.html", "escape.html");
    scratch_link("..", "up");
    scratch_link("/etc", "etc");
}

/* The web root's real path, made on first call. */
static const char *scratch_web_root(void)
{
    if (scratch_root[0] == '\0')
        scratch_make();
    return scratch_root;
}

#endif
