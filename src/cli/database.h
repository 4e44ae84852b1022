/* Opening the database for a subcommand: opens, migrates, and reports
 * failures as one line on stderr; and the server's key for a subcommand
 * that writes audit events. */
#ifndef CSHUB_CLI_DATABASE_H
#define CSHUB_CLI_DATABASE_H

#include <stdbool.h>

struct store;

/* Opens path with pool_size connections and applies pending migrations.
 * Returns NULL after printing "cshub COMMAND: reason". */
struct store *cli_open_database(const char *command, const char *path, unsigned pool_size);

/* Loads the server's key file (CSHUB_KEY_FILE, or path and ".key"; made if
 * missing, as `cshub serve` makes it), which keys the audit log's chain,
 * for a subcommand that appends audit events. False after printing
 * "cshub COMMAND: reason". */
bool cli_load_audit_key(const char *command, const char *path);

#endif
