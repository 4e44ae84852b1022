/* `cshub audit verify`: walks the audit log and checks every event's hash
 * or MAC, the signed checkpoints of the anchor file, and the index of
 * records released against the chain; exits 0 when all agree, 1 naming
 * the first bad event otherwise, 3 when it could not verify (no key file,
 * so keyed events and the anchor's signatures cannot be checked). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "store/store.h"

#define EXIT_UNVERIFIED 3
#define PATH_SIZE 4096

static struct cli_option audit_verify_options[] = {
    {"db", "PATH", "CSHUB_DB", "cshub.db", "database file", NULL},
    {"key-file", "PATH", "CSHUB_KEY_FILE", NULL, "the server's key file, which keys the chain and signs the "
                                                 "checkpoints (default: the database's path and .key); without "
                                                 "it keyed events cannot be verified", NULL},
    {"anchor-file", "PATH", "CSHUB_ANCHOR_FILE", NULL, "the server's file of signed checkpoints of the chain's head, "
                                                       "to catch events removed from the end or a rewritten chain "
                                                       "(default: the database's path and .anchor, when it exists)", NULL},
    {"anchor", "PATH", NULL, NULL, "the same as --anchor-file", NULL},
};
static const struct cli_command audit_verify_command = {
    "audit verify",
    "Check that no audit event has been edited, removed (from the middle or, against the anchor file's "
    "checkpoints, the end), added or reordered, and that the index of who has looked at a record agrees "
    "with the events. Exit 0: intact; 1: broken; 3: not verified (no key file).",
    audit_verify_options, sizeof audit_verify_options / sizeof audit_verify_options[0],
};

/* The key file: --key-file, or the database's path and .key. False after
 * printing why it could not be read (only when one was named). */
static bool load_key(const struct cli_command *c, const char *db)
{
    const char *chosen = cli_value(c, "key-file");
    char path[PATH_SIZE], error[PATH_SIZE + 100];
    if (chosen != NULL)
        snprintf(path, sizeof path, "%s", chosen);
    else
        snprintf(path, sizeof path, "%s.key", db);
    if (chosen == NULL && access(path, F_OK) != 0)
        return true; /* none: verify says what it cannot check */
    if (audit_load_key(path, error, sizeof error))
        return true;
    fprintf(stderr, "cshub audit verify: %s\n", error);
    return false;
}

/* The anchor file: --anchor(-file), or the database's path and .anchor
 * when it exists; NULL for none. */
static const char *anchor_path(const struct cli_command *c, const char *db, char path[PATH_SIZE])
{
    const char *chosen = cli_value(c, "anchor") ? cli_value(c, "anchor") : cli_value(c, "anchor-file");
    if (chosen != NULL)
        return chosen;
    snprintf(path, PATH_SIZE, "%s.anchor", db);
    return access(path, F_OK) == 0 ? path : NULL;
}

static int report(const struct audit_verdict *v, const char *anchor)
{
    if (v->key_missing) {
        printf("audit log NOT VERIFIED: %s (%lld unkeyed events verified before it; give --key-file)\n", v->problem,
               (long long)v->events);
        return EXIT_UNVERIFIED;
    }
    if (!v->intact) {
        if (v->first_bad > 0)
            printf("audit log BROKEN at event %lld: %s (%lld events before it verified)\n", (long long)v->first_bad,
                   v->problem, (long long)v->events);
        else
            printf("audit log BROKEN: %s\n", v->problem);
        return 1;
    }
    printf("audit log intact: %lld events verified (%lld unkeyed from before keying), ", (long long)v->events,
           (long long)v->legacy_events);
    if (anchor != NULL)
        printf("%lld checkpoints of %s matched, the newest at event %lld", (long long)v->checkpoints, anchor,
               (long long)v->newest_checkpoint);
    else
        printf("no anchor file: events removed from the end cannot be detected");
    printf("; index of records released agrees (%lld entries)\n", (long long)v->index_entries);
    return 0;
}

static int audit_verify_run(int argc, char **argv)
{
    const struct cli_command *c = &audit_verify_command;
    enum cli_result parsed = cli_parse(c, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    const char *db = cli_value(c, "db");
    char error[512], anchor_buffer[PATH_SIZE];
    if (!load_key(c, db))
        return 1;
    const char *anchor = anchor_path(c, db, anchor_buffer);
    /* Opened without migrating: verification must not change the file. */
    struct store *store = store_open(db, 1, error, sizeof error);
    if (store == NULL) {
        fprintf(stderr, "cshub audit verify: %s\n", error);
        return 1;
    }
    struct store_conn *conn = store_acquire(store);
    struct audit_verdict verdict;
    enum store_status status = audit_verify(conn, anchor, &verdict);
    store_release(store, conn);
    store_close(store);
    audit_forget_key();
    if (status != STORE_OK) {
        fprintf(stderr, "cshub audit verify: could not read the audit log\n");
        return 1;
    }
    return report(&verdict, anchor);
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
