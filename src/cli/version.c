/* `cshub version`: prints the release and the schema it migrates to. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "store/migrations.h"
#include "util/version.h"

static const struct cli_command version_command = {"version", "Print the cshub version.", NULL, 0};

int cli_version(int argc, char **argv)
{
    enum cli_result parsed = cli_parse(&version_command, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    printf("cshub %s (schema %d)\n", CSHUB_VERSION,
           store_migration_count ? store_migrations[store_migration_count - 1].version : 0);
    return 0;
}
