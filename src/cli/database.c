/* Opening and migrating the database for subcommands; see database.h. */
#include "cli/database.h"

#include <stdio.h>

#include "store/store.h"

struct store *cli_open_database(const char *command, const char *path, unsigned pool_size)
{
    char error[512];
    struct store *store = store_open(path, pool_size, error, sizeof error);
    if (store == NULL) {
        fprintf(stderr, "cshub %s: %s\n", command, error);
        return NULL;
    }
    if (store_migrate(store, NULL) != STORE_OK) {
        fprintf(stderr, "cshub %s: could not bring the database schema up to date\n", command);
        store_close(store);
        return NULL;
    }
    return store;
}
