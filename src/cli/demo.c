/* `cshub demo`: creates a database holding a small synthetic partnership
 * for trying cshub out. Every name in it is invented; the borough of
 * "Kestrel Vale" does not exist. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/database.h"
#include "cli/options.h"
#include "domain/agency.h"
#include "store/store.h"
#include "util/arena.h"

static struct cli_option demo_options[] = {
    {"db", "PATH", "CSHUB_DB", NULL, "database file to create", NULL},
    {"force", NULL, NULL, NULL, "replace the file if it exists", NULL},
};

static const struct cli_command demo_command = {
    "demo", "Create a database filled with a synthetic partnership (all names invented).",
    demo_options, sizeof demo_options / sizeof demo_options[0],
};

static const struct {
    const char *name;
    const char *kind;
} demo_agencies[] = {
    {"Kestrel Vale Children's Services", "childrens_services"},
    {"Kestrel Vale Police", "police"},
    {"Kestrel Vale Youth Justice Service", "youth_justice"},
    {"Larkfield Academy", "education"},
    {"Brackenmoor High School", "education"},
    {"Kestrel Vale Community Health", "health"},
    {"Kestrel Vale Community Safety Partnership", "community_safety"},
    {"Safe Harbour Youth Project", "voluntary"},
    {"Kestrel Vale Homes", "housing"},
};

static int fill(struct store *store)
{
    struct arena *arena = arena_new();
    struct store_conn *conn = store_acquire(store);
    enum store_status status = store_begin(conn);
    for (size_t i = 0; status == STORE_OK && i < sizeof demo_agencies / sizeof demo_agencies[0]; i++)
        status = agency_create(conn, arena, demo_agencies[i].name, demo_agencies[i].kind, NULL);
    if (status == STORE_OK)
        status = store_commit(conn);
    else
        store_rollback(conn);
    store_release(store, conn);
    arena_free(arena);
    return status == STORE_OK ? 0 : 1;
}

static void remove_database_files(const char *path)
{
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int cli_demo(int argc, char **argv)
{
    enum cli_result parsed = cli_parse(&demo_command, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    const char *path = cli_value(&demo_command, "db");
    if (path == NULL)
        return cli_usage_error(&demo_command, "--db PATH is required");
    struct stat st;
    if (stat(path, &st) == 0) {
        if (cli_value(&demo_command, "force") == NULL)
            return cli_usage_error(&demo_command, "the database file exists; add --force to replace it");
        remove_database_files(path);
    }
    struct store *store = cli_open_database("demo", path, 1);
    if (store == NULL)
        return 1;
    int status = fill(store);
    store_close(store);
    if (status != 0) {
        fprintf(stderr, "cshub demo: could not fill the database\n");
        return 1;
    }
    printf("Demo database created at %s: %zu partner agencies of the invented borough of Kestrel Vale.\n",
           path, sizeof demo_agencies / sizeof demo_agencies[0]);
    printf("Start it with: cshub serve --db %s\n", path);
    return 0;
}
