/* Opening and migrating the database, and loading the key that chains the
 * audit log, for subcommands; see database.h. */
#include "cli/database.h"

#include <stdio.h>
#include <stdlib.h>

#include "auth/audit.h"
#include "auth/totp.h"
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

bool cli_load_audit_key(const char *command, const char *path)
{
    const char *chosen = getenv("CSHUB_KEY_FILE");
    char key_path[4096], error[4200];
    int length = chosen != NULL && chosen[0] != '\0' ? snprintf(key_path, sizeof key_path, "%s", chosen)
                                                     : snprintf(key_path, sizeof key_path, "%s.key", path);
    if (length < 0 || (size_t)length >= sizeof key_path)
        snprintf(error, sizeof error, "the key file's path is too long");
    else if (totp_load_key(key_path, error, sizeof error) && audit_load_key(key_path, error, sizeof error))
        return true;
    fprintf(stderr, "cshub %s: %s\n", command, error);
    return false;
}
