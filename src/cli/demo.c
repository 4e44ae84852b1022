/* `cshub demo`: creates a database holding a synthetic partnership for
 * trying cshub out: the agencies of the invented borough of Kestrel Vale,
 * accounts of every role, and (unless --accounts-only) two years of
 * casework (demo_casework.c). Every name in it is invented. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/database.h"
#include "cli/demo_action_plan.h"
#include "cli/demo_casework.h"
#include "cli/options.h"
#include "auth/password.h"
#include "domain/agency.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"

static struct cli_option demo_options[] = {
    {"db", "PATH", "CSHUB_DB", NULL, "database file to create", NULL},
    {"force", NULL, NULL, NULL, "replace the file if it exists", NULL},
    {"accounts-only", NULL, NULL, NULL, "only the agencies and the first seven accounts, no casework (for tests)", NULL},
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
    /* the rest come with the casework */
    {"coordinator.deputy@kestrel-vale.example", "Owen Farrant", "Kestrel Vale Children's Services", "coordinator"},
    {"social.worker@kestrel-vale.example", "Hannah Quill", "Kestrel Vale Children's Services", "practitioner"},
    {"police.exploitation@kestrel-vale.example", "Rhiannon Cole", "Kestrel Vale Police", "practitioner"},
    {"brackenmoor@kestrel-vale.example", "Callum Dervish", "Brackenmoor High School", "practitioner"},
    {"youth.justice@kestrel-vale.example", "Femi Adeyemi", "Kestrel Vale Youth Justice Service", "practitioner"},
    {"community.safety@kestrel-vale.example", "Liam Rourke", "Kestrel Vale Community Safety Partnership",
     "practitioner"},
    {"youth.work@kestrel-vale.example", "Ruth Amankwah", "Safe Harbour Youth Project", "practitioner"},
    {"housing@kestrel-vale.example", "Gareth Pym", "Kestrel Vale Homes", "practitioner"},
    {"admin.police@kestrel-vale.example", "Tariq Bellamy", "Kestrel Vale Police", "admin"},
    {"analyst.police@kestrel-vale.example", "Nadia Kowalczyk", "Kestrel Vale Police", "analyst"},
    {"board.chair@kestrel-vale.example", "Edwin Sallow", "Kestrel Vale Children's Services", "board_viewer"},
};

/* How many of demo_users --accounts-only creates. */
#define FIRST_ACCOUNTS 7

/* Every account shares one password, so one hash (hashing is slow on purpose). */
static enum store_status add_demo_users(struct store_conn *conn, struct arena *arena, size_t count)
{
    char hash[PASSWORD_HASH_SIZE];
    if (!password_hash(DEMO_PASSWORD, hash))
        return STORE_ERROR;
    enum store_status status = STORE_OK;
    for (size_t i = 0; status == STORE_OK && i < count; i++) {
        const char *agency_id = agency_id_by_name(conn, arena, demo_users[i].agency);
        status = agency_id == NULL ? STORE_CONSTRAINT
                                   : user_create(conn, arena, demo_users[i].email, demo_users[i].name, agency_id,
                                                 demo_users[i].role, hash, NULL);
    }
    return status;
}

/* The agencies and count accounts, in one transaction. */
static enum store_status add_agencies_and_users(struct store_conn *conn, size_t count)
{
    struct arena *arena = arena_new();
    enum store_status status = store_begin(conn);
    for (size_t i = 0; status == STORE_OK && i < sizeof demo_agencies / sizeof demo_agencies[0]; i++)
        status = agency_create(conn, arena, demo_agencies[i].name, demo_agencies[i].kind, NULL);
    if (status == STORE_OK)
        status = add_demo_users(conn, arena, count);
    if (status == STORE_OK)
        status = store_commit(conn);
    else
        store_rollback(conn);
    arena_free(arena);
    return status;
}

static bool fill(struct store *store, bool accounts_only, struct demo_counts *counts)
{
    struct store_conn *conn = store_acquire(store);
    size_t accounts = accounts_only ? FIRST_ACCOUNTS : sizeof demo_users / sizeof demo_users[0];
    bool ok = add_agencies_and_users(conn, accounts) == STORE_OK && (accounts_only || demo_casework_fill(conn, counts));
    ok = ok && (accounts_only || demo_action_plan_fill(conn));
    store_release(store, conn);
    return ok;
}

static void print_summary(const char *path, size_t accounts, bool accounts_only, const struct demo_counts *counts)
{
    printf("Demo database created at %s: %zu partner agencies of the invented borough of Kestrel Vale.\n", path,
           sizeof demo_agencies / sizeof demo_agencies[0]);
    if (!accounts_only)
        printf("Casework over the last two years: %ld young people, %ld adults of concern, %ld contexts, %ld links,\n"
               "%ld concerns, %ld screenings, %ld two-agency alerts, %ld contextual interventions,\n"
               "%ld disruptions against adults of concern and places, %ld MACE meetings, %ld actions.\n"
               "Every name is invented.\n",
               counts->young_people, counts->adults, counts->contexts, counts->links, counts->concerns,
               counts->screenings, counts->alerts, counts->interventions, counts->disruptions, counts->meetings,
               counts->actions);
    printf("Sign in with any of these (password: %s):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < accounts; i++)
        printf("  %-42s %-13s %s\n", demo_users[i].email, demo_users[i].role, demo_users[i].agency);
    printf("Start it with: cshub serve --db %s\n", path);
}

static void remove_database_files(const char *path)
{
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    snprintf(side, sizeof side, "%s.anchor", path); /* checkpoints of the log replaced */
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
    struct store *store = cli_load_audit_key("demo", path) ? cli_open_database("demo", path, 1) : NULL;
    if (store == NULL)
        return 1;
    bool accounts_only = cli_value(&demo_command, "accounts-only") != NULL;
    struct demo_counts counts = {0};
    bool filled = fill(store, accounts_only, &counts);
    store_close(store);
    if (!filled) {
        fprintf(stderr, "cshub demo: could not fill the database\n");
        return 1;
    }
    print_summary(path, accounts_only ? FIRST_ACCOUNTS : sizeof demo_users / sizeof demo_users[0], accounts_only,
                  &counts);
    return 0;
}
