/* `cshub agency add` and `cshub user add`: setting up the partnership's
 * agencies and the people who sign in, from the command line. A user's
 * password is read from standard input, never from the command line. */
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/password.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/options.h"
#include "domain/agency.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"

static struct cli_option agency_add_options[] = {
    {"db", "PATH", "CSHUB_DB", "cshub.db", "database file", NULL},
    {"name", "NAME", NULL, NULL, "the agency's name", NULL},
    {"kind", "KIND", NULL, NULL, "childrens_services, police, youth_justice, education, health, "
                                 "community_safety, voluntary, housing or other", NULL},
};
static const struct cli_command agency_add_command = {
    "agency add", "Add a partner agency.", agency_add_options,
    sizeof agency_add_options / sizeof agency_add_options[0],
};

static struct cli_option user_add_options[] = {
    {"db", "PATH", "CSHUB_DB", "cshub.db", "database file", NULL},
    {"email", "EMAIL", NULL, NULL, "the address they sign in with", NULL},
    {"name", "NAME", NULL, NULL, "their full name", NULL},
    {"agency", "NAME", NULL, NULL, "the name of their agency", NULL},
    {"role", "ROLE", NULL, NULL, "admin, coordinator, practitioner, analyst or board_viewer", NULL},
};
static const struct cli_command user_add_command = {
    "user add", "Add a user; the password is read from standard input (one line).", user_add_options,
    sizeof user_add_options / sizeof user_add_options[0],
};

/* Checks that every named option was given; prints the first one missing. */
static bool require_options(const struct cli_command *command, const char *const *names)
{
    for (; *names != NULL; names++) {
        const char *value = cli_value(command, *names);
        if (value == NULL || value[0] == '\0') {
            char message[80];
            snprintf(message, sizeof message, "--%s is required", *names);
            cli_usage_error(command, message);
            return false;
        }
    }
    return true;
}

/* Writes one new record through create() in a database opened for the
 * command, printing "NOUN ID added" or why not. Returns the exit status. */
typedef enum store_status (*create_fn)(struct store_conn *conn, struct arena *arena,
                                       const struct cli_command *command, const void *extra,
                                       const char **id);

static int create_record(const struct cli_command *command, const char *noun, const char *refused,
                         create_fn create, const void *extra)
{
    struct store *store = cli_open_database(command->name, cli_value(command, "db"), 1);
    if (store == NULL)
        return 1;
    struct arena *arena = arena_new();
    struct store_conn *conn = store_acquire(store);
    const char *id = NULL;
    enum store_status status = create(conn, arena, command, extra, &id);
    if (status == STORE_OK)
        printf("%s %s added\n", noun, id);
    else
        fprintf(stderr, "cshub %s: %s\n", command->name,
                status == STORE_CONSTRAINT ? refused : "the database refused the change");
    store_release(store, conn);
    store_close(store);
    arena_free(arena);
    return status == STORE_OK ? 0 : 1;
}

static enum store_status create_agency(struct store_conn *conn, struct arena *arena,
                                       const struct cli_command *c, const void *extra, const char **id)
{
    (void)extra;
    return agency_create(conn, arena, cli_value(c, "name"), cli_value(c, "kind"), id);
}

static enum store_status create_user(struct store_conn *conn, struct arena *arena,
                                     const struct cli_command *c, const void *password_hash, const char **id)
{
    const char *agency_id = agency_id_by_name(conn, arena, cli_value(c, "agency"));
    if (agency_id == NULL)
        return STORE_CONSTRAINT;
    return user_create(conn, arena, cli_value(c, "email"), cli_value(c, "name"), agency_id, cli_value(c, "role"),
                       password_hash, id);
}

static int agency_add(int argc, char **argv)
{
    const struct cli_command *c = &agency_add_command;
    enum cli_result parsed = cli_parse(c, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    static const char *const required[] = {"name", "kind", NULL};
    if (!require_options(c, required))
        return 2;
    if (!agency_kind_is_valid(cli_value(c, "kind")))
        return cli_usage_error(c, "--kind must be one of the kinds listed in --help");
    return create_record(c, "agency", "an agency with that name exists", create_agency, NULL);
}

/* Reads one line from stdin into buffer, without its newline. */
static bool read_password(char *buffer, size_t size)
{
    if (fgets(buffer, (int)size, stdin) == NULL)
        return false;
    buffer[strcspn(buffer, "\r\n")] = '\0';
    return true;
}

/* Reads and checks a new password from stdin and hashes it into hash. */
static int read_new_password(const struct cli_command *c, char hash[PASSWORD_HASH_SIZE])
{
    char password[PASSWORD_MAX_BYTES + 2];
    if (!read_password(password, sizeof password))
        return cli_usage_error(c, "no password on standard input");
    const char *problem = password_policy_problem(password);
    if (problem != NULL)
        return cli_usage_error(c, problem);
    if (!password_hash(password, hash)) {
        fprintf(stderr, "cshub %s: not enough memory to hash the password\n", c->name);
        return 1;
    }
    return 0;
}

static int user_add(int argc, char **argv)
{
    const struct cli_command *c = &user_add_command;
    enum cli_result parsed = cli_parse(c, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    static const char *const required[] = {"email", "name", "agency", "role", NULL};
    if (!require_options(c, required))
        return 2;
    if (!user_role_is_valid(cli_value(c, "role")))
        return cli_usage_error(c, "--role must be admin, coordinator, practitioner, analyst or board_viewer");
    if (strchr(cli_value(c, "email"), '@') == NULL)
        return cli_usage_error(c, "--email must be an email address");
    char hash[PASSWORD_HASH_SIZE];
    int status = read_new_password(c, hash);
    if (status != 0)
        return status;
    return create_record(c, "user", "that email is taken or there is no agency with that name", create_user, hash);
}

static struct cli_option user_email_options[] = {
    {"db", "PATH", "CSHUB_DB", "cshub.db", "database file", NULL},
    {"email", "EMAIL", NULL, NULL, "the user's email address", NULL},
};
static const struct cli_command user_disable_command = {
    "user disable", "Disable a user: they cannot sign in, and their sessions end at once.",
    user_email_options, sizeof user_email_options / sizeof user_email_options[0],
};
static const struct cli_command user_reset_command = {
    "user reset-password", "Set a user's password (read from standard input, one line) and end their sessions.",
    user_email_options, sizeof user_email_options / sizeof user_email_options[0],
};

/* Finds the user named by --email and applies change() to them, audited as
 * an update made from the command line. */
static int change_user(const struct cli_command *c, const char *what,
                       enum store_status (*change)(struct store_conn *, const char *id, const void *extra),
                       const void *extra)
{
    struct store *store = cli_load_audit_key(c->name, cli_value(c, "db")) ? cli_open_database(c->name, cli_value(c, "db"), 1) : NULL;
    if (store == NULL)
        return 1;
    struct arena *arena = arena_new();
    struct store_conn *conn = store_acquire(store);
    struct user user;
    enum store_status status = STORE_CONSTRAINT;
    if (user_find_by_email(conn, arena, cli_value(c, "email"), &user) && store_begin(conn) == STORE_OK) {
        status = change(conn, user.id, extra);
        struct audit_event event = {.action = "update", .record_type = "user", .record_id = user.id,
                                    .reason = what, .client_address = "command line"};
        if (status == STORE_OK)
            status = audit_append(conn, arena, &event);
        if (status == STORE_OK)
            status = store_commit(conn);
        else
            store_rollback(conn);
    }
    if (status == STORE_OK)
        printf("user %s: %s\n", user.id, what);
    else
        fprintf(stderr, "cshub %s: %s\n", c->name,
                status == STORE_CONSTRAINT ? "no user has that email" : "the database refused the change");
    store_release(store, conn);
    store_close(store);
    arena_free(arena);
    return status == STORE_OK ? 0 : 1;
}

static enum store_status disable(struct store_conn *conn, const char *id, const void *extra)
{
    (void)extra;
    return user_set_active(conn, id, false);
}

static enum store_status set_password(struct store_conn *conn, const char *id, const void *hash)
{
    return user_set_password(conn, id, hash);
}

static int user_disable(int argc, char **argv)
{
    const struct cli_command *c = &user_disable_command;
    enum cli_result parsed = cli_parse(c, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    static const char *const required[] = {"email", NULL};
    if (!require_options(c, required))
        return 2;
    return change_user(c, "disabled from the command line", disable, NULL);
}

static int user_reset_password(int argc, char **argv)
{
    const struct cli_command *c = &user_reset_command;
    enum cli_result parsed = cli_parse(c, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    static const char *const required[] = {"email", NULL};
    if (!require_options(c, required))
        return 2;
    char hash[PASSWORD_HASH_SIZE];
    int status = read_new_password(c, hash);
    return status != 0 ? status : change_user(c, "password reset from the command line", set_password, hash);
}

struct action {
    const char *name;
    int (*run)(int argc, char **argv);
};

static int dispatch_action(const char *noun, int argc, char **argv, const struct action *actions, size_t count)
{
    for (size_t i = 0; argc >= 1 && i < count; i++) {
        if (strcmp(argv[0], actions[i].name) == 0)
            return actions[i].run(argc - 1, argv + 1);
    }
    bool help = argc >= 1 && strcmp(argv[0], "--help") == 0;
    FILE *out = help ? stdout : stderr;
    fprintf(out, "Usage: cshub %s ACTION [OPTIONS]\nActions:", noun);
    for (size_t i = 0; i < count; i++)
        fprintf(out, " %s", actions[i].name);
    fprintf(out, "\nEach action takes --help.\n");
    return help ? 0 : 2;
}

int cli_agency(int argc, char **argv)
{
    static const struct action actions[] = {{"add", agency_add}};
    return dispatch_action("agency", argc, argv, actions, sizeof actions / sizeof actions[0]);
}

int cli_user(int argc, char **argv)
{
    static const struct action actions[] = {
        {"add", user_add}, {"disable", user_disable}, {"reset-password", user_reset_password}};
    return dispatch_action("user", argc, argv, actions, sizeof actions / sizeof actions[0]);
}
