/* Where a cshub server's time goes in SQLite: a library loaded into
 * `cshub serve` with LD_PRELOAD (bench/outcomes.mjs does it for one pass
 * over the slow measures), nothing changed in cshub itself.
 *
 *   LD_PRELOAD=build/bench/sql_profile.so SQL_PROFILE_LOG=FILE cshub serve ...
 *
 * It stands in front of sqlite3_step, sqlite3_reset and sqlite3_finalize and, for every
 * execution of a statement (from its first step to its reset, or to its
 * last row), appends one line to FILE:
 *
 *   E <thread> <sql id> <rows> <ms inside sqlite3_step> <ms from first step to the end>
 *
 * The second time less the first is what the caller did between rows (the
 * C side of a query read row by row). A statement's text is written once,
 * the first time its id is seen: "S <sql id> <text on one line>". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 4096     /* statements being executed at once (open addressing) */
#define TEXTS 8192     /* distinct statement texts remembered */

struct running {
    sqlite3_stmt *stmt; /* NULL: free */
    int64_t started, stepping;
    long rows;
};

static struct running running[SLOTS];
static uint64_t seen[TEXTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *out;
static int (*real_step)(sqlite3_stmt *);
static int (*real_reset)(sqlite3_stmt *);
static int (*real_finalize)(sqlite3_stmt *);

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void start(void)
{
    real_step = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_step");
    real_reset = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_reset");
    real_finalize = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_finalize");
    const char *path = getenv("SQL_PROFILE_LOG");
    out = path != NULL ? fopen(path, "a") : NULL;
    if (out != NULL)
        setvbuf(out, NULL, _IOLBF, 0);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* FNV-1a of the statement's text: its id. */
static uint64_t text_id(const char *sql)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *c = (const unsigned char *)sql; c != NULL && *c; c++)
        h = (h ^ *c) * 1099511628211ull;
    return h;
}

static struct running *slot_of(sqlite3_stmt *stmt, int create)
{
    size_t at = ((uintptr_t)stmt >> 4) % SLOTS;
    for (int i = 0; i < SLOTS; i++, at = (at + 1) % SLOTS) {
        if (running[at].stmt == stmt)
            return &running[at];
        if (running[at].stmt == NULL) {
            if (!create)
                return NULL;
            running[at] = (struct running){.stmt = stmt};
            return &running[at];
        }
    }
    return NULL;
}

/* Writes the execution of slot's statement and frees the slot (the table
 * keeps no tombstones: the slots after it are put back). Under lock. */
static void finish(struct running *r)
{
    const char *sql = sqlite3_sql(r->stmt);
    uint64_t id = text_id(sql);
    size_t at = id % TEXTS;
    while (seen[at] != 0 && seen[at] != id)
        at = (at + 1) % TEXTS;
    if (seen[at] == 0) {
        seen[at] = id;
        fputs("S ", out);
        fprintf(out, "%016llx ", (unsigned long long)id);
        for (const char *c = sql; c != NULL && *c; c++)
            fputc(*c == '\n' || *c == '\r' ? ' ' : *c, out);
        fputc('\n', out);
    }
    fprintf(out, "E %lu %016llx %ld %.3f %.3f\n", (unsigned long)pthread_self(), (unsigned long long)id, r->rows,
            (double)r->stepping / 1e6, (double)(now_ns() - r->started) / 1e6);
    size_t hole = (size_t)(r - running);
    running[hole].stmt = NULL;
    for (size_t next = (hole + 1) % SLOTS; running[next].stmt != NULL; next = (next + 1) % SLOTS) {
        struct running moved = running[next];
        running[next].stmt = NULL;
        *slot_of(moved.stmt, 1) = moved;
    }
}

int sqlite3_step(sqlite3_stmt *stmt)
{
    pthread_once(&once, start);
    int64_t before = now_ns();
    int rc = real_step(stmt);
    int64_t after = now_ns();
    if (out == NULL)
        return rc;
    pthread_mutex_lock(&lock);
    struct running *r = slot_of(stmt, 1);
    if (r != NULL) {
        if (r->started == 0)
            r->started = before;
        r->stepping += after - before;
        r->rows += rc == SQLITE_ROW;
        if (rc != SQLITE_ROW)
            finish(r);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

/* A statement reset or finalized before its last row: its execution ends here. */
static void ended(sqlite3_stmt *stmt)
{
    pthread_once(&once, start);
    if (out == NULL || stmt == NULL)
        return;
    pthread_mutex_lock(&lock);
    struct running *r = slot_of(stmt, 0);
    if (r != NULL)
        finish(r);
    pthread_mutex_unlock(&lock);
}

int sqlite3_reset(sqlite3_stmt *stmt)
{
    ended(stmt);
    return real_reset(stmt);
}

int sqlite3_finalize(sqlite3_stmt *stmt)
{
    ended(stmt);
    return real_finalize(stmt);
}
