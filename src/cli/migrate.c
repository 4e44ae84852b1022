/* `cshub migrate`: applies pending schema migrations and reports the version. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "store/store.h"

static struct cli_option migrate_options[] = {
    {"db", "PATH", "CSHUB_DB", "cshub.db", "SQLite database file (created if missing)", NULL},
};

static const struct cli_command migrate_command = {
    "migrate", "Bring the database schema up to date.", migrate_options,
    sizeof migrate_options / sizeof migrate_options[0],
};

int cli_migrate(int argc, char **argv)
{
    enum cli_result parsed = cli_parse(&migrate_command, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    char error[512];
    struct store *store = store_open(cli_value(&migrate_command, "db"), 1, error, sizeof error);
    if (store == NULL) {
        fprintf(stderr, "cshub migrate: %s\n", error);
        return 1;
    }
    int applied = 0, version = 0;
    enum store_status status = store_migrate(store, &applied);
    if (status == STORE_OK) {
        struct store_conn *conn = store_acquire(store);
        status = store_schema_version(conn, &version);
        store_release(store, conn);
    }
    store_close(store);
    if (status != STORE_OK) {
        fprintf(stderr, "cshub migrate: migration failed; the database is unchanged past the last good version\n");
        return 1;
    }
    printf("schema version %d (%d migration%s applied)\n", version, applied, applied == 1 ? "" : "s");
    return 0;
}
