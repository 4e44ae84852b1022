/* `cshub demo`: creates a database holding a small synthetic partnership
 * for trying cshub out. Every name in it is invented; the borough of
 * "Kestrel Vale" does not exist. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/database.h"
#include "cli/options.h"
#include "auth/password.h"
#include "domain/agency.h"
#include "domain/user.h"
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

/* Every demo account signs in with this password. */
#define DEMO_PASSWORD "kestrel-vale-demo"

static const struct {
    const char *email;
    const char *name;
    const char *agency;
    const char *role;
} demo_users[] = {
    {"admin@kestrel-vale.example", "Morgan Ellery", "Kestrel Vale Children's Services", "admin"},
    {"coordinator@kestrel-vale.example", "Priya Lindqvist", "Kestrel Vale Children's Services", "coordinator"},
    {"police@kestrel-vale.example", "Tom Harwood", "Kestrel Vale Police", "practitioner"},
    {"school@kestrel-vale.example", "Aisha Brennan", "Larkfield Academy", "practitioner"},
    {"health@kestrel-vale.example", "Dylan Marsh", "Kestrel Vale Community Health", "practitioner"},
    {"analyst@kestrel-vale.example", "Sam Okonkwo-Reid", "Kestrel Vale Community Safety Partnership", "analyst"},
    {"board@kestrel-vale.example", "Jean Whitlow", "Kestrel Vale Community Safety Partnership", "board_viewer"},
};

static enum store_status add_demo_users(struct store_conn *conn, struct arena *arena)
{
    enum store_status status = STORE_OK;
    for (size_t i = 0; status == STORE_OK && i < sizeof demo_users / sizeof demo_users[0]; i++) {
        char hash[PASSWORD_HASH_SIZE];
        if (!password_hash(DEMO_PASSWORD, hash))
            return STORE_ERROR;
        const char *agency_id = agency_id_by_name(conn, arena, demo_users[i].agency);
        status = agency_id == NULL ? STORE_CONSTRAINT
                                   : user_create(conn, arena, demo_users[i].email, demo_users[i].name, agency_id,
                                                 demo_users[i].role, hash, NULL);
    }
    return status;
}

static int fill(struct store *store)
{
    struct arena *arena = arena_new();
    struct store_conn *conn = store_acquire(store);
    enum store_status status = store_begin(conn);
    for (size_t i = 0; status == STORE_OK && i < sizeof demo_agencies / sizeof demo_agencies[0]; i++)
        status = agency_create(conn, arena, demo_agencies[i].name, demo_agencies[i].kind, NULL);
    if (status == STORE_OK)
        status = add_demo_users(conn, arena);
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
    printf("Sign in with any of these (password: %s):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
        printf("  %-36s %s, %s\n", demo_users[i].email, demo_users[i].role, demo_users[i].agency);
    printf("Start it with: cshub serve --db %s\n", path);
    return 0;
}
