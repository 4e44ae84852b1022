/* Opening the database for a subcommand: opens, migrates, and reports
 * failures as one line on stderr. */
#ifndef CSHUB_CLI_DATABASE_H
#define CSHUB_CLI_DATABASE_H

struct store;

/* Opens path with pool_size connections and applies pending migrations.
 * Returns NULL after printing "cshub COMMAND: reason". */
struct store *cli_open_database(const char *command, const char *path, unsigned pool_size);

#endif
