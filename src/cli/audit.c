/* `cshub audit verify`: walks the audit log and checks every event's hash
 * chain; exits 0 when intact, 1 naming the first bad event otherwise. */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "store/store.h"

static struct cli_option audit_verify_options[] = {
    {"db", "PATH", "CSHUB_DB", "cshub.db", "database file", NULL},
};
static const struct cli_command audit_verify_command = {
    "audit verify", "Check that no audit event has been edited, removed or reordered.",
    audit_verify_options, sizeof audit_verify_options / sizeof audit_verify_options[0],
};

static int audit_verify_run(int argc, char **argv)
{
    const struct cli_command *c = &audit_verify_command;
    enum cli_result parsed = cli_parse(c, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    char error[512];
    /* Opened without migrating: verification must not change the file. */
    struct store *store = store_open(cli_value(c, "db"), 1, error, sizeof error);
    if (store == NULL) {
        fprintf(stderr, "cshub audit verify: %s\n", error);
        return 1;
    }
    struct store_conn *conn = store_acquire(store);
    struct audit_verdict verdict;
    enum store_status status = audit_verify(conn, &verdict);
    store_release(store, conn);
    store_close(store);
    if (status != STORE_OK) {
        fprintf(stderr, "cshub audit verify: could not read the audit log\n");
        return 1;
    }
    if (!verdict.intact) {
        printf("audit log BROKEN at event %lld: %s (%lld events before it verified)\n",
               (long long)verdict.first_bad, verdict.problem, (long long)verdict.events);
        return 1;
    }
    printf("audit log intact: %lld events verified\n", (long long)verdict.events);
    return 0;
}

int cli_audit(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "verify") == 0)
        return audit_verify_run(argc - 1, argv + 1);
    if (argc >= 1 && strcmp(argv[0], "--help") == 0) {
        printf("Usage: cshub audit verify [OPTIONS]  (see 'cshub audit verify --help')\n");
        return 0;
    }
    fprintf(stderr, "cshub audit: expected 'verify' (see 'cshub audit --help')\n");
    return 2;
}
