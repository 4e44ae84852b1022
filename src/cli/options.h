/* Command-line options shared by every subcommand: "--name VALUE",
 * "--name=VALUE" or the CSHUB_* environment variable, in that order of
 * precedence, then the default. A wrong flag or value is one line on stderr
 * and exit status 2. */
#ifndef CSHUB_OPTIONS_H
#define CSHUB_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cli_option {
    const char *name;          /* without the leading dashes */
    const char *value_name;    /* "PATH"; NULL for a switch that takes no value */
    const char *env;           /* CSHUB_* variable, or NULL */
    const char *default_value; /* may be NULL */
    const char *help;
    const char *value;         /* filled by cli_parse: the text given, or "1" for a switch */
};

struct cli_command {
    const char *name;
    const char *summary;
    struct cli_option *options;
    size_t option_count;
};

enum cli_result { CLI_OK, CLI_HELP_SHOWN, CLI_USAGE_ERROR };

/* Fills each option's value from argv (after the subcommand name), the
 * environment or the default. Prints --help or a one-line error itself. */
enum cli_result cli_parse(const struct cli_command *command, int argc, char **argv);

/* The parsed value of option name (NULL when unset and without default). */
const char *cli_value(const struct cli_command *command, const char *name);

/* Reads an option as a whole number in [min, max]; prints the error line. */
bool cli_unsigned(const struct cli_command *command, const char *name, unsigned long min,
                  unsigned long max, unsigned long *out);

/* Prints the one-line usage error "cshub CMD: MESSAGE" and returns 2. */
int cli_usage_error(const struct cli_command *command, const char *message);

void cli_print_help(const struct cli_command *command, FILE *out);

#endif
