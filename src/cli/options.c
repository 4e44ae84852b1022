/* Option parsing for the subcommands; see options.h. */
#include "cli/options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct cli_option *find_option(const struct cli_command *command, const char *name, size_t len)
{
    for (size_t i = 0; i < command->option_count; i++) {
        struct cli_option *o = &command->options[i];
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    }
    return NULL;
}

int cli_usage_error(const struct cli_command *command, const char *message)
{
    fprintf(stderr, "cshub %s: %s (see 'cshub %s --help')\n", command->name, message, command->name);
    return 2;
}

void cli_print_help(const struct cli_command *command, FILE *out)
{
    fprintf(out, "Usage: cshub %s [OPTIONS]\n\n%s\n\nOptions:\n", command->name, command->summary);
    for (size_t i = 0; i < command->option_count; i++) {
        const struct cli_option *o = &command->options[i];
        char flag[64];
        snprintf(flag, sizeof flag, "--%s%s%s", o->name, o->value_name ? " " : "",
                 o->value_name ? o->value_name : "");
        fprintf(out, "  %-24s %s", flag, o->help);
        if (o->default_value != NULL && o->value_name != NULL)
            fprintf(out, " (default %s)", o->default_value);
        if (o->env != NULL)
            fprintf(out, " [env %s]", o->env);
        fputc('\n', out);
    }
    fprintf(out, "  %-24s %s\n", "--help", "show this help and exit");
}

static void apply_defaults(const struct cli_command *command)
{
    for (size_t i = 0; i < command->option_count; i++) {
        struct cli_option *o = &command->options[i];
        const char *from_env = o->env ? getenv(o->env) : NULL;
        o->value = (from_env != NULL && from_env[0] != '\0') ? from_env : o->default_value;
    }
}

enum cli_result cli_parse(const struct cli_command *command, int argc, char **argv)
{
    char message[160];
    apply_defaults(command);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            cli_print_help(command, stdout);
            return CLI_HELP_SHOWN;
        }
        if (strncmp(arg, "--", 2) != 0) {
            snprintf(message, sizeof message, "unexpected argument '%.60s'", arg);
            cli_usage_error(command, message);
            return CLI_USAGE_ERROR;
        }
        const char *name = arg + 2;
        const char *equals = strchr(name, '=');
        size_t name_len = equals ? (size_t)(equals - name) : strlen(name);
        struct cli_option *o = find_option(command, name, name_len);
        if (o == NULL) {
            snprintf(message, sizeof message, "unknown option '--%.*s'", (int)(name_len > 60 ? 60 : name_len), name);
            cli_usage_error(command, message);
            return CLI_USAGE_ERROR;
        }
        if (o->value_name == NULL) {
            if (equals != NULL) {
                snprintf(message, sizeof message, "option '--%s' takes no value", o->name);
                cli_usage_error(command, message);
                return CLI_USAGE_ERROR;
            }
            o->value = "1";
        } else if (equals != NULL) {
            o->value = equals + 1;
        } else if (i + 1 < argc) {
            o->value = argv[++i];
        } else {
            snprintf(message, sizeof message, "option '--%s' needs a value %s", o->name, o->value_name);
            cli_usage_error(command, message);
            return CLI_USAGE_ERROR;
        }
    }
    return CLI_OK;
}

const char *cli_value(const struct cli_command *command, const char *name)
{
    struct cli_option *o = find_option(command, name, strlen(name));
    return o ? o->value : NULL;
}

bool cli_unsigned(const struct cli_command *command, const char *name, unsigned long min,
                  unsigned long max, unsigned long *out)
{
    const char *text = cli_value(command, name);
    char message[160];
    char *end = NULL;
    errno = 0;
    unsigned long value = text && *text && *text != '-' ? strtoul(text, &end, 10) : 0;
    if (text == NULL || end == NULL || *end != '\0' || errno != 0 || value < min || value > max) {
        snprintf(message, sizeof message, "--%s must be a whole number from %lu to %lu", name, min, max);
        cli_usage_error(command, message);
        return false;
    }
    *out = value;
    return true;
}
