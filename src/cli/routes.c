/* `cshub routes`: prints the API route table (method, pattern, whether it
 * needs sign-in and takes a JSON body), the same table the server routes
 * by, so documentation and tests can be checked against it. */
#include <stdio.h>

#include "api/routes.h"
#include "cli/commands.h"
#include "cli/options.h"

static const struct cli_command routes_command = {
    "routes", "Print every API route: METHOD PATTERN ACCESS BODY.", NULL, 0,
};

int cli_routes(int argc, char **argv)
{
    enum cli_result parsed = cli_parse(&routes_command, argc, argv);
    if (parsed != CLI_OK)
        return parsed == CLI_HELP_SHOWN ? 0 : 2;
    for (size_t i = 0; i < api_route_count; i++) {
        const struct route *r = &api_routes[i];
        printf("%-7s %-40s %-8s %s\n", r->method, r->pattern,
               (r->flags & ROUTE_PUBLIC) ? "public" : "signed-in", (r->flags & ROUTE_JSON_BODY) ? "json" : "-");
    }
    return 0;
}
