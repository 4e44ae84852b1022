/* `cshub policy`: prints the access-policy tables, the single source of
 * who may read or change which record. */
#include <stdio.h>

#include "auth/policy.h"
#include "cli/commands.h"
#include "cli/options.h"

static const struct cli_command policy_command = {
    "policy", "Print which role may read or change which records, and each role's capabilities.", NULL, 0,
};

int cli_policy(int argc, char **argv)
{
    enum cli_result parsed = cli_parse(&policy_command, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    policy_print(stdout);
    return 0;
}
