/* The cshub program: dispatches to a subcommand (serve, migrate, demo,
 * version). See `cshub --help`. */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "auth/totp.h"
#include "cli/commands.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"serve", cli_serve, "serve the JSON API and the browser client"},
    {"migrate", cli_migrate, "bring a database's schema up to date"},
    {"demo", cli_demo, "create a database filled with a synthetic partnership"},
    {"agency", cli_agency, "add a partner agency (agency add)"},
    {"user", cli_user, "add a user (user add); the password comes from standard input"},
    {"audit", cli_audit, "check the audit log's hash chain (audit verify)"},
    {"policy", cli_policy, "print the access-policy tables"},
    {"routes", cli_routes, "print the API route table"},
    {"version", cli_version, "print the version"},
};

static void print_usage(FILE *out)
{
    fputs("Usage: cshub COMMAND [OPTIONS]\n\n"
          "cshub is the information system of a contextual safeguarding hub.\n\nCommands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nEvery command takes --help. Options can also be set with CSHUB_* environment variables.\n", out);
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0 || !totp_init()) {
        fputs("cshub: the cryptography libraries could not start\n", stderr);
        return 1;
    }
    if (argc < 2) {
        print_usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_usage(stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0)
        name = "version";
    int status = 2;
    bool known = false;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0] && !known; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            known = true;
            status = commands[i].run(argc - 2, argv + 2);
        }
    }
    if (!known)
        fprintf(stderr, "cshub: unknown command '%.60s' (see 'cshub --help')\n", name);
    totp_done();
    return status;
}
