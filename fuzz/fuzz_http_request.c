/* Fuzzes whole HTTP requests as raw bytes through libmicrohttpd and the
 * server's own request handling (src/http/server.c, included here so its
 * static parts run as they are): percent-decoding of paths and query
 * strings, query arguments, headers and cookies, Content-Length and
 * Content-Type checks, body limits, JSON body parsing, routing, the
 * sign-in guard (session cookie and Bearer token looked up in a scratch
 * database) and static files. A small route table stands in for the API:
 *   GET  /echo/{id}  reads the path parameter, every query reader of
 *                    src/api/input.c, a header and the session cookie
 *   POST /body       a JSON body, with a required "name"
 *   GET  /private    needs sign-in (so only the guard answers)
 * Properties checked besides "no crash":
 *  - a path parameter never holds '/' or is a dot segment, and holds no NUL;
 *  - a query date read is a date, a query number read is in its range;
 *  - the answer starts with a well-formed status line, and is never a 500;
 *  - no connection outlives its client. */
#define api_routes fuzz_routes
#define api_route_count fuzz_route_count
#include "http/server.c"
#undef api_routes
#undef api_route_count

#include <ctype.h>
#include <fcntl.h>
#include <sys/socket.h>

#include "api/input.h"
#include "auth/session.h"
#include "fuzz.h"
#include "scratch_web_root.h"

/* ---- the stand-in API ------------------------------------------------- */

static void check_parameter(const char *value)
{
    FUZZ_CHECK(value != NULL && value[0] != '\0', "missing path parameter");
    FUZZ_CHECK(strchr(value, '/') == NULL, "path parameter holds a slash");
    FUZZ_CHECK(strcmp(value, ".") != 0 && strcmp(value, "..") != 0, "path parameter is a dot segment");
}

static void check_query_readers(struct request *req)
{
    const char *date = NULL;
    if (input_query_date(req, "from", &date) && date != NULL) {
        int year, month, day;
        FUZZ_CHECK(strlen(date) == 10 && sscanf(date, "%4d-%2d-%2d", &year, &month, &day) == 3 &&
                       month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1900,
                   "query date accepted that is not a date");
    }
    int number = -1;
    if (req->status == 0 && input_query_int(req, "n", 3, 30, &number))
        FUZZ_CHECK(number == -1 || (number >= 3 && number <= 30), "query number out of range");
    int limit = 0;
    if (req->status == 0 && input_limit(req, &limit))
        FUZZ_CHECK(limit >= 1 && limit <= 100, "limit out of range");
}

static void echo(struct request *req)
{
    check_parameter(request_param(req, "id"));
    check_query_readers(req);
    if (req->status != 0)
        return;
    const char *cookie = MHD_lookup_connection_value(req->connection, MHD_COOKIE_KIND, SESSION_COOKIE);
    const char *header = request_header(req, "X-Test");
    respond_json(req, 200, json_pack("{s:s,s:s?,s:s?,s:s?}", "id", request_param(req, "id"), "q",
                                     request_query(req, "q"), "cookie", cookie, "header", header));
}

static void body(struct request *req)
{
    FUZZ_CHECK(json_is_object(req->json), "handler reached without a JSON object");
    const char *name = input_required_string(req, "name", 64);
    if (name != NULL)
        respond_json(req, 201, json_pack("{s:s}", "name", name));
}

static void private_page(struct request *req)
{
    respond_no_content(req);
}

const struct route fuzz_routes[] = {
    {"GET", "/api/echo/{id}", echo, ROUTE_PUBLIC},
    {"POST", "/api/body", body, ROUTE_PUBLIC | ROUTE_JSON_BODY},
    {"GET", "/api/private", private_page, 0},
    {"POST", "/api/private", private_page, ROUTE_JSON_BODY},
};
const size_t fuzz_route_count = sizeof fuzz_routes / sizeof fuzz_routes[0];

/* ---- one server, driven by hand --------------------------------------- */

static struct server fuzz_server;
static struct MHD_Daemon *fuzz_daemon;
static char database_folder[] = "/tmp/cshub-fuzz-db-XXXXXX";

static void remove_database(void)
{
    store_close(fuzz_server.store);
    char command[sizeof database_folder + 16];
    snprintf(command, sizeof command, "rm -rf '%s'", database_folder);
    if (system(command) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", database_folder);
}

static void open_database(void)
{
    FUZZ_CHECK(mkdtemp(database_folder) != NULL, "cannot make a scratch folder");
    char path[sizeof database_folder + 16], error[160];
    snprintf(path, sizeof path, "%s/fuzz.db", database_folder);
    fuzz_server.store = store_open(path, 1, error, sizeof error);
    FUZZ_CHECK(fuzz_server.store != NULL, "cannot open the scratch database");
    int applied = 0;
    FUZZ_CHECK(store_migrate(fuzz_server.store, &applied) == STORE_OK, "cannot migrate the scratch database");
    atexit(remove_database);
}

/* start_daemon()'s options, without the thread pool: MHD_run() here does the work. */
static void start_server(void)
{
    signal(SIGPIPE, SIG_IGN);
    fuzz_server.options = (struct server_options){.listen = "fuzz", .web_root = scratch_web_root(), .threads = 1,
                                                  .max_body = 2048, .session_idle_seconds = 1800,
                                                  .session_lifetime_seconds = 43200, .trust_proxy = true};
    snprintf(fuzz_server.web_root_real, sizeof fuzz_server.web_root_real, "%s", scratch_web_root());
    fuzz_server.routes = fuzz_routes;
    fuzz_server.route_count = fuzz_route_count;
    open_database();
    fuzz_daemon = MHD_start_daemon(
        MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, &fuzz_server,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_UNESCAPE_CALLBACK, unescape_url, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, &fuzz_server, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_END);
    FUZZ_CHECK(fuzz_daemon != NULL, "cannot start libmicrohttpd");
}

static unsigned open_connections(void)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(fuzz_daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info != NULL ? info->num_connections : 0;
}

/* Hands the server end of a socket pair to libmicrohttpd as a client from 127.0.0.1. */
static int connect_client(void)
{
    int pair[2];
    FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) == 0, "socketpair");
    struct sockaddr_in from = {.sin_family = AF_INET, .sin_port = htons(40000)};
    from.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    FUZZ_CHECK(MHD_add_connection(fuzz_daemon, pair[1], (const struct sockaddr *)&from, sizeof from) == MHD_YES,
               "MHD_add_connection");
    return pair[0];
}

/* Sends the request, says no more is coming, and collects the answer
 * until the server closes the connection (or stops making progress). */
static size_t exchange(int client, const uint8_t *data, size_t size, char *answer, size_t answer_size)
{
    size_t sent = 0, received = 0;
    int idle = 0;
    while (idle < 50) {
        if (sent < size) {
            ssize_t n = send(client, data + sent, size - sent, MSG_NOSIGNAL);
            if (n > 0)
                sent += (size_t)n;
            if (sent == size)
                shutdown(client, SHUT_WR);
        }
        MHD_run(fuzz_daemon);
        ssize_t got = recv(client, answer + received, answer_size - 1 - received, 0);
        if (got == 0 || (got < 0 && errno != EAGAIN) || received + 1 >= answer_size)
            break;
        if (got > 0)
            received += (size_t)got;
        idle = got > 0 ? 0 : idle + 1;
    }
    answer[received] = '\0';
    return received;
}

/* The first answer begins with "HTTP/1.x NNN " and is not a 500 (later
 * answers to pipelined requests are not looked at: a body may echo text). */
static void check_answer(const char *answer, size_t length)
{
    if (length == 0)
        return;
    FUZZ_CHECK(strncmp(answer, "HTTP/1.", 7) == 0 && length >= 13 && isdigit((unsigned char)answer[9]) &&
                   isdigit((unsigned char)answer[10]) && isdigit((unsigned char)answer[11]) && answer[12] == ' ',
               "malformed status line");
    FUZZ_CHECK(strncmp(answer + 9, "500", 3) != 0, "the server answered 500");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_daemon == NULL)
        start_server();
    if (size > 16384)
        return 0;
    int client = connect_client();
    static char answer[256 * 1024];
    size_t length = exchange(client, data, size, answer, sizeof answer);
    close(client);
    for (int i = 0; i < 100 && open_connections() > 0; i++)
        MHD_run(fuzz_daemon);
    FUZZ_CHECK(open_connections() == 0, "a connection outlived its client");
    check_answer(answer, length);
    return 0;
}
