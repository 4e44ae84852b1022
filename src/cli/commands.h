/* The subcommands of the cshub program, each taking the arguments after
 * its own name and returning the process exit status. */
#ifndef CSHUB_COMMANDS_H
#define CSHUB_COMMANDS_H

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_version(int argc, char **argv);
int cli_agency(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_policy(int argc, char **argv);

#endif
