/* `cshub agency add` and `cshub user add`: setting up the partnership's
 * agencies and the people who sign in, from the command line. A user's
 * password is read from standard input, never from the command line. */
#include <stdio.h>
#include <string.h>

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
    return user_create(conn, arena, cli_value(c, "email"), cli_value(c, "name"), cli_value(c, "agency"),
                       cli_value(c, "role"), password_hash, id);
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
    char password[PASSWORD_MAX_BYTES + 2];
    if (!read_password(password, sizeof password))
        return cli_usage_error(c, "no password on standard input");
    const char *problem = password_policy_problem(password);
    if (problem != NULL)
        return cli_usage_error(c, problem);
    char hash[PASSWORD_HASH_SIZE];
    if (!password_hash(password, hash)) {
        fputs("cshub user add: not enough memory to hash the password\n", stderr);
        return 1;
    }
    return create_record(c, "user", "that email is taken or there is no agency with that name", create_user, hash);
}

static int dispatch_action(const char *noun, int argc, char **argv, const char *action_name,
                           int (*action)(int, char **))
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        printf("Usage: cshub %s %s [OPTIONS]  (see 'cshub %s %s --help')\n", noun, action_name, noun, action_name);
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], action_name) == 0)
        return action(argc - 1, argv + 1);
    fprintf(stderr, "cshub %s: unknown action '%.40s' (see 'cshub %s --help')\n", noun, argv[0], noun);
    return 2;
}

int cli_agency(int argc, char **argv)
{
    return dispatch_action("agency", argc, argv, "add", agency_add);
}

int cli_user(int argc, char **argv)
{
    return dispatch_action("user", argc, argv, "add", user_add);
}
